"""decide() + apply(): commands become events, events fold into state, refusals change nothing."""

from __future__ import annotations

import copy

import pytest

from console.domain import events as ev
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.incidents import Status
from console.domain.places import Community, District, Grid
from console.domain.state import State, apply
from console.domain.workers import Role, Worker, WorkerKind, WorkerStatus

SQUARE = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))
DISPATCHER = Actor("d01", Role.DISPATCHER)
WORKER = Actor("w1", Role.GRID_WORKER, "W1")
OTHER = Actor("w2", Role.GRID_WORKER, "W2")
GATEWAY = Actor("fieldsim", Role.FIELD_GATEWAY)


@pytest.fixture
def state() -> State:
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid("320508019001001", "一网格", "320508019001", SQUARE)])
    workers = {w.id: w for w in (Worker("W1", "张三", WorkerKind.GRID_WORKER, "320508019001001"),
                                 Worker("W2", "李四", WorkerKind.GRID_WORKER, "320508019001001"))}
    return State(district, workers)


def step(state: State, actor: Actor, op: str, at: int = 1_700_000_000_000, **args) -> Event:
    """Decide, then apply, as the relay's writer does."""
    seq = state.seq + 1
    event_type, data = decide(state, actor, op, args, at, seq)
    event = Event(seq, at, event_type, actor.account, data)
    apply(state, event)
    return event


def report(state: State) -> str:
    event = step(state, DISPATCHER, "incident.report", category="200200", priority=2, lng=120.605, lat=31.305,
                 narrative="噪音纠纷", caller="13800000000")
    return event.data["incident"]


def test_report_locates_the_grid_and_numbers_the_incident(state):
    incident_id = report(state)
    inc = state.incidents[incident_id]
    assert inc.grid_code == "320508019001001"
    assert inc.status is Status.NEW and inc.source.value == "110" and inc.version == 1
    assert incident_id == "JQ2023111500000001"  # date in China time + seq


def test_full_lifecycle_keeps_a_timeline_and_tracks_the_busy_worker(state):
    incident_id = report(state)
    step(state, DISPATCHER, "incident.accept", incident=incident_id)
    step(state, DISPATCHER, "incident.dispatch", incident=incident_id, worker="W1")
    assert state.busy == {"W1": {incident_id}}
    for op in ("incident.sign", "incident.arrive", "incident.feedback"):
        step(state, WORKER, op, incident=incident_id)
    assert state.busy == {}, "feedback frees the worker"
    step(state, DISPATCHER, "incident.verify", incident=incident_id)
    step(state, DISPATCHER, "incident.close", incident=incident_id, outcome="handled", note="已办结")
    inc = state.incidents[incident_id]
    assert inc.status is Status.CLOSED and inc.worker_id == "W1"
    assert [t.action for t in inc.timeline] == ["report", "accept", "dispatch", "sign", "arrive", "feedback", "verify",
                                                "close"]
    assert [t.actor for t in inc.timeline] == ["d01", "d01", "d01", "w1", "w1", "w1", "d01", "d01"]


@pytest.mark.parametrize(("actor", "op", "args", "code"), [
    (DISPATCHER, "position.report", {"lng": 120.6, "lat": 31.3}, "E_FORBIDDEN"),
    (WORKER, "incident.accept", {"incident": "X"}, "E_FORBIDDEN"),
    (Actor("c01", Role.STATION_CHIEF), "incident.accept", {"incident": "X"}, "E_FORBIDDEN"),
    (Actor("t01", Role.TRAINER), "incident.report", {"category": "200200", "lng": 1.0, "lat": 1.0}, "E_FORBIDDEN"),
    (DISPATCHER, "incident.accept", {"incident": "missing"}, "E_NOT_FOUND"),
    (DISPATCHER, "incident.report", {"category": "123456", "lng": 1.0, "lat": 1.0}, "E_FIELD"),
    (GATEWAY, "position.report", {"lng": 120.6, "lat": 31.3}, "E_FIELD"),
    (GATEWAY, "position.report", {"worker": "nobody", "lng": 120.6, "lat": 31.3}, "E_NOT_FOUND"),
    (WORKER, "position.report", {"worker": "W2", "lng": 120.6, "lat": 31.3}, "E_FORBIDDEN"),
])
def test_refusals_name_a_reason_and_change_nothing(state, actor, op, args, code):
    before = copy.deepcopy(state)
    with pytest.raises(DomainError) as info:
        decide(state, actor, op, args, 1, state.seq + 1)
    assert info.value.code == code and info.value.zh and info.value.en
    assert state == before


