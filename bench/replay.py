"""Replay of a recorded day: bytes per position, seek time and 60x playback.

    python -m bench.replay [--workers 2000 --hours 24] [--db FILE] [--keep]

Generates the day into a SQLite file through the store's real write path (``Store.commit`` with
the state applied, one commit per 10 s tick: every worker's fix plus the incident steps due),
with incidents worked by the real deciders (report, accept, dispatch, sign, arrive, feedback,
verify, close). Then prints:

- ``bytes_per_position``: pages of ``position_log`` and its indexes (dbstat) per position, and
  ``bytes_per_position_old``: the same positions written as JSON rows of the old ``events``
  layout (0001 schema: idempotency key, two indexes), measured on a sample in the same run;
- ``seek_ms``: ``Replay.state_at`` at 20 random moments (p50/max; target <= 300 ms), against a
  baseline of the bare latest-position SQL at the same moments;
- ``tick_ms``: 60x playback, each 1 s wall tick loading and folding 60 s of events with
  positions (p50/max; target well under 1000 ms), against the bare indexed SELECT of the window.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import percentile
from console.domain.decide import Actor, decide
from console.domain.events import POSITION_REPORTED, Event
from console.domain.state import apply
from console.domain.workers import Role, WorkerKind
from console.replay import Replay, log
from console.replay.ranges import day_range
from console.services.demo_seed import seed_demo
from console.store import positions as plog
from console.store.store import Store, _dumps

TICK_MS = 10_000
BULK_ROWS = 100_000
DESK = Actor("d01", Role.DISPATCHER, workstation="bench")
GATEWAY = "fieldsim"
# incident step -> minutes after the report, and who takes it
STEPS = (("incident.accept", 1, "desk"), ("incident.dispatch", 2, "desk"), ("incident.sign", 4, "worker"),
         ("incident.arrive", 15, "worker"), ("incident.feedback", 45, "worker"), ("incident.verify", 50, "desk"),
         ("incident.close", 55, "desk"))
OLD_EVENTS_DDL = (
    "CREATE TABLE events (seq BIGINT NOT NULL PRIMARY KEY, at BIGINT NOT NULL, type VARCHAR(40) NOT NULL, "
    "actor VARCHAR(64) NOT NULL, idem_key VARCHAR(64), data TEXT NOT NULL)",
    "CREATE UNIQUE INDEX ux_events_actor_idem_key ON events (actor, idem_key)",
    "CREATE INDEX ix_events_at ON events (at)",
)


class Day:
    """Writes the recorded day: walkers, incidents on a schedule, one commit per tick."""

    def __init__(self, store: Store, demo, start_ms: int, per_hour: float, rng: random.Random, bulk: bool) -> None:
        self.store, self.rng, self.bulk = store, rng, bulk
        self.state = store.load_state()
        self.workers = [w for w in demo.workers if w.kind in (WorkerKind.GRID_WORKER, WorkerKind.OFFICER)]
        grids = {g.code: g.polygon for g in demo.district.grids}
        self.walkers = {w.id: _start(grids.get(w.grid_code) or next(iter(grids.values())), rng) for w in self.workers}
        xs = [x for poly in grids.values() for x, _ in poly]
        ys = [y for poly in grids.values() for _, y in poly]
        self.bounds = (min(xs), min(ys), max(xs), max(ys))
        self.points = [(x, y) for poly in grids.values() for x, y in poly]
        self.now = start_ms
        self.per_tick = per_hour * TICK_MS / 3_600_000
        self.due: list[tuple[int, int, str, str, str]] = []  # (at, n, op, incident, worker)
        self.positions = self.others = 0
        self.sample: list[tuple[Event, str]] = []  # for the old-layout baseline
        self.pending: list[tuple] = []  # bulk rows not yet written

    def run(self, end_ms: int, sample_size: int) -> None:
        gateway = Actor(GATEWAY, Role.FIELD_GATEWAY)
        batch = [self._event(gateway, "worker.duty", {"worker": w.id, "on": True}) for w in self.workers]
        self._commit(batch)
        with self.store.engine.begin() as conn:
            self.store.sources.remember(self.store.sources.ids_for(conn, {(GATEWAY, w.id) for w in self.workers}))
        while self.now < end_ms:
            self.now += TICK_MS
            batch = []
            for _ in range(_poisson(self.per_tick, self.rng)):
                batch += self._report()
            while self.due and self.due[0][0] <= self.now:
                _, _, op, incident, worker = heapq.heappop(self.due)
                batch += self._step(op, incident, worker)
            if self.bulk and len(self.sample) >= sample_size:
                self._commit(batch)
                self._bulk_rows()
                continue
            fixes = [self._fix(w.id) for w in self.workers]
            self.sample += fixes[:sample_size - len(self.sample)]
            if self.bulk:
                self._commit(batch)
                self._bulk(fixes)
            else:
                self._commit(batch + fixes)
        self._flush()

    def _commit(self, batch: list[tuple[Event, str]]) -> None:
        self.store.commit(batch, self.state)
        for e, _ in batch:
            if e.type == POSITION_REPORTED:
                self.positions += 1
            else:
                self.others += 1

    def _bulk(self, fixes: list[tuple[Event, str]]) -> None:
        """The same rows as ``Store.commit`` writes for these fixes (same encoder, table and indexes),
        without the projections (latest position per worker, KPI presence) that replay does not read."""
        with self.store.engine.begin() as conn:
            ids = self.store.sources.ids_for(conn, {(e.actor, e.data["worker"]) for e, _ in fixes})
            self.store._insert_positions.run(conn, [plog.encode(e, key, ids[(e.actor, e.data["worker"])])
                                                    for e, key in fixes])
        self.store.sources.remember(ids)
        self.positions += len(fixes)

    def _bulk_rows(self) -> None:
        """The rows :func:`plog.encode` makes of these fixes, built directly (scaled ints, 800 ms fix lag, a
        uniformly random 64-bit key hash as blake2b gives for a random key), written BULK_ROWS at a time.

        Same rows in the same order as one commit per tick, so the same pages: only fewer, larger
        transactions (each commit rewrites every index page it touched into the WAL)."""
        src = self.store.sources.ids
        for w in self.workers:
            lng, lat, speed, heading = self._walk(w.id)
            self.state.seq += 1
            self.pending.append((self.state.seq, self.now, src[(GATEWAY, w.id)], round(lng * plog.DEG),
                                 round(lat * plog.DEG), 800, round(speed * plog.SPEED), round(heading * plog.HEADING),
                                 self.rng.getrandbits(64) - 2 ** 63, None))
        if len(self.pending) >= BULK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        with self.store.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA cache_size = -262144")  # 256 MiB: the indexes' hot pages stay cached
            conn.exec_driver_sql("INSERT INTO position_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.pending)
        self.positions += len(self.pending)
        self.pending = []

    def _event(self, actor: Actor, op: str, args: dict) -> tuple[Event, str]:
        seq = self.state.seq + 1
        event_type, data = decide(self.state, actor, op, args, self.now, seq)
        event = Event(seq, self.now, event_type, actor.account, data)
        apply(self.state, event)
        return event, f"{self.rng.getrandbits(128):032x}"

    def _walk(self, worker: str) -> tuple[float, float, float, float]:
        """The worker's next fix ``(lng, lat, speed, heading)``, rounded as the field simulator sends it."""
        lng, lat, heading = self.walkers[worker]
        speed = self.rng.uniform(0.3, 1.8)
        heading = (heading + self.rng.gauss(0, 25)) % 360
        step = speed * TICK_MS / 1000 / 100_000  # degrees, roughly
        lng, lat = lng + step * math.sin(math.radians(heading)), lat + step * math.cos(math.radians(heading))
        x0, y0, x1, y1 = self.bounds
        if not (x0 <= lng <= x1 and y0 <= lat <= y1):
            heading = (heading + 180) % 360
            lng, lat = min(max(lng, x0), x1), min(max(lat, y0), y1)
        self.walkers[worker] = (lng, lat, heading)
        return round(lng, 7), round(lat, 7), round(speed, 2), round(heading, 1)

    def _fix(self, worker: str) -> tuple[Event, str]:
        lng, lat, speed, heading = self._walk(worker)
        args = {"worker": worker, "lng": lng, "lat": lat, "at": self.now - 800, "speed": speed, "heading": heading}
        if not self.bulk:
            return self._event(Actor(GATEWAY, Role.FIELD_GATEWAY), "position.report", args)
        self.state.seq += 1  # what the position decider returns for these args, without its checks
        return Event(self.state.seq, self.now, POSITION_REPORTED, GATEWAY, args), f"{self.rng.getrandbits(128):032x}"

    def _report(self) -> list[tuple[Event, str]]:
        lng, lat = self.rng.choice(self.points)
        args = {"category": "200200", "priority": self.rng.choice((1, 2, 3)), "lng": lng, "lat": lat,
                "narrative": "群众报警，邻里纠纷，请民警到场处置", "caller": f"139{self.rng.randrange(10**8):08d}"}
        event, key = self._event(DESK, "incident.report", args)
        worker = self.rng.choice(self.workers).id
        for n, (op, minutes, _) in enumerate(STEPS):
            heapq.heappush(self.due, (self.now + minutes * 60_000, event.seq * 10 + n, op, event.data["incident"],
                                      worker))
        return [(event, key)]

    def _step(self, op: str, incident: str, worker: str) -> list[tuple[Event, str]]:
        args = {"incident": incident}
        if op == "incident.dispatch":
            args.update(worker=worker, force=True)
        elif op == "incident.feedback":
            args["note"] = "已到场调解，双方达成一致"
        elif op == "incident.close":
            args.update(outcome="mediated", note="双方达成一致")
        who = next(role for o, _, role in STEPS if o == op)
        actor = DESK if who == "desk" else Actor(GATEWAY, Role.FIELD_GATEWAY)
        if who == "worker":
            args["worker"] = worker
        return [self._event(actor, op, args)]


