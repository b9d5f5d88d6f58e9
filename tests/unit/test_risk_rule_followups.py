"""Risk rule follow-ups (issue 16): dispute grades stepping down after quiet days (one day short, exactly at, a
late tick, replay and a restart agreeing with live), the automatic 督办 of an overdue warning (once per level),
and 触圈预警 when a report names a key person — hidden from everyone but the station's officers and chiefs."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain import privacy
from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.risk import config as rc
from console.domain.risk.engine import RiskEngine
from console.domain.risk.mentions import named
from console.domain.state import State, apply
from console.domain.workers import Role
from tests.unit.test_risk_rules import A1, A2, DAY, DESK, DISTRICT, HOUR, MIN, OFFICER, ROSTER, T0, World

NAME, ID_NUMBER = "钱某某", "320508198802023456"


class Ticking(World):
    """The writer's tick too: what the passing of time calls for, each event folded before the next."""

    def tick(self, at: int) -> list[ev.Event]:
        out = []
        for event_type, data in self.engine.tick(self.state, at):
            out.append(self._fold(ev.Event(self.state.seq + 1, at, event_type, "system", data)))
            self.engine.after(self.state, out[-1])
        return out

    def orange_record(self) -> str:
        """A dispute record graded 橙 at T0 + 2 h (three disputes at A1)."""
        record = self.dispute_record(T0)
        self.report(T0 + HOUR, "200200")
        self.report(T0 + 2 * HOUR, "200200")
        assert self.state.records[record].grade == "orange"
        return record


# -- grades that decay ---------------------------------------------------------------------------

@pytest.mark.parametrize(("quiet", "grade"), [(29 * DAY, "orange"), (30 * DAY - 1, "orange"), (30 * DAY, "yellow")])
def test_risk_rule_grade_steps_down_after_its_quiet_days(quiet, grade):
    world = Ticking()
    record = world.orange_record()
    stepped = [e for e in world.tick(T0 + 2 * HOUR + quiet) if e.type == ev.DISPUTE_GRADED]
    assert world.state.records[record].grade == grade
    if grade == "yellow":
        (e,) = stepped
        assert e.data["quiet_since"] == T0 + 2 * HOUR and e.actor == "system"
    else:
        assert not stepped


def test_risk_rule_grade_decay_restarts_with_a_new_dispute_at_the_address():
    world = Ticking()
    record = world.orange_record()
    world.report(T0 + 20 * DAY, "200200", address=A2)  # elsewhere: changes nothing here
    world.tick(T0 + 2 * HOUR + 30 * DAY)
    assert world.state.records[record].grade == "yellow"
    world.report(T0 + 40 * DAY, "200400")  # not a dispute: the address stays quiet
    world.report(T0 + 45 * DAY, "200200")  # a dispute at the address: grade recounted, quiet clock restarts
    grade_after = world.state.records[record].grade
    world.tick(T0 + 45 * DAY + 30 * DAY - 1)
    assert world.state.records[record].grade == grade_after
    world.tick(T0 + 45 * DAY + 30 * DAY)
    assert rc.GRADES.index(world.state.records[record].grade) == rc.GRADES.index(grade_after) + 1


def test_risk_rule_grade_decay_replay_restart_and_late_tick_equal_live():
    live = Ticking()
    record = live.orange_record()
    daily = {}
    for day in range(1, 100):
        live.tick(T0 + day * DAY)
        daily[day] = live.state.records[record].grade
    assert [daily[d] for d in (30, 31, 60, 61, 99)] == ["orange", "yellow", "yellow", "green", "green"]
    steps = [e for e in live.log if e.type == ev.DISPUTE_GRADED and e.data.get("quiet_since")]
    assert [e.data["grade"] for e in steps] == ["yellow", "green"]
    replayed = State(DISTRICT, dict(ROSTER))  # replay: the log folded up to a moment shows live's grade then
    events = iter(live.log)
    pending = next(events)
    for day in range(1, 100):
        while pending is not None and pending.at <= T0 + day * DAY:
            apply(replayed, pending)
            pending = next(events, None)
        assert replayed.records[record].grade == daily[day], day
    late = Ticking()  # the relay was down: one tick at day 99 takes both steps, each dated by its quiet days
    record = late.orange_record()
    restarted = State.from_snapshot(late.state.to_snapshot())
    late.state, late.engine = restarted, RiskEngine.from_state(restarted)
    late_steps = [e for e in late.tick(T0 + 99 * DAY) if e.type == ev.DISPUTE_GRADED]
    assert [(e.data["grade"], e.data["quiet_since"]) for e in late_steps] == \
        [(e.data["grade"], e.data["quiet_since"]) for e in steps]
    assert late.state.records[record].grade_since == live.state.records[record].grade_since


