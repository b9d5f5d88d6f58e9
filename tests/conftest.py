"""Shared fixtures: a fresh database per test on SQLite and on a throwaway PostgreSQL cluster."""

from __future__ import annotations

import itertools
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_url():
    """URL of the ``jingwang`` database in a PostgreSQL cluster started for this session."""
    if os.environ.get("JINGWANG_SKIP_PG") == "1":
        pytest.skip("JINGWANG_SKIP_PG=1")
    from tests.integration.pg import PgCluster

    with PgCluster() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """An empty database: a SQLite file in tmp_path, or a new database in the session cluster."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    import psycopg

    base = request.getfixturevalue("pg_url")
    admin = base.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
    name = f"t_{next(_db_numbers)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def shots(tmp_path):
    """Where a test's screenshots go (360×800 pages and the like): set JINGWANG_SCREENSHOTS to keep them."""
    from pathlib import Path

    folder = Path(os.environ.get("JINGWANG_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def demo_roster():
    """A small generated district with its demo accounts (passwords hashed once per session)."""
    from console.field.district import generate_district
    from console.services.demo_seed import demo_accounts

    demo = generate_district(seed=3, workers=24)
    return demo, demo_accounts(demo)


@pytest.fixture
def seeded_db(db_url, demo_roster):
    """``db_url`` migrated and seeded with the small demo district; yields (url, demo)."""
    from console.store.store import Store

    demo, accounts = demo_roster
    store = Store(db_url)
    store.upgrade()
    store.seed(demo.district, demo.workers, accounts)
    store.dispose()
    return db_url, demo


@pytest.fixture
def throwaway_operation(monkeypatch):
    """``drill.ping`` (tests/catalogue_throwaway.py) in the operation catalogue for one test, removed afterwards."""
    from console.domain import events as ev
    from console.domain.catalogue import OPERATIONS
    from tests.catalogue_throwaway import DRILL_PINGED, THROWAWAY, DrillPinged

    assert THROWAWAY.name not in OPERATIONS
    monkeypatch.setitem(OPERATIONS, THROWAWAY.name, THROWAWAY)
    ev.register_payload(DRILL_PINGED, DrillPinged)
    yield THROWAWAY
    ev.unregister_payload(DRILL_PINGED)
