"""SQLite WAL checkpoints off the writer's path (console.store.checkpoint): the relay's commits never copy the
log into the database file and sync it; a thread of its own does, and the data is all there."""

from __future__ import annotations

import os
import sqlite3

import pytest

from console.store import Store
from tests.integration.harness import run, running_relay
from tests.integration.test_store import ACCOUNTS, WORKERS, make_district, position
from tests.integration.test_store import run as fold

AUTO_PAGES = 1000  # SQLite's default wal_autocheckpoint
BATCHES = 700  # commits that write well over 2 × AUTO_PAGES pages


@pytest.fixture
def sqlite_store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'wal.db'}")
    store.upgrade()
    store.seed(make_district(), WORKERS, ACCOUNTS)
    yield store
    store.dispose()


def _commit_positions(store: Store, batches: int) -> int:
    """Commit ``batches`` batches of one position each (as the relay does when it is quiet); the size of the
    write-ahead log in pages afterwards."""
    state, wal = store.load_state(), store.engine.url.database + "-wal"
    with store.engine.connect() as conn:
        page_size = conn.exec_driver_sql("PRAGMA page_size").scalar()
    for seq in range(state.seq + 1, state.seq + batches + 1):
        store.commit(fold(state, [position(seq, f"w{seq % 2 + 1}", 120.62 + seq * 1e-6, 31.31, f"k{seq}")]), state)
    return os.path.getsize(wal) // page_size


def test_a_store_that_is_not_the_relay_checkpoints_as_sqlite_does(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == AUTO_PAGES
    assert sqlite_store.checkpointer is None
    assert _commit_positions(sqlite_store, BATCHES) < AUTO_PAGES + 50  # a commit checkpointed it: reused from the start


def test_the_writer_never_checkpoints_its_thread_does_and_nothing_is_lost(sqlite_store):
    keeper = sqlite3.connect(sqlite_store.engine.url.database)  # the last connection to close checkpoints: not yet
    keeper.execute("SELECT count(*) FROM meta").fetchone()  # (once it has read, it counts as open)
    sqlite_store.acquire_writer_lock()
    sqlite_store.checkpoint_in_background(interval_s=3600)  # not before this test asks
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    assert _commit_positions(sqlite_store, BATCHES) > 2 * AUTO_PAGES  # no commit copied the log back
    head = sqlite_store.head()
    checkpointer = sqlite_store.checkpointer
    sqlite_store.release_writer_lock()
    assert not checkpointer.running and sqlite_store.checkpointer is None

    sqlite_store.acquire_writer_lock()
    sqlite_store.checkpoint_in_background(interval_s=0.01)
    checkpointer = sqlite_store.checkpointer
    assert checkpointer.wait_for_run(0, 10)
    busy, frames, copied = checkpointer.last
    assert busy == 0 and frames > AUTO_PAGES and copied == frames  # all of it, while the store stays open
    database = sqlite3.connect(f"file:{sqlite_store.engine.url.database}?mode=ro", uri=True)
    try:  # what the database file holds, the log aside
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert database.execute("SELECT max(seq) FROM position_log").fetchone()[0] == head
    finally:
        database.close()
        keeper.close()
    sqlite_store.dispose()
    assert not checkpointer.running


def test_the_relay_checkpoints_in_background_while_it_writes(tmp_path):
    url = f"sqlite:///{tmp_path / 'relay.db'}"
    store = Store(url)
    store.upgrade()
    store.seed(make_district(), WORKERS, ACCOUNTS)
    store.dispose()

    async def scenario():
        async with running_relay(url) as relay:
            checkpointer = relay.store.checkpointer
            assert checkpointer is not None and checkpointer.running
            with relay.store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        return checkpointer

    assert not run(scenario()).running  # stopped with the relay
