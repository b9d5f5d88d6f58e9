"""``jingwang db backup`` / ``db restore`` on SQLite and PostgreSQL: round trip, online backup, refusals."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from uuid import uuid4

import pytest
from alembic.command import downgrade
from sqlalchemy import func, inspect, select, text

from console import cli
from console.domain import events as ev
from console.store import migrate
from console.store import tables as t
from console.store.integrity import current_revision, head_revision
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay

REPORT = {"category": "200200", "lng": 120.62, "lat": 31.31}


@pytest.fixture
def other_db(db_url, tmp_path, request):
    """A second, empty database of the same kind as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    import psycopg

    admin = request.getfixturevalue("pg_url").replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
    name = f"t_other_{uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield db_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def report_incidents(db_url: str, count: int) -> None:
    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d01:
            for _ in range(count):
                await d01.cmd("incident.report", **REPORT)

    run(scenario())


def log_of(db_url: str) -> tuple[list[tuple], int, str | None]:
    """(seq, type, data) of every event, the head seq and the migration revision."""
    store = Store(db_url)
    try:
        with store.engine.connect() as conn:
            revision = current_revision(conn)
        return [(e.seq, e.type, e.data) for e in store.events_after(0, 10_000)], store.head(), revision
    finally:
        store.dispose()


def test_backup_restore_round_trip(seeded_db, other_db, tmp_path, capsys):
    db_url, _ = seeded_db
    report_incidents(db_url, 3)
    backup = tmp_path / "station.backup"
    assert cli.main(["db", "backup", str(backup), "--db", db_url]) == 0
    saved, head, _ = log_of(db_url)
    assert head >= 3 and [s for s, *_ in saved] == list(range(1, head + 1))

    assert cli.main(["db", "restore", str(backup), "--db", other_db]) == 0, "an empty database needs no --force"
    assert log_of(other_db) == (saved, head, head_revision(db_url))

    report_incidents(db_url, 2)
    capsys.readouterr()
    assert cli.main(["db", "restore", str(backup), "--db", db_url]) == 2
    assert "--force" in capsys.readouterr().err
    assert log_of(db_url)[1] > head, "refused: nothing changed"
    assert cli.main(["db", "restore", str(backup), "--db", db_url, "--force"]) == 0
    assert log_of(db_url) == (saved, head, head_revision(db_url))
    report_incidents(db_url, 1)  # a relay serves the restored database and continues its log
    assert log_of(db_url)[1] == head + 1


def test_restore_of_an_older_backup_ends_at_head(seeded_db, tmp_path):
    db_url, _ = seeded_db
    store = Store(db_url)
    with store.engine.begin() as conn:
        downgrade(migrate.config(store.url, conn), "0003")  # before the replay tables
    store.dispose()
    backup = tmp_path / "old.backup"
    assert cli.main(["db", "backup", str(backup), "--db", db_url]) == 0
    store = Store(db_url)
    store.upgrade()  # the database moves on; the backup stays at 0003
    store.dispose()
    assert cli.main(["db", "restore", str(backup), "--db", db_url, "--force"]) == 0
    assert log_of(db_url)[2] == head_revision(db_url)


def test_restore_refused_while_relay_runs(seeded_db, tmp_path, capsys):
    db_url, _ = seeded_db
    backup = tmp_path / "station.backup"
    assert cli.main(["db", "backup", str(backup), "--db", db_url]) == 0

    async def scenario():
        async with running_relay(db_url):
            return await asyncio.to_thread(cli.main, ["db", "restore", str(backup), "--db", db_url, "--force"])

    assert run(scenario()) == 2
    assert "请先停止中继" in capsys.readouterr().err


def test_restore_refuses_a_backup_from_a_newer_program(seeded_db, other_db, tmp_path, capsys):
    db_url, _ = seeded_db
    store = Store(db_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.dispose()
    backup = tmp_path / "newer.backup"
    assert cli.main(["db", "backup", str(backup), "--db", db_url]) == 0
    assert cli.main(["db", "restore", str(backup), "--db", other_db]) == 2
    assert "请先升级程序" in capsys.readouterr().err
    store = Store(other_db)
    try:
        assert inspect(store.engine).get_table_names() == [], "nothing restored"
    finally:
        store.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(db_url, tmp_path, capsys):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup\n")
    assert cli.main(["db", "restore", str(junk), "--db", db_url]) == 2
    assert cli.main(["db", "restore", str(tmp_path / "missing"), "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert "不是有效的" in err and "备份文件不存在" in err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_sqlite_backup_while_relay_runs_is_consistent(seeded_db, tmp_path):
    db_url, _ = seeded_db
    backup = tmp_path / "live.backup"

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d01:
            for _ in range(20):  # some committed before the backup starts
                await d01.cmd("incident.report", **REPORT)
            stop = asyncio.Event()

            async def keep_writing() -> int:
                sent = 0
                while not stop.is_set():
                    await d01.cmd("incident.report", **REPORT)
                    sent += 1
                return sent

            writing = asyncio.create_task(keep_writing())
            code = await asyncio.to_thread(cli.main, ["db", "backup", str(backup), "--db", db_url])
            stop.set()
            await writing
            await d01.cmd("incident.report", **REPORT)  # at least one after the backup
            return code

    assert run(scenario()) == 0
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert not Path(f"{backup}-wal").exists(), "the backup is one self-contained file"
    saved, head, _ = log_of(f"sqlite:///{backup}")
    assert [s for s, *_ in saved] == list(range(1, head + 1)), "no gap, no torn batch"
    assert 20 <= head < log_of(db_url)[1]
    reported = {data["incident"] for _, kind, data in saved if kind == ev.INCIDENT_REPORTED}
    store = Store(f"sqlite:///{backup}")
    try:
        with store.engine.connect() as conn:
            projected = conn.scalar(select(func.count()).select_from(t.incidents))
        assert projected == len(reported), "projections match the log at the same instant"
    finally:
        store.dispose()
