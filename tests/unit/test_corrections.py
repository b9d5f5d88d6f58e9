"""补充, 改类, 改级, 改址 and 办结 with a 处理结果, through decide() + apply() as the relay runs them."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.catalogue import validate_args
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.incidents import Incident, Status
from console.domain.places import Address, Community, District, Grid
from console.domain.state import State, apply
from console.domain.workers import Role, Worker, WorkerKind

WEST = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))
EAST = ((120.61, 31.30), (120.62, 31.30), (120.62, 31.31), (120.61, 31.31))
DISPATCHER = Actor("d01", Role.DISPATCHER, workstation="desk-1")
CHIEF = Actor("c01", Role.STATION_CHIEF)
WORKER = Actor("w1", Role.GRID_WORKER, "W1")
LIAISON = Actor("l01", Role.LIAISON, department="600600")
EAST_ADDRESS = Address("A-EAST-1", "东街1号", "东街", "1号", 120.615, 31.305, "320508019001002", "", "")


@pytest.fixture
def state() -> State:
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid("320508019001001", "西网格", "320508019001", WEST),
                               Grid("320508019001002", "东网格", "320508019001", EAST)],
                        addresses=[EAST_ADDRESS])
    return State(district, {"W1": Worker("W1", "张三", WorkerKind.GRID_WORKER, "320508019001001")})


def step(state: State, actor: Actor, op: str, **args) -> Event:
    seq = state.seq + 1
    event_type, data = decide(state, actor, op, args, 1_700_000_000_000 + seq, seq)
    event = Event(seq, 1_700_000_000_000 + seq, event_type, actor.account, data)
    apply(state, event)
    return event


def refused(state: State, actor: Actor, op: str, **args) -> str:
    before = state.seq
    with pytest.raises(DomainError) as caught:
        step(state, actor, op, **args)
    assert state.seq == before
    return caught.value.code


def report(state: State, **extra) -> Incident:
    event = step(state, DISPATCHER, "incident.report", category="200200", priority=3, lng=120.605, lat=31.305,
                 address="西街5号", narrative="邻里噪音纠纷", **extra)
    return state.incidents[event.data["incident"]]


def test_note_appends_to_the_timeline_with_who_and_why_even_when_closed(state):
    inc = report(state)
    step(state, CHIEF, "incident.note", incident=inc.id, note="报警人再次来电：对方已离开")
    entry = inc.timeline[-1]
    assert (entry.action, entry.actor, entry.note, entry.status) == ("note", "c01", "报警人再次来电：对方已离开",
                                                                    Status.NEW)
    assert refused(state, DISPATCHER, "incident.note", incident=inc.id, note="  ") == "E_FIELD"
    step(state, DISPATCHER, "incident.void", incident=inc.id, note="误报")
    step(state, DISPATCHER, "incident.note", incident=inc.id, note="作废后补充：系误拨")
    assert inc.timeline[-1].action == "note" and inc.status is Status.VOID


def test_recategorize_changes_the_category_and_records_old_and_new(state):
    inc = report(state)
    event = step(state, DISPATCHER, "incident.recategorize", incident=inc.id, category="200100", note="现场已动手")
    assert inc.category == "200100" and event.data["from"] == "200200"
    assert inc.timeline[-1].action == "recategorize"
    assert "200200" in inc.timeline[-1].note and "200100" in inc.timeline[-1].note
    assert inc.timeline[-1].note.endswith("现场已动手") and inc.timeline[-1].workstation == "desk-1"
    assert refused(state, DISPATCHER, "incident.recategorize", incident=inc.id, category="200100",
                   note="再改") == "E_FIELD"  # unchanged
    assert refused(state, DISPATCHER, "incident.recategorize", incident=inc.id, category="999999",
                   note="乱码") == "E_FIELD"
    assert refused(state, DISPATCHER, "incident.recategorize", incident=inc.id, category="400000",
                   note="") == "E_FIELD"  # a reason is required


def test_reprioritize_changes_the_priority_with_a_reason(state):
    inc = report(state)
    step(state, DISPATCHER, "incident.reprioritize", incident=inc.id, priority=1, note="有人受伤")
    assert inc.priority == 1 and inc.timeline[-1].note == "三级 → 一级：有人受伤"
    assert refused(state, DISPATCHER, "incident.reprioritize", incident=inc.id, priority=1, note="同级") == "E_FIELD"


def test_readdress_by_standard_address_regrids_the_incident(state):
    inc = report(state)
    assert inc.grid_code == "320508019001001"
    event = step(state, DISPATCHER, "incident.readdress", incident=inc.id, address_code="A-EAST-1",
                 note="报警人说错路名")
    assert (inc.address, inc.address_code, inc.grid_code) == ("东街1号", "A-EAST-1", "320508019001002")
    assert (inc.lng, inc.lat) == (EAST_ADDRESS.lng, EAST_ADDRESS.lat)
    assert event.data["from_grid"] == "320508019001001"
    assert inc.timeline[-1].note == "西街5号 → 东街1号：报警人说错路名"


def test_readdress_by_text_and_coordinates_and_its_refusals(state):
    inc = report(state)
    step(state, DISPATCHER, "incident.readdress", incident=inc.id, address="东街口公交站", lng=120.618,
         lat=31.302, note="位置更正")
    assert inc.grid_code == "320508019001002" and inc.address == "东街口公交站" and inc.address_code == ""
    assert refused(state, DISPATCHER, "incident.readdress", incident=inc.id, address="只有文字",
                   note="缺坐标") == "E_FIELD"
    assert refused(state, DISPATCHER, "incident.readdress", incident=inc.id, address_code="NOPE",
                   note="无此地址") == "E_NOT_FOUND"
    assert refused(state, DISPATCHER, "incident.readdress", incident=inc.id, address="远处", lng=121.5, lat=31.3,
                   note="辖区外") == "E_FIELD"


def test_corrections_are_for_console_roles_and_open_incidents(state):
    inc = report(state)
    for op, extra in (("incident.note", {}), ("incident.recategorize", {"category": "200100"}),
                      ("incident.reprioritize", {"priority": 1}),
                      ("incident.readdress", {"address_code": "A-EAST-1"})):
        assert refused(state, WORKER, op, incident=inc.id, note="越权", **extra) == "E_FORBIDDEN"
        assert refused(state, LIAISON, op, incident=inc.id, note="越权", **extra) == "E_FORBIDDEN"
    step(state, DISPATCHER, "incident.void", incident=inc.id, note="重复")
    assert refused(state, DISPATCHER, "incident.reprioritize", incident=inc.id, priority=1,
                   note="作废后") == "E_TRANSITION"


def test_close_needs_an_outcome_and_a_note_and_keeps_them(state):
    inc = report(state)
    step(state, DISPATCHER, "incident.accept", incident=inc.id)
    step(state, DISPATCHER, "incident.dispatch", incident=inc.id, worker="W1")
    for op in ("incident.sign", "incident.arrive", "incident.feedback"):
        step(state, WORKER, op, incident=inc.id)
    step(state, DISPATCHER, "incident.verify", incident=inc.id)
    assert refused(state, DISPATCHER, "incident.close", incident=inc.id, note="结案") == "E_FIELD"
    assert refused(state, DISPATCHER, "incident.close", incident=inc.id, outcome="mediated") == "E_FIELD"
    assert refused(state, DISPATCHER, "incident.close", incident=inc.id, outcome="solved", note="x") == "E_FIELD"
    event = step(state, DISPATCHER, "incident.close", incident=inc.id, outcome="mediated", note="双方和解")
    assert event.data["workers"] == ["W1"]  # the worker's own connection hears of it
    assert inc.status is Status.CLOSED and (inc.outcome, inc.outcome_note) == ("mediated", "双方和解")
    assert inc.timeline[-1].note == "已调解：双方和解"
    assert Incident.from_dict(inc.to_dict()).outcome == "mediated"


def test_an_old_close_event_without_an_outcome_still_reads(state):
    inc = report(state)
    inc.status = Status.VERIFYING
    apply(state, Event(state.seq + 1, 1_700_000_100_000, ev.INCIDENT_CLOSED, "d01", {"incident": inc.id}))
    assert inc.status is Status.CLOSED and inc.outcome == "" and inc.timeline[-1].note == ""
    body = inc.to_dict()
    del body["outcome"], body["outcome_note"]  # a body stored before outcomes existed
    assert Incident.from_dict(body).outcome == ""


def test_the_catalogue_schema_asks_for_outcome_and_reason():
    with pytest.raises(DomainError):
        validate_args("incident.close", {"incident": "JQ1"})
    assert validate_args("incident.close", {"incident": "JQ1", "outcome": "other", "note": "说明"})
    with pytest.raises(DomainError):
        validate_args("incident.reprioritize", {"incident": "JQ1", "priority": 5, "note": "x"})


def test_report_with_accept_is_accepted_by_the_taker_in_one_event(state):
    inc = report(state, accept=True)
    assert inc.status is Status.ACCEPTED and inc.accepted_at == inc.reported_at
    assert [(t.action, t.status, t.actor) for t in inc.timeline] == [("report", Status.NEW, "d01"),
                                                                     ("accept", Status.ACCEPTED, "d01")]
    assert refused(state, WORKER, "incident.report", category="200200", lng=120.605, lat=31.305,
                   accept=True) == "E_FORBIDDEN"
    step(state, DISPATCHER, "incident.dispatch", incident=inc.id, worker="W1")
    assert inc.status is Status.DISPATCHED
