"""The call state machine: deciders, reducer, refusals, timeouts and invariants under random commands."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.domain import calls
from console.domain import events as ev
from console.domain.decide import Actor, decide
from console.domain.decide_calls import drop
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.places import Community, District, Grid
from console.domain.state import State, apply
from console.domain.visibility import View
from console.domain.workers import Role, Worker, WorkerKind

SQUARE = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))
GRID = "320508019001001"
OTHER_GRID = "320508019001002"
T0 = 1_700_000_000_000
DISPATCHER = Actor("d01", Role.DISPATCHER)
DISPATCHER2 = Actor("d02", Role.DISPATCHER)
CHIEF = Actor("chief", Role.STATION_CHIEF)
TRAINER = Actor("trainer", Role.TRAINER)
LIAISON = Actor("l01", Role.LIAISON, department="600600")
W1 = Actor("w1", Role.GRID_WORKER, "W1")
W2 = Actor("w2", Role.GRID_WORKER, "W2")
GATEWAY = Actor("fieldsim", Role.FIELD_GATEWAY)


def make_state() -> State:
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid(GRID, "一网格", "320508019001", SQUARE),
                               Grid(OTHER_GRID, "二网格", "320508019001", SQUARE)])
    workers = {w.id: w for w in (Worker("W1", "张三", WorkerKind.GRID_WORKER, GRID),
                                 Worker("W2", "李四", WorkerKind.GRID_WORKER, GRID),
                                 Worker("W3", "王五", WorkerKind.GRID_WORKER, OTHER_GRID))}
    return State(district, workers)


@pytest.fixture
def state() -> State:
    return make_state()


def step(state: State, actor: Actor, op: str, at: int = T0, **args) -> Event:
    """Decide, then apply, as the relay's writer does."""
    seq = state.seq + 1
    event_type, data = decide(state, actor, op, args, at, seq)
    event = Event(seq, at, event_type, actor.account, data)
    apply(state, event)
    return event


def refused(state: State, actor: Actor, op: str, code: str, **args) -> DomainError:
    before = json.dumps(state.to_snapshot(), sort_keys=True)
    with pytest.raises(DomainError) as info:
        decide(state, actor, op, args, T0, state.seq + 1)
    assert info.value.code == code, info.value
    assert json.dumps(state.to_snapshot(), sort_keys=True) == before
    return info.value


def cid(n: int) -> str:
    return f"C{n:012x}"


def test_dial_accept_hangup_one_to_one(state):
    ring = step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="video")
    assert ring.type == ev.CALL_RINGING and ring.data["workers"] == ["W1"] and ring.data["status"] == "ringing"
    call = state.calls[cid(1)]
    assert call["caller"] == "d01" and call["caller_party"] == "d01" and call["parties"] == {"W1": "ringing"}
    assert state.call_of == {"W1": cid(1)}
    accepted = step(state, W1, "call.accept", at=T0 + 2000, call=cid(1))
    assert accepted.data["party"] == "W1"
    assert call["status"] == "active" and call["answered_at"] == T0 + 2000 and call["answered_seq"] == accepted.seq
    ended = step(state, W1, "call.hangup", at=T0 + 9000, call=cid(1))
    assert ended.type == ev.CALL_ENDED and ended.data["reason"] == "hangup"
    assert call["status"] == "ended" and call["ended_at"] == T0 + 9000 and call["parties"] == {"W1": "left"}
    assert state.call_of == {}
    refused(state, W1, "call.hangup", "E_CALL_OVER", call=cid(1))
    refused(state, DISPATCHER, "call.accept", "E_CALL_OVER", call=cid(1))


def test_caller_hangs_up_while_ringing_is_a_cancel(state):
    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="audio")
    ended = step(state, DISPATCHER, "call.hangup", call=cid(1))
    assert ended.type == ev.CALL_ENDED and ended.data["reason"] == "cancelled"
    assert state.calls[cid(1)]["parties"] == {"W1": "left"}


