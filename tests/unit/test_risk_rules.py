"""The risk rules (console.domain.risk) on hand-made command sequences with known answers: for each rule, one
short of its count, exactly at it, and the same count reaching outside its window; the warning's own life
(签收, 反馈, 办结) and who may take each step; a relay restart (an engine rebuilt from the state) goes on
counting without raising twice."""

from __future__ import annotations

from dataclasses import replace

import pytest

from console.domain import events as ev
from console.domain.catalogue import validate_args
from console.domain.decide import Actor, decide
from console.domain.errors import DomainError
from console.domain.risk import config as rc
from console.domain.risk.engine import RiskEngine
from console.domain.risk.index import parties_key
from console.domain.state import State, apply
from console.domain.workers import Role
from console.testing.sample_state import build_addresses, build_district, build_roster

T0 = 1_763_700_000_000
MIN = 60_000
HOUR = 60 * MIN
DAY = 24 * HOUR
DISTRICT = build_district()
DISTRICT = replace(DISTRICT, addresses=build_addresses(DISTRICT))
ROSTER = build_roster(DISTRICT, 10)
A1, A2 = DISTRICT.addresses[0], DISTRICT.addresses[1]
DESK = Actor("d01", Role.DISPATCHER)
OFFICER = Actor("m01", Role.OFFICER, "W005")  # every fifth of the roster is a community officer
W_A1 = next(w.id for w in ROSTER.values() if w.grid_code == A1.grid_code and w.kind.value == "grid_worker")


class World:
    """A relay's writer in miniature: decide, fold, then fold what the risk rules make of it."""

    def __init__(self) -> None:
        self.state = State(DISTRICT, dict(ROSTER))
        self.engine = RiskEngine.from_state(self.state)
        self.log: list[ev.Event] = []

    def cmd(self, actor: Actor, op: str, at: int, **args) -> ev.Event:
        event_type, data = decide(self.state, actor, op, validate_args(op, args), at, self.state.seq + 1)
        event = self._fold(ev.Event(self.state.seq + 1, at, event_type, actor.account, data))
        for event_type, data in self.engine.follow(self.state, event, at):
            self.engine.after(self.state, self._fold(ev.Event(self.state.seq + 1, at, event_type, "system", data)))
        return event

    def _fold(self, event: ev.Event) -> ev.Event:
        apply(self.state, event)
        self.log.append(event)
        return event

    def report(self, at: int, category: str = "200400", address=A1, caller: str = "") -> str:
        return self.cmd(DESK, "incident.report", at, category=category, address_code=address.code,
                        caller=caller).data["incident"]

    def dispute_record(self, at: int, parties: str = "张甲、李乙", address=A1) -> str:
        fields = {"type": "婚姻家庭邻里", "parties": parties, "description": "噪音纠纷", "address_code": address.code}
        return self.cmd(Actor("w", Role.GRID_WORKER, W_A1), "submission.submit", at, kind="dispute",
                        fields=fields).data["record"]

    def warnings(self, rule: str) -> list:
        return [w for w in self.state.warnings.values() if w.rule == rule]


# -- 重复警情 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("category", "gap", "fires"), [
    ("500200", 60 * MIN, True),  # exactly at the 60-minute window
    ("500200", 60 * MIN + 1, False),  # just outside it
    ("200200", 72 * HOUR, True),  # a dispute: the window reaches 72 h
    ("200200", 72 * HOUR + 1, False),
])
def test_risk_rule_repeat_call_window(category, gap, fires):
    world = World()
    first = world.report(T0, category, caller="13800001111")
    assert not world.warnings(rc.REPEAT_CALL)  # one call is one short
    second = world.report(T0 + gap, category, caller="13800001111")
    raised = world.warnings(rc.REPEAT_CALL)
    assert bool(raised) is fires
    assert world.state.incidents[second].repeat_of == (first if fires else "")  # the intake tag and the rule agree
    if fires:
        assert raised[0].evidence == (first, second) and raised[0].title == "同一号码第2次报警"


def test_risk_rule_repeat_call_one_warning_per_chain_while_open():
    world = World()
    for k in range(3):
        world.report(T0 + k * MIN, "500200", caller="13800002222")
    (w,) = world.warnings(rc.REPEAT_CALL)
    assert len(w.evidence) == 2  # the third call repeats an open warning: nothing new
    world.cmd(DESK, "warning.close", T0 + 5 * MIN, warning=w.id, note="同一事件")
    third = world.report(T0 + 6 * MIN, "500200", caller="13800002222")
    newer = [x for x in world.warnings(rc.REPEAT_CALL) if x.id != w.id]
    assert len(newer) == 1 and newer[0].evidence[-1] == third and len(newer[0].evidence) == 4


# -- 矛盾升级 and 民转刑 ------------------------------------------------------------------------------