def _start(polygon, rng: random.Random) -> tuple[float, float, float]:
    xs, ys = [x for x, _ in polygon], [y for _, y in polygon]
    return rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)), rng.uniform(0, 360)


def _poisson(mean: float, rng: random.Random) -> int:
    n, p, limit = 0, 1.0, math.exp(-mean)
    while True:
        p *= rng.random()
        if p <= limit:
            return n
        n += 1


def table_bytes(path: str, names: tuple[str, ...]) -> int:
    """Bytes of the pages of these tables and indexes (SQLite dbstat)."""
    with sqlite3.connect(path) as conn:
        marks = ",".join("?" * len(names))
        return conn.execute(f"SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN ({marks})", names).fetchone()[0]


def old_layout_bytes(sample: list[tuple[Event, str]]) -> float:
    """Bytes per position of ``sample`` stored as the 0001 schema's JSON event rows."""
    path = Path(tempfile.mkdtemp(prefix="jingwang-bench-old-")) / "old.db"
    with sqlite3.connect(path) as conn:
        for ddl in OLD_EVENTS_DDL:
            conn.execute(ddl)
        conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                         [(e.seq, e.at, e.type, e.actor, key, _dumps(e.data)) for e, key in sample])
    names = ("events", "sqlite_autoindex_events_1", "ux_events_actor_idem_key", "ix_events_at")
    size = table_bytes(str(path), names)
    shutil.rmtree(path.parent)
    return size / len(sample)


