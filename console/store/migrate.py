"""Run the Alembic migrations programmatically, from any working directory."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

MIGRATIONS = Path(str(files("console").joinpath("migrations")))  # shipped inside the package


def config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic config for ``url`` pointing at the package's ``console/migrations/`` folder.

    When ``connection`` is given, env.py runs the migrations on it (inside its transaction).
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str, connection: Connection | None = None, revision: str = "head") -> None:
    """``alembic upgrade head`` on ``url`` (or on an open ``connection`` to it)."""
    command.upgrade(config(url, connection), revision)