@pytest.mark.parametrize(("third_at", "fires"), [(29 * DAY, True), (30 * DAY, True), (30 * DAY + 1, False)])
def test_risk_rule_dispute_escalation_n_disputes_in_m_days(third_at, fires):
    world = World()
    first = world.report(T0, "200200")
    world.report(T0 + DAY, "200600")  # 家庭暴力 counts as a dispute too
    world.report(T0 + DAY, "200200", address=A2)  # another address counts apart
    assert not world.warnings(rc.DISPUTE_ESCALATION)  # two: one short
    world.report(T0 + third_at, "200200")
    raised = world.warnings(rc.DISPUTE_ESCALATION)
    assert bool(raised) is fires
    if fires:
        assert raised[0].subject == f"address:{A1.code}" and raised[0].evidence[0] == first
        assert raised[0].level == "orange" and raised[0].due_at == T0 + third_at + 48 * HOUR


def test_risk_rule_dispute_escalation_same_parties_at_any_address():
    world = World()
    world.dispute_record(T0, "张甲、李乙", A1)
    world.dispute_record(T0 + DAY, "李乙 与 张甲", A2)
    assert not [w for w in world.warnings(rc.DISPUTE_ESCALATION) if w.subject.startswith("parties:")]
    third = world.dispute_record(T0 + 2 * DAY, "李乙，张甲", A2)
    (w,) = [w for w in world.warnings(rc.DISPUTE_ESCALATION) if w.subject.startswith("parties:")]
    assert w.records[-1] == third and len(w.records) == 3 and parties_key("张甲和李乙") == "张甲、李乙"


@pytest.mark.parametrize(("gap", "address", "fires"), [(30 * DAY, A1, True), (30 * DAY + 1, A1, False),
                                                       (DAY, A2, False)])
def test_risk_rule_dispute_to_crime(gap, address, fires):
    world = World()
    dispute = world.report(T0, "200200")
    fight = world.report(T0 + gap, "200100", address=address)  # 打架斗殴
    raised = world.warnings(rc.DISPUTE_TO_CRIME)
    assert bool(raised) is fires
    if fires:
        assert raised[0].evidence == (dispute, fight) and raised[0].level == "red"


# -- 调处分级 ---------------------------------------------------------------------------------------

def test_risk_rule_dispute_grade_rises_with_the_address_history():
    world = World()
    record = world.dispute_record(T0)
    assert world.state.records[record].grade == "green"
    world.report(T0 + HOUR, "200200")
    assert world.state.records[record].grade == "yellow" and not world.warnings(rc.DISPUTE_GRADE)
    world.report(T0 + 2 * HOUR, "200200")
    assert world.state.records[record].grade == "orange"
    (w,) = world.warnings(rc.DISPUTE_GRADE)
    assert w.grade == "orange" and w.level == "orange" and w.records == (record,) and len(w.evidence) == 2
    world.report(T0 + 3 * HOUR, "200100")  # 民转刑 at the address: red at once
    assert world.state.records[record].grade == "red"
    graded = [e for e in world.log if e.type == ev.DISPUTE_GRADED]
    assert [e.data["grade"] for e in graded] == ["green", "yellow", "orange", "red"]


def test_risk_rule_dispute_grade_outside_the_window_counts_nothing():
    world = World()
    world.report(T0, "200200")
    record = world.dispute_record(T0 + 90 * DAY + 1)  # the earlier dispute is past the 90-day window
    assert world.state.records[record].grade == "green"


# -- 重点人员 / 触圈预警 ------------------------------------------------------------------------------

def test_risk_rule_key_person_warns_at_the_address_without_naming_the_person():
    world = World()
    person = world.cmd(OFFICER, "keyperson.add", T0, name="王某某", id_number="320508199001011234", kind="社区矫正",
                       address_code=A1.code).data["key_person"]
    world.report(T0 + MIN, "500200", address=A2)
    assert not world.warnings(rc.KEY_PERSON)  # another address
    inc = world.report(T0 + 2 * MIN, "500200")
    (w,) = world.warnings(rc.KEY_PERSON)
    raised = next(e for e in world.log if e.type == ev.WARNING_RAISED and e.data["rule"] == rc.KEY_PERSON)
    assert w.evidence == (inc,) and w.address_code == A1.code and W_A1 in w.workers and "W005" in w.workers
    assert "王某某" not in repr(raised.data) and "320508199001011234" not in repr(raised.data)
    world.cmd(DESK, "warning.close", T0 + 3 * MIN, warning=w.id, note="已核实")
    world.cmd(OFFICER, "keyperson.remove", T0 + 4 * MIN, key_person=person, note="已迁出")
    world.report(T0 + 5 * MIN, "500200")
    assert len(world.warnings(rc.KEY_PERSON)) == 1  # removed: the address warns no more


def test_risk_rule_key_person_submission_at_the_address_warns():
    world = World()
    world.cmd(OFFICER, "keyperson.add", T0, name="王某某", address_code=A1.code)
    record = world.dispute_record(T0 + MIN)
    (w,) = world.warnings(rc.KEY_PERSON)
    assert w.records == (record,) and not w.evidence


