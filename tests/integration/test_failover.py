"""Two relays on one PostgreSQL: a standby takes over a dead writer, and never two write at once.

The writer lease (console/store/lease.py) is a row with an epoch, renewed inside every commit, so it
survives a database restart that drops every session lock: the old holder's commits are fenced.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import psycopg
import pytest

from console.domain.events import ACCOUNT_LOGIN, POSITION_REPORTED
from console.net.client import CommandRefused, RelayClient
from console.services.demo_seed import DEMO_PASSWORD
from console.store.lease import Fenced
from console.store.store import Store, StoreLocked
from tests.integration.harness import run, wait_until
from tests.integration.pg import PgCluster, PgUnavailable, free_port

pytestmark = pytest.mark.postgres
LEASE_MS = 1500
T0 = int(time.time() * 1000) - 60_000


@pytest.fixture
def own_cluster(demo_roster):
    """A PostgreSQL cluster of this test's own (it is crashed and restarted), seeded with the demo district."""
    if os.environ.get("JINGWANG_SKIP_PG") == "1":
        pytest.skip("JINGWANG_SKIP_PG=1")
    demo, accounts = demo_roster
    try:
        cluster = PgCluster(durable=True)  # an acknowledged commit must survive its crash
        url = cluster.start()
    except PgUnavailable as exc:
        pytest.skip(str(exc))
    try:
        store = Store(url)
        store.upgrade()
        store.seed(demo.district, demo.workers, accounts)
        store.dispose()
        yield cluster, url, demo
    finally:
        cluster.stop()


def start_relay(db_url: str, port: int, *extra: str) -> subprocess.Popen:
    """A relay child process; its log goes to a file (a pipe nobody reads would block it once full)."""
    # counting every fix: no coalescing of one worker's fixes under pressure (see test_relay_crash)
    env = {**os.environ, "JINGWANG_RELAY_LEASE_MS": str(LEASE_MS), "JINGWANG_LIMITS_QUEUE_BUDGET_MS": "3600000"}
    with tempfile.NamedTemporaryFile("w+", prefix=f"relay-{port}-", suffix=".log", delete=False) as log:
        proc = subprocess.Popen([sys.executable, "-m", "console", "--log-level", "WARNING", "relay", "--db", db_url,
                                 "--port", str(port), "--public-port", "0", *extra],
                                stdout=subprocess.PIPE, stderr=log, text=True, env=env)
    proc.log = log.name
    return proc


def log_of(proc: subprocess.Popen) -> str:
    with open(proc.log, encoding="utf-8", errors="replace") as f:
        return f.read()[-3000:]


