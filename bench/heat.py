"""人流热力: a day of 2,000 workers on duty, folded on commit and read back as the map's bins.

    python -m bench.heat [--workers 2000] [--hours 12] [--every 10]

Generation: every worker is on duty for ``--hours`` from 08:00 and walks around its grid's centre (a step of
up to ~60 m every ``--every`` seconds). Measured:

- the commit-time fold (:class:`console.domain.heat.PeopleFolder`) per position event, on the whole day's
  fixes (2,000 workers × 12 h every 10 s = 8.6 million), in batches of 500 as the relay's group commit;
- :func:`console.kpi.heat.heat_days` for the day on SQLite (the folded ``heat_cells`` rows plus the day's
  incidents), the real read path of the console and of the relay's ``heat.day`` query, median of 3;
- binning the 24 hours onto the map's 200-cell heat grid (:func:`console.ui.map.heatmap.heat_stack`, numpy),
  what the layer does once when a day arrives (the slider then only swaps images).

The target is well under 1 s for the read and the binning together.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.summary import timed_cpu
from console.domain import events as ev
from console.domain.heat import CELL_DEG, HeatSource, PeopleFolder
from console.domain.station_time import day_start
from console.kpi.heat import heat_days
from console.services.demo_seed import seed_demo
from console.services.summary import read_snapshot
from console.store import tables as t
from console.store.store import Store
from console.ui.map.heatmap import Extent, heat_stack

HOUR = 3_600_000
DAY = dt.date(2026, 11, 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--hours", type=int, default=12)
    parser.add_argument("--every", type=int, default=10, help="seconds between a worker's fixes")
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp(prefix="jingwang-bench-")) / "heat.db"
    store = Store(f"sqlite:///{path}")
    demo = seed_demo(store, 7, args.workers)
    workers = {w.id: w for w in demo.workers}
    centre = {g.code: (sum(p[0] for p in g.polygon) / len(g.polygon), sum(p[1] for p in g.polygon) / len(g.polygon))
              for g in demo.district.grids}
    rnd = random.Random(7)
    where = {w.id: list(centre.get(w.grid_code, next(iter(centre.values())))) for w in demo.workers}
    start = day_start(DAY) + 8 * HOUR
    folder, added, folded, fold_s = PeopleFolder(), {}, 0, 0.0
    on_duty = set(workers)
    ids = list(workers)
    for tick in range(args.hours * 3600 // args.every):
        at = start + tick * args.every * 1000
        batch = []
        for k, wid in enumerate(ids):
            p = where[wid]
            p[0] += rnd.uniform(-0.0006, 0.0006) * args.every / 10
            p[1] += rnd.uniform(-0.0005, 0.0005) * args.every / 10
            batch.append(ev.Event(0, at + k, ev.POSITION_REPORTED, "gw", {"worker": wid, "lng": p[0], "lat": p[1],
                                                                          "at": at + k}))
        for i in range(0, len(batch), 500):
            t0 = time.perf_counter()
            for key, n in folder.fold(batch[i:i + 500], workers, on_duty).items():
                added[key] = added.get(key, 0) + n
            fold_s += time.perf_counter() - t0
        folded += len(batch)
    rows = [{"hour_at": h, "source": HeatSource.PEOPLE.value, "x": x, "y": y, "n": n} for (h, x, y), n in added.items()]
    with store.engine.begin() as conn:
        conn.execute(t.heat_cells.insert(), rows)
    print(f"{args.workers} workers, {args.hours} h every {args.every} s: {folded:,} fixes folded in {fold_s:.1f} s "
          f"({fold_s / folded * 1e6:.2f} µs a fix) into {len(rows):,} heat_cells rows "
          f"({sum(r['n'] for r in rows):,} person-minutes)")

    def read():
        with read_snapshot(store) as conn:
            return heat_days(conn, DAY, DAY)

    read_s, read_cpu, day = timed_cpu(read)
    print(f"heat_days for the day: {read_s * 1000:.0f} ms wall, {read_cpu * 1000:.0f} ms CPU (median of 3); "
          f"{day.total(HeatSource.PEOPLE):,} person-minutes in {sum(len(h) for h in day.bins['people']):,} hour-cells")

    xs = np.array([c[0] for c in centre.values()]) / CELL_DEG
    ys = np.array([c[1] for c in centre.values()]) / CELL_DEG
    extent = Extent.around(xs.min() * 100, ys.min() * 111, xs.max() * 100, ys.max() * 111)  # metres, roughly

    def bin_day():
        hours = []
        for hour in day.bins["people"]:
            cells = np.array(list(hour.keys()) or [(0, 0)], dtype=float)
            weights = np.array(list(hour.values()) or [0], dtype=float)
            hours.append((cells[:, 0] * 100, cells[:, 1] * 111, weights))
        return heat_stack(hours, extent)

    bin_s, bin_cpu, _ = timed_cpu(bin_day)
    print(f"24 hours binned onto the {extent.shape[0]}×{extent.shape[1]} heat grid: {bin_s * 1000:.0f} ms wall, "
          f"{bin_cpu * 1000:.0f} ms CPU; read + bin {(read_s + bin_s) * 1000:.0f} ms (target well under 1 s)")
    print(f"RESULT fold_us_per_fix={fold_s / folded * 1e6:.2f} read_ms={read_s * 1000:.0f} bin_ms={bin_s * 1000:.0f} "
          f"read_bin_ms={(read_s + bin_s) * 1000:.0f}")
    store.dispose()


if __name__ == "__main__":
    main()
