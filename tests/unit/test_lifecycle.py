"""The incident state machine: every branch of DOMAIN.md, and property tests over random command sequences."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.domain import events as ev
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.incidents import AssignmentStatus, Status
from console.domain.lifecycle import ASSIGNMENT_PHASE, DERIVED, TRANSITIONS, derived_status, next_status
from console.domain.places import Community, District, Grid
from console.domain.state import State, apply
from console.domain.workers import Role, Worker, WorkerKind

SQUARE = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))
T0 = 1_700_000_000_000
DISPATCHER = Actor("d01", Role.DISPATCHER)
CHIEF = Actor("c01", Role.STATION_CHIEF)
W1 = Actor("w1", Role.GRID_WORKER, "W1")
W2 = Actor("w2", Role.GRID_WORKER, "W2")
LIAISON = Actor("l01", Role.LIAISON, department="600600")
OTHER_LIAISON = Actor("l02", Role.LIAISON, department="600200")


def fresh_state() -> State:
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid("320508019001001", "一网格", "320508019001", SQUARE)])
    workers = {w.id: w for w in (Worker("W1", "张三", WorkerKind.GRID_WORKER, "320508019001001"),
                                 Worker("W2", "李四", WorkerKind.GRID_WORKER, "320508019001001"))}
    return State(district, workers)


def step(state: State, actor: Actor, op: str, **args) -> Event:
    """Decide, then apply, as the relay's writer does."""
    seq = state.seq + 1
    event_type, data = decide(state, actor, op, args, T0 + seq * 1000, seq)
    event = Event(seq, T0 + seq * 1000, event_type, actor.account, data)
    apply(state, event)
    return event


def new_incident(state: State) -> str:
    return step(state, DISPATCHER, "incident.report", category="600600", lng=120.605, lat=31.305,
                narrative="占道经营", caller="13800000000").data["incident"]


def status_of(state: State, incident_id: str) -> Status:
    return state.incidents[incident_id].status


def test_main_line_reaches_closed_through_verification():
    state = fresh_state()
    inc = new_incident(state)
    seen = [status_of(state, inc)]
    for actor, op, extra in [
        (DISPATCHER, "incident.accept", {}), (DISPATCHER, "incident.dispatch", {"worker": "W1"}),
        (W1, "incident.sign", {}), (W1, "incident.arrive", {}), (W1, "incident.feedback", {}),
        (DISPATCHER, "incident.verify", {}), (DISPATCHER, "incident.close", {"outcome": "handled", "note": "已处置"}),
    ]:
        step(state, actor, op, incident=inc, **extra)
        seen.append(status_of(state, inc))
    assert [s.label for s in seen] == ["新建", "受理", "已派遣", "已签收", "处置中", "已反馈", "待核查", "已办结"]
    record = state.incidents[inc]
    assert record.accepted_at and record.feedback_at and record.closed_at


def test_incident_status_follows_several_assignments():
    state = fresh_state()
    inc = new_incident(state)
    step(state, DISPATCHER, "incident.accept", incident=inc)
    step(state, DISPATCHER, "incident.dispatch", incident=inc, worker="W1")
    step(state, DISPATCHER, "incident.dispatch", incident=inc, worker="W2")
    step(state, W1, "incident.sign", incident=inc)
    assert status_of(state, inc) is Status.SIGNED, "anyone signed: the incident is signed"
    step(state, W1, "incident.arrive", incident=inc)
    step(state, W1, "incident.feedback", incident=inc)
    assert status_of(state, inc) is Status.ON_SCENE, "one worker still has the job: not yet fed back"
    assert state.busy == {"W2": {inc}}
    step(state, W2, "incident.return", incident=inc, note="不在本网格")
    assert status_of(state, inc) is Status.FEEDBACK, "the only live assignment has fed back"
    a = state.incidents[inc].assignments
    assert (a["W1"].status, a["W2"].status) == (AssignmentStatus.DONE, AssignmentStatus.RETURNED)


def test_return_by_the_only_worker_sends_it_back_to_the_dispatcher():
    state = fresh_state()
    inc = new_incident(state)
    step(state, DISPATCHER, "incident.accept", incident=inc)
    step(state, DISPATCHER, "incident.dispatch", incident=inc, worker="W1")
    with pytest.raises(DomainError) as info:
        step(state, W1, "incident.return", incident=inc, note="  ")
    assert info.value.code == "E_FIELD", "a return needs a reason"
    step(state, W1, "incident.return", incident=inc, note="地址有误")
    assert status_of(state, inc) is Status.RETURNED and state.busy == {}
    assert state.incidents[inc].timeline[-1].note == "地址有误"
    step(state, DISPATCHER, "incident.dispatch", incident=inc, worker="W2")
    assert status_of(state, inc) is Status.DISPATCHED