def ready(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline()
    if line.startswith("STANDBY "):  # a standby: started, waiting for the lease
        line = proc.stdout.readline()
    assert line.startswith("READY "), f"relay did not start: {line!r} {log_of(proc)}"
    return line.split()[1]


def waiting(proc: subprocess.Popen) -> None:
    """Block until a standby has started and waits for the lease."""
    line = proc.stdout.readline()
    assert line.startswith("STANDBY "), f"standby did not start: {line!r}"


def printed_ready(proc: subprocess.Popen) -> bool:
    """Whether ``proc`` has announced READY (without waiting for it)."""
    readable, _, _ = select.select([proc.stdout], [], [], 0)
    return bool(readable) and proc.stdout.readline().startswith("READY ")


def lease_epoch(url: str) -> int:
    """How many times the writer lease has been taken (1: only by the first relay)."""
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        return conn.execute("SELECT epoch FROM writer_lease WHERE part = 'main'").fetchone()[0]


def take_over_and_fence(stalled: Store, taker: Store) -> None:
    """``taker`` is refused ``stalled``'s lease (300 ms) while it lives, takes it once it lapsed (``stalled``
    renews nothing), and ``stalled``'s next renewal is fenced, writing nothing."""
    with pytest.raises(StoreLocked, match="writer lock"):
        taker.acquire_writer_lock(lease_ms=300)
    deadline = time.monotonic() + 5
    while True:
        try:
            taker.acquire_writer_lock(lease_ms=300)
            break
        except StoreLocked:
            assert time.monotonic() < deadline, "the lapsed lease was never taken over"
    head = stalled.head()
    with pytest.raises(Fenced):
        stalled.renew_writer_lock()
    assert stalled.head() == head


def stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_lease_fences_the_old_writer_after_a_takeover(own_cluster):
    """A lease lapsed (its holder stalled) is taken over; the stalled holder's next commit writes nothing."""
    _cluster, url, _demo = own_cluster
    first, second = Store(url), Store(url)
    try:
        first.acquire_writer_lock(lease_ms=300)
        take_over_and_fence(first, second)
    finally:
        first.dispose()
        second.dispose()


def test_standby_takes_over_a_killed_writer_and_clients_resume(own_cluster):
    """kill -9 the writing relay mid-load: the standby serves within 5 s, nothing acked is lost or doubled."""
    _cluster, url, demo = own_cluster
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"]
    port_a, port_b = free_port(), free_port()
    primary = start_relay(url, port_a)
    ready(primary)
    standby = start_relay(url, port_b, "--standby")
    acked: dict[str, int] = {}
    total = 1500

    async def scenario() -> float:
        client = RelayClient(f"ws://127.0.0.1:{port_a},ws://127.0.0.1:{port_b}", "fieldsim", "fieldsim",
                             subscribe=False, backoff=(0.05, 0.3))
        client.start()
        await client.wait_live()
        futures = []
        takeover_s = 0.0
        for i in range(total):
            key = f"pos-{i}"
            future = client.send_command("position.report", {"worker": workers[i % len(workers)],
                                                             "lng": 120.62, "lat": 31.31, "at": T0 + i}, key=key)
            future.add_done_callback(lambda f, k=key: acked.__setitem__(k, f.result()["seq"]))
            futures.append(future)
            if i == total // 3:
                await wait_until(lambda: len(acked) > 100, what="acks before the kill")
                os.kill(primary.pid, signal.SIGKILL)
                killed = time.monotonic()
                await asyncio.to_thread(ready, standby)  # STANDBY, then READY once it holds the lease
                takeover_s = time.monotonic() - killed
            if i % 50 == 0:
                await asyncio.sleep(0)
        await asyncio.wait_for(asyncio.gather(*futures), 60)
        await client.close()
        return takeover_s

    try:
        takeover_s = run(scenario(), timeout=120)
    finally:
        stop(primary, standby)
    assert takeover_s < 5, f"standby took {takeover_s:.1f} s"
    store = Store(url)
    try:
        logged = store.events_after(0, limit=total * 2)
    finally:
        store.dispose()
    fixes = [e for e in logged if e.type == POSITION_REPORTED]
    assert len(acked) == total
    assert sorted(e.data["at"] - T0 for e in fixes) == list(range(total)), "every command applied exactly once"
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1)), "one gap-free log"
    assert len([e for e in logged if e.type == ACCOUNT_LOGIN]) >= 2


def test_a_standby_sends_clients_to_the_writer_and_serves_on_its_port_once_it_writes(own_cluster):
    """Any relay's address will do: a client given only the standby's is redirected to the writer (the URL in
    its lease), the standby's /healthz names the writer; after kill -9 of the writer the standby serves there."""
    _cluster, url, demo = own_cluster
    worker = next(w.id for w in demo.workers if w.kind.value == "grid_worker")
    port_a, port_b = free_port(), free_port()
    writer_url, standby_url = f"ws://127.0.0.1:{port_a}", f"ws://127.0.0.1:{port_b}"
    primary = start_relay(url, port_a)
    ready(primary)
    standby = start_relay(url, port_b, "--standby")
    waiting(standby)

    async def scenario() -> tuple[dict, list[str], list[str], int, int]:
        health = await _until_listening(port_b)
        client = RelayClient(standby_url, "fieldsim", "fieldsim", subscribe=False, backoff=(0.05, 0.3))
        client.start()
        await client.wait_live()
        went = [client.url]
        first = await client.send_command("position.report", {"worker": worker, "lng": 120.62, "lat": 31.31,
                                                               "at": T0})
        os.kill(primary.pid, signal.SIGKILL)
        await asyncio.to_thread(ready, standby)
        second = await asyncio.wait_for(client.send_command(
            "position.report", {"worker": worker, "lng": 120.62, "lat": 31.31, "at": T0 + 1}), 30)
        went.append(client.url)
        urls = list(client.urls)
        await client.close()
        return health, went, urls, first["seq"], second["seq"]

    try:
        health, went, urls, first, second = run(scenario(), timeout=90)
    finally:
        stop(primary, standby)
    assert health == {"status": "standby", "writer": writer_url}
    assert went == [writer_url, standby_url], "redirected to the writer, then back to the standby that took over"
    assert urls == [standby_url, writer_url]
    assert second > first


