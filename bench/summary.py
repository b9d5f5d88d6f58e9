"""Daily summary and KPIs over a year of a station's incidents on SQLite.

    python -m bench.summary [--incidents 520000] [--days 365] [--workers 200] [--db PATH]

``--db`` names the SQLite file; if it exists it is measured again without generating.

Generation (not measured) builds a year of incidents, orders and submissions as domain objects with
realistic lifecycles and writes their rows with the same fact builders the Store's commit uses
(:mod:`console.domain.kpi_facts`), in bulk; presence is one row per grid per covered duty hour. The JSON
bodies of the live projections are not generated: the summary never reads them.

Measured: :func:`compute_kpis` for the station over the whole year and :func:`build_daily_summary` for
its last day, the real code paths, each the median of 3 runs (wall and CPU time); the baseline is a bare
``SELECT family, count(*) … GROUP BY family`` over the same year's rows of the same table. Then the cost
of the presence projection in the commit path: positions folded per second against the geofence
monitor's own grid lookup per position.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

from console.domain.events import Event
from console.domain.fences import Fence, FenceIndex
from console.domain.incidents import (
    Assignment,
    AssignmentStatus,
    Callback,
    Incident,
    Referral,
    ReferralStatus,
    Source,
    Status,
    categories,
)
from console.domain.kpi_facts import grid_places, incident_facts, order_facts, submission_facts
from console.domain.orders import Order, OrderKind, OrderStatus
from console.domain.presence import PresenceTracker
from console.domain.records import RecordKind, Submission, SubmissionStatus
from console.domain.summary import Scope
from console.domain.workdays import DAY_MS
from console.field.district import generate_district
from console.kpi.config import KpiConfig
from console.services.demo_seed import seed_demo
from console.services.summary import build_daily_summary, compute_kpis, day_period, days_period
from console.store import tables as t
from console.store.store import Store

MIN, HOUR = 60_000, 3_600_000
CHUNK = 20_000


def make_incident(i: int, at: int, grid: str, workers: list[str], codes: list[str], horizon: int,
                  rng: random.Random) -> Incident:
    """One incident reported at ``at`` and carried as far as it got by ``horizon``."""
    referral = rng.random() < 0.08
    category = rng.choice([c for c in codes if c.startswith("60")] if referral else codes)
    inc = Incident(f"J{i:09d}", category, rng.randint(1, 4), Source.CALL_110, Status.NEW, 120.6, 31.3, grid,
                   f"平江路 {i % 500} 号", "", "", "d01", at, i)
    if rng.random() < 0.02:
        inc.status, inc.closed_at = Status.VOID, at + 3 * MIN
        return inc
    step = at + rng.randint(1, 6) * MIN
    inc.accepted_at, inc.status = step, Status.ACCEPTED
    if referral:
        ref = inc.referral = Referral(f"ZB{i}", category, step, "转办", "d01")
        inc.status = Status.REFERRED
        ref.signed_at, ref.status = step + rng.randint(2, 60) * MIN, ReferralStatus.SIGNED
        done = ref.signed_at + rng.randint(1, 40) * HOUR
        if done < horizon:
            ref.done_at, ref.status, inc.status, inc.feedback_at = done, ReferralStatus.DONE, Status.FEEDBACK, done
    else:
        worker = rng.choice(workers)
        a = inc.assignments[worker] = Assignment(worker, AssignmentStatus.DISPATCHED, step + rng.randint(1, 3) * MIN,
                                                 "d01")
        a.signed_at = a.dispatched_at + int(rng.expovariate(1 / 12) * MIN) + MIN
        a.arrived_at = a.signed_at + rng.randint(3, 50) * MIN
        a.done_at = a.arrived_at + int(rng.expovariate(1 / 180) * MIN) + 10 * MIN
        a.status, inc.status = AssignmentStatus.ON_SCENE, Status.ON_SCENE
        if a.done_at < horizon:
            a.status, inc.status, inc.feedback_at = AssignmentStatus.DONE, Status.FEEDBACK, a.done_at
    if inc.feedback_at:
        inc.rework_count = int(rng.random() < 0.05)
        close = inc.feedback_at + rng.randint(10, 36 * 60) * MIN
        if close < horizon:
            inc.status, inc.closed_at = Status.CLOSED, close
            if rng.random() < 0.3:
                inc.callbacks.append(Callback(close + HOUR, "d01", rng.choice((1, 1, 2, 2, 2, 3, 4, 5))))
    inc.updated_at = max(at, inc.accepted_at, inc.feedback_at, inc.closed_at)
    return inc


def generate(store: Store, demo, first: dt.date, days: int, incidents: int, rng: random.Random) -> None:
    """Write the year's fact rows and presence straight into the tables (the bulk path)."""
    places = grid_places(demo.district)
    grids = [g.code for g in demo.district.grids]
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"]
    by_grid = {g: [w.id for w in demo.workers if w.grid_code == g and w.kind.value == "grid_worker"] or workers
               for g in grids}
    grid_of = {w.id: w.grid_code for w in demo.workers}
    codes = [c for c in categories() if not c.endswith("0000")]
    start = day_period(first).start_ms
    horizon = start + days * DAY_MS
    hours = [h for h in range(24) for _ in range(1 + (8 <= h < 22) * 3)]  # four times busier by day
    rows: list[dict] = []
    with store.engine.begin() as conn:
        times = sorted(start + rng.randrange(days) * DAY_MS + rng.choice(hours) * HOUR + rng.randrange(HOUR)
                       for _ in range(incidents))  # reported in time order, as the relay writes them
        for i, at in enumerate(times):
            grid = rng.choice(grids)
            rows.append(incident_facts(make_incident(i, at, grid, by_grid[grid], codes, horizon, rng), places))
            if len(rows) == CHUNK:
                conn.execute(insert(t.kpi_incidents), rows)
                rows = []
        if rows:
            conn.execute(insert(t.kpi_incidents), rows)
        work, presence = [], []
        for day in range(days):
            d0 = start + day * DAY_MS
            for n, w in enumerate(workers):
                grid = grid_of[w]
                kind = OrderKind.PATROL if n % 3 else OrderKind.VISIT
                o = Order(f"O{day}-{w}", kind, w, grid, "addr", "某小区", d0 + 17 * HOUR, d0 + 8 * HOUR, "m1", 1)
                if rng.random() < 0.9:
                    o.status, o.signed_at, o.done_at = OrderStatus.DONE, d0 + 9 * HOUR, d0 + rng.randint(10, 20) * HOUR
                elif day < days - 3:  # the rest are returned, except the last few days' still open
                    o.status = OrderStatus.RETURNED
                work.append(order_facts(o, places))
                s = Submission(f"S{day}-{w}", rng.choice(list(RecordKind)), w, grid, {"name": "某"}, d0 + 10 * HOUR,
                               w, "R", 1)
                s.status = rng.choice((SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED))
                s.reviewed_at = d0 + 15 * HOUR
                work.append(submission_facts(s, places))
            presence += [{"grid_code": g, "hour_at": d0 + h * HOUR, "seconds": float(rng.randint(1800, 3600))}
                         for g in grids for h in range(7, 21)]
        for i in range(0, len(work), CHUNK):
            conn.execute(insert(t.kpi_work), work[i:i + CHUNK])
        for i in range(0, len(presence), CHUNK):
            conn.execute(insert(t.kpi_presence), presence[i:i + CHUNK])
    with store.engine.connect() as conn:  # as SQLite's automatic checkpoints keep a live database
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def timed_cpu(fn, runs: int = 3) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``runs`` calls, and the last result."""
    wall, cpu, result = [], [], None
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), result


def timed(fn, runs: int = 3) -> tuple[float, object]:
    """Median wall seconds of ``runs`` calls, and the last result (used by ``bench.summary_export`` too)."""
    wall, _, result = timed_cpu(fn, runs)
    return wall, result


def presence_rate(demo, count: int, rng: random.Random) -> tuple[float, float]:
    """Positions/s folded into presence, and the geofence's own grid lookup per position as the baseline."""
    grids = {g.code: g for g in demo.district.grids}
    workers = {w.id: w for w in demo.workers}
    movers = [w for w in demo.workers if w.kind.value == "grid_worker"]
    events = []
    for i in range(count):
        w = rng.choice(movers)
        (x0, y0), (x1, y1) = grids[w.grid_code].polygon[0], grids[w.grid_code].polygon[2]
        data = {"worker": w.id, "lng": rng.uniform(x0, x1), "lat": rng.uniform(y0, y1)}
        events.append(Event(i + 1, 1_795_000_000_000 + i * 10, "position.reported", "fieldsim", data))
    tracker, on_duty = PresenceTracker(), set(workers)
    t0 = time.perf_counter()
    for i in range(0, count, 1000):
        tracker.fold(events[i:i + 1000], demo.district, workers, on_duty)
    fold_s = time.perf_counter() - t0
    index = FenceIndex({g.code: Fence(g.polygon) for g in demo.district.grids})
    t0 = time.perf_counter()
    for e in events:
        index.locate(e.data["lng"], e.data["lat"])
    return count / fold_s, count / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=520_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--workers", type=int, default=200)
    parser.add_argument("--db", default="")
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="jingwang-bench-")) / "summary.db"
    reuse = path.exists()  # measure again on a database generated before with the same arguments
    store = Store(f"sqlite:///{path}")
    demo = generate_district(seed=7, workers=args.workers) if reuse else seed_demo(store, 7, args.workers)
    station = demo.district.stations[0]
    last = dt.date(2026, 11, 21)
    first = last - dt.timedelta(days=args.days - 1)
    if not reuse:
        t0 = time.perf_counter()
        generate(store, demo, first, args.days, args.incidents, random.Random(7))
        print(f"generated {args.incidents} incidents over {args.days} days in {time.perf_counter() - t0:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB) in {path}", flush=True)
    year = days_period(first, args.days)
    now = day_period(last).end_ms - 6 * HOUR  # 18:00 on the last day
    config = KpiConfig()
    scope = Scope("station", station.code, station.name)
    c = t.kpi_incidents.c

    def baseline():
        q = (select(c.family, func.count()).where(c.station_code == station.code, c.reported_at >= year.start_ms,
                                                  c.reported_at < year.end_ms).group_by(c.family))
        with store.engine.connect() as conn:
            return conn.execute(q).all()

    base_s, base_cpu, counts = timed_cpu(baseline)
    year_s, year_cpu, kset = timed_cpu(lambda: compute_kpis(store, scope, year, config=config, now_ms=now))
    day_s, day_cpu, summary = timed_cpu(
        lambda: build_daily_summary(store, last, station.code, config=config, now_ms=now))
    total = sum(n for _, n in counts)
    received = kset.values["close_rate"].denominator
    print(f"year: received {received:.0f}, closed {kset.values['close_rate'].value:.1%}, "
          f"overdue {kset.values['overdue_rate'].value:.1%}, score {kset.score:.1f} {kset.grade}")
    print(f"day: {sum(summary.by_hour)} incidents, {len(summary.workers)} workers, {len(summary.overdue)} overdue, "
          f"{len(summary.referrals_waiting)} referrals waiting, {len(summary.uncovered_grids)} grids uncovered")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times include waiting for a CPU)")
    print(f"RESULT summary_year_s={year_s:.3f} cpu_s={year_cpu:.3f} incidents={total} baseline_s={base_s:.3f} "
          f"baseline_cpu_s={base_cpu:.3f} ratio={year_s / base_s:.2f}")
    print(f"RESULT summary_day_s={day_s:.3f} cpu_s={day_cpu:.3f} workers={len(summary.workers)} "
          f"ratio={day_s / base_s:.2f}")
    fold, locate = presence_rate(demo, 50_000, random.Random(3))
    print(f"RESULT presence_fold_per_s={fold:.0f} geofence_locate_per_s={locate:.0f} ratio={locate / fold:.2f}")
    store.dispose()


if __name__ == "__main__":
    main()