def test_decline_ends_a_one_to_one_call_but_not_a_group_call(state):
    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="video")
    declined = step(state, W1, "call.decline", call=cid(1), reason="正在处置")
    assert declined.data["status"] == "ended" and state.calls[cid(1)]["status"] == "ended"
    assert state.calls[cid(1)]["reason"] == "正在处置"
    step(state, DISPATCHER, "call.dial", call=cid(2), to=["W1", "W2"], media="audio", group=GRID)
    declined = step(state, W1, "call.decline", call=cid(2))
    assert declined.data["status"] == "ringing" and state.calls[cid(2)]["status"] == "ringing"
    step(state, W2, "call.accept", call=cid(2))
    assert state.calls[cid(2)]["status"] == "active" and state.call_of == {"W2": cid(2)}


def test_group_callee_leaves_then_last_one_ends_it(state):
    step(state, CHIEF, "call.dial", call=cid(1), to=["W1", "W2"], media="audio", group=GRID)
    step(state, W1, "call.accept", call=cid(1))
    step(state, GATEWAY, "call.accept", call=cid(1), worker="W2")
    left = step(state, W1, "call.hangup", call=cid(1))
    assert left.type == ev.CALL_LEFT and state.calls[cid(1)]["status"] == "active"
    ended = step(state, GATEWAY, "call.hangup", call=cid(1), worker="W2")
    assert ended.type == ev.CALL_ENDED and state.calls[cid(1)]["parties"] == {"W1": "left", "W2": "left"}


def test_group_call_skips_busy_and_unreachable_workers(state):
    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="video")
    ring = step(state, DISPATCHER2, "call.dial", call=cid(2), to=["W1", "W2", "W3"], media="audio",
                unreachable=["W3"])
    assert ring.data["to"] == ["W2"] and ring.data["skipped"] == {"W1": "busy", "W3": "unreachable"}
    assert state.calls[cid(2)]["parties"] == {"W2": "ringing"}
    assert state.calls[cid(2)]["skipped"] == {"W1": "busy", "W3": "unreachable"}
    assert state.calls[cid(1)]["skipped"] == {}
    again = State.from_snapshot(json.loads(json.dumps(state.to_snapshot())))
    assert again.calls[cid(2)]["skipped"] == {"W1": "busy", "W3": "unreachable"}
    calls.copy_call(state.calls[cid(2)])["skipped"]["W2"] = "busy"  # a copy shares nothing with the state
    assert "W2" not in state.calls[cid(2)]["skipped"]
    legacy = {k: v for k, v in state.to_snapshot()["calls"][0].items() if k != "skipped"}  # persisted before `skipped`
    assert calls.copy_call(legacy)["skipped"] == {}


def test_refusals_change_nothing(state):
    refused(state, TRAINER, "call.dial", "E_FORBIDDEN", call=cid(1), to=["W1"], media="video")
    refused(state, LIAISON, "call.dial", "E_FORBIDDEN", call=cid(1), to=["W1"], media="video")
    refused(state, W1, "call.dial", "E_FORBIDDEN", call=cid(1), to=["W2"], media="video")
    refused(state, DISPATCHER, "call.dial", "E_FIELD", call="X1", to=["W1"], media="video")
    refused(state, DISPATCHER, "call.dial", "E_NOT_FOUND", call=cid(1), to=["W9"], media="video")
    refused(state, DISPATCHER, "call.dial", "E_FIELD", call=cid(1), to=["W3"], media="audio", group=GRID)
    refused(state, DISPATCHER, "call.dial", "E_UNREACHABLE", call=cid(1), to=["W1"], media="video",
            unreachable=["W1"])
    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="video")
    refused(state, DISPATCHER2, "call.dial", "E_BUSY", call=cid(2), to=["W1"], media="video")
    refused(state, DISPATCHER, "call.dial", "E_CONFLICT", call=cid(1), to=["W2"], media="video")
    refused(state, W2, "call.accept", "E_NOT_PARTY", call=cid(1))
    refused(state, DISPATCHER2, "call.hangup", "E_NOT_PARTY", call=cid(1))
    refused(state, DISPATCHER, "call.accept", "E_TRANSITION", call=cid(1))
    refused(state, W1, "call.fail", "E_FIELD", call=cid(1), reason="  ")
    refused(state, DISPATCHER, "call.accept", "E_NOT_FOUND", call=cid(9))


