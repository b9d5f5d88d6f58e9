"""Positions offered at 4× the relay's measured capacity: does it level off instead of collapsing?

    python -m bench.overload [--seconds 30] [--factor 4] [--gateways 4] [--workers 2000] [--budget-ms 500]

First the capacity: gateway connections keep a window of positions in flight (closed loop) and the
positions committed per second are counted. Then the gateways offer ``factor`` × that rate open loop
(fixes go out on schedule whatever the relay answers; a fix the socket has not taken 50 ms after it
was due is skipped, as a gateway keeps only its newest) while a dispatcher desk adds a note to an
incident 5 times a second. Each gateway speaks for its own share of the workers.

Goodput: events the relay committed per second during the overload (its own count, ``/healthz``) over
the capacity, counted the same way. Accepted:
every ack of a position (committed, or superseded by a newer fix of its worker and answered with its
seq). The gateways run in a child process of their own so the load generator does not starve the
measuring desk; the relay is a third process (``JINGWANG_LIMITS_GATEWAY_COMMANDS_PER_S`` raised: this
measures capacity, not the gateway's rate limit).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import time
from collections import Counter
from dataclasses import dataclass, field

from websockets.asyncio.client import connect

from bench.common import cpu_s, health, percentile, seeded_sqlite, start_child, stop_child
from console.services.demo_seed import DEMO_PASSWORD
from console.testing.poisons import REPORT

WINDOW = 200  # positions in flight per gateway while the capacity is measured
WARMUP_S = 1.0  # left out of the capacity figure
LATE_S = 0.05  # a fix not sent this long after it was due is skipped
TICK_S = 0.005
SETTLE_S = 3.0  # how long answers are awaited after the last send
DESK_RATE = 5.0
SEND_BUFFER = 16 * 1024


@dataclass
class Tally:
    """What one gateway's fixes got: answers by kind, latencies of the acks, times of the commits."""

    sent: int = 0
    skipped: int = 0
    committed: int = 0  # non-duplicate acks
    superseded: int = 0
    refused: Counter = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    each: list[str] = field(default_factory=list)  # each gateway's acks and p50/p99 (is one served worse?)
    cpu_s: float = 0.0  # CPU time of the gateways' process (is it the bench that cannot send?)

    def add(self, other: Tally) -> None:
        self.sent += other.sent
        self.skipped += other.skipped
        self.committed += other.committed
        self.superseded += other.superseded
        self.refused.update(other.refused)
        self.latencies_ms += other.latencies_ms
        mine = sorted(other.latencies_ms)
        self.each += other.each or [f"{len(mine)}: {percentile(mine, 50):.0f}/{percentile(mine, 99):.0f}"]


def auth(user: str, password: str) -> str:
    return json.dumps({"v": 1, "t": "auth", "id": "a", "user": user, "password": password})


async def gateway(url: str, index: int, workers: list[str], stop_at: float, rate: float | None) -> Tally:
    """One gateway connection: closed loop (``rate`` None, WINDOW in flight) or open loop at ``rate``/s."""
    phase = "c" if rate is None else "o"  # idempotency keys differ between the phases
    tally = Tally()
    sent_at: dict[str, float] = {}
    window = asyncio.Semaphore(WINDOW)
    async with connect(url, compression=None, max_size=None) as ws:
        # a gateway that keeps only the newest fix holds little unsent: the relay's pushback reaches it
        ws.transport.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        ws.transport.set_write_buffer_limits(SEND_BUFFER)
        await ws.send(auth("fieldsim", "fieldsim"))
        await ws.recv()

        async def answers() -> None:
            async for raw in ws:
                frame = json.loads(raw)
                began = sent_at.pop(frame.get("id"), None)
                if began is None:
                    continue
                now = time.perf_counter()
                if frame["t"] == "ack":
                    tally.latencies_ms.append((now - began) * 1000)
                    if frame["duplicate"]:
                        tally.superseded += 1
                    else:
                        tally.committed += 1
                else:
                    tally.refused[frame["code"]] += 1
                if rate is None:
                    window.release()

        async def send(n: int) -> None:
            key = f"{phase}{index}-{n}"
            worker = workers[n % len(workers)]
            sent_at[key] = time.perf_counter()
            await ws.send(f'{{"v":1,"t":"cmd","id":"{key}","op":"position.report","args":{{"worker":"{worker}",'
                          f'"lng":{120.62 + (n % 100) * 1e-5:.5f},"lat":31.31,"at":{int(time.time() * 1000)}}}}}')
            tally.sent += 1

        reader = asyncio.create_task(answers())
        start, n = time.perf_counter(), 0
        while time.perf_counter() < stop_at:
            if rate is None:
                await window.acquire()
                await send(n)
                n += 1
                continue
            due = int((time.perf_counter() - start) * rate) - n - tally.skipped
            if due > rate * LATE_S:
                tally.skipped += due - int(rate * LATE_S)
                due = int(rate * LATE_S)
            for _ in range(due):
                await send(n)
                n += 1
            await asyncio.sleep(TICK_S)
        settle = time.perf_counter() + SETTLE_S
        while sent_at and time.perf_counter() < settle:
            await asyncio.sleep(0.05)
        reader.cancel()
    return tally


