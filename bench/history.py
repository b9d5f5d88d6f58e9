"""Years of history without slowing down: a busy station's three years, then relay start, console start and a
replay range.

    python -m bench.history [--scale 1.0] [--cache /tmp/jingwang-bench-history] [--rebuild]

Build (once per scale, kept in ``--cache``): the demo district with 2,000 workers, 1,500,000 incidents over three
years up to now (each reported, accepted, dispatched, signed, arrived, fed back, verified and closed within about
two hours; one in 5,000 left open for good, the last hours' still under way), their events, their projection rows
(the ``incidents`` table, each written when its incident closes) and a year of positions for every worker (a fix
every 15 minutes of an 8-hour shift, ~23 million rows in the lean position log). The events are folded by the real
reducer in log order, and the replay checkpoints are written from that fold as ``jingwang db checkpoints`` would
(every ``checkpoint_log.EVERY`` events, closed work of the last days only). Rows go in with bulk inserts straight
into the tables: no idempotency keys, no KPI facts (KPIs are not measured here). ``--scale`` shrinks every count
(workers to at least 20) for a smoke run.

Measured, each in its own process as deployed:

- ``relay_start_s``: ``jingwang relay`` from launch to its ``READY`` line (target ≤ 10 s); the quick_check of the
  history tables it runs after that is waited for (``CHECKED``) before the rest is measured;
- ``console_start_s``: an offscreen console (``MainWindow`` as ``jingwang console`` builds it, logged in as d01)
  from launch until the first snapshot is folded and the queue shows its rows (target ≤ 3 s), and its
  ``console_rss_mb`` then (target ≤ 1.5 GB);
- ``replay_range_load_s``: the slowest of three one-hour replay ranges (a year and a half ago, a month ago, the
  last hour) loaded through the relay by a trainer (``replay.overview``: the relay folds the range from the
  nearest checkpoint; target ≤ 1 s); the state at each range's middle (``replay.state``) is printed beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import heapq
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

from bench.common import stop_child
from console.domain.events import Event
from console.domain.geo import centroid
from console.domain.state import DAY_MS, HOUR_MS, MINUTE_MS, State, apply, trim_closed
from console.domain.workers import WorkerKind
from console.replay import checkpoint_log, checkpoints
from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT, seed_demo
from console.store.positions import DEG
from console.store.rows import dumps as _dumps
from console.store.rows import incident_row
from console.store.store import Store

INCIDENTS = 1_500_000
WORKERS = 2_000
YEARS = 3
FIX_EVERY_MS = 15 * MINUTE_MS
SHIFT_MS = 8 * HOUR_MS
STUCK_EVERY = 5_000  # one incident in this many stays open for good (open work however old)
KEEP_DAYS = 3.0  # closed work in the checkpoints: what a snapshot carries by default
# the lifecycle: (event type, minutes after the report, by the worker?, extra data)
STEPS = (
    ("incident.accepted", 2, False, {"note": "已受理"}),
    ("incident.dispatched", 5, False, {"note": "请就近处置"}),
    ("incident.signed", 8, True, {"note": ""}),
    ("incident.arrived", 20, True, {"note": "已到达现场"}),
    ("incident.feedback", 60, True, {"note": "已调解完毕，双方签字"}),
    ("incident.verifying", 90, False, {"note": "电话回访核实"}),
    ("incident.closed", 120, False, {"outcome": "mediated", "note": "回访满意"}),
)
CATEGORIES = ("200200", "200100", "300100", "400000", "500000", "600600", "990000")


def db_path(cache: Path, scale: float) -> Path:
    return cache / f"history-{scale:g}.db"


def build(path: Path, scale: float, end_ms: int) -> None:
    """Write the history into a new SQLite file at ``path`` (see the module's doc)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    store = Store(f"sqlite:///{partial}")
    demo = seed_demo(store, 7, max(20, round(WORKERS * scale)))
    reference = store.load_reference()
    store.dispose()
    conn = sqlite3.connect(partial, isolation_level=None)
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    gateway = GATEWAY_ACCOUNT[0]
    field = [w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER]
    conn.executemany("INSERT INTO position_sources (id, actor, worker) VALUES (?, ?, ?)",
                     [(k + 1, gateway, w.id) for k, w in enumerate(demo.workers)])
    writer = _Writer(conn, State(reference.district, reference.workers, rules=reference.rules), end_ms)
    rng = random.Random(15)
    count = max(50, round(INCIDENTS * scale))
    start_ms = end_ms - YEARS * 365 * DAY_MS
    fixes_from = end_ms - 365 * DAY_MS
    pending: list[tuple[int, int, str, str, dict]] = []  # (at, tiebreak, type, actor, data)
    tiebreak = 0
    window_end = start_ms + HOUR_MS
    addresses = demo.district.addresses
    for k in range(count):
        reported = start_ms + (end_ms - 2 * HOUR_MS - start_ms) * k // count
        while reported >= window_end:
            writer.flush(pending, window_end, demo.workers if window_end > fixes_from else ())
            window_end += HOUR_MS
        address = rng.choice(addresses)
        incident = f"JQ{time.strftime('%Y%m%d', time.gmtime(reported / 1000))}{k:08d}"
        worker = rng.choice(field)
        tiebreak += 1
        heapq.heappush(pending, (reported, tiebreak, "incident.reported", "d01", {
            "incident": incident, "category": rng.choice(CATEGORIES), "priority": rng.randint(1, 4), "source": "110",
            "lng": address.lng, "lat": address.lat, "grid": address.grid_code, "address": address.text,
            "address_code": address.code, "narrative": "群众报警", "caller": f"139{rng.randrange(10**8):08d}",
            "reporter_worker": None, "repeat_of": ""}))
        last = len(STEPS) if k % STUCK_EVERY else rng.randint(0, 3)
        for type_, minutes, by_worker, extra in STEPS[:last]:
            tiebreak += 1
            data = {"incident": incident, **extra}
            if type_ != "incident.accepted":
                data["worker" if type_ not in ("incident.verifying", "incident.closed") else "workers"] = \
                    worker.id if type_ not in ("incident.verifying", "incident.closed") else [worker.id]
            at = reported + minutes * MINUTE_MS + rng.randrange(60_000)
            heapq.heappush(pending, (at, tiebreak, type_, worker.id.lower() if by_worker else "d01", data))
    while window_end <= end_ms + 3 * HOUR_MS:
        writer.flush(pending, window_end, demo.workers if window_end > fixes_from else ())
        window_end += HOUR_MS
    writer.finish(pending)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    partial.rename(path)


class _Writer:
    """Assigns seqs in time order, folds non-position events with the reducer, writes rows and checkpoints."""

    def __init__(self, conn: sqlite3.Connection, state: State, end_ms: int) -> None:
        self.conn = conn
        self.state = state
        self.end_ms = end_ms
        self.seq = 0
        self.since_checkpoint = 0
        self.folded = 0
        self.fixes = 0
        self.last_fix: dict[str, tuple] = {}
        self.written: set[str] = set()  # closed incidents already in the projection
        self.src = {w: k + 1 for k, w in enumerate(state.workers)}
        self.worker_of = {k: w for w, k in self.src.items()}
        grids = {g.code: centroid(g.polygon) for g in state.district.grids}
        self.home = {w.id: grids.get(w.grid_code, next(iter(grids.values()))) for w in state.workers.values()}

    def flush(self, pending: list, until: int, workers) -> None:
        """Write every pending event before ``until`` and the hour's fixes of ``workers`` on shift, in time order."""
        fixes = self._fixes(until - HOUR_MS, until, workers)
        events = []
        while pending and pending[0][0] < until:
            events.append(heapq.heappop(pending))
        rows, position_rows = [], []
        merged = sorted([(e[0], 0, e) for e in events] + [(f[0], 1, f) for f in fixes], key=lambda x: (x[0], x[1]))
        for at, kind, item in merged:
            self.seq += 1
            if kind == 1:
                position_rows.append((self.seq, at, item[1], item[2], item[3], 0))
                continue
            _, _, type_, actor, data = item
            rows.append((self.seq, at, type_, actor, _dumps(data)))
            apply(self.state, Event(self.seq, at, type_, actor, data))
            self.folded += 1
            self.since_checkpoint += 1
            if type_ == "incident.closed":
                self._project([data["incident"]])
            if self.since_checkpoint >= checkpoint_log.EVERY:
                self._checkpoint(at)
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT INTO events (seq, at, type, actor, data) VALUES (?, ?, ?, ?, ?)", rows)
        self.conn.executemany("INSERT INTO position_log (seq, at, src, lng, lat, fix_lag) VALUES (?, ?, ?, ?, ?, ?)",
                              position_rows)
        self.conn.execute("COMMIT")
        self.fixes += len(position_rows)
        for row in position_rows:
            self.last_fix[row[2]] = row
        if until // DAY_MS != (until - HOUR_MS) // DAY_MS:
            trim_closed(self.state, until - int(KEEP_DAYS * DAY_MS))

    def _fixes(self, start: int, end: int, workers) -> list[tuple]:
        """A fix every FIX_EVERY_MS of each of ``workers`` on shift (0, 8 or 16 h on, by worker) in [start, end)."""
        out = []
        for k, w in enumerate(workers):
            shift = (k % 3) * SHIFT_MS
            home_lng, home_lat = self.home[w.id]
            for at in range(start + (k * 7919) % FIX_EVERY_MS, end, FIX_EVERY_MS):
                if (at % DAY_MS - shift) % DAY_MS < SHIFT_MS:
                    wobble = ((at // FIX_EVERY_MS) * 2654435761 + k) % 2000 - 1000
                    out.append((at, self.src[w.id], round((home_lng + wobble * 1e-6) * DEG),
                                round((home_lat - wobble * 1e-6) * DEG)))
        return out

    def _project(self, ids: list[str]) -> None:
        incidents = self.state.incidents
        rows = [incident_row(incidents[i]) for i in ids if i in incidents]
        if rows:
            names = list(rows[0])
            sql = f"INSERT OR REPLACE INTO incidents ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            self.conn.executemany(sql, [tuple(r[n] for n in names) for r in rows])

    def _checkpoint(self, at: int) -> None:
        trim_closed(self.state, at - int(KEEP_DAYS * DAY_MS))
        body = zlib.compress(checkpoints.freeze(self.state), 1)
        self.conn.execute("INSERT INTO replay_checkpoints (seq, at, format, events, body) VALUES (?, ?, ?, ?, ?)",
                          (self.state.seq, at, checkpoint_log.FORMAT, self.folded, body))
        self.since_checkpoint = 0

    def finish(self, pending: list) -> None:
        assert not pending, "every event is written"
        open_ids = [i for i, inc in self.state.incidents.items() if inc.is_open]
        self.conn.execute("BEGIN")
        self._project(open_ids)
        self.conn.executemany(
            "INSERT INTO worker_positions (worker_id, lng, lat, at, speed, heading, seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(self.worker_of[src], lng / DEG, lat / DEG, at, 0.0, 0.0, seq)
             for seq, at, src, lng, lat, _ in self.last_fix.values()])
        self.conn.execute("COMMIT")
        print(f"built: events={self.folded} fixes={self.fixes} open={len(open_ids)} head={self.seq}", flush=True)


# -- measuring ----------------------------------------------------------------------------------------


def relay_start(path: Path) -> tuple[subprocess.Popen, str, float]:
    """Start ``jingwang relay`` on the database; (process, url, seconds to READY)."""
    began = time.monotonic()
    command = [sys.executable, "-m", "console", "--log-level", "WARNING", "relay", "--db", f"sqlite:///{path}",
               "--port", "0", "--public-port", "0"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("READY "):
        proc.kill()
        raise RuntimeError(f"relay did not start: {line!r}")
    return proc, line.split()[1], time.monotonic() - began


def history_checked(proc: subprocess.Popen) -> float:
    """Wait for the relay's ``CHECKED`` line (its quick_check of the history tables, which runs after READY and
    would otherwise share the CPU with what is measured next); seconds waited."""
    began = time.monotonic()
    line = proc.stdout.readline()
    if not line.startswith("CHECKED"):
        raise RuntimeError(f"the relay's history check did not pass: {line!r}")
    return time.monotonic() - began


def console_start(url: str) -> tuple[float, float, int]:
    """Launch the offscreen console child; (seconds until usable, its RSS in MB, queue rows shown)."""
    # a deployed console starts from compiled bytecode (pip and the .deb write it at install): so does this one
    for package in ("console", "bench"):
        compileall.compile_dir(str(Path(__file__).resolve().parents[1] / package), quiet=1)
    began = time.monotonic()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "bench.history", "--console-child", url], env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("USABLE ")), None)
    if line is None:
        raise RuntimeError(f"console did not start: {out.stdout[-500:]} {out.stderr[-2000:]}")
    _, usable_at, rss_mb, rows = line.split()
    return float(usable_at) - began, float(rss_mb), int(rows)