def test_glare_names_the_call_to_accept_instead(state):
    step(state, W1, "call.dial", call=cid(1), to=["desk"], media="audio")
    err = refused(state, DISPATCHER, "call.dial", "E_GLARE", call=cid(2), to=["W1"], media="video")
    assert err.detail == cid(1) and err.to_dict()["call"] == cid(1)
    step(state, DISPATCHER, "call.dial", call=cid(3), to=["W2"], media="video")
    err = refused(state, W2, "call.dial", "E_GLARE", call=cid(4), to=["desk"], media="audio")
    assert err.detail == cid(3)


def test_worker_calls_the_desk_and_one_console_answers(state):
    ring = step(state, GATEWAY, "call.dial", call=cid(1), to=["desk"], media="audio", worker="W1")
    assert ring.data["workers"] == ["W1"] and state.call_of == {"W1": cid(1)}
    step(state, DISPATCHER2, "call.accept", call=cid(1))
    call = state.calls[cid(1)]
    assert call["answered_by"] == "d02" and call["parties"] == {"desk": "accepted"}
    refused(state, DISPATCHER, "call.hangup", "E_NOT_PARTY", call=cid(1))
    step(state, DISPATCHER2, "call.recorded", call=cid(1), file="2026-11-22/x.mkv", bytes=10, duration_ms=5,
         started_at=T0)
    step(state, DISPATCHER2, "call.hangup", call=cid(1))
    refused(state, DISPATCHER, "call.recorded", "E_NOT_PARTY", call=cid(1), file="f", bytes=1, duration_ms=1,
            started_at=T0)
    assert [r["file"] for r in call["recordings"]] == ["2026-11-22/x.mkv"]


def test_the_relay_marks_a_recording_stored_and_only_the_relay_may(state):
    from console.domain.decide import SYSTEM_ACTOR

    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1", "W2"], media="audio", group=GRID)
    step(state, W1, "call.accept", call=cid(1))
    step(state, DISPATCHER, "call.recorded", call=cid(1), file=f"/d/{cid(1)}-W1.mkv", bytes=10, duration_ms=5,
         started_at=T0)
    stored = {"call": cid(1), "part": "W1", "bytes": 10, "sha256": "ab" * 32, "duration_ms": 5, "started_at": T0,
              "account": "d01"}
    refused(state, DISPATCHER, "call.stored", "E_FORBIDDEN", **stored)
    refused(state, SYSTEM_ACTOR, "call.stored", "E_NOT_FOUND", **{**stored, "call": cid(9)})
    event = step(state, SYSTEM_ACTOR, "call.stored", **stored)
    assert event.data["workers"] == ["W1", "W2"]
    (entry,) = state.calls[cid(1)]["recordings"]
    assert entry["stored"] == {"part": "W1", "bytes": 10, "sha256": "ab" * 32, "seq": event.seq}
    # a recording the log had not heard of (its call.recorded was lost) is added
    step(state, SYSTEM_ACTOR, "call.stored", **{**stored, "part": "W2", "started_at": T0 + 5})
    assert [r["stored"]["part"] for r in state.calls[cid(1)]["recordings"]] == ["W1", "W2"]
    assert calls.recording_part(cid(1), f"/d/2026-11-22/{cid(1)}-W1.mkv") == "W1"
    assert calls.recording_part(cid(1), f"C:\\rec\\{cid(1)}.mkv") == ""


def test_overdue_rings_out_and_loses_absent_parties(state):
    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="video")
    call = state.calls[cid(1)]
    present = {}.get
    assert calls.overdue(call, T0 + calls.RING_TIMEOUT_MS - 1, present) == []
    assert calls.overdue(call, T0 + calls.RING_TIMEOUT_MS, present) == [("", "no_answer")]
    event_type, data = drop(call, "", "no_answer")
    assert event_type == ev.CALL_ENDED and data["status"] == "ended"
    step(state, W1, "call.accept", call=cid(1))
    gone = {"W1": T0 + 1000}.get
    assert calls.overdue(call, T0 + 1000 + calls.LOST_TIMEOUT_MS - 1, gone) == []
    assert calls.overdue(call, T0 + 1000 + calls.LOST_TIMEOUT_MS, gone) == [("W1", "lost")]
    assert drop(call, "W1", "lost")[0] == ev.CALL_ENDED


