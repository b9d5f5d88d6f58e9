"""Geofence monitor throughput: positions/s for 5,000 on-duty workers in the demo district.

    python -m bench.geofence [--workers 5000] [--positions 200000]

Nine fixes in ten fall inside the worker's own grid, one in ten anywhere in the district
(those take the cell-index lookup and start left-grid timers); one worker in fifty wanders the
whole district and so is eventually raised. One tick per 1,000 positions (a simulated second).
"""

from __future__ import annotations

import argparse
import random
import time

from console.domain.geo import bbox, point_in_polygon
from console.domain.geofence import GeofenceMonitor
from console.field.district import generate_district


def make_positions(demo, count: int, rng: random.Random) -> list[tuple[str, float, float]]:
    grids = {g.code: g for g in demo.district.grids}
    x0, y0, x1, y1 = bbox([p for g in grids.values() for p in g.polygon])
    workers = [w for w in demo.workers if w.kind.value == "grid_worker"]
    wanderers = set(rng.sample([w.id for w in workers], len(workers) // 50))
    out = []
    while len(out) < count:
        w = rng.choice(workers)
        if w.id in wanderers or rng.random() < 0.1:
            out.append((w.id, rng.uniform(x0, x1), rng.uniform(y0, y1)))
            continue
        poly = grids[w.grid_code].polygon
        gx0, gy0, gx1, gy1 = bbox(poly)
        lng, lat = rng.uniform(gx0, gx1), rng.uniform(gy0, gy1)
        if point_in_polygon((lng, lat), poly):
            out.append((w.id, lng, lat))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--positions", type=int, default=200_000)
    args = parser.parse_args()
    demo = generate_district(7, args.workers)
    positions = make_positions(demo, args.positions, random.Random(1))
    monitor = GeofenceMonitor(demo.district, demo.workers, start_ms=0)
    for w in demo.workers:
        monitor.on_duty(w.id, True, 0)
    alerts = 0
    tick_s = 0.0
    t0 = time.perf_counter()
    for i, (worker_id, lng, lat) in enumerate(positions):
        at = i  # 1,000 positions per simulated second
        alerts += len(monitor.on_position(worker_id, lng, lat, at))
        if i % 1000 == 999:
            t_tick = time.perf_counter()
            alerts += len(monitor.tick(at))
            tick_s += time.perf_counter() - t_tick
    elapsed = time.perf_counter() - t0
    ticks = len(positions) // 1000
    print(f"RESULT geofence positions_per_s={len(positions) / (elapsed - tick_s):.0f} "
          f"tick_ms={1000 * tick_s / max(ticks, 1):.2f} workers={args.workers} alerts={alerts}")


if __name__ == "__main__":
    main()