async def gateways(url: str, count: int, workers: int, seconds: float, rate: float | None) -> Tally:
    ids = [f"W{n:04d}" for n in range(1, workers + 1)]
    stop_at = time.perf_counter() + seconds
    share = None if rate is None else rate / count
    tallies = await asyncio.gather(*(gateway(url, k, ids[k::count], stop_at, share) for k in range(count)))
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


def run_gateways(url: str, count: int, workers: int, seconds: float, rate: float | None, out) -> None:
    """Child process: the gateways' load; sends back the tally."""
    began = time.process_time()
    tally = asyncio.run(gateways(url, count, workers, seconds, rate))
    tally.cpu_s = time.process_time() - began
    out.send(tally)


def gateway_load(url: str, count: int, workers: int, seconds: float, rate: float | None) -> Tally:
    parent, child = multiprocessing.Pipe(duplex=False)
    proc = multiprocessing.Process(target=run_gateways, args=(url, count, workers, seconds, rate, child))
    proc.start()
    result = parent.recv()
    proc.join()
    return result


async def desk(url: str, seconds: float, started: asyncio.Event) -> tuple[list[float], Counter]:
    """A dispatcher: report an incident, then add a note to it DESK_RATE times a second."""
    latencies: list[float] = []
    refused: Counter = Counter()
    async with connect(url, compression=None, max_size=None) as ws:
        await ws.send(auth("d01", DEMO_PASSWORD))
        head = json.loads(await ws.recv())["head"]
        await ws.send(json.dumps({"v": 1, "t": "subscribe", "id": "s", "after": head}))
        await ws.send(json.dumps({"v": 1, "t": "cmd", "id": "r", "op": "incident.report", "args": REPORT}))
        incident = None
        while incident is None:
            frame = json.loads(await ws.recv())
            for event in frame.get("events", []):
                if event["type"] == "incident.reported" and event["actor"] == "d01":
                    incident = event["data"]["incident"]
        sent_at: dict[str, float] = {}

        async def answers() -> None:
            async for raw in ws:
                if raw.startswith('{"v":1,"t":"events"'):
                    continue  # every desk hears the whole district; only our answers matter here
                frame = json.loads(raw)
                began = sent_at.pop(frame.get("id"), None)
                if began is None:
                    continue
                if frame["t"] == "ack":
                    latencies.append((time.perf_counter() - began) * 1000)
                else:
                    refused[frame["code"]] += 1

        reader = asyncio.create_task(answers())
        await started.wait()
        start = time.perf_counter()
        for n in range(int(seconds * DESK_RATE)):
            await asyncio.sleep(max(0.0, start + n / DESK_RATE - time.perf_counter()))
            key = f"note{n}"
            sent_at[key] = time.perf_counter()
            await ws.send(json.dumps({"v": 1, "t": "cmd", "id": key, "op": "incident.note",
                                      "args": {"incident": incident, "note": f"第{n}次补充"}}, ensure_ascii=False))
        settle = time.perf_counter() + SETTLE_S
        while sent_at and time.perf_counter() < settle:
            await asyncio.sleep(0.05)
        reader.cancel()
    return latencies, refused


def system_s(pid: int) -> float:
    """CPU seconds process ``pid`` has spent in the kernel so far (Linux)."""
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[12]) / os.sysconf("SC_CLK_TCK")


async def committed_rate(url: str, pid: int, start: float, end: float) -> tuple[float, str]:
    """Events the relay (process ``pid``) committed per second between ``start`` and ``end`` seconds from now
    (its own count), and the writer's mean batch cycle and the relay's CPU time per committed event."""
    await asyncio.sleep(start)
    first, cpu, sys_s = await asyncio.to_thread(health, url), cpu_s(pid), system_s(pid)
    began = time.perf_counter()
    await asyncio.sleep(end - start)
    last, cpu, sys_s = await asyncio.to_thread(health, url), cpu_s(pid) - cpu, system_s(pid) - sys_s
    elapsed = time.perf_counter() - began
    batches = last.get("batches", 0) - first.get("batches", 0)  # a relay before this bench has no count
    committed = last["committed"] - first["committed"]
    cycle = f"{elapsed * 1000 / batches:.0f} ms" if batches > 0 else "unknown"
    per_event = 1e6 / max(committed, 1)
    return committed / elapsed, (f"writer cycle {cycle}, relay CPU {cpu * per_event:.0f} µs per event "
                                 f"(kernel {sys_s * per_event:.0f})")


