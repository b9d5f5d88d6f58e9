"""The lean position log on SQLite and PostgreSQL: one log by seq, exact events, keys, migration, size."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from console.domain import events as ev
from console.domain.events import Event
from console.domain.state import State, apply
from console.store import Store, migrate
from console.store import tables as t
from tests.integration.test_store import ACCOUNTS, WORKERS, make_district

T0 = 1_763_800_000_000


@pytest.fixture
def seeded(db_url):
    store = Store(db_url)
    store.upgrade()
    store.seed(make_district(), WORKERS, ACCOUNTS)
    yield store
    store.dispose()


def fix(seq: int, worker: str = "w1", actor: str = "fieldsim", **extra) -> Event:
    data = {"worker": worker, "lng": 120.6201234, "lat": 31.3101234, "at": T0 + seq - 500, "speed": 1.25,
            "heading": 90.5, **extra}
    return Event(seq, T0 + seq, ev.POSITION_REPORTED, actor, data)


def duty(seq: int, worker: str = "w1") -> Event:
    return Event(seq, T0 + seq, ev.DUTY_SET, "disp", {"worker": worker, "on": True})


def commit(store: Store, state: State, batch: list[tuple[Event, str | None]]) -> None:
    for e, _ in batch:
        apply(state, e)
    store.commit(batch, state)


def test_positions_leave_the_events_table_but_the_log_reads_as_one(seeded):
    state = seeded.load_state()
    odd = fix(4, "w2", "w2", lng=120.6 + 1 / 1000, heading=90, accuracy=5)  # kept exactly, via the extra column
    batch = [(duty(1), "k1"), (fix(2), "p2"), (fix(3, "w2"), None), (odd, "p4"), (duty(5, "w2"), None),
             (fix(6), "p6")]
    commit(seeded, state, batch)
    with seeded.engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(t.events)) == 2
        assert conn.scalar(sa.select(sa.func.count()).select_from(t.position_log)) == 4
        assert conn.scalar(sa.select(sa.func.count()).select_from(t.position_sources)) == 3
    other = Store(seeded.url)  # a second process-like reader: knows no source numbers yet
    try:
        assert [e.to_wire() for e in other.events_after(0)] == [e.to_wire() for e, _ in batch]
        assert [e.seq for e in other.events_after(1, limit=2)] == [2, 3]
        assert [e.seq for e in other.events_after(4, limit=2)] == [5, 6]
        assert other.events_after(6) == []
        assert other.head() == 6 and other.load_state().positions == state.positions
    finally:
        other.dispose()


def test_find_committed_finds_position_keys_of_the_right_account_only(seeded):
    state = seeded.load_state()
    commit(seeded, state, [(fix(1), "same"), (duty(2), "k-duty"), (fix(3, "w2", "w2"), "mine")])
    found = seeded.find_committed([("fieldsim", "same"), ("disp", "k-duty"), ("w2", "mine"), ("w2", "same"),
                                   ("fieldsim", "mine"), ("fieldsim", "nope")])
    assert found == {("fieldsim", "same"): 1, ("disp", "k-duty"): 2, ("w2", "mine"): 3}


def test_a_repeated_position_key_rolls_back_the_whole_batch(seeded):
    state = seeded.load_state()
    commit(seeded, state, [(fix(1), "same")])
    retry = [(duty(2), "fresh"), (fix(3, "w2"), "same")]
    for e, _ in retry:
        apply(state, e)
    with pytest.raises(IntegrityError):
        seeded.commit(retry, state)
    assert seeded.head() == 1 and seeded.find_committed([("disp", "fresh")]) == {}
    # the source numbered inside the failed transaction is not remembered
    commit(seeded, seeded.load_state(), [(fix(2, "w2"), "again")])
    assert [e.data["worker"] for e in seeded.events_after(0)] == ["w1", "w2"]


def test_migration_moves_old_position_rows_out_of_events(db_url):
    store = Store(db_url)
    try:
        with store.engine.begin() as conn:
            migrate.upgrade(store.url, conn, "0003")
        old = [(duty(1), "k1"), (fix(2), "p2"), (fix(3, "w2", lng=120.6 + 1 / 1000), None), (fix(4), "p4")]
        with store.engine.begin() as conn:
            conn.execute(sa.insert(t.events), [
                {"seq": e.seq, "at": e.at, "type": e.type, "actor": e.actor, "idem_key": k,
                 "data": json.dumps(e.data)} for e, k in old])
        store.upgrade()
        assert [e.to_wire() for e in store.events_after(0)] == [e.to_wire() for e, _ in old]
        assert store.find_committed([("fieldsim", "p2"), ("fieldsim", "p4"), ("disp", "k1")]) == {
            ("fieldsim", "p2"): 2, ("fieldsim", "p4"): 4, ("disp", "k1"): 1}
        with store.engine.connect() as conn:
            types = conn.scalars(sa.select(t.events.c.type)).all()
        assert types == [ev.DUTY_SET]
    finally:
        store.dispose()


def test_a_position_costs_under_100_bytes_on_sqlite(seeded):
    if seeded.dialect != "sqlite":
        pytest.skip("page accounting (dbstat) is SQLite's")
    state = seeded.load_state()
    n = 20_000
    batch = [(fix(i, f"w{i % 2 + 1}", lng=round(120.62 + i * 1e-6, 7)), f"{i:032x}") for i in range(1, n + 1)]
    commit(seeded, state, batch)
    with seeded.engine.connect() as conn:
        size = conn.exec_driver_sql("SELECT SUM(pgsize) FROM dbstat WHERE name IN "
                                    "('position_log', 'ix_position_log_src_at', 'ux_position_log_key_hash')").scalar()
        extra = conn.scalar(sa.select(sa.func.count()).where(t.position_log.c.extra.is_not(None)))
    assert extra == 0
    assert size / n < 100, f"{size / n:.1f} bytes per position"
