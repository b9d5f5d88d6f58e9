"""Positions in, fan-out to 20 consoles: deliveries/s through the relay vs a bare broadcast server.

    python -m bench.relay_throughput [--positions 20000] [--consoles 20] [--producers 4] [--bulk 50]
                                     [--bulk-positions 100000] [--postgres]

A delivery is one position reaching one console. The relay validates, authorizes, commits to
SQLite (group commit, WAL; ``--postgres``: a throwaway PostgreSQL cluster, durable commits) and
acknowledges before it fans out; the baseline only forwards. Twice: the producers send one frame per
fix (``position.report``), then frames of ``--bulk`` fixes (``position.batch``, as a field gateway
does); both baselines get the very same frames, so each ratio compares like with like.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import time

from websockets.asyncio.client import connect

from bench.common import cpu_s, health, seeded_postgres, seeded_sqlite, start_child, stop_child
from console.services.demo_seed import DEMO_PASSWORD
from tests.integration.pg import PgCluster

WINDOW = 500  # positions in flight per producer connection


async def count_deliveries(url: str, hello: list[str], expected: int, counts: list[int], index: int,
                           ready: asyncio.Event, ready_count: list[int], consoles: int) -> None:
    """Count positions reaching one console, from the moment it is live (the relay's ``subscribed``, the
    baseline's ``ok``): logins and history are not part of the measured stream."""
    async with connect(url, compression=None, max_size=None) as ws:
        for frame in hello:
            await ws.send(frame)
        async for frame in ws:
            if frame == "ok" or '"t":"subscribed"' in frame:
                break
        ready_count[0] += 1
        if ready_count[0] == consoles:
            ready.set()
        async for frame in ws:
            counts[index] += frame.count('"worker":')
            if counts[index] >= expected:
                break


START_MS = int(time.time() * 1000) - 60_000  # fix times inside the relay's accepted window


def position(i: int, worker: str) -> dict:
    return {"worker": worker, "lng": 120.62 + (i % 100) * 1e-5, "lat": 31.31, "at": START_MS + i}


def producer_frames(positions: int, bulk: int) -> list[str]:
    """The producers' frames: one ``position.report`` per fix (``bulk`` 1) or ``position.batch`` of ``bulk``."""
    workers = [f"W{n:04d}" for n in range(1, 201)]
    fixes = [position(i, workers[i % len(workers)]) for i in range(positions)]
    if bulk == 1:
        return [json.dumps({"v": 1, "t": "cmd", "id": f"p{i}", "op": "position.report", "args": fix},
                           separators=(",", ":")) for i, fix in enumerate(fixes)]
    return [json.dumps({"v": 1, "t": "cmd", "id": f"b{k}", "op": "position.batch",
                        "args": {"fixes": fixes[k:k + bulk]}}, separators=(",", ":"))
            for k in range(0, positions, bulk)]


async def produce(url: str, hello: list[str], frames: list[str], acks: bool, logged_in: list[int], producers: int,
                  all_in: asyncio.Event, go: asyncio.Event, window_frames: int) -> None:
    """Log in (``all_in`` once every producer has), wait for ``go``, then send ``frames`` (at most
    ``window_frames`` unacknowledged)."""
    async with connect(url, compression=None, max_size=None) as ws:
        for frame in hello:
            await ws.send(frame)
        if acks:
            await ws.recv()  # auth.ok
        logged_in[0] += 1
        if logged_in[0] == producers:
            all_in.set()
        await go.wait()
        if not acks:
            for frame in frames:
                await ws.send(frame)
            return
        window = asyncio.Semaphore(window_frames)
        done = asyncio.Event()
        outstanding = [len(frames)]

        async def read_acks() -> None:
            async for _ in ws:
                window.release()
                outstanding[0] -= 1
                if outstanding[0] == 0:
                    done.set()
                    return

        reader = asyncio.create_task(read_acks())
        for frame in frames:
            await window.acquire()
            await ws.send(frame)
        await done.wait()
        reader.cancel()


async def measure(url: str, pid: int, positions: int, consoles: int, producers: int, relay: bool,
                  bulk: int = 1) -> tuple[float, float, float]:
    """Deliveries/s, and the CPU µs server ``pid`` spent per position in all and in its main thread (the event
    loop), from the moment every console is live and every producer logged in (logins, password checks and
    history are not in them)."""
    def auth(user: str, password: str) -> str:
        return json.dumps({"v": 1, "t": "auth", "id": "a", "user": user, "password": password})

    listen_hello = [auth("d01", DEMO_PASSWORD), json.dumps({"v": 1, "t": "subscribe", "id": "s", "after": 0})] \
        if relay else ["listen"]
    counts = [0] * consoles
    ready, ready_count = asyncio.Event(), [0]
    listeners = [asyncio.create_task(count_deliveries(url, listen_hello, positions, counts, i, ready,
                                                      ready_count, consoles)) for i in range(consoles)]
    await ready.wait()
    frames = producer_frames(positions, bulk)
    share = [frames[k::producers] for k in range(producers)]
    hello = [auth("fieldsim", "fieldsim")] if relay else ["produce"]
    all_in, go, logged_in = asyncio.Event(), asyncio.Event(), [0]
    window = max(1, WINDOW // bulk)  # the same positions in flight
    senders = [asyncio.create_task(produce(url, hello, part, relay, logged_in, producers, all_in, go, window))
               for part in share]
    await all_in.wait()  # logins are not measured
    start, cpu, loop = time.perf_counter(), cpu_s(pid), cpu_s(pid, pid)
    go.set()
    await asyncio.wait_for(asyncio.gather(*senders, *listeners), 300)
    elapsed, cpu, loop = time.perf_counter() - start, cpu_s(pid) - cpu, cpu_s(pid, pid) - loop
    return positions * consoles / elapsed, cpu / positions * 1e6, loop / positions * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--positions", type=int, default=20_000)
    parser.add_argument("--consoles", type=int, default=20)
    parser.add_argument("--producers", type=int, default=4)
    parser.add_argument("--bulk", type=int, default=50, help="fixes per position.batch frame in the second round")
    parser.add_argument("--bulk-positions", type=int, default=100_000, help="positions in the second round")
    parser.add_argument("--postgres", action="store_true", help="the relay writes to a throwaway PostgreSQL")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.postgres:
            cluster = PgCluster(durable=True)
            stack.enter_context(cluster)

            def database(tag: str) -> str:
                return seeded_postgres(cluster, f"throughput_{tag}", workers=200)[0]
        else:
            def database(tag: str) -> str:
                return seeded_sqlite(workers=200)
        for bulk in (1, args.bulk):
            run(args, database(f"b{bulk}"), bulk)


def run(args: argparse.Namespace, db_url: str, bulk: int) -> None:
    """One round: both baselines and the relay, the producers sending frames of ``bulk`` fixes."""
    positions = args.positions if bulk == 1 else args.bulk_positions
    baselines: dict[str, float] = {}
    cpu_us: dict[str, float] = {}  # CPU time the server spent per position (less noisy than rates on a busy machine)
    for name, flags in (("per_frame", []), ("batched", ["--batch"])):
        bare, bare_url = start_child(["bench.bare_broadcast", *flags])
        try:
            baselines[name], cpu_us[name], _ = asyncio.run(
                measure(bare_url, bare.pid, positions, args.consoles, args.producers, False, bulk))
        finally:
            stop_child(bare)
    os.environ["JINGWANG_LIMITS_GATEWAY_COMMANDS_PER_S"] = "1e9"  # measure capacity, not the gateway's rate limit
    # every position must reach every console: no coalescing under pressure (bench.overload measures that)
    os.environ["JINGWANG_LIMITS_QUEUE_BUDGET_MS"] = "3600000"
    relay, relay_url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0"])
    try:
        through_relay, cpu_us["relay"], cpu_us["loop"] = asyncio.run(
            measure(relay_url, relay.pid, positions, args.consoles, args.producers, True, bulk))
        batches = health(relay_url)["batches"]
    finally:
        stop_child(relay)
    ratio = through_relay / baselines["per_frame"]
    ratio_batched = through_relay / baselines["batched"]
    print(f"positions={positions} consoles={args.consoles} producers={args.producers} "
          f"database={db_url.split(':')[0]} fixes_per_frame={bulk}")
    print(f"bare broadcast, frame by frame : {baselines['per_frame']:12,.0f} deliveries/s")
    print(f"bare broadcast, batched        : {baselines['batched']:12,.0f} deliveries/s")
    print(f"relay (validate+commit+ack)    : {through_relay:12,.0f} deliveries/s")
    print(f"ratio vs frame by frame        : {ratio:.2f} (target >= 0.50)")
    print(f"ratio vs batched               : {ratio_batched:.2f}")
    print(f"writer batches                 : {batches} ({positions / max(batches, 1):.0f} positions each)")
    print(f"CPU per position, µs           : relay {cpu_us['relay']:.0f} (event loop {cpu_us['loop']:.0f}, "
          f"other threads {cpu_us['relay'] - cpu_us['loop']:.0f}), bare {cpu_us['per_frame']:.0f}, "
          f"bare batched {cpu_us['batched']:.0f}")
    print(f"RESULT {'' if bulk == 1 else f'fixes_per_frame={bulk} '}relay_deliveries_per_s={through_relay:.0f} "
          f"bare_deliveries_per_s={baselines['per_frame']:.0f} "
          f"bare_batched_deliveries_per_s={baselines['batched']:.0f} ratio={ratio:.3f} "
          f"ratio_vs_batched={ratio_batched:.3f} relay_cpu_us_per_position={cpu_us['relay']:.0f} "
          f"bare_batched_cpu_us_per_position={cpu_us['batched']:.0f}")


if __name__ == "__main__":
    main()
