"""巡逻发现 (incident.discover): a police unit reports what it comes across, optionally already on scene."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.catalogue import validate_args
from console.domain.changes import changes_of
from console.domain.clock import ManualClock, use_clock
from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.incidents import AssignmentStatus, Source, Status, categories
from console.domain.permissions import may
from console.domain.state import apply
from console.domain.workers import Role
from tests.unit.test_police_unit_phone import UNIT, UNIT_VIEW, with_units
from tests.unit.test_visibility import T0, relay_events, step

HERE = {"lng": 120.605, "lat": 31.305}  # at 平江路1号 (A1)


def test_only_a_police_unit_reports_what_it_comes_across():
    assert may(Role.POLICE_UNIT, "incident.discover")
    assert not any(may(role, "incident.discover") for role in Role if role is not Role.POLICE_UNIT)


def test_the_patrol_subset_is_police_work_from_the_table():
    patrol = {c.code for c in categories().values() if c.patrol}
    assert {"100100", "200100", "300100", "400100", "500100", "700000", "990000"} <= patrol
    assert not patrol & {"600600", "650000", "900000", "950000", "500300"}  # referrals, leads, complaints, advice


def test_on_scene_the_unit_is_assigned_and_there_and_the_incident_is_worked():
    state = with_units()
    clock = ManualClock(T0)
    with use_clock(clock):
        event = step(state, UNIT, "incident.discover", category="200100", narrative=" 两人扭打 ", address_code="A1",
                     on_scene=True, **HERE)
        clock.at_ms = event.at
        wire = UNIT_VIEW.wire(relay_events(state, event.seq - 1), state)
    inc = state.incidents[event.data["incident"]]
    assert event.type == ev.INCIDENT_REPORTED and event.data["source"] == "patrol" and event.data["on_scene"] is True
    assert inc.source is Source.PATROL and inc.reporter_worker == "X01" and inc.narrative == "两人扭打"
    assert inc.status is Status.ON_SCENE and inc.accepted_at == event.at and inc.address == "平江路1号"
    a = inc.assignments["X01"]
    assert a.status is AssignmentStatus.ON_SCENE and a.arrived_at == a.signed_at == event.at
    assert inc.id in state.busy["X01"] and "X01" in changes_of(state, [event]).workers
    assert [t.action for t in inc.timeline] == ["report", "arrive"]
    assert wire[-1]["data"]["unit"]["status"] == "到场"  # the unit's phone and the desk's board agree
    replayed = with_units()
    for e in relay_events(state, 0):
        if e.seq > replayed.seq:
            apply(replayed, e)
    assert replayed.incidents[inc.id].to_dict() == inc.to_dict()
    assert step(state, UNIT, "incident.feedback", incident=inc.id).type == ev.INCIDENT_FEEDBACK  # 处置完毕 next


def test_without_on_scene_it_waits_for_the_desk():
    state = with_units()
    event = step(state, UNIT, "incident.discover", category="300100", narrative="路口追尾,有人受伤", **HERE)
    inc = state.incidents[event.data["incident"]]
    assert "on_scene" not in event.data and inc.status is Status.NEW and not inc.assignments
    assert inc.grid_code and inc.source is Source.PATROL


@pytest.mark.parametrize(("args", "problems"), [
    ({"category": "600600", "narrative": "占道经营"}, ["category: 巡逻发现不能上报此类别 600600"]),
    ({"category": "123456", "narrative": "不明情况"}, ["category: 巡逻发现不能上报此类别 123456"]),
    ({"category": "200100", "narrative": " \u200b "}, ["narrative: 请填写现场情况"]),
    ({"category": "950000", "narrative": ""}, ["category: 巡逻发现不能上报此类别 950000", "narrative: 请填写现场情况"]),
])
def test_a_bad_report_is_refused_in_chinese_by_field_and_changes_nothing(args, problems):
    state = with_units()
    seq, incidents = state.seq, dict(state.incidents)
    with pytest.raises(DomainError) as refused:
        step(state, UNIT, "incident.discover", **args, **HERE)
    assert refused.value.code == "E_FIELD" and refused.value.extra["problems"] == problems
    assert refused.value.zh.startswith("字段无效：") and state.seq == seq and state.incidents == incidents


def test_the_relay_edge_wants_text_and_a_place():
    with pytest.raises(DomainError, match="narrative"):
        validate_args("incident.discover", {"category": "200100", **HERE})
    with pytest.raises(DomainError, match="lng"):
        validate_args("incident.discover", {"category": "200100", "narrative": "x", "lat": 31.3})
    with pytest.raises(DomainError, match="worker"):  # a unit reports as itself only
        validate_args("incident.discover", {"category": "200100", "narrative": "x", "worker": "X02", **HERE})


def test_a_desk_is_refused():
    with pytest.raises(DomainError) as refused:
        step(with_units(), Actor("d01", Role.DISPATCHER), "incident.discover", category="200100", narrative="x",
             **HERE)
    assert refused.value.code == "E_FORBIDDEN"


@pytest.mark.parametrize("steps", [(), ("incident.sign",), ("incident.sign", "incident.arrive")],
                         ids=["dispatched", "en_route", "on_scene"])
def test_a_busy_unit_cannot_be_on_scene_twice_but_may_still_report(steps):
    state = with_units()
    first = step(state, UNIT, "incident.discover", category="300100", narrative="路口追尾", **HERE)
    incident = first.data["incident"]
    step(state, Actor("d01", Role.DISPATCHER), "incident.accept", incident=incident)
    step(state, Actor("d01", Role.DISPATCHER), "incident.dispatch", incident=incident, worker="X01")
    for op in steps:
        step(state, UNIT, op, incident=incident)
    seq, incidents = state.seq, dict(state.incidents)
    with pytest.raises(DomainError) as refused:
        step(state, UNIT, "incident.discover", category="200100", narrative="又见扭打", on_scene=True, **HERE)
    why = f"正在处置 {incident}，不能同时到场；取消“已在现场”可只上报"
    assert refused.value.code == "E_BUSY" and refused.value.extra["incident"] == incident
    assert refused.value.extra["problems"] == [f"on_scene: {why}"] and refused.value.zh.endswith(why)
    assert state.seq == seq and state.incidents == incidents
    later = step(state, UNIT, "incident.discover", category="200100", narrative="又见扭打", **HERE)  # report only
    assert state.incidents[later.data["incident"]].status is Status.NEW and state.busy["X01"] == {incident}


def test_a_unit_whose_last_incident_is_done_is_free_to_be_on_scene():
    state = with_units()
    first = step(state, UNIT, "incident.discover", category="200100", narrative="扭打", on_scene=True, **HERE)
    step(state, UNIT, "incident.feedback", incident=first.data["incident"])
    second = step(state, UNIT, "incident.discover", category="200100", narrative="又见扭打", on_scene=True, **HERE)
    assert state.incidents[second.data["incident"]].assignments["X01"].status is AssignmentStatus.ON_SCENE
