"""Jurisdictions as partitions: several writing relays on one PostgreSQL, one schema (log, seq, lease) each.

A client names its partition in the URL path (``/p/CODE``); a relay that does not write it redirects the client
to the partition's writer; a standby for several partitions takes over whichever writer dies.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from console.cli import main as cli_main
from console.domain.events import INCIDENT_REPORTED, POSITION_REPORTED
from console.net.client import RelayClient
from console.store.partition import in_partition
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until
from tests.integration.pg import PgCluster, PgUnavailable, free_port
from tests.integration.test_failover import ready, start_relay, stop, take_over_and_fence, waiting

pytestmark = pytest.mark.postgres
T0 = int(time.time() * 1000) - 300_000
B_AT = 100_000  # partition B's fixes are stamped from T0 + B_AT: no fix of one can pass for one of the other
KILL_AT = {"a": 200_000, "b": 250_000}  # the kill test's fixes, per partition, from T0 + this (50 s of ms each)


@pytest.fixture(scope="module")
def partitioned(demo_roster):
    """A PostgreSQL cluster with partitions ``a`` (``jingwang db upgrade --partition a``) and ``b``
    (``JINGWANG_DB_PARTITION=b jingwang db seed``), each seeded with the same demo district; yields (base URL,
    {code: partition URL}, demo)."""
    if os.environ.get("JINGWANG_SKIP_PG") == "1":
        pytest.skip("JINGWANG_SKIP_PG=1")
    demo, accounts = demo_roster
    try:
        cluster = PgCluster()
        url = cluster.start()
    except PgUnavailable as exc:
        pytest.skip(str(exc))
    try:
        urls = {code: in_partition(url, code) for code in ("a", "b")}
        assert cli_main(["db", "upgrade", "--db", url, "--partition", "a"]) == 0
        store = Store(urls["a"])
        store.seed(demo.district, demo.workers, accounts)
        store.dispose()
        os.environ["JINGWANG_DB_PARTITION"] = "b"  # the variable every other command takes
        try:
            assert cli_main(["db", "seed", "--db", url, "--seed", "3", "--workers", str(len(demo.workers))]) == 0
        finally:
            del os.environ["JINGWANG_DB_PARTITION"]
        yield url, urls, demo
    finally:
        cluster.stop()


def logged(url: str) -> list:
    store = Store(url)
    try:
        return store.events_after(0, limit=100_000)
    finally:
        store.dispose()


def fix(worker: str, at: int) -> dict:
    return {"worker": worker, "lng": 120.62, "lat": 31.31, "at": at}


def test_partitions_live_in_their_own_schemas(partitioned):
    """Each partition has the whole table set and its own lease row; the public schema holds nothing."""
    url, _urls, _demo = partitioned
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        tables = dict(conn.execute("SELECT table_schema, count(*) FROM information_schema.tables "
                                   "WHERE table_schema IN ('public', 'jw_a', 'jw_b') GROUP BY 1").fetchall())
        accounts = conn.execute("SELECT count(*) FROM jw_b.accounts").fetchone()[0]
    assert tables.get("public") is None and tables["jw_a"] == tables["jw_b"] > 30
    assert accounts > 0


def test_partition_leases_are_their_own_a_takeover_of_one_fences_only_its_old_writer(partitioned):
    """Each partition has its own writer lease: holding a's does not stop anyone taking b's; a's lapsed lease
    taken over fences a's stalled writer (its commit writes nothing) while b's writer renews on."""
    _url, urls, _demo = partitioned
    first_a, second_a, first_b = Store(urls["a"]), Store(urls["a"]), Store(urls["b"])
    try:
        first_a.acquire_writer_lock(lease_ms=300)
        first_b.acquire_writer_lock(lease_ms=60_000)
        take_over_and_fence(first_a, second_a)
        first_b.renew_writer_lock()  # b's writer is untouched
    finally:
        for store in (first_a, second_a, first_b):
            store.dispose()


def test_a_client_of_partition_b_on_relay_a_is_redirected_and_its_command_lands_in_b(partitioned):
    """ws://A/p/b: relay A (writing partition a) sends the client to B's writer, where its command is logged in
    b's log and not in a's; an unknown partition is refused in Chinese."""
    _url, urls, demo = partitioned
    worker = next(w.id for w in demo.workers if w.kind.value == "grid_worker")
    at = T0 + B_AT + 7

    async def scenario() -> tuple:
        async with running_relay(urls["a"]) as relay_a, running_relay(urls["b"]) as relay_b:
            client = RelayClient(f"{relay_a.url}/p/b", "fieldsim", "fieldsim", subscribe=False, backoff=(0.05, 0.3))
            client.start()
            await client.wait_live()
            ack = await client.request("position.report", fix(worker, at), key="redirected-fix")
            went, health = client.url, relay_b.health()
            await client.close()
            unknown = RelayClient(f"{relay_a.url}/p/zz", "fieldsim", "fieldsim", subscribe=False)
            unknown.start()
            await wait_until(lambda: unknown.login_error is not None, what="the unknown partition refused")
            await unknown.close()
            return ack["seq"], went, f"{relay_b.url}/p/b", health, str(unknown.login_error)

    seq, went, b_url, health, refusal = run(scenario())
    assert went == b_url
    assert health["partition"] == "b"
    in_b = {e.seq: e for e in logged(urls["b"])}
    assert in_b[seq].type == POSITION_REPORTED and in_b[seq].data["at"] == at
    assert all(e.data.get("at") != at for e in logged(urls["a"]))
    assert "没有这个辖区分区" in refusal and "zz" in refusal


def test_events_of_one_partition_never_reach_a_client_of_another_partition(partitioned):
    """Desks of partitions a and b (one reached through the other's relay) each receive their own partition's
    incidents and fixes, every one of them, and none of the other's."""
    _url, urls, demo = partitioned
    worker = next(w.id for w in demo.workers if w.kind.value == "grid_worker")
    address = demo.district.addresses[0].code

    async def scenario() -> dict:
        async with running_relay(urls["a"]) as relay_a, running_relay(urls["b"]):
            got = {}
            async with Recorder(relay_a.url, "d02") as desk_a, Recorder(f"{relay_a.url}/p/b", "d02") as desk_b:
                for code, desk in (("a", desk_a), ("b", desk_b)):
                    for i in range(3):
                        await desk.cmd("incident.report", category="200200", address_code=address,
                                       narrative=f"{code}-report-{i}")
                    field = RelayClient(f"{relay_a.url}/p/{code}", "fieldsim", "fieldsim", subscribe=False)
                    field.start()
                    await field.request("position.report", fix(worker, T0 + B_AT * (code == "b") + 500))
                    await field.close()
                heads = {code: max(e.seq for e in logged(urls[code])) for code in ("a", "b")}
                for code, desk in (("a", desk_a), ("b", desk_b)):
                    await wait_until(lambda d=desk, c=code: d.seqs and d.seqs[-1] >= heads[c],
                                     what=f"desk {code} caught up")
                    got[code] = desk.events
            return got

    got = run(scenario())
    for code in ("a", "b"):
        reports = [e.data["narrative"] for e in got[code] if e.type == INCIDENT_REPORTED]
        assert reports == [f"{code}-report-{i}" for i in range(3)]
        fixes = [e.data["at"] for e in got[code] if e.type == POSITION_REPORTED]
        assert fixes == [T0 + B_AT * (code == "b") + 500]


def test_a_relay_refuses_a_partition_that_is_not_there_or_two_partitions_to_write(partitioned):
    """A partition never made by ``db upgrade`` is refused at start with one line (exit 5), a standby's too;
    writing two partitions at once is refused (exit 1)."""
    base, _urls, _demo = partitioned
    runs = [subprocess.run([sys.executable, "-m", "console", "relay", "--db", base, "--port", "0", "--public-port", "0",
                            *extra], capture_output=True, text=True, timeout=60)
            for extra in (["--standby", "--partition", "a", "--partition", "nosuch"],
                          ["--partition", "a", "--partition", "b"])]
    assert [r.returncode for r in runs] == [5, 1]
    assert "数据库为空或未初始化" in runs[0].stderr and "jw_nosuch" in runs[0].stderr
    assert "只有备用中继 (--standby) 可以守候多个分区" in runs[1].stderr
    assert "Traceback" not in runs[0].stderr + runs[1].stderr


def test_partition_owner_killed_under_load_standby_pool_takes_over_other_partition_keeps_acking(partitioned):
    """Relays A and B write partitions a and b; a standby stands by for both. Under load on both, kill -9 A: the
    standby takes a's lease within 5 s while B keeps acknowledging; a second standby for both then takes b when
    B is killed, while a's new writer keeps acknowledging. In each partition every acknowledged fix is in its own
    log once, and the log's seq has no gap."""
    base, urls, demo = partitioned
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"]
    ports = {name: free_port() for name in ("a", "b", "s1", "s2")}
    pool = ("--standby", "--partition", "a", "--partition", "b")
    writers = {code: start_relay(base, ports[code], "--partition", code) for code in ("a", "b")}
    for proc in writers.values():
        ready(proc)
    standbys = [start_relay(base, ports["s1"], *pool)]
    waiting(standbys[0])
    acked: dict[str, dict[int, int]] = {"a": {}, "b": {}}  # partition -> {fix number: seq}
    acked_at: dict[str, list[float]] = {"a": [], "b": []}

    async def load(code: str, stop: asyncio.Event) -> None:
        """Fixes in windows of 20 in flight (a kill catches some unacknowledged: they are sent again)."""
        client = RelayClient(",".join(f"ws://127.0.0.1:{ports[name]}/p/{code}" for name in (code, "s1", "s2")),
                             "fieldsim", "fieldsim", subscribe=False, backoff=(0.05, 0.3))
        client.start()
        n = 0
        while not stop.is_set():
            window = [client.send_command("position.report", fix(workers[i % len(workers)], T0 + KILL_AT[code] + i),
                                          key=f"{code}-{i}") for i in range(n, n + 20)]
            for i, ack in enumerate(await asyncio.wait_for(asyncio.gather(*window), 60), start=n):
                acked[code][i] = ack["seq"]
            acked_at[code].append(time.monotonic())
            n += 20
        await client.close()

    async def kill(code: str, standby: subprocess.Popen, other: str) -> float:
        """kill -9 ``code``'s writer; the standby's takeover time, checking ``other`` acknowledged meanwhile."""
        before = len(acked[code])
        await wait_until(lambda: len(acked[code]) > before + 100, timeout=30, what=f"load on {code}")
        os.kill(writers[code].pid, signal.SIGKILL)
        killed = time.monotonic()
        await asyncio.to_thread(ready, standby)  # READY once it holds the lease
        served = time.monotonic()
        assert any(killed < at < served for at in acked_at[other]), f"{other} stalled while {code} was taken over"
        return served - killed

    async def scenario() -> list[float]:
        stop = asyncio.Event()
        loads = [asyncio.create_task(load(code, stop)) for code in ("a", "b")]
        took = [await kill("a", standbys[0], "b")]
        standbys.append(await asyncio.to_thread(start_relay, base, ports["s2"], *pool))
        await asyncio.to_thread(waiting, standbys[1])
        took.append(await kill("b", standbys[1], "a"))
        after = len(acked["b"])
        await wait_until(lambda: len(acked["b"]) > after + 100, timeout=30, what="b served by the second standby")
        stop.set()
        await asyncio.wait_for(asyncio.gather(*loads), 60)
        return took

    try:
        took = run(scenario(), timeout=150)
    finally:
        stop(*writers.values(), *standbys)
    assert max(took) < 5, f"takeovers took {took} s"
    for code, first_at in ((code, T0 + at) for code, at in KILL_AT.items()):
        log = logged(urls[code])
        assert [e.seq for e in log] == list(range(1, len(log) + 1)), f"partition {code}: one gap-free log"
        numbers = sorted(e.data["at"] - first_at for e in log if e.type == POSITION_REPORTED
                         and 0 <= e.data["at"] - first_at < 50_000)
        assert numbers == sorted(acked[code]), f"partition {code}: every acknowledged fix once, none twice"
        by_seq = {e.seq: e for e in log}
        assert all(by_seq[seq].data["at"] - first_at == i for i, seq in acked[code].items())
    print(f"RESULT partitions takeover_s={took[0]:.2f},{took[1]:.2f}")
