"""Export cost of the station chief's daily summary: PDF and XLSX against computing the summary itself.

    python -m bench.summary_export [--incidents 60000] [--days 60] [--workers 200]

Generates the days of incidents with :func:`bench.summary.generate` (as ``bench.summary`` does), computes
the last day's summary with :func:`build_daily_summary` (the baseline, measured in the same run), then
writes it with the same functions the console's export buttons and ``jingwang summary`` call.
Each figure is the median of 3 runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
from pathlib import Path

from bench.summary import generate, timed
from console.services.demo_seed import seed_demo
from console.services.summary import build_daily_summary, day_period
from console.store.store import Store

HOUR_MS = 3_600_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=60_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--workers", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from console.reports.summary_xlsx import write_summary_xlsx
    from console.ui.reports.summary_pdf import write_summary_pdf

    _app = QGuiApplication.instance() or QGuiApplication([])
    folder = Path(tempfile.mkdtemp(prefix="jingwang-bench-"))
    store = Store(f"sqlite:///{folder / 'summary.db'}")
    demo = seed_demo(store, 7, args.workers)
    last = dt.date(2026, 11, 21)
    generate(store, demo, last - dt.timedelta(days=args.days - 1), args.days, args.incidents, random.Random(7))
    station = demo.district.stations[0].code
    now = day_period(last).end_ms - 6 * HOUR_MS
    base_s, summary = timed(lambda: build_daily_summary(store, last, station, now_ms=now))
    pdf_s, pages = timed(lambda: write_summary_pdf(summary, folder / "day.pdf"))
    xlsx_s, _ = timed(lambda: write_summary_xlsx(summary, folder / "day.xlsx"))
    rows = len(summary.overdue) + len(summary.referrals_waiting) + len(summary.workers) + len(summary.uncovered_grids)
    print(f"day {last}: {sum(summary.by_hour)} incidents, {len(summary.workers)} workers, {rows} table rows")
    print(f"RESULT summary_day_s={base_s:.3f} (baseline)")
    print(f"RESULT export_pdf_s={pdf_s:.3f} pages={pages} bytes={(folder / 'day.pdf').stat().st_size} "
          f"ratio={pdf_s / base_s:.2f}")
    print(f"RESULT export_xlsx_s={xlsx_s:.3f} bytes={(folder / 'day.xlsx').stat().st_size} ratio={xlsx_s / base_s:.2f}")
    store.dispose()


if __name__ == "__main__":
    main()
