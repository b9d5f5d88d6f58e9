"""Honest users while one account sends every known poison: do they notice?

    python -m bench.poison [--seconds 20] [--rate 50]

A real relay (child process, SQLite) serves two dispatchers reporting incidents and eight grid
workers reporting positions, ``--rate`` commands a second in all. The baseline phase runs that
alone; the attack phase adds a second child process (``--attack URL``) with one connection per known
poison (console/testing/poisons.py), each sending its frame as fast as the relay answers, plus ten
connections flooding valid commands without waiting for answers.
Prints ``RESULT honest_failed_pct=… honest_p99_ratio=…`` (goals: 0 and ≤ 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from bench.common import percentile, seeded_sqlite, start_child, stop_child
from console.net.client import CommandRefused, RelayClient
from console.services.demo_seed import DEMO_PASSWORD
from console.testing.poisons import REPORT, cmd, known_poisons

DISPATCHERS = ("d01", "d02")
WORKERS = tuple(f"w{i:04d}" for i in range(3, 11))
ATTACKER_DESK, ATTACKER_FIELD = "m01", "w0001"  # the attack's accounts: none of the honest ones
_keys = itertools.count()


class Honest:
    """The honest load: each command's ack latency, and how many were refused."""

    def __init__(self, url: str) -> None:
        self.clients = {name: RelayClient(url, name, DEMO_PASSWORD) for name in (*DISPATCHERS, *WORKERS)}
        self.latencies: list[float] = []
        self.failed = 0
        self.sent = 0

    async def start(self) -> None:
        for client in self.clients.values():
            client.start()
        await asyncio.gather(*(c.wait_live() for c in self.clients.values()))

    async def run(self, seconds: float, rate: float) -> None:
        names = itertools.cycle((*DISPATCHERS, *WORKERS))
        pending = []
        end = time.monotonic() + seconds
        tick = 1 / rate
        next_at = time.monotonic()
        while next_at < end:
            pending.append(asyncio.create_task(self._one(next(names))))
            next_at += tick
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        await asyncio.gather(*pending)

    async def _one(self, name: str) -> None:
        client = self.clients[name]
        if name in DISPATCHERS:
            op, args = "incident.report", dict(REPORT)
        else:
            op, args = "position.report", {"lng": 120.62, "lat": 31.31, "at": int(time.time() * 1000)}
        started = time.perf_counter()
        self.sent += 1
        try:
            await asyncio.wait_for(client.request(op, args), 30)
        except (CommandRefused, TimeoutError):
            self.failed += 1
            return
        self.latencies.append((time.perf_counter() - started) * 1000)

    async def close(self) -> None:
        await asyncio.gather(*(c.close() for c in self.clients.values()))


async def attacker(url: str, account: str, frame: str, stop: asyncio.Event, counts: list[int]) -> None:
    """Send ``frame`` over and over, reading answers as they come (a refusal never ends the attack)."""
    password = "fieldsim" if account == "fieldsim" else DEMO_PASSWORD
    auth = f'{{"v":1,"t":"auth","id":"a","user":"{account}","password":"{password}"}}'
    try:
        async with connect(url, max_size=None, compression=None) as ws:
            await ws.send(auth)
            await ws.recv()
            while not stop.is_set():
                await ws.send(frame)
                await ws.recv()
                counts[0] += 1
    except ConnectionClosed:
        counts[1] += 1


async def flooder(url: str, stop: asyncio.Event, counts: list[int]) -> None:
    """Valid commands as fast as the relay takes them, without waiting for answers."""
    async with connect(url, max_size=None, compression=None) as ws:
        await ws.send(f'{{"v":1,"t":"auth","id":"a","user":"{ATTACKER_DESK}","password":"{DEMO_PASSWORD}"}}')
        await ws.recv()
        reader = asyncio.create_task(_drain(ws))
        while not stop.is_set():
            await ws.send(json.dumps(cmd(f"f{next(_keys)}", "incident.report", **REPORT)))
            counts[0] += 1
            await asyncio.sleep(0)
        reader.cancel()


async def _drain(ws) -> None:
    async for _ in ws:
        pass


async def attack(url: str, seconds: float) -> None:
    """The attacking process: every poison and ten flooders for ``seconds``, then a one-line report."""
    stop, counts = asyncio.Event(), [0, 0]
    poisons = known_poisons("W0002", ATTACKER_DESK, ATTACKER_FIELD)
    tasks = [asyncio.create_task(attacker(url, account, frame, stop, counts)) for account, frame in poisons]
    tasks += [asyncio.create_task(flooder(url, stop, counts)) for _ in range(10)]
    print("connected", flush=True)
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"{counts[0]} frames sent or answered, {counts[1]} connections closed by the relay", flush=True)


async def main(seconds: float, rate: float) -> None:
    url_db = seeded_sqlite(workers=200)
    relay, url = start_child(["console", "--log-level", "ERROR", "relay", "--db", url_db, "--port", "0"])
    honest = Honest(url)
    try:
        await honest.start()
        await honest.run(seconds, rate)
        baseline = sorted(honest.latencies)
        base_failed, base_sent = honest.failed, honest.sent
        honest.latencies, honest.failed, honest.sent = [], 0, 0
        attack = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.poison", "--attack", url, "--seconds", str(seconds + 2),
            stdout=asyncio.subprocess.PIPE)
        await attack.stdout.readline()  # connected
        await honest.run(seconds, rate)
        attack_report = (await attack.stdout.read()).decode().strip()
        await attack.wait()
        attacked = sorted(honest.latencies)
    finally:
        await honest.close()
        stop_child(relay)
    p99_base, p99_attack = percentile(baseline, 99), percentile(attacked, 99)
    print(f"baseline: {base_sent} honest commands, {base_failed} failed, p50 {percentile(baseline, 50):.1f} ms, "
          f"p99 {p99_base:.1f} ms")
    print(f"attack:   {honest.sent} honest commands, {honest.failed} failed, p50 {percentile(attacked, 50):.1f} ms, "
          f"p99 {p99_attack:.1f} ms; attacker: {attack_report}")
    print(f"RESULT honest_failed_pct={100 * honest.failed / max(honest.sent, 1):.2f} "
          f"honest_p99_ratio={p99_attack / p99_base:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=50.0, help="honest commands per second in all")
    parser.add_argument("--attack", metavar="URL", help="run as the attacking process against URL")
    options = parser.parse_args()
    if options.attack:
        asyncio.run(attack(options.attack, options.seconds))
    else:
        asyncio.run(main(options.seconds, options.rate))
