"""The risk rules' cost on the relay: command latency with rules off vs on, in the same run.

    python -m bench.risk [--workers 2000] [--incidents-per-min 100] [--seconds 30] [--rounds 2]

A relay child process (``JINGWANG_RISK_ENABLED`` 0 or 1, alternately, each round on a fresh copy of the
same seeded database) takes 2,000 workers' positions (one per worker every 5 s, through the field gateway)
and 100 incidents a minute from a desk: addresses, callers and categories drawn from small pools so that the
rules do fire (repeat callers, disputes and fights at the same addresses, hot addresses). The latency is
send → ack of every command, after a warm-up; p99 over all commands and over the incident reports (the
commands the rules follow). ``relay_p99_ratio`` = p99 with rules on ÷ p99 with rules off (goal ≤ 1.1).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import time
from pathlib import Path

from websockets.asyncio.client import connect

from bench.common import percentile, seeded_sqlite, start_child, stop_child
from console.services.demo_seed import DEMO_PASSWORD
from console.store.store import Store

WARMUP_S = 5.0
CATEGORIES = ("200200", "200200", "200600", "200100", "200400", "500200", "100100", "300200")


def _auth(user: str, password: str) -> str:
    return json.dumps({"v": 1, "t": "auth", "id": "a", "user": user, "password": password})


class Sender:
    """One authenticated connection that sends paced commands and times each ack."""

    def __init__(self, url: str, user: str, password: str) -> None:
        self.url, self.user, self.password = url, user, password
        self.sent: dict[str, tuple[float, str]] = {}  # id -> (perf time, op)
        self.latencies: list[tuple[str, float, float]] = []  # (op, sent at, ms)
        self.warned = 0

    async def run(self, frames, rate_per_s: float, seconds: float) -> None:
        async with connect(self.url, compression=None, max_size=None) as ws:
            await ws.send(_auth(self.user, self.password))
            await ws.recv()
            reader = asyncio.create_task(self._read(ws))
            start = time.perf_counter()
            for n, (key, op, frame) in enumerate(frames):
                due = start + n / rate_per_s
                if due > start + seconds:
                    break
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)  # pacing the load, not synchronisation
                self.sent[key] = (time.perf_counter(), op)
                await ws.send(frame)
            deadline = time.perf_counter() + 30
            while len(self.latencies) < len(self.sent) and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            reader.cancel()

    async def _read(self, ws) -> None:
        async for raw in ws:
            reply = json.loads(raw)
            sent = self.sent.get(reply.get("id"))
            if sent is not None and reply["t"] in ("ack", "error"):
                self.latencies.append((sent[1], sent[0], (time.perf_counter() - sent[0]) * 1000))


def _positions(workers: list[str], lng_lat: tuple[float, float]):
    rng = random.Random(1)
    for i in range(10**9):
        worker = workers[i % len(workers)]
        args = {"worker": worker, "lng": lng_lat[0] + rng.uniform(-0.004, 0.004),
                "lat": lng_lat[1] + rng.uniform(-0.004, 0.004), "at": int(time.time() * 1000)}
        yield f"p{i}", "position.report", json.dumps({"v": 1, "t": "cmd", "id": f"p{i}", "op": "position.report",
                                                       "args": args}, separators=(",", ":"))


def _incidents(addresses: list[str]):
    rng = random.Random(2)
    callers = [f"1390000{n:04d}" for n in range(40)]
    for i in range(10**9):
        args = {"category": rng.choice(CATEGORIES), "address_code": rng.choice(addresses),
                "caller": rng.choice(callers), "narrative": "压测"}
        yield f"i{i}", "incident.report", json.dumps({"v": 1, "t": "cmd", "id": f"i{i}", "op": "incident.report",
                                                       "args": args}, ensure_ascii=False)


async def _phase(url: str, workers: list[str], addresses: list[str], centre, per_min: float, seconds: float):
    field = Sender(url, "fieldsim", "fieldsim")
    desk = Sender(url, "d01", DEMO_PASSWORD)
    await asyncio.gather(field.run(_positions(workers, centre), len(workers) / 5.0, seconds),
                         desk.run(_incidents(addresses), per_min / 60.0, seconds))
    t0 = min(s for s, _ in [*field.sent.values(), *desk.sent.values()]) + WARMUP_S
    return [(op, ms) for op, at, ms in field.latencies + desk.latencies if at >= t0]


def _warnings(db_url: str) -> int:
    store = Store(db_url)
    try:
        return len(store.load_state().warnings)
    finally:
        store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--incidents-per-min", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    seeded = seeded_sqlite(workers=args.workers)
    store = Store(seeded)
    state = store.load_reference()
    store.dispose()
    workers = sorted(w.id for w in state.workers.values())
    addresses = [a.code for a in state.district.addresses[:60]]
    grid = state.district.grids[0].polygon
    centre = (sum(p[0] for p in grid) / len(grid), sum(p[1] for p in grid) / len(grid))
    os.environ["JINGWANG_LIMITS_GATEWAY_COMMANDS_PER_S"] = "1e9"
    samples: dict[bool, list[tuple[str, float]]] = {False: [], True: []}
    per_round: dict[bool, list[float]] = {False: [], True: []}  # each round's p99: how noisy the machine is
    raised = {False: 0, True: 0}
    source = Path(seeded.removeprefix("sqlite:///"))
    for n in range(args.rounds):
        for rules in (False, True):
            db_file = source.with_name(f"round{n}_{int(rules)}.db")
            shutil.copy(source, db_file)
            db_url = f"sqlite:///{db_file}"
            os.environ["JINGWANG_RISK_ENABLED"] = "1" if rules else "0"
            relay, url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0",
                                      "--public-port", "0"])
            try:
                got = asyncio.run(_phase(url, workers, addresses, centre, args.incidents_per_min, args.seconds))
            finally:
                stop_child(relay)
            samples[rules] += got
            per_round[rules].append(percentile(sorted(ms for _, ms in got), 99))
            raised[rules] += _warnings(db_url)

    def p99(rules: bool, op: str | None = None) -> float:
        return percentile(sorted(ms for o, ms in samples[rules] if op is None or o == op), 99)

    off, on = p99(False), p99(True)
    inc_off, inc_on = p99(False, "incident.report"), p99(True, "incident.report")
    print(f"workers={args.workers} incidents/min={args.incidents_per_min:g} seconds={args.seconds:g} "
          f"rounds={args.rounds} commands off/on={len(samples[False])}/{len(samples[True])}")
    print(f"p99 all commands   : rules off {off:7.2f} ms   rules on {on:7.2f} ms")
    print(f"p99 incident.report: rules off {inc_off:7.2f} ms   rules on {inc_on:7.2f} ms")
    print(f"warnings raised    : rules off {raised[False]}   rules on {raised[True]}")
    print("p99 per round (off/on ms): " + ", ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(*per_round.values(),
                                                                                          strict=True))
          + f"   load average {os.getloadavg()[0]:.1f}")
    print(f"RESULT relay_p99_ratio={on / off:.3f} relay_p99_off_ms={off:.2f} relay_p99_on_ms={on:.2f} "
          f"incident_p99_ratio={inc_on / inc_off:.3f} warnings_raised={raised[True]}")


if __name__ == "__main__":
    main()
