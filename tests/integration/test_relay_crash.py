"""SIGKILL the relay mid-load: every acknowledged event survives, and retries add no duplicates."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

from console.domain.events import ACCOUNT_LOGIN
from console.net.client import RelayClient
from console.store.store import Store
from tests.integration.harness import run, wait_until
from tests.integration.pg import free_port

TOTAL = 3000
T0 = int(time.time() * 1000) - 60_000  # fix times the relay accepts; ``at - T0`` numbers each command


def start_relay(db_url: str, port: int) -> subprocess.Popen:
    # every command is counted below: no coalescing of positions under pressure (tests/integration/test_overload.py)
    env = {**os.environ, "JINGWANG_LIMITS_QUEUE_BUDGET_MS": "3600000"}
    proc = subprocess.Popen([sys.executable, "-m", "console", "--log-level", "WARNING", "relay", "--db", db_url,
                             "--port", str(port), "--public-port", "0"], stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    assert line.startswith("READY "), f"relay did not start: {line!r}"
    return proc


def test_sigkill_mid_load_loses_no_acknowledged_event(seeded_db):
    db_url, demo = seeded_db
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"]
    port = free_port()
    relay = start_relay(db_url, port)
    acked: dict[str, int] = {}

    async def scenario():
        nonlocal relay
        client = RelayClient(f"ws://127.0.0.1:{port}", "fieldsim", "fieldsim", subscribe=False,
                             backoff=(0.05, 0.5))
        client.start()
        await client.wait_live()
        futures = {}
        for i in range(TOTAL):
            key = f"pos-{i}"
            future = client.send_command("position.report", {"worker": workers[i % len(workers)],
                                                             "lng": 120.62, "lat": 31.31, "at": T0 + i}, key=key)
            future.add_done_callback(lambda f, k=key: acked.__setitem__(k, f.result()["seq"]))
            futures[key] = future
            if i == TOTAL // 3:
                await wait_until(lambda: len(acked) > 200, what="some acks before the kill")
                os.kill(relay.pid, signal.SIGKILL)
                relay.wait()
                acked_at_kill = dict(acked)
                relay = await asyncio.to_thread(start_relay, db_url, port)
            if i % 50 == 0:
                await asyncio.sleep(0)  # let acks in while sending
        await asyncio.wait_for(asyncio.gather(*futures.values()), 60)
        await client.close()
        return acked_at_kill

    try:
        acked_at_kill = run(scenario(), timeout=120)
    finally:
        relay.send_signal(signal.SIGTERM)
        relay.wait(10)

    assert 200 < len(acked_at_kill) < TOTAL, "the kill happened mid-load"
    store = Store(db_url)
    logged = store.events_after(0, limit=TOTAL * 2)
    store.dispose()
    logins = [e for e in logged if e.type == ACCOUNT_LOGIN]  # the relay logs each login of the client
    events = [e for e in logged if e.type != ACCOUNT_LOGIN]
    at_by_seq = {e.seq: e.data["at"] for e in events}
    for key, seq in acked_at_kill.items():
        assert at_by_seq.get(seq) == T0 + int(key.split("-")[1]), f"acknowledged {key} (seq {seq}) was lost"
    assert len(acked) == TOTAL
    assert sorted(e.data["at"] - T0 for e in events) == list(range(TOTAL)), "every command applied exactly once"
    assert len(logins) >= 2, "logged in before and after the kill"
    assert [e.seq for e in logged] == list(range(1, TOTAL + len(logins) + 1))


def test_sigterm_shuts_down_cleanly_and_releases_the_database(seeded_db):
    db_url, _ = seeded_db
    port = free_port()
    relay = start_relay(db_url, port)
    relay.send_signal(signal.SIGTERM)
    assert relay.wait(15) == 0
    second = start_relay(db_url, port)  # the writer lock was released
    second.send_signal(signal.SIGTERM)
    assert second.wait(15) == 0


def test_second_relay_on_the_same_database_refuses_to_start(seeded_db):
    db_url, _ = seeded_db
    first = start_relay(db_url, free_port())
    try:
        second = subprocess.run([sys.executable, "-m", "console", "relay", "--db", db_url, "--port", "0"],
                                capture_output=True, text=True, timeout=30)
        assert second.returncode == 1
        assert "lock" in second.stderr.lower()
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(15)
