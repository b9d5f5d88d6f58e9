"""A narrowed view folds: its snapshot plus the live events it gets equal a fresh snapshot of the same view."""

from __future__ import annotations

import json

from console.domain.decide import Actor, decide
from console.domain.events import Event
from console.domain.places import Address, Community, District, Grid
from console.domain.state import State, apply
from console.domain.visibility import MASK, View
from console.domain.workers import Role, Worker, WorkerKind

SQUARE = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))
EAST = tuple((x + 0.01, y) for x, y in SQUARE)
GRID, OTHER_GRID = "320508019001001", "320508019001002"
T0 = 1_700_000_000_000
DESK = Actor("d01", Role.DISPATCHER, workstation="WS-7")
W1_VIEW = View(Role.GRID_WORKER, "w1", frozenset({"W1"}))
W3_VIEW = View(Role.GRID_WORKER, "w3", frozenset({"W3"}))
LOG: dict[int, list[Event]] = {}  # id(state) -> the events step() applied to it


def make_state() -> State:
    here = Address("A1", "平江路1号", "平江路", "1", 120.605, 31.305, GRID, "PG1", "S1")
    there = Address("A2", "平江路99号", "平江路", "99", 120.615, 31.305, OTHER_GRID, "PG1", "S1")
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid(GRID, "一网格", "320508019001", SQUARE),
                               Grid(OTHER_GRID, "二网格", "320508019001", EAST)], addresses=[here, there])
    workers = {w.id: w for w in (Worker("W1", "张三", WorkerKind.GRID_WORKER, GRID, "13900000001"),
                                 Worker("W3", "王五", WorkerKind.GRID_WORKER, OTHER_GRID, "13900000003"))}
    state = State(district, workers)
    LOG[id(state)] = []  # a new state may reuse the id of one collected earlier: never inherit its events
    return state


def step(state: State, actor: Actor, op: str, **args) -> Event:
    """Decide, apply and log, as the relay's writer does."""
    seq = state.seq + 1
    event_type, data = decide(state, actor, op, args, T0 + seq, seq)
    event = Event(seq, T0 + seq, event_type, actor.account, data)
    apply(state, event)
    LOG.setdefault(id(state), []).append(event)
    return event


def relay_events(relay: State, after: int) -> list[Event]:
    """The events ``step`` applied to ``relay`` after seq ``after``."""
    return [e for e in LOG[id(relay)] if e.seq > after]


def report_and_dispatch(state: State, address: str, worker: str) -> str:
    incident = step(state, DESK, "incident.report", category="200200", address_code=address, caller="13812345678",
                    narrative="邻里纠纷").data["incident"]
    step(state, DESK, "incident.accept", incident=incident)
    step(state, DESK, "incident.dispatch", incident=incident, worker=worker, note="请速到场")
    return incident


def fold(view: View, snapshot: dict, events: list[Event], relay: State) -> State:
    """What a client of ``view`` holds after its snapshot and the redacted live events."""
    client = State.from_snapshot(json.loads(json.dumps(snapshot)))
    for event in events:
        if view.sees(event):
            apply(client, Event.from_wire(json.loads(json.dumps(view.event_for(event, relay)))))
    return client


def test_a_worker_folding_its_events_onto_its_snapshot_holds_a_fresh_snapshot():
    relay = make_state()
    mine = report_and_dispatch(relay, "A1", "W1")
    start, seq = W1_VIEW.snapshot(relay), relay.seq
    W1 = Actor("w1", Role.GRID_WORKER, "W1", workstation="phone")
    for op in ("incident.sign", "incident.arrive", "incident.feedback"):
        step(relay, W1, op, incident=mine, note="已处置")
    step(relay, DESK, "incident.verify", incident=mine, note="核实")
    step(relay, DESK, "incident.close", incident=mine, outcome="handled", note="核实")
    report_and_dispatch(relay, "A2", "W3")
    step(relay, DESK, "order.issue", worker="W1", kind="visit", target="A1", due_hours=4, note="走访")
    events = relay_events(relay, after=seq)

    client = fold(W1_VIEW, start, events, relay)
    fresh = W1_VIEW.snapshot(relay)
    assert json.loads(json.dumps(client.to_snapshot())) == json.loads(json.dumps(fresh))
    text = json.dumps(fresh, ensure_ascii=False)
    assert "WS-7" not in text and "13812345678" not in text and "13900000003" not in text and "A2" not in text
    assert {row[3] for row in fresh["incidents"][0]["timeline"]} == {MASK, "w1"}


def test_a_worker_first_hears_of_an_incident_at_its_dispatch_and_the_brief_suffices():
    relay = make_state()
    start, seq = W3_VIEW.snapshot(relay), relay.seq
    theirs = report_and_dispatch(relay, "A2", "W3")
    client = fold(W3_VIEW, start, relay_events(relay, after=seq), relay)
    held, fresh = client.incidents[theirs].to_dict(), W3_VIEW.snapshot(relay)["incidents"][0]
    for key in ("status", "assignments", "address", "narrative", "lng", "lat", "caller"):
        assert held[key] == fresh[key], key
    assert fresh["caller"] == "" and [row[2] for row in held["timeline"]] == ["dispatch"]