def test_rework_after_verification_puts_the_workers_back_on_scene():
    state = fresh_state()
    inc = new_incident(state)
    for actor, op, extra in [(DISPATCHER, "incident.accept", {}), (DISPATCHER, "incident.dispatch", {"worker": "W1"}),
                             (W1, "incident.sign", {}), (W1, "incident.arrive", {}), (W1, "incident.feedback", {}),
                             (DISPATCHER, "incident.verify", {})]:
        step(state, actor, op, incident=inc, **extra)
    step(state, DISPATCHER, "incident.rework", incident=inc, note="现场仍有占道")
    assert status_of(state, inc) is Status.ON_SCENE and state.incidents[inc].rework_count == 1
    assert state.busy == {"W1": {inc}}


def test_referral_is_signed_answered_and_called_back_by_the_right_department():
    state = fresh_state()
    inc = new_incident(state)
    event = step(state, DISPATCHER, "incident.refer", incident=inc, department="600600", note="占道经营属城管")
    assert status_of(state, inc) is Status.REFERRED and event.data["order"].startswith("ZB")
    with pytest.raises(DomainError) as info:
        step(state, OTHER_LIAISON, "referral.sign", incident=inc)
    assert info.value.code == "E_FORBIDDEN"
    with pytest.raises(DomainError):
        step(state, LIAISON, "referral.feedback", incident=inc, note="已处理")  # must sign first
    step(state, LIAISON, "referral.sign", incident=inc)
    step(state, LIAISON, "referral.feedback", incident=inc, note="已劝离摊贩", unit="城管中队")
    referral = state.incidents[inc].referral
    assert status_of(state, inc) is Status.FEEDBACK
    assert (referral.status.value, referral.unit, referral.feedback) == ("done", "城管中队", "已劝离摊贩")
    step(state, DISPATCHER, "incident.callback", incident=inc, satisfaction=1, note="群众满意")
    step(state, DISPATCHER, "incident.verify", incident=inc)
    step(state, DISPATCHER, "incident.close", incident=inc, outcome="handled", note="已处置")
    assert status_of(state, inc) is Status.CLOSED and state.incidents[inc].callbacks[0].satisfaction == 1


def test_wrong_referral_is_returned_to_the_first_receiver():
    state = fresh_state()
    inc = new_incident(state)
    step(state, DISPATCHER, "incident.refer", incident=inc, department="600600", note="转城管")
    step(state, LIAISON, "referral.return", incident=inc, note="非本部门职责，应转市场监管")
    assert status_of(state, inc) is Status.RETURNED
    assert state.incidents[inc].referral.return_opinion == "非本部门职责，应转市场监管"
    step(state, DISPATCHER, "incident.refer", incident=inc, department="600500", note="改转工商")
    assert state.incidents[inc].referral.department == "600500"


def test_void_links_the_original_and_is_final():
    state = fresh_state()
    first, second = new_incident(state), new_incident(state)
    assert state.incidents[second].repeat_of == first, "same caller within the hour is a repeat call"
    step(state, DISPATCHER, "incident.void", incident=second, duplicate_of=first, note="重复报警")
    assert status_of(state, second) is Status.VOID and state.incidents[second].duplicate_of == first
    with pytest.raises(DomainError) as info:
        step(state, DISPATCHER, "incident.accept", incident=second)
    assert info.value.code == "E_TRANSITION"
    with pytest.raises(DomainError):
        step(state, DISPATCHER, "incident.void", incident=first, duplicate_of=first, note="自己")


def test_extension_needs_someone_else_to_approve_and_adds_time():
    state = fresh_state()
    inc = new_incident(state)
    step(state, DISPATCHER, "incident.accept", incident=inc)
    step(state, DISPATCHER, "incident.dispatch", incident=inc, worker="W1")
    step(state, W1, "incident.extend", incident=inc, hours=24, note="需协调物业")
    with pytest.raises(DomainError) as info:
        step(state, W1, "incident.extend", incident=inc, hours=2, note="再延")
    assert info.value.code == "E_CONFLICT"
    with pytest.raises(DomainError) as info:
        step(state, DISPATCHER, "incident.decide_extension", incident=inc, approve=True)
    assert info.value.code == "E_FORBIDDEN", "a dispatcher does not approve extensions"
    step(state, CHIEF, "incident.decide_extension", incident=inc, approve=True, note="同意")
    assert state.incidents[inc].extension_ms == 24 * 3_600_000 and state.incidents[inc].extension_request is None


def test_supervision_keeps_the_highest_level_and_auto_is_system_only():
    state = fresh_state()
    inc = new_incident(state)
    step(state, CHIEF, "incident.supervise", incident=inc, level="red", note="限时办结")
    step(state, DISPATCHER, "incident.supervise", incident=inc, level="normal", note="催办")
    assert state.incidents[inc].supervision.label == "红牌督办"
    with pytest.raises(DomainError) as info:
        step(state, DISPATCHER, "incident.supervise", incident=inc, level="yellow", note="x", auto="accept:yellow")
    assert info.value.code == "E_FORBIDDEN"


