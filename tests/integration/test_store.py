"""Store on SQLite and PostgreSQL: migrations, seed, commit/reload, idempotency keys, paging, writer lock."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from console.domain import events as ev
from console.domain.events import Event
from console.domain.places import Address, Community, District, Grid, PoliceGrid, Station, Street
from console.domain.state import State, apply
from console.domain.workers import Worker, WorkerKind
from console.store import AccountRow, Store, StoreLocked, migrate
from console.store import tables as t

C1, C2 = "320508019044", "320508019045"
T0 = 1_763_800_000_000


def square(x: float, y: float) -> tuple[tuple[float, float], ...]:
    return ((x, y), (x + 0.01, y), (x + 0.01, y + 0.01), (x, y + 0.01))


def make_district() -> District:
    return District(
        name="平江街道",
        township_code="320508019",
        stations=[Station("320508530000", "平江派出所")],
        communities=[Community(C1, "大儒社区"), Community(C2, "钮家巷社区")],
        grids=[
            Grid(C1 + "001", "大儒一网格", C1, square(120.62, 31.31)),
            Grid(C1 + "002", "大儒二网格", C1, square(120.63, 31.31)),
            Grid(C2 + "001", "钮家巷一网格", C2, square(120.62, 31.32)),
        ],
        police_grids=[
            PoliceGrid("32050853000001", "平江一警格", "320508530000", (C1 + "001", C1 + "002"),
                       ((120.62, 31.31), (120.64, 31.31), (120.64, 31.32), (120.62, 31.32))),
        ],
        streets=[Street("平江路", ((120.625, 31.31), (120.625, 31.33)))],
        addresses=[
            Address("3205080190440001", "平江路1号", "平江路", "1号", 120.6251, 31.3102, C1 + "001",
                    "32050853000001", "320508530000", compound="大儒苑", building="3幢"),
        ],
    )


WORKERS = [
    Worker("w1", "张敏", WorkerKind.GRID_WORKER, C1 + "001", "13800000001"),
    Worker("w2", "李强", WorkerKind.OFFICER, C1 + "002"),
]
ACCOUNTS = [
    ("disp", "scrypt$16384$8$1$c2FsdA==$aGFzaA==", "dispatcher", None, "调度员王"),
    ("w1", "scrypt$16384$8$1$c2FsdDI=$aGFzaDI=", "grid_worker", "w1", "张敏"),
]


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    s.upgrade()
    yield s
    s.dispose()


@pytest.fixture
def seeded(store):
    store.seed(make_district(), WORKERS, ACCOUNTS)
    return store


Item = tuple[Event, str | None]


def position(seq: int, worker: str, lng: float, lat: float, key: str | None = None) -> Item:
    data = {"worker": worker, "lng": lng, "lat": lat, "at": T0 + seq, "speed": 1.5, "heading": 90.0}
    return Event(seq, T0 + seq, ev.POSITION_REPORTED, "gateway", data), key


def run(state: State, batch: list[Item]) -> list[Item]:
    """Apply ``batch`` to ``state`` (as the relay does before committing) and return it."""
    for e, _ in batch:
        apply(state, e)
    return batch


def story(start: int) -> list[Item]:
    """Duty, positions (w1 twice), an incident reported then accepted, w2 on then off duty."""
    s = start
    reported = {
        "incident": "JQ0001", "category": "200200", "priority": 2, "source": "110", "lng": 120.6252,
        "lat": 31.3105, "grid": C1 + "001", "address": "平江路1号", "narrative": "邻里噪音纠纷，双方争吵",
        "caller": "13900000000",
    }
    return [
        (Event(s + 1, T0, ev.DUTY_SET, "w1", {"worker": "w1", "on": True}), "k-duty"),
        (Event(s + 2, T0, ev.DUTY_SET, "disp", {"worker": "w2", "on": True}), None),
        position(s + 3, "w1", 120.6201, 31.3101, "k-pos-1"),
        position(s + 4, "w2", 120.6301, 31.3111),
        position(s + 5, "w1", 120.6209, 31.3109, "k-pos-2"),
        (Event(s + 6, T0 + 6, ev.INCIDENT_REPORTED, "disp", reported), "k-report"),
        (Event(s + 7, T0 + 7, ev.INCIDENT_ACCEPTED, "disp", {"incident": "JQ0001", "note": "受理"}), "k-acc"),
        (Event(s + 8, T0 + 8, ev.DUTY_SET, "disp", {"worker": "w2", "on": False}), None),
    ]


def assert_same_state(a: State, b: State) -> None:
    assert b.seq == a.seq
    assert b.district == a.district
    assert b.workers == a.workers
    assert b.positions == a.positions
    assert b.on_duty == a.on_duty
    assert sorted(b.incidents) == sorted(a.incidents)
    assert all(b.incidents[k].to_dict() == a.incidents[k].to_dict() for k in a.incidents)
    assert b.busy == a.busy


def _head_revision() -> str:
    return ScriptDirectory.from_config(migrate.config("sqlite://")).get_current_head()


def test_upgrade_creates_the_schema_and_is_idempotent(store):
    names = set(inspect(store.engine).get_table_names())
    assert names == set(t.metadata.tables) | {"alembic_version"}
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
    store.seed(make_district(), WORKERS, ACCOUNTS)
    store.upgrade()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [_head_revision()]
    assert store.is_seeded()


def test_seed_and_load_state_round_trip(store):
    assert not store.is_seeded()
    store.seed(make_district(), WORKERS, ACCOUNTS)
    assert store.is_seeded()
    fresh = Store(store.url)
    try:
        state = fresh.load_state()
    finally:
        fresh.dispose()
    assert state.district == make_district()
    assert state.workers == {w.id: w for w in WORKERS}
    assert state.seq == 0 and not state.positions and not state.on_duty and not state.incidents
    assert store.account("w1") == AccountRow("w1", ACCOUNTS[1][1], "grid_worker", "w1", "张敏")
    assert store.account("disp") == AccountRow("disp", ACCOUNTS[0][1], "dispatcher", None, "调度员王")
    assert store.account("nobody") is None


def test_seed_replaces_reference_data_only(seeded):
    state = seeded.load_state()
    seeded.commit(run(state, story(0)[:3]), state)
    smaller = make_district()
    smaller.grids = smaller.grids[:1]
    seeded.seed(smaller, WORKERS[:1], ACCOUNTS[:1])
    after = seeded.load_state()
    assert after.district == smaller
    assert list(after.workers) == ["w1"]
    assert seeded.account("w1") is None
    assert after.seq == 3 and after.positions == state.positions and after.on_duty == {"w1", "w2"}


def test_commit_persists_events_and_projections(seeded):
    state = seeded.load_state()
    first = run(state, story(0))
    seeded.commit(first, state)
    second = run(state, [
        position(9, "w1", 120.6210, 31.3110),
        (Event(10, T0 + 10, ev.INCIDENT_DISPATCHED, "disp", {"incident": "JQ0001", "worker": "w1"}), "k-d"),
    ])
    seeded.commit(second, state)
    assert state.incidents["JQ0001"].status == "dispatched" and state.busy == {"w1": {"JQ0001"}}

    other = Store(seeded.url)
    try:
        loaded = other.load_state()
        assert_same_state(state, loaded)
        assert loaded.positions["w1"].lng == 120.6210  # last fix wins inside and across batches
        assert loaded.on_duty == {"w1"}
        assert [e.to_wire() for e in other.events_after(0)] == [e.to_wire() for e, _ in first + second]
        assert other.head() == 10
    finally:
        other.dispose()
    with seeded.engine.connect() as conn:
        row = conn.execute(select(t.incidents).where(t.incidents.c.id == "JQ0001")).one()
        assert (row.status, row.worker_id, row.version, row.category) == ("dispatched", "w1", 10, "200200")
        pos, duty = t.worker_positions.c, t.worker_duty.c
        assert conn.execute(select(pos.seq).where(pos.worker_id == "w1")).scalar() == 9
        assert conn.execute(select(duty.on_duty).where(duty.worker_id == "w2")).scalar() is False


def test_find_committed_across_chunks(seeded):
    state = seeded.load_state()
    batch = run(state, [position(i, f"w{i % 2 + 1}", 120.62, 31.31, f"key-{i}") for i in range(1, 1201)])
    seeded.commit(batch, state)
    asked = [("gateway", f"key-{i}") for i in range(1, 1301)] + [("disp", "key-5")]
    found = seeded.find_committed(asked)
    assert found == {("gateway", f"key-{i}"): i for i in range(1, 1201)}
    assert seeded.find_committed([]) == {}


def test_duplicate_idempotency_key_rolls_back_the_whole_batch(seeded):
    state = seeded.load_state()
    seeded.commit(run(state, [position(1, "w1", 120.62, 31.31, "same")]), state)
    before = seeded.load_state()
    dup = run(state, [position(2, "w2", 120.63, 31.32, "fresh"), position(3, "w1", 120.64, 31.33, "same")])
    with pytest.raises(IntegrityError):
        seeded.commit(dup, state)
    assert seeded.head() == 1
    assert seeded.find_committed([("gateway", "fresh"), ("gateway", "same")]) == {("gateway", "same"): 1}
    assert_same_state(before, seeded.load_state())
    # Events without a key never collide with each other.
    state = seeded.load_state()
    seeded.commit(run(state, [position(2, "w1", 1.0, 2.0), position(3, "w1", 3.0, 4.0)]), state)
    assert seeded.head() == 3


def test_events_after_pages_in_seq_order(seeded):
    state = seeded.load_state()
    batch = [position(i, "w1", 120.6 + i / 1000, 31.3) for i in range(25, 0, -1)]  # inserted out of order
    run(state, sorted(batch, key=lambda b: b[0].seq))
    seeded.commit(batch, state)
    pages, last = [], 0
    while page := seeded.events_after(last, limit=10):
        pages.append([e.seq for e in page])
        last = page[-1].seq
    assert pages == [list(range(1, 11)), list(range(11, 21)), list(range(21, 26))]
    assert seeded.events_after(24) == [batch[0][0]]


def test_writer_lock_excludes_a_second_store(store):
    other = Store(store.url)
    try:
        store.acquire_writer_lock()
        store.acquire_writer_lock()  # idempotent for the holder
        with pytest.raises(StoreLocked, match="another relay"):
            other.acquire_writer_lock()
        store.release_writer_lock()
        other.acquire_writer_lock()
        with pytest.raises(StoreLocked):
            store.acquire_writer_lock()
        other.dispose()  # dispose releases the lock too
        store.acquire_writer_lock()
    finally:
        other.dispose()


def test_plain_postgresql_url_and_sqlite_pragmas(store):
    if store.dialect == "postgresql":
        plain = Store(store.url.replace("postgresql+psycopg://", "postgresql://"))
        try:
            assert plain.url == store.url and plain.head() == 0
        finally:
            plain.dispose()
    else:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