def write_rates(sample: list[tuple[Event, str]], batch: int = 1000) -> tuple[float, float]:
    """Positions/s appending ``sample`` to the log in commits of ``batch``: the lean rows vs the old JSON rows."""
    rates = []
    for lean in (True, False):
        store = Store(f"sqlite:///{Path(tempfile.mkdtemp(prefix='jingwang-bench-write-')) / 'w.db'}")
        store.upgrade()
        took = 0.0
        for i in range(0, len(sample), batch):
            chunk = sample[i:i + batch]
            t0 = time.perf_counter()
            with store.engine.begin() as conn:
                if lean:
                    ids = store.sources.ids_for(conn, {(e.actor, e.data["worker"]) for e, _ in chunk})
                    store._insert_positions.run(conn, [plog.encode(e, k, ids[(e.actor, e.data["worker"])])
                                                       for e, k in chunk])
                else:
                    store._insert_events.run(conn, [{"seq": e.seq, "at": e.at, "type": e.type, "actor": e.actor,
                                                     "idem_key": k, "data": _dumps(e.data)} for e, k in chunk])
            if lean:
                store.sources.remember(ids)
            took += time.perf_counter() - t0
        rates.append(len(sample) / took)
        store.dispose()
        shutil.rmtree(Path(store.url.split("///", 1)[1]).parent)
    return rates[0], rates[1]