def console_child(url: str) -> None:
    """Run in the child: a console as ``jingwang console`` builds it; print when its queue shows the snapshot."""
    import tempfile

    import qasync
    from PySide6.QtCore import QSettings

    from console import config
    from console.ui.app import create_app
    from console.ui.main_window import MainWindow
    from console.ui.session import ConsoleSession

    config.apply_sla_limits()
    app = create_app(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)

    async def main() -> None:
        session = ConsoleSession(url, "d01", DEMO_PASSWORD)
        session.start()
        await session.client.wait_live(120)
        folder = tempfile.mkdtemp(prefix="jingwang-history-console-")
        window = MainWindow(session, QSettings(f"{folder}/c.ini", QSettings.Format.IniFormat))
        window.resize(1600, 1000)
        window.show()
        session.announce()
        app.processEvents()
        rows = window.queue.model.rowCount()
        usable = time.monotonic()
        rss = _rss_mb()
        print(f"USABLE {usable} {rss:.0f} {rows}", flush=True)
        window.close()
        await session.async_close()

    qasync.run(main())


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def replay_loads(url: str, end_ms: int) -> list[tuple[float, float, int]]:
    """Three one-hour ranges loaded through the relay as a trainer: (seconds to load the range (its overview),
    seconds for the state at its middle, incidents in that state) each."""
    from console.net.client import RelayClient

    async def run() -> list[tuple[float, float, int]]:
        client = RelayClient(url, "t01", DEMO_PASSWORD, subscribe=False)
        client.start()
        await client.wait_live(60)
        await client.query("replay.reference")
        took = []
        for back in (540 * DAY_MS, 30 * DAY_MS, HOUR_MS):
            span = {"start": end_ms - back, "end": end_ms - back + HOUR_MS}
            began = time.monotonic()
            await client.query("replay.overview", span, timeout=120)
            loaded = time.monotonic()
            state = await client.query("replay.state", {**span, "at": span["start"] + HOUR_MS // 2}, timeout=120)
            took.append((loaded - began, time.monotonic() - loaded, len(state["incidents"])))
            assert state["incidents"], "a busy station has work at any hour"
        await client.close()
        return took

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/jingwang-bench-history"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--console-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.console_child:
        console_child(args.console_child)
        return
    path = db_path(args.cache, args.scale)
    meta = path.with_suffix(".json")
    if args.rebuild or not path.exists() or not meta.exists():
        path.unlink(missing_ok=True)
        end_ms = int(time.time() * 1000)
        began = time.monotonic()
        build(path, args.scale, end_ms)
        meta.write_text(json.dumps({"end_ms": end_ms, "build_s": round(time.monotonic() - began, 1)}))
    info = json.loads(meta.read_text())
    print(f"database: {path} ({path.stat().st_size / 2**30:.2f} GiB, built in {info['build_s']} s)", flush=True)
    relay, url, relay_s = relay_start(path)
    try:
        check_s = history_checked(relay)
        console_s, rss_mb, rows = console_start(url)
        loads = replay_loads(url, info["end_ms"])
    finally:
        stop_child(relay)
    print(f"relay READY in {relay_s:.2f} s; its quick_check of the history tables passed {check_s:.1f} s later")
    print(f"queue rows shown: {rows}")
    for (load_s, state_s, incidents), when in zip(loads, ("540 days ago", "30 days ago", "the last hour"), strict=True):
        print(f"replay range {when}: loaded in {load_s:.2f} s; the state at its middle ({incidents} incidents) "
              f"in {state_s:.2f} s more")
    print(f"RESULT console_start_s={console_s:.2f} console_rss_mb={rss_mb:.0f} relay_start_s={relay_s:.2f} "
          f"replay_range_load_s={max(x[0] for x in loads):.2f}")


if __name__ == "__main__":
    main()
