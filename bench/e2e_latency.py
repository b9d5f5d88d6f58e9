"""Field send → console model: latency with 2,000 simulated workers (one position per 5 s) and 20 consoles.

    python -m bench.e2e_latency [--workers 2000] [--consoles 20] [--seconds 40]

The real field simulator runs as a child process and stamps each position with the wall clock
when it sends it; each console is a real RelayClient folding events into its State with the
shared reducer; latency is taken right after the reducer has applied the event.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time

from bench.common import percentile, seeded_sqlite, start_child, stop_child
from console.domain.events import POSITION_REPORTED
from console.domain.state import State, apply
from console.net.client import RelayClient
from console.services.demo_seed import DEMO_PASSWORD

WARMUP_S = 8.0


class ConsoleProbe:
    """A console's network + model path, recording latency of every position it applies."""

    def __init__(self, url: str, user: str, started: float) -> None:
        self.state: State | None = None
        self.latencies: list[float] = []
        self.started = started
        self.client = RelayClient(url, user, DEMO_PASSWORD, on_snapshot=self._snapshot, on_events=self._events)

    def _snapshot(self, snap: dict) -> None:
        self.state = State.from_snapshot(snap)

    def _events(self, events) -> None:
        for event in events:
            apply(self.state, event)
        now = time.time()
        if now - self.started < WARMUP_S:
            return
        now_ms = now * 1000
        self.latencies.extend(now_ms - e.data["at"] for e in events if e.type == POSITION_REPORTED)


async def run(url: str, consoles: int, seconds: float) -> tuple[list[ConsoleProbe], float]:
    """Run the consoles; return them and the measured window in seconds (after warm-up)."""
    started = time.time()
    probes = [ConsoleProbe(url, "d01" if i % 2 == 0 else "d02", started) for i in range(consoles)]
    for probe in probes:
        probe.client.start()
    await asyncio.gather(*(p.client.wait_live(60) for p in probes))
    await asyncio.sleep(seconds)  # the measurement window itself
    window = time.time() - started - WARMUP_S
    await asyncio.gather(*(p.client.close() for p in probes))
    return probes, window


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--consoles", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--interval", type=float, default=5.0)
    args = parser.parse_args()

    db_url = seeded_sqlite(workers=args.workers)
    relay, url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0"])
    sim = subprocess.Popen([sys.executable, "-m", "console", "--log-level", "WARNING", "fieldsim", "--relay", url,
                            "--workers", str(args.workers), "--interval", str(args.interval),
                            "--report-interval", "10"])
    try:
        probes, measured = asyncio.run(run(url, args.consoles, args.seconds + WARMUP_S))
    finally:
        stop_child(sim)
        stop_child(relay)
    latencies = sorted(x for p in probes for x in p.latencies)
    rate = len(latencies) / args.consoles / measured
    p50, p95, p99 = (percentile(latencies, q) for q in (50, 95, 99))
    print(f"workers={args.workers} interval={args.interval}s consoles={args.consoles} window={measured:.0f}s")
    print(f"positions per console per second: {rate:.0f} (expected {args.workers / args.interval:.0f})")
    print(f"samples={len(latencies)} p50={p50:.1f} ms p95={p95:.1f} ms p99={p99:.1f} ms max={latencies[-1]:.1f} ms")
    print(f"RESULT p50_ms={p50:.1f} p95_ms={p95:.1f} p99_ms={p99:.1f} positions_per_s={rate:.0f} "
          f"consoles={args.consoles} workers={args.workers}")


if __name__ == "__main__":
    main()