def timed(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - t0) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--incidents-per-hour", type=float, default=None, help="default: workers / 16")
    parser.add_argument("--db", help="SQLite file to write (default: a temp file); reused if it exists")
    parser.add_argument("--real-write", action="store_true",
                        help="positions through Store.commit too (slower; same bytes: the default bulk path "
                             "writes the same rows with the same encoder, skipping only the latest-position "
                             "and KPI projections)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and print its path")
    parser.add_argument("--seeks", type=int, default=20)
    parser.add_argument("--ticks", type=int, default=60, help="60x playback ticks to time")
    args = parser.parse_args()
    rng = random.Random(11)
    path = args.db or str(Path(tempfile.mkdtemp(prefix="jingwang-bench-replay-")) / "day.db")
    url = f"sqlite:///{path}"
    start = day_range(date(2025, 11, 21))[0]
    end = start + int(args.hours * 3_600_000)
    store = Store(url)
    store.upgrade()
    fresh = not store.head()
    if fresh:
        demo = seed_demo(store, 7, args.workers)
        day = Day(store, demo, start, args.incidents_per_hour or args.workers / 16, rng, bulk=not args.real_write)
        t0 = time.perf_counter()
        day.run(end, sample_size=200_000)
        took = time.perf_counter() - t0
        print(f"RESULT write_positions={day.positions} other_events={day.others} write_s={took:.1f} "
              f"positions_per_s={day.positions / took:.0f} write_path={'real' if args.real_write else 'bulk'}")
        old = old_layout_bytes(day.sample)
        lean_rate, old_rate = write_rates(day.sample[:100_000])
        print(f"RESULT log_append_positions_per_s={lean_rate:.0f} old_layout_per_s={old_rate:.0f} "
              f"ratio={lean_rate / old_rate:.2f}")
    else:
        old = float("nan")
    with store.engine.connect() as conn:
        count = conn.exec_driver_sql("SELECT COUNT(*) FROM position_log").scalar()
    new = table_bytes(path, ("position_log", "ix_position_log_src_at", "ux_position_log_key_hash")) / count
    print(f"RESULT positions={count} bytes_per_position={new:.1f} bytes_per_position_old={old:.1f} "
          f"ratio_old_over_new={old / new:.2f} db_file_bytes={Path(path).stat().st_size}")

    load_ms, replay = timed(Replay, store, start, end)
    print(f"RESULT replay_load_ms={load_ms:.0f} non_position_events={len(replay.marks())}")
    seeks, bare = [], []
    for _ in range(args.seeks):
        t = rng.randrange(start, end)
        seeks.append(timed(replay.state_at, t)[0])
        bare.append(timed(_bare_latest, store, t)[0])
    seeks.sort()
    bare.sort()
    p50, base = percentile(seeks, 50), percentile(bare, 50)
    print(f"RESULT seek_ms_p50={p50:.1f} seek_ms_max={seeks[-1]:.1f} target_ms=300 "
          f"baseline_bare_latest_sql_ms_p50={base:.1f} ratio_p50={p50 / max(base, 1e-9):.2f}")

    t = rng.randrange(start, max(start + 1, end - args.ticks * 60_000))
    state = replay.state_at(t)
    ticks, bare = [], []
    for _ in range(args.ticks):
        ms, events = timed(lambda a, b: replay.events_between(a, b, positions=True), t, t + 60_000)
        t1 = time.perf_counter()
        for e in events:
            apply(state, e)
        ticks.append(ms + (time.perf_counter() - t1) * 1000)
        bare.append(timed(_bare_window, store, t, t + 60_000)[0])
        t += 60_000
    ticks.sort()
    bare.sort()
    print(f"RESULT tick60x_ms_p50={percentile(ticks, 50):.1f} tick60x_ms_max={ticks[-1]:.1f} budget_ms=1000 "
          f"events_per_tick={len(events)} baseline_bare_select_ms_p50={percentile(bare, 50):.1f} "
          f"ratio_p50={percentile(ticks, 50) / max(percentile(bare, 50), 1e-9):.2f}")
    store.dispose()
    if args.db or args.keep:
        print(f"db: {path}")
    else:
        shutil.rmtree(Path(path).parent)


def _bare_latest(store: Store, t_ms: int) -> list:
    with store.engine.connect() as conn:
        return conn.execute(log.latest_stmt(t_ms)).all()


def _bare_window(store: Store, t0: int, t1: int) -> list:
    with store.engine.connect() as conn:
        return conn.execute(log.window_stmt(t0, t1, store.dialect)).all()


if __name__ == "__main__":
    main()
