"""What one client may cost the relay: a login deadline, connection caps, frame and signal rates — and a
resume that delivers every event exactly once on the wire."""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from console.relay.limits import RelayLimits
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay
from tests.integration.test_relay import REPORT


def test_auth_deadline_closes_a_silent_connection(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url, budget=RelayLimits(auth_deadline_s=0.2)) as relay, \
                Recorder(relay.url, "d01") as desk:
            async with connect(relay.url) as silent:
                with pytest.raises(ConnectionClosed) as closed:
                    await asyncio.wait_for(silent.recv(), 10)
            ack = await desk.cmd("incident.report", **REPORT)  # an authenticated one past the deadline lives on
            return closed.value.rcvd, ack, relay.stats["auth_timeouts"]

    close, ack, timeouts = run(scenario())
    assert close.code == 1008 and "登录超时" in close.reason
    assert ack["seq"] == 1 and timeouts == 1


def test_connections_capped_per_address(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url, budget=RelayLimits(max_per_address=2)) as relay:
            async with connect(relay.url), connect(relay.url):
                with pytest.raises(InvalidStatus) as refused:
                    await connect(relay.url)
            async with connect(relay.url) as again:  # room again once one has gone
                pong = await exchange(again, {"v": 1, "t": "ping", "id": "p"})
            return refused.value.response, pong

    response, pong = run(scenario())
    assert response.status_code == 503 and "连接数已达上限" in response.body.decode()
    assert pong["t"] == "pong"


def test_rate_limited_commands_and_signals_cost_only_the_sender(seeded_db):
    db_url, _ = seeded_db
    frozen = [0.0]  # no refill unless the test moves the clock
    budget = RelayLimits(commands_per_s=5, command_burst=5, signals_per_s=3, signal_burst=3)

    async def scenario():
        async with running_relay(db_url, budget=budget, monotonic=lambda: frozen[0]) as relay, \
                Recorder(relay.url, "d02") as bystander:
            async with raw_socket(relay.url, "d01") as ws:
                replies = [await exchange(ws, {"v": 1, "t": "cmd", "id": f"c{i}", "op": "incident.report",
                                               "args": REPORT}) for i in range(8)]
                frozen[0] += 1.0  # a second later the sender may go on
                later = await exchange(ws, {"v": 1, "t": "cmd", "id": "late", "op": "incident.report", "args": REPORT})
                signals = [await exchange(ws, {"v": 1, "t": "signal", "id": f"s{i}", "call": "C000000000000",
                                               "to": "W0001", "kind": "need_offer"}) for i in range(6)]
            other = await bystander.cmd("incident.report", **REPORT)
            return replies, later, signals, other

    replies, later, signals, other = run(scenario())
    # the burst of five, then refusals with a retry_after
    assert [r["t"] for r in replies] == ["ack"] * 5 + ["error"] * 3
    assert all(r["code"] == "E_RATE" and r["retry_after"] > 0 and "过于频繁" in r["zh"] for r in replies[5:])
    assert later["t"] == "ack"
    # signals have their own budget (after the frame budget refilled): three routed (to a call that
    # does not exist: E_NOT_FOUND), then refused for rate
    assert [s["code"] for s in signals] == ["E_NOT_FOUND"] * 3 + ["E_RATE"] * 3
    assert other["seq"] == later["seq"] + 1


def test_resume_exactly_once_on_wire(seeded_db):
    """Resume over and over while a gateway commits positions: no event reaches a connection twice."""
    db_url, demo = seeded_db
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"][:20]

    async def scenario():
        async with running_relay(db_url, max_batch=20) as relay, \
                Recorder(relay.url, "fieldsim", "fieldsim") as gateway:
            stop = asyncio.Event()

            async def stream():
                i = 0
                while not stop.is_set():
                    futures = [gateway.client.send_command("position.report", {
                        "worker": workers[(i + k) % len(workers)], "lng": 120.62, "lat": 31.31,
                        "at": int(time.time() * 1000)}) for k in range(20)]
                    await asyncio.gather(*futures)
                    i += 20

            producer = asyncio.create_task(stream())
            duplicates, resumes, last = 0, 0, 0
            while resumes < 150:
                async with raw_socket(relay.url, "d01") as ws:
                    await ws.send(json.dumps({"v": 1, "t": "subscribe", "id": "sub", "after": last}))
                    seen: list[int] = []
                    while True:
                        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                        if frame["t"] == "events":
                            seen += [e["seq"] for e in frame["events"]]
                        elif frame["t"] == "subscribed":
                            break
                    for _ in range(3):  # the live frames right after ``subscribed`` are where repeats were
                        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
                        seen += [e["seq"] for e in frame.get("events", ())]
                duplicates += len(seen) - len(set(seen)) + sum(1 for s in seen if s <= last)
                assert seen == sorted(seen), "in seq order"
                last = seen[-1] if seen else last
                resumes += 1
            stop.set()
            await producer
            return duplicates, resumes, last

    duplicates, resumes, last = run(scenario(), timeout=120)
    assert resumes == 150 and last > 150
    assert duplicates == 0
