"""100,000 standard addresses from an .xlsx through a running relay, with two consoles connected.

    python -m bench.import [--addresses 100000]

The relay runs as a child process over a seeded SQLite database; ``jingwang import address FILE --relay …``
runs as another child (the real command line: read the workbook, check every row, send the chunks); two
headless console sessions (d01, d02) stay subscribed in this process. The clock runs from starting the
import until the importer has exited and both consoles hold every new address. Goal: ≤ 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

from bench.common import seeded_sqlite, start_child, stop_child
from console.domain.geo import bbox, point_in_polygon
from console.services.demo_seed import DEMO_PASSWORD
from console.services.session import Session
from console.store.store import Store

HEADERS = ["地址编码", "街路巷", "门牌号", "小区", "楼栋", "单元", "楼层", "室", "经度", "纬度"]


def write_addresses(path: Path, count: int, db_url: str) -> list[str]:
    """``count`` addresses spread over the district's grids (rooms of buildings at random points inside each
    grid), as an .xlsx written row by row; returns their codes."""
    store = Store(db_url)
    district = store.load_reference().district
    store.dispose()
    rng = random.Random(11)
    roads = [s.name for s in district.streets] or ["示例路"]
    book = xlsxwriter.Workbook(str(path))  # shared strings, as Excel itself saves
    sheet = book.add_worksheet("标准地址")
    sheet.write_row(0, 0, HEADERS)
    codes = []
    per_grid = -(-count // len(district.grids))
    for grid in district.grids:
        x0, y0, x1, y1 = bbox(grid.polygon)
        for k in range(min(per_grid, count - len(codes))):
            if k % 60 == 0:  # a new building: 5 units × 4 floors × 3 rooms
                while True:
                    lng, lat = rng.uniform(x0, x1), rng.uniform(y0, y1)
                    if point_in_polygon((lng, lat), grid.polygon):
                        break
                road, door = rng.choice(roads), f"{1000 + k // 60}号"
            unit, floor, room = k % 60 // 12 + 1, k % 12 // 3 + 1, k % 3 + 1
            code = f"{grid.code}{k:05d}"
            sheet.write_row(len(codes) + 1, 0, [code, road, door, f"{grid.name}小区", "1", str(unit), str(floor),
                                                f"{floor}0{room}", round(lng, 7), round(lat, 7)])
            codes.append(code)
    book.close()
    return codes


async def measure(relay_url: str, db_url: str, path: Path, codes: list[str]) -> tuple[float, float, int]:
    consoles = [Session(relay_url, user, DEMO_PASSWORD) for user in ("d01", "d02")]
    for c in consoles:
        c.start()
    await asyncio.gather(*(c.client.wait_live(60) for c in consoles))
    last = codes[-1]
    env = {**os.environ, "JINGWANG_PASSWORD": DEMO_PASSWORD}
    start = time.perf_counter()
    importer = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "console", "--log-level", "WARNING", "import", "address", str(path),
        "--relay", relay_url, "--user", "a01", env=env, stdout=subprocess.PIPE)
    output, _ = await importer.communicate()
    imported_s = time.perf_counter() - start
    print(output.decode().rstrip())
    if importer.returncode != 0:
        raise SystemExit(f"import exited {importer.returncode}")
    while not all(last in c.state.address_index for c in consoles):
        await asyncio.sleep(0.05)
    seconds = time.perf_counter() - start
    held = min(sum(code in c.state.address_index for code in codes) for c in consoles)
    for c in consoles:
        await c.async_close()
    return seconds, imported_s, held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--addresses", type=int, default=100_000)
    args = parser.parse_args()
    db_url = seeded_sqlite(workers=200)
    path = Path(tempfile.mkdtemp(prefix="jingwang-import-")) / "addresses.xlsx"
    t0 = time.perf_counter()
    codes = write_addresses(path, args.addresses, db_url)
    print(f"wrote {len(codes)} addresses to {path} ({path.stat().st_size / 1048576:.1f} MB) "
          f"in {time.perf_counter() - t0:.1f} s")
    relay, relay_url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0",
                                    "--public-port", "0"])
    try:
        seconds, imported_s, held = asyncio.run(measure(relay_url, db_url, path, codes))
    finally:
        stop_child(relay)
    assert held == len(codes), f"the consoles hold {held} of {len(codes)}"
    print(f"importer done after {imported_s:.1f} s; both consoles hold all {held} after {seconds:.1f} s "
          f"(goal ≤ 60 s)")
    print(f"RESULT addresses={held} seconds={seconds:.1f} importer_seconds={imported_s:.1f}")


if __name__ == "__main__":
    main()
