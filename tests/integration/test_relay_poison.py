"""One user's bad frames cost that user only: the writer survives, good commands in the same batch are
acknowledged, every frame is answered, and nobody can register as the desk."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import json
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.workers import Role
from console.relay.writer import Pending, Writer
from console.store.store import Store
from console.testing.poisons import REPORT, SURROGATE, cmd, known_poisons
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay
from tests.integration.pg import free_port

NOW_MS = int(time.time() * 1000)


def start_relay(db_url: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "console", "--log-level", "WARNING", "relay", "--db", db_url,
                             "--port", str(port), "--public-port", "0"], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("READY "), f"relay did not start: {line!r}"
    return proc


def test_writer_survives_every_known_poison_then_acks_and_exits_on_sigterm(seeded_db):
    db_url, demo = seeded_db
    worker = next(w.id for w in demo.workers if w.kind.value == "grid_worker")
    port = free_port()
    relay = start_relay(db_url, port)
    url = f"ws://127.0.0.1:{port}"

    async def scenario():
        replies = []
        for account, frame in known_poisons(worker):
            password = "fieldsim" if account == "fieldsim" else "jingwang"
            async with raw_socket(url, account, password) as ws:
                replies.append(await asyncio.wait_for(exchange(ws, frame), 10))
        async with raw_socket(url, "d01") as ws:
            good = await asyncio.wait_for(exchange(ws, cmd("good", "incident.report", **REPORT)), 10)
        return replies, good

    try:
        replies, good = run(scenario())
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            health = json.load(response)
    finally:
        relay.send_signal(signal.SIGTERM)
        code = relay.wait(20)
    assert [r["t"] for r in replies] == ["error"] * len(replies), replies
    assert all(r["zh"] for r in replies)
    assert good["t"] == "ack"
    store = Store(db_url)
    logged = {e.type for e in store.events_after(0, 1000)}
    store.dispose()
    assert logged == {"account.login", "incident.reported"}, "no poison wrote anything; the good command did"
    assert health["status"] == "ok" and health["writer"] == "running" and health["queued"] == 0
    assert code == 0


def test_writer_survives_a_decider_bug_and_reports_when_it_stops(seeded_db, monkeypatch):
    db_url, _ = seeded_db
    from console.domain.catalogue import OPERATIONS

    def broken(*_args):
        raise TypeError("a decider bug")

    monkeypatch.setitem(OPERATIONS, "zone.remove", dataclasses.replace(OPERATIONS["zone.remove"], decider=broken))

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk:
            with pytest.raises(Exception) as refused:
                await desk.cmd("zone.remove", zone="Z1")
            ack = await desk.cmd("incident.report", **REPORT)
            healthy = relay.health()
            relay._writer_task.cancel()
            await asyncio.gather(relay._writer_task, return_exceptions=True)
            return refused.value, ack, healthy, relay.health()

    refused, ack, healthy, stopped = run(scenario())
    assert refused.code == "E_INTERNAL"
    assert ack["seq"] == 1
    assert healthy["status"] == "ok"
    assert stopped["status"] == "error" and stopped["writer"] == "cancelled"


# -- a bad command fails alone ----------------------------------------------------------------------

DESK = Actor("d01", Role.DISPATCHER)
GATEWAY = Actor("fieldsim", Role.FIELD_GATEWAY)
_keys = itertools.count()


def poison_command(kind: int, worker: str) -> tuple[Actor, str, dict]:
    """Commands that get past no edge check (the writer sees them raw) and fail in decide, apply or commit."""
    return [
        (DESK, "incident.report", {**REPORT, "narrative": "x" + SURROGATE}),  # the commit cannot encode it
        (GATEWAY, "position.report", {"worker": worker, "lng": 120.62, "lat": 31.31, "at": NOW_MS + 2**64}),
        (Actor("w", Role.GRID_WORKER, worker), "submission.submit",
         {"kind": "person", "fields": {"sex": ["1"], "id_number": "x", "name": "x", "address_code": "x"}}),
        (DESK, "incident.report", {**REPORT, "caller": SURROGATE}),
    ][kind]


@pytest.fixture(scope="module")
def writer_store(tmp_path_factory, demo_roster):
    from console.services.demo_seed import seed_demo

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('poison') / 'p.db'}")
    demo = seed_demo(store, seed=7, workers=40)
    yield store, next(w.id for w in demo.workers if w.kind.value == "grid_worker")
    store.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=1, max_size=25))
def test_poisoned_batch_never_fails_a_good_command(writer_store, plan):
    """``None`` is a good command, a number one of the poisons; all go to the writer as one batch."""
    store, worker = writer_store
    loop = asyncio.new_event_loop()
    try:
        writer = Writer(store, store.load_state(), clock=lambda: NOW_MS / 1000)
        head = writer.state.seq
        batch = []
        for kind in plan:
            actor, op, args = (DESK, "incident.report", dict(REPORT)) if kind is None else poison_command(kind, worker)
            batch.append(Pending(actor, f"k{next(_keys)}", op, args, loop.create_future()))
        result = writer._process(batch)
        writer.shutdown()
    finally:
        loop.close()
    outcome = {id(p): o for p, o in result.outcomes}
    good = [p for p, kind in zip(batch, plan, strict=True) if kind is None]
    bad = [p for p, kind in zip(batch, plan, strict=True) if kind is not None]
    assert all(isinstance(outcome[id(p)], tuple) for p in good), "every good command acknowledged"
    assert all(isinstance(outcome[id(p)], DomainError) for p in bad), "every poison refused"
    assert store.head() == head + len(good) == writer.state.seq, "the state is the database's"


# -- every frame answered, and nobody registers as the desk ---------------------------------------------

FRAMES = [
    ('{"v":1,"t":"cmd","id":"\\ud800","op":"incident.report","args":{}}', None),
    ('{"v":1,"t":"ping","id":"a\\udc00"}', None),
    ('{"v":1,"t":"cmd","id":"s1","op":"incident.report\\ud800","args":{}}', "s1"),
    ('{"v":1,"t":"auth","id":"s2","user":"d01\\ud800","password":"x"}', "s2"),
    ('{"v":1,"t":"cmd","id":"s3","op":"zone.set","args":{"name":"\\ud800","polygon":[]}}', "s3"),
    ('{"v":1,"t":"cmd","id":"s4","op":"zone.set","args":{"\\ud800":1}}', "s4"),
    ("[" * 5000 + "]" * 5000, None),
    (b"\xff\xfe\x00", None),
    ('{"v":1,"t":"cmd","id":"s5","op":"incident.report","args":{"category":"200200","caller":[[[[[[1]]]]]]}}', "s5"),
]


@pytest.mark.parametrize(("frame", "answer_id"), FRAMES, ids=[f"frame{i}" for i in range(len(FRAMES))])
def test_every_frame_answered_with_an_encodable_error(seeded_db, frame, answer_id):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, raw_socket(relay.url, "d01") as ws:
            reply = await asyncio.wait_for(exchange(ws, frame), 10)
            pong = await exchange(ws, {"v": 1, "t": "ping", "id": "after"})
            return reply, pong, relay.writer.state.seq

    reply, pong, seq = run(scenario())
    assert reply["t"] == "error" and reply["id"] == answer_id and reply["zh"], reply
    assert json.dumps(reply, ensure_ascii=False).encode("utf-8")
    assert pong["t"] == "pong" and seq == 0


def test_desk_not_hijacked_by_a_gateway_position(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "fieldsim", "fieldsim") as gateway, \
                Recorder(relay.url, "w0001") as worker:
            with pytest.raises(Exception) as claimed:
                await gateway.cmd("position.report", worker="desk", lng=120.62, lat=31.31)
            with pytest.raises(Exception) as dialled:
                await worker.cmd("call.dial", call="C0123456789ab", to=["desk"], media="audio")
            return claimed.value, dialled.value, relay.presence.connections("desk")

    claimed, dialled, serving_desk = run(scenario())
    assert claimed.code in ("E_NOT_FOUND", "E_FORBIDDEN")
    assert dialled.code == "E_UNREACHABLE", "no console is online: the desk is unreachable, not the gateway"
    assert serving_desk == []
