"""Two, then three relays on one PostgreSQL: p99 field → console under load, then ``kill -9`` of the writer.

    python -m bench.cluster [--workers 5000] [--consoles 40] [--seconds 20] [--relays 2 3] [--password-resume]
    python -m bench.cluster --partitions 2 [--workers 5000] [--consoles 40] [--seconds 20]   (bench/partitions.py)

One relay writes; the others are standbys (``jingwang relay --standby``): a standby does not serve until
it holds the writer lease, so every client is given the list ``writer,standby…`` and moves on when its
relay goes. The field gateway reports one position per worker every ``--interval`` seconds stamped with
the wall clock, a desk reports incidents; ``--consoles`` light websocket consoles count events, check
that their seqs have no gap and take the latency of each position as it arrives. After the steady window
the writer is killed (SIGKILL): ``takeover_s`` is until a standby says READY, ``resume_s`` until the last
console is live again on it (consoles log in again with their resume ticket; ``--password-resume``: with
the password, as before tickets), ``lost`` the acknowledged commands the log lacks, ``dup`` those it holds twice.
Commands are never refused for waiting (``JINGWANG_LIMITS_QUEUE_BUDGET_MS`` high), so that an ack always
names the command's own event.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from bench.common import cpu_s, percentile, seeded_postgres
from console.domain.events import INCIDENT_REPORTED, POSITION_REPORTED
from console.net.client import RelayClient
from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT
from console.store.store import Store
from tests.integration.pg import PgCluster, free_port

TICK_S = 0.05
DESK_REPORTS_PER_S = 5
AFTER_TAKEOVER_S = 5.0


class Console:
    """A console that counts: reconnects through the relay list, resumes from the last seq it holds."""

    def __init__(self, urls: list[str], user: str, tickets: bool = True) -> None:
        self.urls, self.user = urls, user
        self.tickets = tickets  # resume with the relay's ticket (else the password every time)
        self.ticket = ""
        self.last: int | None = None
        self.events = self.gaps = 0
        self.latencies: list[float] = []  # ms, positions received while ``measuring``
        self.measuring = False
        self.live = asyncio.Event()
        self.dropped = False  # lost a relay it was live on
        self.resumed_at = 0.0  # monotonic time it was live again after that
        self.relogged_at = 0.0  # … and logged in again (before its history was sent)
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        for attempt in range(10**9):
            try:
                async with connect(self.urls[attempt % len(self.urls)], max_size=None, compression=None,
                                   open_timeout=2) as ws:
                    # a resume ticket after the first login, as the console and the phone page do
                    login = {"ticket": self.ticket} if self.ticket and self.tickets else {"password": DEMO_PASSWORD}
                    await ws.send(json.dumps({"v": 1, "t": "auth", "id": "a", "user": self.user, **login}))
                    reply = json.loads(await ws.recv())
                    self.ticket = reply.get("ticket", "")
                    if reply["t"] != "auth.ok":  # a refused ticket: the password on the next connection
                        continue
                    if self.dropped and not self.relogged_at:
                        self.relogged_at = time.monotonic()
                    await ws.send(json.dumps({"v": 1, "t": "subscribe", "id": "s", "after": self.last}))
                    async for raw in ws:
                        self._frame(json.loads(raw))
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                self.dropped |= self.live.is_set()
                self.live.clear()
                await asyncio.sleep(0.05)  # a client's pause before the next relay in its list

    def _frame(self, frame: dict) -> None:
        kind = frame["t"]
        if kind == "events":
            now_ms = time.time() * 1000
            for e in frame["events"]:
                if self.last is not None and e["seq"] != self.last + 1:
                    self.gaps += 1
                self.last = e["seq"]
                self.events += 1
                if self.measuring and e["type"] == POSITION_REPORTED:
                    self.latencies.append(now_ms - e["data"]["at"])
        elif kind == "snapshot":
            self.last = frame["state"]["seq"]
        elif kind == "ticket":
            self.ticket = frame["ticket"]
        elif kind == "subscribed":
            if self.dropped and not self.resumed_at:
                self.resumed_at = time.monotonic()
            self.live.set()


class Relays:
    """The relay processes: the first writes, the others wait for the lease (``roles``: each relay's own
    arguments instead; those with ``--standby`` wait)."""

    def __init__(self, db_url: str, count: int, roles: list[list[str]] | None = None) -> None:
        self.env = {**os.environ, "JINGWANG_LIMITS_QUEUE_BUDGET_MS": "3600000"}
        roles = roles or [[]] + [["--standby"]] * (count - 1)
        self.ports = [free_port() for _ in roles]
        self.procs = [self._start(db_url, port, role) for port, role in zip(self.ports, roles, strict=True)]
        self.ready_at: list[float] = []
        for proc, role in zip(self.procs, roles, strict=True):
            if "--standby" in role:
                threading.Thread(target=self._wait_ready, args=(proc,), daemon=True).start()

    @property
    def urls(self) -> list[str]:
        return [f"ws://127.0.0.1:{p}" for p in self.ports]

    def _start(self, db_url: str, port: int, role: list[str]) -> subprocess.Popen:
        standby = "--standby" in role
        with tempfile.NamedTemporaryFile("w", prefix=f"relay-{port}-", suffix=".log", delete=False) as log:
            proc = subprocess.Popen([sys.executable, "-m", "console", "--log-level", "WARNING", "relay", "--db",
                                     db_url, "--port", str(port), "--public-port", "0", *role],
                                    stdout=subprocess.PIPE, stderr=log, text=True, env=self.env)
        first = proc.stdout.readline()
        if not first.startswith("STANDBY " if standby else "READY "):
            raise RuntimeError(f"relay did not start: {first!r} (log {log.name})")
        return proc

    def _wait_ready(self, proc: subprocess.Popen) -> None:
        if proc.stdout.readline().startswith("READY "):
            self.ready_at.append(time.monotonic())

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


class Load:
    """The field gateway's positions and a desk's reports, each command with its own key; acks kept."""

    def __init__(self, urls: list[str], workers: list[str], interval: float) -> None:
        joined = ",".join(urls)
        self.field = RelayClient(joined, *GATEWAY_ACCOUNT, subscribe=False, backoff=(0.05, 0.3))
        self.desk = RelayClient(joined, "d01", DEMO_PASSWORD, subscribe=False, backoff=(0.05, 0.3))
        self.workers, self.interval = workers, interval
        self.acked: dict[tuple[str, int | str], int] = {}  # (worker, at) or ("desk", key) -> seq
        self.timed: list[tuple[float, float]] = []  # (sent, acknowledged), monotonic, of every acknowledged command
        self.futures: list[asyncio.Future] = []
        self.stopping = False

    async def start(self, address: str) -> None:
        for client in (self.field, self.desk):
            client.start()
            await client.wait_live(60)
        self._task = asyncio.create_task(self._run(address))

    async def finish(self) -> None:
        self.stopping = True
        await self._task
        await asyncio.wait_for(asyncio.gather(*self.futures), 120)
        await self.field.close()
        await self.desk.close()

    def _send(self, client: RelayClient, op: str, args: dict, ident: tuple) -> None:
        future = client.send_command(op, args, key=f"{ident[0]}-{ident[1]}")
        sent = time.monotonic()
        future.add_done_callback(lambda f: self._acked(ident, f.result()["seq"], sent))
        self.futures.append(future)

    def _acked(self, ident: tuple, seq: int, sent: float) -> None:
        self.acked[ident] = seq
        self.timed.append((sent, time.monotonic()))

    async def _run(self, address: str) -> None:
        per_tick = len(self.workers) * TICK_S / self.interval
        owed, n, tick = 0.0, 0, 0
        started = time.monotonic()
        while not self.stopping:
            owed += per_tick
            at = int(time.time() * 1000)
            while owed >= 1:
                worker = self.workers[n % len(self.workers)]
                self._send(self.field, "position.report", {"worker": worker, "lng": 120.62, "lat": 31.31, "at": at},
                           (worker, at))
                owed, n = owed - 1, n + 1
            if tick % round(1 / TICK_S / DESK_REPORTS_PER_S) == 0:
                key = f"r{tick}"
                self._send(self.desk, "incident.report", {"category": "200200", "address_code": address,
                                                          "narrative": key}, ("desk", key))
            tick += 1
            await asyncio.sleep(max(0.0, started + tick * TICK_S - time.monotonic()))  # the send rate's pace


async def scenario(db_url: str, relays: Relays, demo, args) -> dict:
    urls = relays.urls
    consoles = [Console(urls, "d01" if i % 2 else "d02", not args.password_resume) for i in range(args.consoles)]
    for console in consoles:
        console.start()
    await asyncio.wait_for(asyncio.gather(*(c.live.wait() for c in consoles)), 120)
    load = Load(urls, [w.id for w in demo.workers], args.interval)
    await load.start(demo.district.addresses[0].code)
    await asyncio.sleep(3)  # warm-up: snapshots settled, batches steady (the measurement window's start)
    for console in consoles:
        console.measuring = True
    cpu_before = cpu_s(os.getpid()), cpu_s(relays.procs[0].pid)
    await asyncio.sleep(args.seconds)  # the steady window itself
    cpu = [(cpu_s(pid) - before) / args.seconds
           for pid, before in zip((os.getpid(), relays.procs[0].pid), cpu_before, strict=True)]
    for console in consoles:
        console.measuring = False
    steady = sorted(x for c in consoles for x in c.latencies)
    relays.procs[0].kill()
    killed = time.monotonic()
    while not relays.ready_at:
        await asyncio.sleep(0.05)  # polls a flag the reader thread sets
    takeover_s = relays.ready_at[0] - killed
    while not all(c.resumed_at for c in consoles):
        assert time.monotonic() - killed < 120, "consoles did not resume"
        await asyncio.sleep(0.05)
    resumed = sorted(c.resumed_at - killed for c in consoles)
    relogged = sorted(c.relogged_at - killed for c in consoles)
    await asyncio.sleep(AFTER_TAKEOVER_S)  # load goes on against the new writer
    await load.finish()
    head = max(load.acked.values())
    while not all((c.last or 0) >= head for c in consoles):
        await asyncio.sleep(0.05)
    for console in consoles:
        await console.stop()
    lost, dup = check_log(db_url, load.acked)
    return {"takeover_s": takeover_s, "resume_s": resumed[-1], "resume_p50_s": percentile(resumed, 50),
            "relogged_s": relogged[-1],
            "lost": lost, "dup": dup, "steady": steady,
            "commands": len(load.acked), "gaps": sum(c.gaps for c in consoles),
            "rate": len(steady) / len(consoles) / args.seconds, "cpu": cpu}


def check_log(db_url: str, acked: dict[tuple, int]) -> tuple[int, int]:
    """(acknowledged commands the log lacks or holds under another seq, commands it holds twice)."""
    store = Store(db_url)
    try:
        logged = store.events_after(0, limit=10**8)
    finally:
        store.dispose()
    idents = Counter()
    seq_of = {}
    for e in logged:
        ident = (e.data["worker"], e.data["at"]) if e.type == POSITION_REPORTED else \
            ("desk", e.data["narrative"]) if e.type == INCIDENT_REPORTED else None
        if ident is not None:
            idents[ident] += 1
            seq_of[ident] = e.seq
    lost = sum(1 for ident, seq in acked.items() if seq_of.get(ident) != seq)
    return lost, sum(n - 1 for n in idents.values() if n > 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--consoles", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between two fixes of a worker")
    parser.add_argument("--relays", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--password-resume", action="store_true",
                        help="consoles log in again with the password, not the resume ticket (as before tickets)")
    parser.add_argument("--partitions", type=int, default=0,
                        help="N partitions, each with its writing relay, plus one standby for all (bench.partitions)")
    args = parser.parse_args()
    if args.partitions:
        from bench.partitions import run_partitions

        run_partitions(args)
        return
    cluster = PgCluster(durable=True)
    with cluster:
        for count in args.relays:
            db_url, demo = seeded_postgres(cluster, f"cluster{count}", args.workers)
            relays = Relays(db_url, count)
            try:
                r = asyncio.run(scenario(db_url, relays, demo, args))
            finally:
                relays.stop()
            steady = r["steady"]
            print(f"relays={count} workers={args.workers} consoles={args.consoles}: {r['rate']:.0f} positions/s "
                  f"per console (sent {args.workers / args.interval:.0f}/s), p50={percentile(steady, 50):.1f} ms "
                  f"p99={percentile(steady, 99):.1f} ms, {r['commands']} commands acknowledged, gaps={r['gaps']}, "
                  f"consoles live again: half after {r['resume_p50_s']:.2f} s, all after {r['resume_s']:.2f} s "
                  f"(all logged in after {r['relogged_s']:.2f} s) "
                  f"(load average {os.getloadavg()[0]:.1f}; cores busy in the steady window: bench "
                  f"{r['cpu'][0]:.2f}, writing relay {r['cpu'][1]:.2f})")
            print(f"RESULT relays={count} takeover_s={r['takeover_s']:.2f} lost={r['lost']} dup={r['dup']} "
                  f"p99_ms={percentile(steady, 99):.1f} resume_s={r['resume_s']:.2f}", flush=True)


if __name__ == "__main__":
    main()
