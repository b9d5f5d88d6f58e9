"""The relay end to end over real sockets and a real database (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from console.domain import events as ev
from console.net.client import CommandRefused
from console.relay.limits import RelayLimits
from console.store.store import Store
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay, wait_until

REPORT = {"category": "200200", "priority": 2, "lng": 120.62, "lat": 31.31, "narrative": "邻里纠纷",
          "caller": "13900000000"}


def head(db_url: str) -> int:
    store = Store(db_url)
    try:
        return store.head()
    finally:
        store.dispose()


def test_full_lifecycle_two_consoles_and_a_worker(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d1, \
                Recorder(relay.url, "d02") as d2, Recorder(relay.url, "w0001") as worker:
            wid = worker.client.account["worker"]
            ack = await d1.cmd("incident.report", **REPORT)
            await wait_until(lambda: d1.of_type(ev.INCIDENT_REPORTED), what="report event")
            incident = d1.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            assert ack["seq"] == d1.of_type(ev.INCIDENT_REPORTED)[0].seq
            await d1.cmd("incident.accept", incident=incident)
            await d1.cmd("incident.dispatch", incident=incident, worker=wid)
            await worker.cmd("incident.sign", incident=incident)
            await worker.cmd("incident.arrive", incident=incident)
            await worker.cmd("incident.feedback", incident=incident, note="已调解")
            await d2.cmd("incident.verify", incident=incident)
            last = await d2.cmd("incident.close", incident=incident, outcome="handled", note="办结")
            await wait_until(lambda: d1.seqs and d1.seqs[-1] == last["seq"], what="close on d1")
            await wait_until(lambda: d2.seqs and d2.seqs[-1] == last["seq"], what="close on d2")
            assert d1.seqs == d2.seqs
            assert [e.type for e in d1.events] == [
                ev.INCIDENT_REPORTED, ev.INCIDENT_ACCEPTED, ev.INCIDENT_DISPATCHED, ev.INCIDENT_SIGNED,
                ev.INCIDENT_ARRIVED, ev.INCIDENT_FEEDBACK, ev.INCIDENT_VERIFYING, ev.INCIDENT_CLOSED]
            # the worker sees its own order from dispatch on, not the other desks' business
            await wait_until(lambda: worker.of_type(ev.INCIDENT_FEEDBACK), what="worker's own feedback")
            assert worker.events[0].type == ev.INCIDENT_DISPATCHED
            return last["seq"]

    last_seq = run(scenario())
    state = Store(db_url).load_state()
    assert state.seq == last_seq
    assert [i.status.value for i in state.incidents.values()] == ["closed"]


def test_resume_after_disconnect_gets_every_missed_event_once(seeded_db):
    db_url, demo = seeded_db
    worker_ids = [w.id for w in demo.workers if w.kind.value == "grid_worker"][:5]

    async def scenario():
        # every fix is counted: no coalescing under pressure (tests/integration/test_overload.py)
        async with running_relay(db_url, budget=RelayLimits(queue_budget_ms=3_600_000)) as relay, \
                Recorder(relay.url, "d01") as watcher, Recorder(relay.url, "fieldsim", "fieldsim") as gateway:
            for i in range(50):
                await gateway.cmd("position.report", worker=worker_ids[i % 5], lng=120.62, lat=31.31 + i * 1e-5)
            await wait_until(lambda: len(watcher.events) == 50, what="first 50")
            watcher.client.drop_connection()
            sent = [gateway.client.send_command("position.report", {"worker": worker_ids[i % 5], "lng": 120.63,
                                                                    "lat": 31.31}) for i in range(300)]
            for future in sent:
                await future
            await wait_until(lambda: len(watcher.events) >= 350, what="missed events after resume")
            assert watcher.client.reconnects >= 1
            assert len(watcher.snapshots) == 1, "resume must not fall back to a snapshot"
            return watcher.seqs, gateway

    seqs, _ = run(scenario())
    assert seqs == list(range(seqs[0], seqs[0] + 350)), "in order, no gaps, no duplicates"


def test_duplicate_idempotency_key_applies_once(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d1:
            first = await d1.client.request("incident.report", REPORT, key="intake-42")
            d1.client._outbox.clear()  # forget it locally, as a restarted console would
            again = await d1.client.request("incident.report", REPORT, key="intake-42")
            return first, again, relay.writer.state.seq

    first, again, seq_after = run(scenario())
    assert first["duplicate"] is False and again["duplicate"] is True
    assert again["seq"] == first["seq"] == seq_after
    assert head(db_url) == first["seq"]


def test_concurrent_accepts_one_wins_other_gets_conflict_with_fresh_state(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d1, \
                Recorder(relay.url, "d02") as d2:
            await d1.cmd("incident.report", **REPORT)
            await wait_until(lambda: d1.events and d2.events, what="report on both desks")
            reported = d1.events[0]
            version = reported.seq
            f1 = d1.client.send_command("incident.accept", {"incident": reported.data["incident"],
                                                            "version": version})
            f2 = d2.client.send_command("incident.accept", {"incident": reported.data["incident"],
                                                            "version": version})
            results = []
            for future in (f1, f2):
                try:
                    results.append(await future)
                except CommandRefused as err:
                    results.append(err.error)
            return results, relay.writer.state.seq

    results, seq = run(scenario())
    acks = [r for r in results if r["t"] == "ack"]
    errors = [r for r in results if r["t"] == "error"]
    assert len(acks) == 1 and len(errors) == 1
    assert errors[0]["code"] == "E_CONFLICT"
    assert errors[0]["incident"]["status"] == "accepted", "the loser gets the fresh state"
    assert seq == acks[0]["seq"]


BAD_FRAMES = [
    ("not json", "{oops", "E_MALFORMED"),
    ("not an object", "[1,2]", "E_MALFORMED"),
    ("wrong version", {"v": 9, "t": "ping", "id": "x"}, "E_VERSION"),
    ("unknown type", {"v": 1, "t": "teleport", "id": "x"}, "E_UNKNOWN_TYPE"),
    ("unknown op", {"v": 1, "t": "cmd", "id": "x", "op": "incident.delete", "args": {}}, "E_UNKNOWN_TYPE"),
    ("wrong field type", {"v": 1, "t": "cmd", "id": "x", "op": "incident.report",
                          "args": {**REPORT, "lng": "east"}}, "E_FIELD"),
    ("out of range", {"v": 1, "t": "cmd", "id": "x", "op": "incident.report",
                      "args": {**REPORT, "lat": 91}}, "E_FIELD"),
    ("unknown field", {"v": 1, "t": "cmd", "id": "x", "op": "incident.accept",
                       "args": {"incident": "a", "sql": "drop"}}, "E_FIELD"),
    ("oversized", {"v": 1, "t": "cmd", "id": "x", "op": "incident.report",
                   "args": {**REPORT, "narrative": "长" * 30000}}, "E_TOO_LARGE"),
    ("forbidden op", {"v": 1, "t": "cmd", "id": "x", "op": "position.report",
                      "args": {"lng": 120.6, "lat": 31.3}}, "E_FORBIDDEN"),
    ("illegal transition", {"v": 1, "t": "cmd", "id": "x", "op": "incident.close",
                            "args": {"incident": "JQ0", "outcome": "handled", "note": "办结"}}, "E_NOT_FOUND"),
]


@pytest.mark.parametrize(("name", "frame", "code"), BAD_FRAMES, ids=[b[0] for b in BAD_FRAMES])
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(seeded_db, name, frame, code):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d02") as bystander:
            before = relay.writer.state.seq
            async with raw_socket(relay.url, "d01") as ws:
                reply = await exchange(ws, frame)
                assert reply["t"] == "error" and reply["code"] == code, reply
                assert reply["zh"] and reply["en"]
                # the same connection still works, and so does everyone else's
                pong = await exchange(ws, {"v": 1, "t": "ping", "id": "p"})
                assert pong["t"] == "pong" and pong["head"] == before
                ack = await exchange(ws, {"v": 1, "t": "cmd", "id": "ok1", "op": "incident.report", "args": REPORT})
                assert ack["t"] == "ack"
            await wait_until(lambda: bystander.events, what="bystander still served")
            return before, ack["seq"]

    before, seq = run(scenario())
    assert seq == before + 1, "the refused frame wrote nothing"


def test_commands_before_auth_and_wrong_password_are_refused(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, raw_socket(relay.url) as ws:
            early = await exchange(ws, {"v": 1, "t": "cmd", "id": "c", "op": "incident.report", "args": REPORT})
            wrong = await exchange(ws, {"v": 1, "t": "auth", "id": "a", "user": "d01", "password": "nope"})
            right = await exchange(ws, {"v": 1, "t": "auth", "id": "b", "user": "d01", "password": "jingwang"})
            return early, wrong, right, relay.writer.state.seq

    early, wrong, right, seq = run(scenario())
    assert early["code"] == "E_AUTH_REQUIRED"
    assert wrong["code"] == "E_AUTH_FAILED"
    assert right["t"] == "auth.ok" and right["role"] == "dispatcher"
    assert seq == 0


def test_grid_worker_cannot_act_on_someone_elses_order(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d1, \
                Recorder(relay.url, "w0001") as w1, Recorder(relay.url, "w0002") as w2:
            await d1.cmd("incident.report", **REPORT)
            await wait_until(lambda: d1.events)
            incident = d1.events[0].data["incident"]
            await d1.cmd("incident.accept", incident=incident)
            await d1.cmd("incident.dispatch", incident=incident, worker=w1.client.account["worker"])
            outcomes = []
            for attempt in (w2.cmd("incident.sign", incident=incident),
                            w2.cmd("incident.sign", incident=incident, worker=w1.client.account["worker"]),
                            w1.cmd("incident.accept", incident=incident)):
                try:
                    await attempt
                    outcomes.append("ack")
                except CommandRefused as err:
                    outcomes.append(err.code)
            return outcomes

    assert run(scenario()) == ["E_FORBIDDEN", "E_FORBIDDEN", "E_FORBIDDEN"]


def test_healthz_answers_with_head_and_connections(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d1, \
                Recorder(relay.url, "w0001"):
            await d1.cmd("incident.report", **REPORT)
            url = relay.url.replace("ws://", "http://") + "/healthz"
            import asyncio

            body = await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=5).read())
            return json.loads(body)

    health = run(scenario())
    assert health["status"] == "ok" and health["head"] == 1 and health["connections"] == 2
    assert health["desks"] == 1  # the dispatcher's console, not the grid worker's phone


def test_fan_out_to_many_consoles_same_events_same_order(seeded_db):
    db_url, demo = seeded_db
    worker = next(w.id for w in demo.workers if w.kind.value == "grid_worker")

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "fieldsim", "fieldsim") as gateway:
            consoles = [Recorder(relay.url, "d01" if i % 2 else "d02") for i in range(25)]
            for console in consoles:
                await console.__aenter__()
            start = int(time.time() * 1000) - 400
            futures = [gateway.client.send_command("position.report", {"worker": worker, "lng": 120.62,
                                                                       "lat": 31.31, "at": start + i})
                       for i in range(400)]
            acks = [await f for f in futures]
            await wait_until(lambda: all(len(c.events) == 400 for c in consoles), what="all consoles have all")
            for console in consoles:
                await console.__aexit__()
            return [c.seqs for c in consoles], sorted(a["seq"] for a in acks)

    seqs_per_console, acked = run(scenario())
    assert all(seqs == acked for seqs in seqs_per_console)
    assert acked == list(range(acked[0], acked[0] + 400))


def test_acks_of_one_batch_leave_in_one_write_in_order(seeded_db):
    """A burst answered by one committed batch costs one socket write per connection, not one per command,
    and the client still gets every ack, each with its own seq, in the order the batch committed them."""
    db_url, demo = seeded_db
    workers = [w.id for w in demo.workers if w.kind.value == "grid_worker"][:5]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "fieldsim", "fieldsim") as gateway:
            start = int(time.time() * 1000) - 300
            writes_before = relay.acks.writes
            futures = [gateway.client.send_command("position.report", {"worker": workers[i % 5], "lng": 120.62,
                                                                       "lat": 31.31, "at": start + i})
                       for i in range(300)]
            acks = [await f for f in futures]
            return acks, relay.acks.writes - writes_before, relay.writer.batches

    acks, writes, batches = run(scenario())
    seqs = [a["seq"] for a in acks]
    assert len(set(seqs)) == 300 and sorted(seqs) == list(range(min(seqs), min(seqs) + 300))
    assert writes <= batches < 300  # batched: at most one write per committed batch to this one connection
