"""研判 over a year of a station's incidents on SQLite.

    python -m bench.analysis [--incidents 520000] [--days 365] [--workers 200] [--db PATH]

Generation (not measured) is :func:`bench.summary.generate`: a year of incident facts written in bulk straight
into ``kpi_incidents`` (with the fact builders the Store's commit uses). ``--db`` names the SQLite file; if it
exists (e.g. one ``bench.summary`` made with the same arguments) it is measured again without generating.

Measured: :func:`console.services.analysis.build_analysis` for the station over the whole year (hot spots over
7/30/90 days, repeat addresses, the weekday × hour grid, disputes, warnings), the real code path, median of
3 runs (wall and CPU time). The target is ≤ 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from bench.summary import generate, timed_cpu
from console.field.district import generate_district
from console.services.analysis import build_analysis
from console.services.demo_seed import seed_demo
from console.services.summary import day_period, days_period
from console.store.store import Store

HOUR = 3_600_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=520_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--workers", type=int, default=200)
    parser.add_argument("--db", default="")
    args = parser.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="jingwang-bench-")) / "analysis.db"
    reuse = path.exists()
    store = Store(f"sqlite:///{path}")
    demo = generate_district(seed=7, workers=args.workers) if reuse else seed_demo(store, 7, args.workers)
    station = demo.district.stations[0]
    last = dt.date(2026, 11, 21)
    first = last - dt.timedelta(days=args.days - 1)
    if not reuse:
        t0 = time.perf_counter()
        generate(store, demo, first, args.days, args.incidents, random.Random(7))
        print(f"generated {args.incidents} incidents over {args.days} days in {time.perf_counter() - t0:.1f} s "
              f"in {path}", flush=True)
    year = days_period(first, args.days)
    now = day_period(last).end_ms - 6 * HOUR
    year_s, year_cpu, a = timed_cpu(lambda: build_analysis(store, year, station.code, now_ms=now))
    total = sum(map(sum, a.heat))
    top = a.ranking("", 90)[:1]
    most = a.repeat_addresses[0].count if a.repeat_addresses else 0
    print(f"year: {total} incidents in the heat grid, {len(a.hot_spots)} family×grid hot spots, top grid {top}, "
          f"{len(a.repeat_addresses)} repeat addresses (top {most})")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times include waiting for a CPU)")
    print(f"RESULT analysis_year_s={year_s:.3f} cpu_s={year_cpu:.3f} incidents={total}")
    store.dispose()


if __name__ == "__main__":
    main()
