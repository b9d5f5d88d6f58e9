"""The audit trail names the acting worker, and the gateway they came through separately."""

from console.domain import events as ev
from console.domain.audit import acting_worker, event_operator, operator
from console.domain.incidents import Incident
from console.domain.state import State, apply
from console.testing.factory import EventFactory, advance
from console.testing.sample_state import build_district, build_roster, grid_center

NAMES = {"W001": "朱萍莉"}


def test_a_gateway_step_names_the_worker_and_the_gateway_not_its_host():
    op = operator("fieldsim", "W001", "vm", NAMES)
    assert (op.who, op.where) == ("朱萍莉", "经 外勤网关 fieldsim")
    assert op.one_line() == "朱萍莉（经 外勤网关 fieldsim）"


def test_a_console_keeps_its_workstation_and_a_worker_login_is_their_terminal():
    assert operator("d01", "", "desk-1", NAMES) == operator("d01", "", "desk-1", {})
    assert (operator("d01", "", "desk-1", NAMES).who, operator("d01", "", "desk-1", NAMES).where) == ("d01", "desk-1")
    assert operator("w001", "W001", "phone", NAMES).where == "外勤终端"


def test_the_relays_own_events_name_the_system_in_chinese_not_its_account():
    op = operator("system", "", "", NAMES)
    assert (op.who, op.one_line()) == ("系统", "系统（中继自动）")


def test_the_dispatched_worker_is_not_the_operator_of_a_dispatch():
    dispatched = ev.Event(5, 0, ev.INCIDENT_DISPATCHED, "d02", {"incident": "I", "worker": "W001", "ws": "desk-2"})
    assert acting_worker(dispatched.type, dispatched.data) == ""
    assert event_operator(dispatched, NAMES).who == "d02"
    signed = ev.Event(6, 0, ev.INCIDENT_SIGNED, "fieldsim", {"incident": "I", "worker": "W001", "ws": "vm"})
    assert event_operator(signed, NAMES).one_line() == "朱萍莉（经 外勤网关 fieldsim）"


def test_the_timeline_keeps_the_acting_worker_through_a_snapshot():
    district = build_district(2, 2)
    state = State(district, build_roster(district, 2))
    f = EventFactory(State(district, dict(state.workers)), 1_763_700_000_000)
    report = f.report(district.grids[0], grid_center(district.grids[0]), category="200200")
    inc_id = report.data["incident"]
    for e in [report, *advance(inc_id, f, "W001", 3)]:
        apply(state, e)
    inc = state.incidents[inc_id]
    assert [(t.action, t.worker) for t in inc.timeline][-2:] == [("dispatch", ""), ("sign", "W001")]
    again = Incident.from_dict(inc.to_dict())
    assert again.timeline == inc.timeline
    old_row = inc.to_dict()
    old_row["timeline"] = [row[:7] for row in old_row["timeline"]]  # a snapshot written before the field
    assert Incident.from_dict(old_row).timeline[-1].worker == ""
