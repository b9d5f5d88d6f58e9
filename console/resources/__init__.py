"""Data files shipped inside the package: ``data/`` (JSON tables), ``sounds/`` (alert tones), ``styles/`` (QSS).

Found through :mod:`importlib.resources`, so they are there in a source checkout, a wheel install and the
frozen (PyInstaller) bundle alike.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The file or folder ``parts`` below ``console/resources`` as a file-system path (Qt and ``open`` need one)."""
    return Path(str(files(__name__).joinpath(*parts)))
