"""Jurisdictions as partitions: several writing relays on one PostgreSQL, one schema (log, seq, lease) each.

A client names its partition in the URL path (``/p/CODE``); a relay that does not write it redirects the client
to the partition's writer; a standby for several partitions takes over whichever writer dies.
"""

from __future__ import annotations

import asyncio
import os
import signal
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
from tests.integration.test_failover import ready, start_relay, stop, waiting

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


def test_partition_owner_killed_under_load_standby_pool_takes_over_other_partition_keeps_acking(partitioned):
    """Relays A and B write partitions a and b, one standby stands by for both. kill -9 A under load on both:
    the standby takes a's lease within 5 s and serves it while B keeps acknowledging; every acknowledged fix of
    each partition is in its own log once, and each log's seq has no gap."""
    base, urls, demo = partitioned
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"]
    port_a, port_b, port_s = free_port(), free_port(), free_port()
    relay_a = start_relay(base, port_a, "--partition", "a")
    relay_b = start_relay(base, port_b, "--partition", "b")
    ready(relay_a)
    ready(relay_b)
    standby = start_relay(base, port_s, "--standby", "--partition", "a", "--partition", "b")
    waiting(standby)
    total = 900
    acked: dict[str, dict[str, int]] = {"a": {}, "b": {}}
    b_acked_at: list[float] = []

    async def keep_b(client: RelayClient, done: asyncio.Event) -> None:
        """Partition b's load: one fix at a time until a's load is through."""
        i = 0
        while not done.is_set():
            key = f"b-{i}"
            ack = await client.request("position.report", fix(workers[i % len(workers)], T0 + KILL_AT["b"] + i),
                                       key=key)
            acked["b"][key] = ack["seq"]
            b_acked_at.append(time.monotonic())
            i += 1

    async def scenario() -> tuple[float, float, float]:
        field_a = RelayClient(f"ws://127.0.0.1:{port_a}/p/a,ws://127.0.0.1:{port_s}/p/a", "fieldsim", "fieldsim",
                              subscribe=False, backoff=(0.05, 0.3))
        field_b = RelayClient(f"ws://127.0.0.1:{port_b}/p/b,ws://127.0.0.1:{port_s}/p/b", "fieldsim", "fieldsim",
                              subscribe=False, backoff=(0.05, 0.3))
        for client in (field_a, field_b):
            client.start()
            await client.wait_live()
        done = asyncio.Event()
        b_load = asyncio.create_task(keep_b(field_b, done))
        futures = []
        killed = served = 0.0
        for i in range(total):
            key = f"a-{i}"
            future = field_a.send_command("position.report", fix(workers[i % len(workers)], T0 + KILL_AT["a"] + i),
                                          key=key)
            future.add_done_callback(lambda f, k=key: acked["a"].__setitem__(k, f.result()["seq"]))
            futures.append(future)
            if i == total // 3:
                await wait_until(lambda: len(acked["a"]) > 100, what="acks before the kill")
                os.kill(relay_a.pid, signal.SIGKILL)
                killed = time.monotonic()
                await asyncio.to_thread(ready, standby)  # READY once it holds a's lease
                served = time.monotonic()
            if i % 50 == 0:
                await asyncio.sleep(0)
        await asyncio.wait_for(asyncio.gather(*futures), 60)
        done.set()
        await asyncio.wait_for(b_load, 30)
        for client in (field_a, field_b):
            await client.close()
        return killed, served, served - killed

    try:
        killed, served, takeover_s = run(scenario(), timeout=150)
    finally:
        stop(relay_a, relay_b, standby)
    assert takeover_s < 5, f"the standby took {takeover_s:.1f} s"
    during = [at for at in b_acked_at if killed < at < served]
    assert during, "partition b acknowledged nothing while a's writer was being replaced"
    for code, first_at in ((code, T0 + at) for code, at in KILL_AT.items()):
        log = logged(urls[code])
        assert [e.seq for e in log] == list(range(1, len(log) + 1)), f"partition {code}: one gap-free log"
        keys = acked[code]
        fixes = sorted(e.data["at"] - first_at for e in log if e.type == POSITION_REPORTED
                       and 0 <= e.data["at"] - first_at < 50_000)
        assert fixes == list(range(len(keys))), f"partition {code}: every acknowledged fix once, none twice"
        by_seq = {e.seq: e for e in log}
        assert all(by_seq[seq].data["at"] - first_at == int(key.split("-")[1]) for key, seq in keys.items())
    print(f"RESULT partitions takeover_s={takeover_s:.2f} b_acks_during_takeover={len(during)}")
