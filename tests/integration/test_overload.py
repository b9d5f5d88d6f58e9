"""Bounded overload through a real relay: a command that waited past the queueing budget is refused
undecided, positions of one worker coalesce (newest fix wins, every sender answered), and a desk's
command is taken before thousands of queued positions.

The writer is held inside a commit (a gate on the store) so that commands queue up behind it; the
relay's monotonic clock is the test's, so "waited past the budget" is exact.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from console.domain.events import INCIDENT_REPORTED, POSITION_REPORTED
from console.relay.limits import RelayLimits
from console.services.demo_seed import seed_demo
from console.store.store import Store
from tests.integration.harness import raw_socket, run, running_relay, wait_until
from tests.integration.test_relay import REPORT

AT = int(time.time() * 1000) - 60_000


class GatedCommit:
    """Holds the writer thread in its next commit until :meth:`open` (the rest of the relay runs on)."""

    def __init__(self, store: Store) -> None:
        self._commit = store.commit
        self.entered = threading.Event()
        self._go = threading.Event()
        store.commit = self

    def __call__(self, *args, **kwargs):
        self.entered.set()
        self._go.wait(30)
        return self._commit(*args, **kwargs)

    def open(self) -> None:
        self._go.set()


async def hold_writer(relay, ws) -> GatedCommit:
    """Send one report and keep the writer inside its commit."""
    gate = GatedCommit(relay.writer.store)
    await ws.send(command("hold", "incident.report", REPORT))
    await wait_until(gate.entered.is_set, what="the writer in its commit")
    return gate


def command(key: str, op: str, args: dict) -> str:
    return json.dumps({"v": 1, "t": "cmd", "id": key, "op": op, "args": args}, ensure_ascii=False)


def fix(worker: str, i: int) -> dict:
    return {"worker": worker, "lng": 120.62 + i % 100 * 1e-5, "lat": 31.31, "at": AT + i}


async def replies(ws, count: int) -> dict[str, dict]:
    out = {}
    while len(out) < count:
        frame = json.loads(await ws.recv())
        out[frame["id"]] = frame
    return out


def test_a_command_past_the_queue_budget_is_refused_and_changes_nothing(seeded_db):
    db_url, _ = seeded_db
    clock = [0.0]

    async def scenario():
        budget = RelayLimits(queue_budget_ms=500)
        async with running_relay(db_url, monotonic=lambda: clock[0], budget=budget) as relay, \
                raw_socket(relay.url, "d01") as desk:
            gate = await hold_writer(relay, desk)
            await desk.send(command("late", "incident.report", {**REPORT, "narrative": "排队过久"}))
            await wait_until(lambda: relay.writer.queue.qsize() == 1, what="the report queued")
            clock[0] += 0.6  # it has now waited 600 ms
            gate.open()
            answers = await replies(desk, 2)
            await wait_until(lambda: relay.writer.queue.empty())
            events = relay.store.events_after(0, 100)
            return answers, events, relay.health()

    answers, events, health = run(scenario())
    assert answers["hold"]["t"] == "ack"
    late = answers["late"]
    assert late["t"] == "error" and late["code"] == "E_OVERLOADED" and late["retry_after"] == 0.5
    assert late["zh"].startswith("服务繁忙") and "排队超过 500 ms" in late["zh"]
    reported = [e for e in events if e.type == INCIDENT_REPORTED]
    assert [e.seq for e in reported] == [answers["hold"]["seq"]]  # the late one was never decided
    assert "排队过久" not in json.dumps([e.data for e in events], ensure_ascii=False)
    assert health["overload"]["expired"] == 1


def test_positions_of_one_worker_coalesce_under_pressure_and_every_sender_is_answered(seeded_db):
    db_url, _ = seeded_db
    clock = [0.0]

    async def scenario():
        async with running_relay(db_url, monotonic=lambda: clock[0]) as relay, raw_socket(relay.url, "d01") as desk, \
                raw_socket(relay.url, "fieldsim", "fieldsim") as gateway:
            gate = await hold_writer(relay, desk)
            await gateway.send(command("w1-0", "position.report", fix("W0001", 0)))
            await wait_until(lambda: relay.writer.queue.qsize() == 1, what="the first fix queued")
            clock[0] += 0.2  # the writer has been busy for 200 ms of the 500 ms budget: positions coalesce
            for i in (1, 2):
                await gateway.send(command(f"w1-{i}", "position.report", fix("W0001", i)))
            await gateway.send(command("w2", "position.report", fix("W0002", 9)))
            # under pressure the gateway is read only every 250 ms: wait for all four fixes
            await wait_until(lambda: relay.writer.overload["coalesced"] == 2 and relay.writer.queue.qsize() == 2,
                             what="two fixes coalesced, W0002's queued")
            queued = relay.writer.queue.qsize()
            gate.open()
            answers = await replies(gateway, 4)
            await replies(desk, 1)
            events = relay.store.events_after(0, 100)
            return queued, answers, events, relay.writer.state.positions["W0001"]

    queued, answers, events, position = run(scenario())
    assert queued == 2  # one slot per worker
    assert all(a["t"] == "ack" for a in answers.values())
    newest = answers["w1-2"]
    assert not newest["duplicate"]
    assert answers["w1-0"] == {**newest, "id": "w1-0", "duplicate": True}
    assert answers["w1-1"] == {**newest, "id": "w1-1", "duplicate": True}
    fixes = [e for e in events if e.type == POSITION_REPORTED]
    assert [(e.data["worker"], e.data["at"]) for e in fixes] == [("W0001", AT + 2), ("W0002", AT + 9)]
    assert position.lng == pytest.approx(120.62 + 2e-5)


@pytest.fixture
def big_db(tmp_path) -> str:
    """A SQLite database with 2,000 workers: enough distinct workers that thousands of positions queue."""
    url = f"sqlite:///{tmp_path / 'big.db'}"
    store = Store(url)
    seed_demo(store, 3, 2000)
    store.dispose()
    return url


def test_a_desk_command_is_taken_before_thousands_of_queued_positions(big_db):
    budget = RelayLimits(queue_budget_ms=60_000, gateway_commands_per_s=1e6)  # nothing expires or is shed here

    async def scenario():  # the relay's clock stands still: no position has waited, no gateway is held back
        async with running_relay(big_db, budget=budget, risk=False, monotonic=lambda: 0.0) as relay, \
                raw_socket(relay.url, "d01") as desk, \
                raw_socket(relay.url, "fieldsim", "fieldsim") as gw1, \
                raw_socket(relay.url, "fieldsim", "fieldsim") as gw2:
            gate = await hold_writer(relay, desk)
            for i in range(1, 2001):
                await (gw1 if i % 2 else gw2).send(command(f"p{i}", "position.report", fix(f"W{i:04d}", i)))
            await wait_until(lambda: relay.writer.queue.qsize() == 2000, what="2,000 positions queued")
            await desk.send(command("desk", "incident.report", {**REPORT, "narrative": "调度命令"}))
            await wait_until(lambda: relay.writer.queue.qsize() == 2001, what="the desk's report queued")
            gate.open()
            desk_answers = await replies(desk, 2)
            positions = {**await replies(gw1, 1000), **await replies(gw2, 1000)}
            return desk_answers, positions

    desk_answers, positions = run(scenario(), timeout=120)
    assert all(a["t"] == "ack" for a in positions.values()), {a.get("code"): a.get("en") for a in positions.values()}
    position_seqs = sorted(a["seq"] for a in positions.values())
    assert desk_answers["hold"]["seq"] < desk_answers["desk"]["seq"] < position_seqs[0]
    assert len(set(position_seqs)) == 2000


def test_positions_are_refused_at_the_connection_while_the_writer_is_overloaded(seeded_db):
    db_url, _ = seeded_db
    clock = [0.0]

    async def scenario():
        async with running_relay(db_url, monotonic=lambda: clock[0]) as relay, raw_socket(relay.url, "d01") as desk, \
                raw_socket(relay.url, "fieldsim", "fieldsim") as gateway:
            gate = await hold_writer(relay, desk)
            await gateway.send(command("queued", "position.report", fix("W0001", 0)))
            await wait_until(lambda: relay.writer.queue.qsize() == 1, what="the first fix queued")
            clock[0] += 0.3  # positions have waited past half the 500 ms budget: overloaded
            await gateway.send(command("shed", "position.report", fix("W0002", 1)))
            shed = json.loads(await gateway.recv())
            queued = relay.writer.queue.qsize()
            await desk.send(command("note", "incident.report", {**REPORT, "narrative": "调度照常"}))
            await wait_until(lambda: relay.writer.queue.qsize() == 2, what="the desk's report queued")
            gate.open()
            answers = {**await replies(gateway, 1), **await replies(desk, 2)}
            return shed, queued, answers, relay.health()["overload"]

    shed, queued, answers, overload = run(scenario())
    assert shed["id"] == "shed" and shed["code"] == "E_OVERLOADED" and shed["retry_after"] == 0.5
    assert shed["zh"].startswith("服务繁忙") and "定位暂不受理" in shed["zh"]
    assert queued == 1  # never queued
    assert answers["queued"]["t"] == answers["note"]["t"] == "ack"  # a desk's command is never shed
    assert overload["shed"] == 1