async def _until_listening(port: int, timeout: float = 20.0) -> dict:
    """The /healthz answer of a relay at ``port`` once it listens."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await asyncio.to_thread(_health, port)
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.05)


def test_pg_restart_under_two_relays_no_split_brain(own_cluster):
    """PostgreSQL crashes and comes back while a relay writes and a standby waits: afterwards exactly one
    of them writes (the other is fenced and exits 7, or still waits), and the log has no gap or twin."""
    cluster, url, demo = own_cluster
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"]
    port_a, port_b = free_port(), free_port()
    primary = start_relay(url, port_a)
    ready(primary)
    standby = start_relay(url, port_b, "--standby")
    waiting(standby)
    acked: dict[str, int] = {}

    async def send(client: RelayClient, start: int, count: int) -> None:
        futures = []
        for i in range(start, start + count):
            future = client.send_command("position.report", {"worker": workers[i % len(workers)], "lng": 120.62,
                                                             "lat": 31.31, "at": T0 + i}, key=f"pos-{i}")
            future.add_done_callback(lambda f, k=f"pos-{i}": acked.__setitem__(k, f.result()["seq"]))
            futures.append(future)
        await asyncio.wait_for(asyncio.gather(*futures), 60)

    async def scenario() -> None:
        client = RelayClient(f"ws://127.0.0.1:{port_a},ws://127.0.0.1:{port_b}", "fieldsim", "fieldsim",
                             subscribe=False, backoff=(0.05, 0.3))
        client.start()
        await client.wait_live()
        await send(client, 0, 200)
        await asyncio.to_thread(cluster.crash)
        # the outage lasts longer than the lease (the scenario, not a wait for something to happen): once the
        # database is back, the standby may find the lease lapsed and take it
        await asyncio.sleep(LEASE_MS / 1000 + 0.5)
        await asyncio.to_thread(cluster.restart)
        await send(client, 200, 200)  # acknowledged by whichever relay writes now
        await client.close()

    try:
        run(scenario(), timeout=120)
        if lease_epoch(url) == 1:  # the primary kept its lease: the standby still waits
            assert primary.poll() is None and standby.poll() is None, log_of(standby)
            assert not printed_ready(standby)
        else:  # the standby took it over: the primary is fenced and stops
            assert primary.wait(15) == 7, log_of(primary)
            assert standby.poll() is None and printed_ready(standby)
    finally:
        stop(primary, standby)
    store = Store(url)
    try:
        logged = store.events_after(0, limit=2000)
    finally:
        store.dispose()
    fixes = sorted(e.data["at"] - T0 for e in logged if e.type == POSITION_REPORTED)
    assert len(acked) == 400 and fixes == list(range(400)), "every acknowledged fix once, none twice"
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1))


def _health(port: int) -> dict:
    """The relay's /healthz answer (503 while degraded still carries the JSON)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as err:
        return json.loads(err.read())


def _accepts_connections(cluster: PgCluster) -> bool:
    try:
        psycopg.connect(cluster.admin_url(), connect_timeout=2).close()
    except psycopg.OperationalError:
        return False
    return True


