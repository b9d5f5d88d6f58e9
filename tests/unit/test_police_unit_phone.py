"""A police unit's own phone (role police_unit): the field ops a unit needs, its dispatches only, and its
status by the unit board's derivation in its snapshot and on its events."""

from __future__ import annotations

import pytest

from console.domain.clock import ManualClock, use_clock
from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.permissions import may
from console.domain.unit_status import ARRIVED_MS, REST_MS
from console.domain.visibility import View, view_of
from console.domain.workers import Role, Worker, WorkerKind
from tests.unit.test_visibility import GRID, T0, make_state, relay_events, report_and_dispatch, step

UNIT = Actor("p01", Role.POLICE_UNIT, "X01", workstation="phone")
UNIT_VIEW = View(Role.POLICE_UNIT, "p01", frozenset({"X01"}))


def with_units():
    state = make_state()
    for unit, name in (("X01", "巡逻一组(车)"), ("X02", "巡逻二组(车)")):
        state.workers[unit] = Worker(unit, name, WorkerKind.PATROL, GRID)
    step(state, Actor("fieldsim", Role.FIELD_GATEWAY), "worker.duty", worker="X01", on=True)
    return state


@pytest.mark.parametrize("op", ["position.report", "worker.duty", "worker.sos", "incident.sign", "incident.arrive",
                                "incident.feedback", "incident.return", "call.dial", "call.hangup"])
def test_a_unit_may_send_the_field_ops_a_unit_needs(op):
    assert may(Role.POLICE_UNIT, op)


@pytest.mark.parametrize("op", ["submission.submit", "order.sign", "order.feedback", "notice.read", "incident.report",
                                "incident.dispatch", "submission.accept"])
def test_a_unit_may_not_send_grid_worker_or_desk_ops(op):
    assert not may(Role.POLICE_UNIT, op)


def test_a_unit_works_its_own_dispatch_and_no_other():
    state = with_units()
    mine = report_and_dispatch(state, "A1", "X01")
    theirs = report_and_dispatch(state, "A1", "X02")
    with pytest.raises(DomainError) as refused:
        step(state, UNIT, "incident.sign", incident=theirs)
    assert refused.value.code == "E_FORBIDDEN"
    with pytest.raises(DomainError) as other:
        step(state, UNIT, "incident.sign", incident=mine, worker="X02")
    assert other.value.code == "E_FORBIDDEN"
    assert step(state, UNIT, "incident.sign", incident=mine).data["worker"] == "X01"


def test_a_units_view_is_its_dispatches_and_itself():
    state = with_units()
    assert view_of(UNIT, state) == UNIT_VIEW
    mine = report_and_dispatch(state, "A1", "X01")
    report_and_dispatch(state, "A1", "X02")
    with use_clock(ManualClock(T0 + 10_000)):
        snap = UNIT_VIEW.snapshot(state)
    assert [i["id"] for i in snap["incidents"]] == [mine] and snap["incidents"][0]["caller"] == ""
    assert [w[0] for w in snap["workers"]] == ["X01"]
    assert snap["unit"]["status"] == "已派" and snap["unit"]["incident"] == mine


def test_a_units_events_carry_its_status_as_the_board_derives_it():
    state = with_units()
    mine = report_and_dispatch(state, "A1", "X01")
    statuses = []
    clock = ManualClock(T0)
    with use_clock(clock):
        for op in ("incident.sign", "incident.arrive", "incident.feedback"):
            before = state.seq
            event = step(state, UNIT, op, incident=mine)
            clock.at_ms = event.at
            wire = UNIT_VIEW.wire(relay_events(state, before), state)
            statuses.append((wire[-1]["data"]["unit"]["status"], wire[-1]["data"]["unit"]["then"]))
        resumed = UNIT_VIEW.wire(relay_events(state, 0), state)  # a catch-up ends on the current status
        arrived_at = state.incidents[mine].assignments["X01"].arrived_at
        done_at = state.incidents[mine].assignments["X01"].done_at
    assert statuses == [("途中", None), ("到场", ["处置", arrived_at + ARRIVED_MS]),
                        ("休整", ["空闲", done_at + REST_MS])]
    assert resumed[-1]["data"]["unit"]["status"] == "休整" and all("unit" not in e["data"] for e in resumed[:-1])
    grid_worker = View(Role.GRID_WORKER, "w1", frozenset({"W1"}))
    assert all("unit" not in e["data"] for e in grid_worker.wire(relay_events(state, 0), state))