def test_key_person_registry_is_kept_by_officers_and_chiefs_only():
    world = World()
    with pytest.raises(DomainError) as refused:
        world.cmd(DESK, "keyperson.add", T0, name="王某某", address_code=A1.code)
    assert refused.value.code == "E_FORBIDDEN"
    with pytest.raises(DomainError) as blank:
        world.cmd(OFFICER, "keyperson.add", T0, name="  ", address_code=A1.code)
    assert blank.value.code == "E_FIELD" and not world.state.key_persons
    chief = Actor("c01", Role.STATION_CHIEF)
    assert world.cmd(chief, "keyperson.add", T0, name="赵某", address_code=A2.code).data["station"] == A2.station_code


# -- 高发地址 / 高发网格 -------------------------------------------------------------------------------

@pytest.mark.parametrize(("third_at", "fires"), [(7 * DAY, True), (7 * DAY + 1, False)])
def test_risk_rule_hot_address_weekly_count(third_at, fires):
    world = World()
    world.report(T0, "200400")
    world.report(T0 + DAY, "200400")
    world.report(T0 + DAY, "500200")  # 群众求助 is not a counted family
    assert not world.warnings(rc.HOT_ADDRESS)
    world.report(T0 + third_at, "200400")
    assert bool(world.warnings(rc.HOT_ADDRESS)) is fires


def test_risk_rule_hot_grid_at_exactly_its_count():
    world = World()
    addresses = [a for a in DISTRICT.addresses if a.grid_code == A1.grid_code]
    for k in range(9):
        world.report(T0 + k * HOUR, "100100", address=addresses[k % len(addresses)])
    assert not world.warnings(rc.HOT_GRID)
    world.report(T0 + 9 * HOUR, "100100", address=addresses[0])
    (w,) = world.warnings(rc.HOT_GRID)
    assert w.subject == f"grid:{A1.grid_code}|刑事" and len(w.evidence) == 10 and w.grid_code == A1.grid_code


# -- the warning's own life ----------------------------------------------------------------------

def test_warning_sign_feedback_close_by_whom_and_in_order():
    world = World()
    world.report(T0, "500200", caller="13900000000")
    world.report(T0 + MIN, "500200", caller="13900000000")
    (w,) = world.warnings(rc.REPEAT_CALL)
    worker = Actor("w", Role.GRID_WORKER, W_A1)
    stranger = Actor("x", Role.GRID_WORKER, next(i for i in ROSTER if i not in w.workers))
    for actor, op, args, code in [(stranger, "warning.sign", {}, "E_FORBIDDEN"),
                                  (worker, "warning.feedback", {"note": "已走访"}, "E_TRANSITION"),
                                  (worker, "warning.close", {"note": "x"}, "E_FORBIDDEN")]:
        with pytest.raises(DomainError) as refused:
            world.cmd(actor, op, T0 + 2 * MIN, warning=w.id, **args)
        assert refused.value.code == code, op
    assert w.overdue(w.due_at + 1) and not w.overdue(w.due_at)
    world.cmd(worker, "warning.sign", T0 + 2 * MIN, warning=w.id)
    world.cmd(worker, "warning.feedback", T0 + 3 * MIN, warning=w.id, note="已上门走访，系同一纠纷")
    world.cmd(DESK, "warning.close", T0 + 4 * MIN, warning=w.id, note="已化解")
    w = world.state.warnings[w.id]
    assert (w.status.value, w.signed_by, w.close_note) == ("closed", W_A1, "已化解")
    assert w.feedback == "已上门走访，系同一纠纷"
    assert [h[2] for h in w.history] == ["raise", "sign", "feedback", "close"] and not w.overdue(w.due_at + 1)


def test_engine_rebuilt_from_state_goes_on_counting_without_raising_twice():
    world = World()
    world.report(T0, "200200")
    world.report(T0 + DAY, "200200")
    world.report(T0 + 2 * DAY, "200200")
    assert len(world.warnings(rc.DISPUTE_ESCALATION)) == 1
    restarted = State.from_snapshot(world.state.to_snapshot())
    world.state, world.engine = restarted, RiskEngine.from_state(restarted)  # the relay started again
    world.report(T0 + 3 * DAY, "200200")
    assert len(world.warnings(rc.DISPUTE_ESCALATION)) == 1  # still open: nothing new
    assert world.engine.disputes.get(A1.code)[-1][0] == T0 + 3 * DAY


def test_risk_rules_load_from_a_file_and_override(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text('{"families": {"治安": ["20"]}, "hot_address": {"days": 1, "count": 2, "families": ["治安"]},'
                    ' "repeat_call": {"window_min": 8}}', encoding="utf-8")
    config = rc.load_risk_config(str(path))
    assert (config.hot_address.window_ms, config.hot_address.count) == (DAY, 2)
    assert config.repeat_call.window_ms == 8 * MIN
    shipped = rc.load_risk_config()
    assert shipped.repeat_call.window_ms == 60 * MIN and shipped.family_of("200400") == "治安"