def test_pg_restart_under_load(own_cluster):
    """PostgreSQL stops (immediate) under steady load and starts again: /healthz says so meanwhile, the relay
    acknowledges again within 2 s of the server accepting connections, every acknowledged command is in the
    log once, the log and the console's stream have no gap, the relay logs one line per change of state and
    no traceback, and SIGTERM afterwards stops it within 5 s."""
    cluster, url, demo = own_cluster
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"]
    address = demo.district.addresses[0].code
    port = free_port()
    relay = start_relay(url, port)
    ready(relay)
    acked: dict[str, tuple[int, float]] = {}  # idempotency key -> (seq, when the ack arrived)
    seen: list[int] = []  # seqs the console received

    async def keep_sending(client: RelayClient, name: str, stop: asyncio.Event, op: str, args) -> None:
        """One command at a time; a command refused with E_STORE (the database is down) is sent again with
        the same key, as a client whose command was not acknowledged does."""
        for i in itertools.count():
            if stop.is_set():
                return
            key = f"{name}-{i}"
            while True:
                try:
                    ack = await client.request(op, args(i, key), key=key)
                    break
                except CommandRefused as err:
                    assert err.code == "E_STORE", err
                    await asyncio.sleep(0.02)  # a client's pause before it tries again, not a synchronisation
            acked[key] = (ack["seq"], time.monotonic())

    async def scenario() -> dict:
        relay_url = f"ws://127.0.0.1:{port}"
        field = RelayClient(relay_url, "fieldsim", "fieldsim", subscribe=False)
        desk = RelayClient(relay_url, "d01", DEMO_PASSWORD, subscribe=False)
        console = RelayClient(relay_url, "d02", DEMO_PASSWORD, on_events=lambda es: seen.extend(e.seq for e in es))
        for client in (field, desk, console):
            client.start()
            await client.wait_live()
        stop = asyncio.Event()
        senders = [asyncio.create_task(keep_sending(
            field, f"pos{n}", stop, "position.report",
            lambda i, key, n=n: {"worker": workers[(i + n) % len(workers)], "lng": 120.62, "lat": 31.31,
                                 "at": T0 + n * 20_000 + i})) for n in range(3)]
        senders.append(asyncio.create_task(keep_sending(
            desk, "inc", stop, "incident.report",
            lambda i, key: {"category": "200200", "address_code": address, "narrative": key})))
        await wait_until(lambda: len(acked) > 200, timeout=30, what="steady load acknowledged")
        await asyncio.to_thread(cluster.crash)
        down_at = time.monotonic()
        health = await asyncio.to_thread(_health, port)
        while health["store"] == "ok":
            assert time.monotonic() - down_at < 10, f"/healthz never reported the outage: {health}"
            health = await asyncio.to_thread(_health, port)
        # the outage outlasts the writer lease (the scenario, not a wait for something to happen): with no
        # standby to take it, the relay keeps writing under its own epoch once the server is back
        await asyncio.sleep(LEASE_MS / 1000 + 0.5)
        await asyncio.to_thread(cluster.restart)
        while not await asyncio.to_thread(_accepts_connections, cluster):
            pass
        up_at = time.monotonic()
        outage_s = up_at - down_at
        await wait_until(lambda: any(at > up_at for _, at in acked.values()), timeout=10,
                         what="an acknowledgement after the restart")
        recovered_s = min(at for _, at in acked.values() if at > up_at) - up_at
        before = len(acked)
        await wait_until(lambda: len(acked) > before + 200, timeout=30, what="steady load again")
        stop.set()
        await asyncio.wait_for(asyncio.gather(*senders), 30)
        head = max(seq for seq, _ in acked.values())
        await wait_until(lambda: seen and seen[-1] >= head, timeout=10, what="the console caught up")
        healthy = await asyncio.to_thread(_health, port)
        for client in (field, desk, console):
            await client.close()
        return {"down": health, "recovered_s": recovered_s, "healthy": healthy, "outage_s": outage_s}

    try:
        result = run(scenario(), timeout=180)
        relay.send_signal(signal.SIGTERM)
        asked = time.monotonic()
        code = relay.wait(15)
        exit_s = time.monotonic() - asked
    finally:
        stop(relay)
    log = log_of(relay)
    print(f"RESULT pg_restart outage_s={result['outage_s']:.2f} recovered_s={result['recovered_s']:.2f} "
          f"exit_s={exit_s:.2f} acked={len(acked)}")
    assert result["down"]["status"] == "degraded" and result["down"]["store"] == "unavailable"
    assert result["healthy"]["status"] == "ok", result["healthy"]
    assert result["recovered_s"] < 2, f"acknowledged again {result['recovered_s']:.2f} s after PostgreSQL was back"
    assert code == 0 and exit_s < 5, f"SIGTERM: exit {code} after {exit_s:.1f} s"
    assert log.count("Traceback") == 0, log
    assert log.count("database unavailable") == 1 and log.count("database reachable again") == 1, log
    store = Store(url)
    try:
        logged = {e.seq: e for e in store.events_after(0, limit=100_000)}
    finally:
        store.dispose()
    assert sorted(logged) == list(range(1, len(logged) + 1)), "one gap-free log"
    for key, (seq, _) in acked.items():
        event = logged[seq]
        assert event.data.get("narrative") == key if key.startswith("inc") else event.type == POSITION_REPORTED
    fixes = [e.data["at"] for e in logged.values() if e.type == POSITION_REPORTED]
    reports = [e.data["narrative"] for e in logged.values() if e.type == "incident.reported"]
    assert len(fixes) == len(set(fixes)) and len(reports) == len(set(reports)), "nothing applied twice"
    assert len(fixes) + len(reports) == len(acked), "every acknowledged command once, nothing else"
    assert seen == list(range(seen[0], seen[-1] + 1)) and seen[-1] >= max(s for s, _ in acked.values()), \
        "the console's stream has no gap"
