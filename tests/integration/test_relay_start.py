"""The relay refuses a database it must not serve, with one line and its own exit code; an older one is upgraded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.command import downgrade
from sqlalchemy import text

from console.store import migrate
from console.store.integrity import (
    EXIT_CORRUPT,
    EXIT_EMPTY,
    DatabaseEmpty,
    DatabaseNewer,
    current_revision,
    head_revision,
    prepare_for_relay,
)
from console.store.store import Store


def start_relay(db_url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console", "relay", "--db", db_url, "--port", "0"],
                          capture_output=True, text=True, timeout=60)


def assert_refused(proc: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # a file-level check
def test_corrupt_db_refused_scribbled_page_and_empty_file(seeded_db, tmp_path):
    db_url, _ = seeded_db
    path = Path(db_url.removeprefix("sqlite:///"))
    size = path.stat().st_size
    assert size > 64 * 4096, "a seeded database has pages to scribble on"
    page = int.from_bytes(path.read_bytes()[16:18], "big")
    with path.open("r+b") as f:  # scribble over the headers of pages in the middle third (some hold tables)
        for number in range(size // page // 3, 2 * size // page // 3, 5):
            f.seek(number * page)
            f.write(b"\xde\xad\xbe\xef" * 25)
    assert_refused(start_relay(db_url), EXIT_CORRUPT, "数据库已损坏")

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert_refused(start_relay(f"sqlite:///{empty}"), EXIT_EMPTY, "jingwang db upgrade / db seed")
    assert empty.stat().st_size == 0, "the relay created no schema"
    missing = tmp_path / "missing.db"
    assert_refused(start_relay(f"sqlite:///{missing}"), EXIT_EMPTY, "数据库为空或未初始化")
    assert not missing.exists()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # a file-level check
def test_a_corrupt_history_table_stops_the_relay_once_it_serves(seeded_db):
    """Years of log are quick-checked after READY (a full read would hold up the start): still refused, exit 4."""
    import os
    import sqlite3

    db_url, _ = seeded_db
    path = Path(db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT INTO replay_checkpoints (seq, at, format, events, body) VALUES (?, ?, 0, 0, ?)",
                         [(k, k, os.urandom(600)) for k in range(1, 400)])
        leaves = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'replay_checkpoints' "
                                             "AND pagetype = 'leaf'")]
    conn.close()
    assert len(leaves) > 20
    page = int.from_bytes(path.read_bytes()[16:18], "big")
    with path.open("r+b") as f:
        for number in leaves[1:-1:3]:
            f.seek((number - 1) * page)
            f.write(b"\xde\xad\xbe\xef" * 25)
    proc = start_relay(db_url)
    assert proc.stdout.startswith("READY "), proc.stderr
    assert proc.returncode == EXIT_CORRUPT and "数据库已损坏" in proc.stderr.strip().splitlines()[-1]


def test_unmigrated_or_unseeded_db_refused(db_url):
    store = Store(db_url)
    try:
        if store.dialect == "sqlite":
            with store.engine.begin() as conn:  # a SQLite file, but not ours
                conn.execute(text("CREATE TABLE notes (body TEXT)"))
        with pytest.raises(DatabaseEmpty, match="未初始化"):
            prepare_for_relay(store)
        store.upgrade()
        with pytest.raises(DatabaseEmpty, match="没有任何账户"):
            prepare_for_relay(store)
    finally:
        store.dispose()


def test_older_db_upgraded_at_start_newer_refused(seeded_db):
    db_url, _ = seeded_db
    store = Store(db_url)
    try:
        with store.engine.begin() as conn:
            downgrade(migrate.config(store.url, conn), "0005")
        prepare_for_relay(store)
        with store.engine.begin() as conn:
            assert current_revision(conn) == head_revision(store.url)
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with pytest.raises(DatabaseNewer, match="9999"):
            prepare_for_relay(store)
    finally:
        store.dispose()