def test_version_mismatch_is_a_conflict_carrying_the_fresh_incident(state):
    incident_id = report(state)
    step(state, DISPATCHER, "incident.accept", incident=incident_id, version=1)
    with pytest.raises(DomainError) as info:
        decide(state, Actor("d02", Role.DISPATCHER), "incident.accept", {"incident": incident_id, "version": 1}, 1, 9)
    assert info.value.code == "E_CONFLICT"
    assert info.value.extra["incident"]["status"] == "accepted"


def test_busy_worker_is_refused_unless_forced(state):
    first, second = report(state), report(state)
    for incident_id in (first, second):
        step(state, DISPATCHER, "incident.accept", incident=incident_id)
    step(state, DISPATCHER, "incident.dispatch", incident=first, worker="W1")
    with pytest.raises(DomainError) as info:
        decide(state, DISPATCHER, "incident.dispatch", {"incident": second, "worker": "W1"}, 1, state.seq + 1)
    assert info.value.code == "E_BUSY" and first in info.value.zh
    step(state, DISPATCHER, "incident.dispatch", incident=second, worker="W1", force=True)
    assert state.incidents[second].status is Status.DISPATCHED


def test_only_the_assigned_worker_may_sign(state):
    incident_id = report(state)
    step(state, DISPATCHER, "incident.accept", incident=incident_id)
    step(state, DISPATCHER, "incident.dispatch", incident=incident_id, worker="W1")
    with pytest.raises(DomainError) as info:
        decide(state, OTHER, "incident.sign", {"incident": incident_id}, 1, state.seq + 1)
    assert info.value.code == "E_FORBIDDEN"


def test_apply_ignores_an_event_it_already_has(state):
    event = step(state, GATEWAY, "position.report", worker="W1", lng=120.605, lat=31.305, at=5)
    apply(state, Event(event.seq, event.at, ev.POSITION_REPORTED, "x", {**event.data, "lng": 0.0}))
    assert state.positions["W1"].lng == 120.605 and state.seq == event.seq


def test_worker_status_is_derived_from_duty_position_age_and_orders(state):
    assert state.worker_status("W1", 10_000, 15_000) is WorkerStatus.OFF_DUTY
    step(state, GATEWAY, "worker.duty", worker="W1", on=True)
    assert state.worker_status("W1", 10_000, 15_000) is WorkerStatus.STALE, "on duty but never located"
    step(state, GATEWAY, "position.report", worker="W1", lng=120.605, lat=31.305, at=10_000)
    assert state.worker_status("W1", 20_000, 15_000) is WorkerStatus.ON_DUTY
    assert state.worker_status("W1", 30_001, 15_000) is WorkerStatus.STALE


def test_snapshot_round_trip_preserves_everything(state):
    incident_id = report(state)
    step(state, DISPATCHER, "incident.accept", incident=incident_id)
    step(state, DISPATCHER, "incident.dispatch", incident=incident_id, worker="W2")
    step(state, GATEWAY, "worker.duty", worker="W2", on=True)
    step(state, GATEWAY, "position.report", worker="W2", lng=120.605, lat=31.305, at=7)
    restored = State.from_snapshot(state.to_snapshot())
    assert restored == state
    assert restored.busy == {"W2": {incident_id}}


def test_grid_lookup_inside_near_the_edge_and_far_away(state):
    from console.domain.decide import grid_at

    assert grid_at(state, 120.605, 31.305) == "320508019001001"
    assert grid_at(state, 120.6102, 31.305) == "320508019001001", "20 m outside, on the boundary road"
    assert grid_at(state, 120.70, 31.305) == "", "far outside every grid"