def test_snapshot_round_trip_and_worker_audience(state):
    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="video")
    step(state, DISPATCHER, "call.dial", call=cid(2), to=["W2"], media="audio")
    snap = state.to_snapshot()
    again = State.from_snapshot(json.loads(json.dumps(snap)))
    assert again.to_snapshot() == snap and again.call_of == state.call_of
    assert [c["id"] for c in View(Role.GRID_WORKER, "w1", frozenset({"W1"})).snapshot(state)["calls"]] == [cid(1)]


def test_ended_calls_are_trimmed_after_a_day(state):
    step(state, DISPATCHER, "call.dial", call=cid(1), to=["W1"], media="video")
    step(state, DISPATCHER, "call.hangup", call=cid(1))
    step(state, DISPATCHER, "call.dial", at=T0 + calls.KEEP_ENDED_MS, call=cid(2), to=["W1"], media="video")
    assert cid(1) in state.calls
    step(state, DISPATCHER, "call.hangup", at=T0 + calls.KEEP_ENDED_MS, call=cid(2))
    step(state, DISPATCHER, "call.dial", at=T0 + calls.KEEP_ENDED_MS + 1, call=cid(3), to=["W1"], media="video")
    assert set(state.calls) == {cid(2), cid(3)}


# -- random command sequences keep the invariants -------------------------------------------------

ACTORS = [DISPATCHER, DISPATCHER2, CHIEF, W1, W2, W1, W2, GATEWAY, GATEWAY, TRAINER]
TARGETS = [["W1"], ["W2"], ["W3"], ["W1", "W2"], ["desk"]]
OPS = ["call.dial"] * 3 + ["call.accept"] * 3 + ["call.decline", "call.hangup", "call.hangup", "call.fail"]
command = st.tuples(
    st.sampled_from(ACTORS),
    st.sampled_from(OPS),
    st.integers(0, 2),  # call id
    st.sampled_from(TARGETS),
    st.sampled_from(["W1", "W2", "W3"]),  # the worker a gateway acts for
    st.integers(0, 40_000),  # ms since the previous command
    st.booleans(),  # the relay found the callees unreachable / a watchdog sweep runs
)


def _args(op: str, n: int, to: list[str], worker: str, actor: Actor) -> dict:
    args: dict = {"call": cid(n)}
    if op == "call.dial":
        field = actor.role in (Role.GRID_WORKER, Role.FIELD_GATEWAY)
        args.update(to=["desk"] if field and worker != "W3" else to, media="audio")
    if op == "call.fail":
        args["reason"] = "ICE failed"
    if actor.role is Role.FIELD_GATEWAY:
        args["worker"] = worker
    return args


def check_invariants(state: State) -> None:
    busy: dict[str, str] = {}
    for call in state.calls.values():
        for worker_id in calls.busy_workers(call):
            assert worker_id not in busy, f"{worker_id} in two live calls"
            busy[worker_id] = call["id"]
        if not calls.is_live(call):
            assert not calls.live_callees(call) and call["ended_at"]
        elif call["status"] == calls.ACTIVE:
            assert call["answered_at"]
    assert busy == state.call_of
    snap = json.loads(json.dumps(state.to_snapshot()))
    assert json.loads(json.dumps(State.from_snapshot(snap).to_snapshot())) == snap


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(command, max_size=60))
def test_random_call_commands_keep_invariants(commands):
    state = make_state()
    now = T0
    for actor, op, n, to, worker, gap, flag in commands:
        now += gap
        args = _args(op, n, to, worker, actor)
        if op == "call.dial" and flag:
            args["unreachable"] = [w for w in to if w != "desk"][:1]
        over_before = cid(n) in state.calls and not calls.is_live(state.calls[cid(n)])
        before = json.dumps(state.to_snapshot(), sort_keys=True)
        try:
            event_type, data = decide(state, actor, op, args, now, state.seq + 1)
        except DomainError:
            assert json.dumps(state.to_snapshot(), sort_keys=True) == before, "a refusal changed the state"
        else:
            assert not over_before, f"{op} accepted on a call that was over"
            apply(state, Event(state.seq + 1, now, event_type, actor.account, data))
        if flag:  # a watchdog sweep: everyone without a connection for a while counts as gone
            for call in [c for c in state.calls.values() if calls.is_live(c)]:
                while found := calls.overdue(call, now, lambda _p: T0):
                    event_type, data = drop(call, *found[0])
                    apply(state, Event(state.seq + 1, now, event_type, "system", data))
        check_invariants(state)