async def capacity(url: str, pid: int, args: argparse.Namespace) -> float:
    loop = asyncio.get_running_loop()
    load = loop.run_in_executor(None, gateway_load, url, args.gateways, args.workers, args.capacity_seconds, None)
    rate, cycle = await committed_rate(url, pid, WARMUP_S, args.capacity_seconds - 0.2)
    await load
    print(f"capacity phase: {cycle}")
    return rate


async def overload(url: str, pid: int, args: argparse.Namespace,
                   rate: float) -> tuple[float, Tally, list[float], Counter]:
    """Offer ``rate`` positions/s with the desk at work; return goodput (committed/s), the gateways' tally
    and the desk's latencies and refusals."""
    started = asyncio.Event()
    desk_task = asyncio.create_task(desk(url, args.seconds, started))
    await asyncio.sleep(1.0)  # the desk has its incident (not synchronisation: the desk waits for `started`)
    loop = asyncio.get_running_loop()
    load = loop.run_in_executor(None, gateway_load, url, args.gateways, args.workers, args.seconds, rate)
    started.set()
    goodput, cycle = await committed_rate(url, pid, 0.2, args.seconds - 0.2)
    print(f"overload phase: {cycle}")
    tally = await load
    latencies, refused = await desk_task
    return goodput, tally, latencies, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the overload")
    parser.add_argument("--capacity-seconds", type=float, default=8.0)
    parser.add_argument("--factor", type=float, default=4.0, help="offered load over the measured capacity")
    parser.add_argument("--gateways", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--budget-ms", type=float, default=500.0, help="JINGWANG_LIMITS_QUEUE_BUDGET_MS")
    args = parser.parse_args()

    db_url = seeded_sqlite(workers=args.workers)
    os.environ["JINGWANG_LIMITS_GATEWAY_COMMANDS_PER_S"] = "1e9"  # measure capacity, not the gateway's rate limit
    os.environ["JINGWANG_LIMITS_QUEUE_BUDGET_MS"] = str(args.budget_ms)
    relay, url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0"])
    try:
        most = asyncio.run(capacity(url, relay.pid, args))
        offered = most * args.factor
        goodput, tally, desk_ms, desk_refused = asyncio.run(overload(url, relay.pid, args, offered))
        status = health(url)
    finally:
        stop_child(relay)
    accepted = sorted(tally.latencies_ms)
    desk_sorted = sorted(desk_ms)
    accepted_p99, desk_p99 = percentile(accepted, 99), percentile(desk_sorted, 99)
    print(f"capacity (closed loop, {args.gateways} gateways, {args.workers} workers): {most:,.0f} positions/s")
    print(f"offered {args.factor:g}x = {offered:,.0f}/s for {args.seconds:g} s; "
          f"sent {tally.sent / args.seconds:,.0f}/s, skipped at the gateway {tally.skipped:,} (socket full)")
    print(f"committed {goodput:,.0f}/s (goodput {goodput / most:.2f} of capacity); "
          f"acks: {tally.committed:,} committed, {tally.superseded:,} superseded; refused {dict(tally.refused)}")
    print(f"accepted: p50={percentile(accepted, 50):.0f} ms p99={accepted_p99:.0f} ms "
          f"max={accepted[-1] if accepted else 0:.0f} ms; each gateway's acks: p50/p99 ms " + ", ".join(tally.each))
    print(f"the gateways' process used {tally.cpu_s:.1f} s CPU in the {args.seconds:g} s overload (and settling)")
    print(f"dispatcher: {len(desk_ms)} acks, refused {dict(desk_refused)}; p50={percentile(desk_sorted, 50):.0f} ms "
          f"p99={desk_p99:.0f} ms max={desk_sorted[-1] if desk_sorted else 0:.0f} ms")
    print(f"relay: {status.get('overload')} queue lag {status.get('queue_lag_ms')} ms")
    print(f"RESULT goodput_ratio={goodput / most:.3f} accepted_p99_ms={accepted_p99:.0f} "
          f"dispatcher_p99_ms={desk_p99:.0f} capacity_per_s={most:.0f} offered_per_s={offered:.0f} "
          f"dispatcher_refused={sum(desk_refused.values())}")


if __name__ == "__main__":
    main()