def test_risk_rule_grade_stored_before_grade_since_counts_quiet_from_its_last_change():
    world = Ticking()
    record = world.dispute_record(T0)  # the last dispute at the address: T0
    world._fold(ev.Event(world.state.seq + 1, T0 + 5 * DAY, ev.DISPUTE_GRADED, "system",
                         {"record": record, "grade": "red"}))  # graded 红 at T0 + 5 days
    snap = world.state.to_snapshot()
    for r in snap["records"]:
        r.pop("grade_since")  # as stored before the field existed: its last change is updated_at
    world.state = State.from_snapshot(snap)
    world.engine = RiskEngine.from_state(world.state)
    assert not world.tick(T0 + 35 * DAY - 1) and world.state.records[record].grade == "red"
    (step,) = world.tick(T0 + 35 * DAY)
    assert step.data["grade"] == "orange" and step.data["quiet_since"] == T0 + 5 * DAY


def test_risk_rule_decay_days_read_from_the_rules_file(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text('{"dispute_grade": {"decay_days": {"red": 10, "yellow": 0}}}', encoding="utf-8")
    config = rc.load_risk_config(str(path))
    assert config.decayed("red", T0, T0 + 10 * DAY) == "orange"
    assert config.decayed("red", T0, T0 + 10 * DAY - 1) == "red"
    assert config.decayed("orange", T0, T0 + 30 * DAY) == "yellow"  # unnamed: the default 30 days
    assert config.decayed("yellow", T0, T0 + 999 * DAY) == "yellow"  # 0: never steps down
    assert config.decayed("green", T0, T0 + 999 * DAY) == "green"


# -- automatic 督办 of overdue warnings ------------------------------------------------------------

def test_risk_rule_overdue_warning_supervised_once_per_level():
    world = Ticking()
    world.report(T0, "500200", caller="13900000000")
    world.report(T0 + MIN, "500200", caller="13900000000")
    (w,) = world.warnings(rc.REPEAT_CALL)  # limit 24 h
    assert not world.tick(w.due_at)  # exactly at the limit: still in time
    (first,) = world.tick(w.due_at + 1)
    assert first.type == ev.WARNING_SUPERVISED and first.data["auto"] == "due:yellow" and first.actor == "system"
    assert not world.tick(w.due_at + HOUR)  # once
    (second,) = world.tick(w.due_at + 24 * HOUR + 1)  # past twice the limit: 红牌
    assert second.data["level"] == "red" and not world.tick(w.due_at + 48 * HOUR)
    w = world.state.warnings[w.id]
    assert w.supervision == 3 and w.auto_supervised == ["due:yellow", "due:red"] and w.history[-1][2] == "supervise"
    assert set(first.data["workers"]) == set(w.workers)  # pushed to the recipients' phones like every step


def test_risk_rule_closed_warning_is_not_supervised_and_only_the_relay_supervises_automatically():
    world = Ticking()
    world.report(T0, "500200", caller="13900000001")
    world.report(T0 + MIN, "500200", caller="13900000001")
    (w,) = world.warnings(rc.REPEAT_CALL)
    with pytest.raises(DomainError) as refused:
        world.cmd(DESK, "warning.supervise", T0 + 2 * MIN, warning=w.id, level="red", note="x", auto="due:red")
    assert refused.value.code == "E_FORBIDDEN"
    world.cmd(DESK, "warning.supervise", T0 + 2 * MIN, warning=w.id, level="normal", note="请尽快核实")
    assert world.state.warnings[w.id].supervision == 1
    world.cmd(DESK, "warning.close", T0 + 3 * MIN, warning=w.id, note="已核实")
    assert not world.tick(w.due_at + 30 * DAY)
    with pytest.raises(DomainError) as closed:
        world.cmd(DESK, "warning.supervise", T0 + 4 * MIN, warning=w.id, level="yellow", note="x")
    assert closed.value.code == "E_TRANSITION"


# -- 触圈预警: a report names a key person ----------------------------------------------------------

def _key_person(world: World, **kw) -> str:
    return world.cmd(OFFICER, "keyperson.add", T0, name=NAME, address_code=A2.code, **kw).data["key_person"]


def test_risk_rule_key_person_named_in_a_report_warns_without_naming_them_to_the_desk():
    world = World()
    person = _key_person(world, id_number=ID_NUMBER, kind="社区矫正")
    world.report(T0 + MIN, "500200")  # names no one (and A1 is not the person's address)
    assert not world.warnings(rc.KEY_PERSON)
    inc = world.cmd(DESK, "incident.report", T0 + 2 * MIN, category="200200", address_code=A1.code,
                    narrative=f"报警人称邻居{NAME}持刀威胁").data["incident"]
    (w,) = world.warnings(rc.KEY_PERSON)
    assert w.evidence == (inc,) and w.key_persons == (person,) and w.station == A1.station_code
    assert w.title == "报警内容提及本所重点人员（按姓名比对）" and w.subject == f"mention:{inc}"
    raised = next(e for e in world.log if e.type == ev.WARNING_RAISED and e.data["rule"] == rc.KEY_PERSON)
    chief = privacy.clearance_of(Actor("c01", Role.STATION_CHIEF), world.state)
    for who in (DESK, Actor("w", Role.GRID_WORKER, w.workers[0]), Actor("a", Role.ADMIN)):
        seen = privacy.wire(raised, privacy.clearance_of(who, world.state))
        snap = privacy.hide_in_snapshot(world.state.to_snapshot(), privacy.clearance_of(who, world.state))
        shown = repr(seen) + repr([x for x in snap["warnings"] if x["id"] == w.id])
        assert seen["data"]["key_persons"] == [] and person not in shown and NAME not in w.title
        assert ID_NUMBER not in shown
    assert privacy.wire(raised, chief)["data"]["key_persons"] == [person]  # the station's chief sees who
    officer = privacy.clearance_of(OFFICER, world.state)
    snap = privacy.hide_in_snapshot(world.state.to_snapshot(officer.key_persons), officer)
    assert next(x for x in snap["warnings"] if x["id"] == w.id)["key_persons"] == [person]
    assert snap["key_persons"][0]["name"] == NAME


def test_risk_rule_key_person_named_in_a_submission_by_id_number():
    world = World()
    person = _key_person(world, id_number=ID_NUMBER)
    record = world.dispute_record(T0 + MIN, parties=f"张甲、{ID_NUMBER.lower()[:-1]}6")  # ID number only
    (w,) = world.warnings(rc.KEY_PERSON)
    assert w.records == (record,) and w.key_persons == (person,) and "身份证号" in w.title


def test_key_person_name_matching_edges():
    world = World()
    _key_person(world, id_number=ID_NUMBER)
    _key_person(world)  # the same name, no ID number
    p1, p2 = world.state.key_persons.values()
    assert [h for _, h in named(f"{NAME}在楼下", [p1, p2])] == ["姓名", "姓名"]
    other = "320508199912120011"
    assert [p.id for p, _ in named(f"{NAME}（{other}）", [p1, p2])] == [p2.id]  # a namesake with another number
    assert [(p.id, h) for p, h in named(f"身份证{ID_NUMBER}", [p1, p2])] == [(p1.id, "身份证号")]
    assert not named(f"{ID_NUMBER}9", [p1]) and not named("", [p1])  # 19 digits is no ID number