def test_workstation_is_recorded_in_the_timeline():
    state = fresh_state()
    inc = new_incident(state)
    step(state, Actor("d02", Role.DISPATCHER, workstation="ZHZX-07"), "incident.accept", incident=inc, note="已受理")
    entry = state.incidents[inc].timeline[-1]
    assert (entry.actor, entry.workstation, entry.note, entry.status) == ("d02", "ZHZX-07", "已受理", Status.ACCEPTED)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", [a for a, (_, target) in TRANSITIONS.items() if target is not DERIVED])
def test_each_fixed_action_is_allowed_only_from_its_source_statuses(status, action):
    allowed_from, target = TRANSITIONS[action]
    if status in allowed_from:
        assert next_status(status, action) is target
    else:
        with pytest.raises(DomainError) as info:
            next_status(status, action)
        assert info.value.code == "E_TRANSITION" and status.label in info.value.zh


# -- property tests -----------------------------------------------------------------------------

ACTION_OF_OP = {
    "incident.accept": "accept", "incident.dispatch": "dispatch", "incident.cancel_assignment": "cancel_assignment",
    "incident.sign": "sign", "incident.arrive": "arrive", "incident.feedback": "feedback",
    "incident.return": "return", "incident.verify": "verify", "incident.rework": "rework",
    "incident.close": "close", "incident.refer": "refer", "incident.void": "void",
    "referral.sign": "referral_sign", "referral.feedback": "referral_feedback", "referral.return": "referral_return",
}
COMMANDS = [
    (DISPATCHER, "incident.accept", {}), (DISPATCHER, "incident.dispatch", {"worker": "W1"}),
    (DISPATCHER, "incident.dispatch", {"worker": "W2"}),
    (DISPATCHER, "incident.dispatch", {"worker": "W2", "force": True}),
    (DISPATCHER, "incident.cancel_assignment", {"worker": "W1", "note": "改派"}),
    (W1, "incident.sign", {}), (W1, "incident.arrive", {}), (W1, "incident.feedback", {}),
    (W1, "incident.return", {"note": "退回"}), (W2, "incident.sign", {}), (W2, "incident.arrive", {}),
    (W2, "incident.feedback", {}), (W2, "incident.return", {"note": "退回"}),
    (DISPATCHER, "incident.verify", {}), (DISPATCHER, "incident.rework", {"note": "返工"}),
    (DISPATCHER, "incident.close", {"outcome": "handled", "note": "已处置"}),
    (DISPATCHER, "incident.refer", {"department": "600600", "note": "转"}),
    (DISPATCHER, "incident.void", {"note": "重复"}), (LIAISON, "referral.sign", {}),
    (LIAISON, "referral.feedback", {"note": "已办"}), (LIAISON, "referral.return", {"note": "非本部门"}),
    (OTHER_LIAISON, "referral.sign", {}), (W1, "incident.extend", {"hours": 2, "note": "延"}),
    (CHIEF, "incident.decide_extension", {"approve": True}),
    (CHIEF, "incident.supervise", {"level": "yellow", "note": "督"}),
    (DISPATCHER, "incident.callback", {"satisfaction": 2}),
]


def _check_invariants(state: State) -> None:
    busy: dict[str, set[str]] = {}
    for inc in state.incidents.values():
        assert inc.status in Status
        for a in inc.assignments.values():
            if a.is_active:
                busy.setdefault(a.worker_id, set()).add(inc.id)
        live = inc.live_assignments()
        if inc.status in ASSIGNMENT_PHASE:
            assert live and derived_status(inc, inc.status) is inc.status
        if inc.status is Status.REFERRED or (inc.status is Status.FEEDBACK and not live):
            assert inc.referral is not None
        if inc.status in (Status.NEW, Status.ACCEPTED, Status.RETURNED, Status.REFERRED):
            assert not live, f"{inc.status} with live assignments"
        assert [t.seq for t in inc.timeline] == sorted(t.seq for t in inc.timeline)
    assert busy == state.busy, "the busy index matches the assignments"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(range(len(COMMANDS))), max_size=40))
def test_random_command_sequences_never_take_an_illegal_transition(picks):
    state = fresh_state()
    inc = new_incident(state)
    for index in picks:
        actor, op, extra = COMMANDS[index]
        before = state.incidents[inc].to_dict()
        try:
            event = step(state, actor, op, incident=inc, **extra)
        except DomainError as err:
            assert err.code in {"E_TRANSITION", "E_FORBIDDEN", "E_BUSY", "E_CONFLICT", "E_NOT_FOUND"}
            assert state.incidents[inc].to_dict() == before, "a refusal changes nothing"
            continue
        action = ACTION_OF_OP.get(op)
        if action is not None:
            allowed_from, _ = TRANSITIONS[action]
            assert Status(before["status"]) in allowed_from, f"{op} accepted from {before['status']}"
        if Status(before["status"]) in (Status.CLOSED, Status.VOID):
            assert event.type == ev.INCIDENT_CALLBACK, "a finished incident only takes callbacks"
            assert state.incidents[inc].status.value == before["status"]
        _check_invariants(state)
    snapshot_state = State.from_snapshot(state.to_snapshot())
    assert snapshot_state.busy == state.busy
    assert snapshot_state.incidents[inc].to_dict() == state.incidents[inc].to_dict()
