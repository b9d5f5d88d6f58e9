"""The risk rules engine: what a committed event makes the relay raise (预警) or grade (调处分级).

Runs in the relay's writer after each committed event (:mod:`console.relay.writer`), on the same State;
what it proposes becomes ``warning.raise`` / ``risk.grade`` commands decided as the ``system`` actor, so the
warnings are events in the log at the seq they fired, and a console or replay folds them without
evaluating any rule again. Every count is a sliding window indexed by address, grid or parties
(:mod:`console.domain.risk.index`), appended as events arrive: nothing rescans history per event.

Rules (numbers in ``risk_rules.json``, see :mod:`console.domain.risk.config`):

- 重复警情: a report whose ``repeat_of`` is set (the same caller within the window, decided at intake by
  :func:`console.domain.decide_field.repeat_call`): one warning per chain of calls.
- 矛盾升级: N disputes (incidents of a dispute category, or dispute records) at one address, or N dispute
  records of the same parties, within M days; 民转刑: a 刑事/治安 incident at an address with a dispute
  within its window.
- 调处分级: a dispute record's grade from the disputes at its address (and of its parties) within the
  grade window, 红 after a 民转刑; rising to 橙 or 红 warns.
- 触圈预警: an incident or a submission at the address of a key person (the warning names the address,
  never the person); or one whose text names a key person of its station, by ID number or name
  (:mod:`console.domain.risk.mentions`; the warning carries the persons' ids, which only the station's
  officers and chiefs receive: :mod:`console.domain.privacy`).
- 高发地址 / 高发网格: an address or a grid reaching a count of one category family within a week.

One warning per rule and subject stays open at a time: a rule reaching its count again while its warning
is open raises nothing new.

As the writer's clock ticks (:meth:`RiskEngine.tick`): a graded dispute quiet for its decay days steps down
one grade (消退: 红→橙→黄→绿), each step at the moment its days ran out (``quiet_since`` in the event, so a
replay, a restart or a late tick arrive at the same grades); an open warning past its time limit gets an
automatic 督办 (:meth:`console.domain.risk.model.Warning.auto_supervision_due`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from console.domain import events as ev
from console.domain.decide import SYSTEM_ACTOR, decide
from console.domain.errors import DomainError
from console.domain.records import RecordKind
from console.domain.risk import config as rc
from console.domain.risk.config import RiskConfig
from console.domain.risk.index import Windows, parties_key, within
from console.domain.risk.mentions import named, report_text
from console.domain.risk.model import (
    DISPUTE_GRADED,
    KEY_PERSON_ADDED,
    KEY_PERSON_REMOVED,
    WARNING_CLOSED,
    WARNING_RAISED,
)

if TYPE_CHECKING:
    from console.domain.state import State

log = logging.getLogger(__name__)
Proposal = tuple[str, dict]  # (system op, its args)
MAX_EVIDENCE = 20
_RANK = {g: i for i, g in enumerate(rc.GRADES)}  # 0 = red, the worst


class RiskEngine:
    """Indexes over what happened, and the rules that read them."""

    def __init__(self, config: RiskConfig) -> None:
        c = self.config = config
        self.disputes = Windows(max(c.dispute_escalation.window_ms, c.dispute_to_crime.window_ms, c.grade_window_ms))
        self.parties = Windows(max(c.dispute_escalation.window_ms, c.grade_window_ms))  # parties -> dispute records
        self.graded = Windows(c.grade_window_ms)  # address -> its dispute records still graded
        self.hot_address = Windows(c.hot_address.window_ms)  # "address|family" -> incidents
        self.hot_grid = Windows(c.hot_grid.window_ms)  # "grid|family" -> incidents
        self.escalated: dict[str, int] = {}  # address -> when a crime last followed a dispute there (民转刑)
        self.record_parties: dict[str, str] = {}  # dispute record -> its parties key
        self.key_addresses: dict[str, set[str]] = {}  # address -> key persons linked to it
        self.open: dict[tuple[str, str], str] = {}  # (rule, subject) -> the open warning
        self.hot: set[str] = set()  # dispute records graded above green (they may step down)

    @classmethod
    def from_state(cls, state: State, history: Iterable[tuple[int, str, str, str, str]] = ()) -> RiskEngine:
        """An engine whose indexes hold what ``state`` holds (the relay's start and reloads): one pass in time
        order over incidents and dispute records; what the rules would say now is already in the log. ``history``:
        (reported_at, id, category, grid, address code) of incidents the state was trimmed of (closed long enough
        ago, see console.domain.state.trim_closed) that the rules' windows still reach."""
        engine = cls(state.rules.risk)
        for person in state.key_persons.values():
            engine.key_addresses.setdefault(person.address_code, set()).add(person.id)
        for w in state.warnings.values():
            if w.is_open:
                engine.open[(w.rule, w.subject)] = w.id
        engine.hot = {r.id for r in state.records.values() if r.grade in rc.GRADES[:3]}
        items: list[tuple[int, int, str, tuple]] = [
            (i.reported_at, 0, i.id, (i.category, i.grid_code, i.address_code)) for i in state.incidents.values()]
        items += [(at, 0, ident, (category, grid, code)) for at, ident, category, grid, code in history
                  if ident not in state.incidents]
        items += [(r.versions[0].at, 1, r.id, ()) for r in state.records.values()
                  if r.kind is RecordKind.DISPUTE and r.versions]
        items.sort()
        for at, kind, ident, facts in items:
            if kind == 0:
                category, grid, code = facts
                engine._incident(state, {"incident": ident, "category": category, "grid": grid,
                                         "address_code": code, "repeat_of": ""}, at)
            else:
                record = state.records[ident]
                engine._dispute_record(state, record.id, record.versions[0].fields, at)
        return engine

    def after(self, state: State, event: ev.Event) -> list[Proposal]:
        """What follows from ``event``, just folded into ``state``: system commands to decide in order."""
        t, d = event.type, event.data
        if t == ev.INCIDENT_REPORTED:
            return self._incident(state, d, event.at)
        if t == ev.SUBMISSION_SUBMITTED:
            return self._submission(state, d, event.at)
        if t == WARNING_RAISED:
            self.open[(d["rule"], d["subject"])] = d["warning"]
        elif t == WARNING_CLOSED:
            w = state.warnings.get(d["warning"])
            if w is not None and self.open.get((w.rule, w.subject)) == w.id:
                del self.open[(w.rule, w.subject)]
        elif t == DISPUTE_GRADED:
            (self.hot.add if d["grade"] in rc.GRADES[:3] else self.hot.discard)(d["record"])
        elif t == KEY_PERSON_ADDED:
            self.key_addresses.setdefault(d["address_code"], set()).add(d["key_person"])
        elif t == KEY_PERSON_REMOVED:
            for people in self.key_addresses.values():
                people.discard(d["key_person"])
        return []

    def follow(self, state: State, event: ev.Event, now_ms: int) -> Iterator[tuple[str, dict]]:
        """The system events (type, data) that follow ``event``, decided as the ``system`` actor. The caller
        applies each, and hands it to :meth:`after`, before asking for the next (its seq is ``state.seq + 1``)."""
        for op, args in self.after(state, event):
            try:
                yield decide(state, SYSTEM_ACTOR, op, args, now_ms, state.seq + 1)
            except DomainError as err:  # a proposal the state no longer allows: nothing to raise
                log.debug("risk %s refused: %s", op, err)

    def tick(self, state: State, now_ms: int) -> Iterator[tuple[str, dict]]:
        """The system events the passing of time calls for at ``now_ms``: grades stepping down, then automatic
        督办 of overdue warnings. As :meth:`follow`, the caller applies (and hands to :meth:`after`) each in turn."""
        for record_id in sorted(self.hot):
            while (step := self._decay(state, record_id, now_ms)) is not None:
                yield decide(state, SYSTEM_ACTOR, "risk.grade", step, now_ms, state.seq + 1)
        for warning_id in sorted(self.open.values()):
            w = state.warnings.get(warning_id)
            due = w.auto_supervision_due(now_ms) if w is not None else None
            if due is None:
                continue
            level, key = due
            note = f"超过预警时限{'两倍' if level == 'red' else ''}未办结，系统自动督办"
            try:
                yield decide(state, SYSTEM_ACTOR, "warning.supervise",
                             {"warning": w.id, "level": level, "auto": key, "note": note}, now_ms, state.seq + 1)
            except DomainError as err:
                log.debug("risk 督办 refused: %s", err)

    def _decay(self, state: State, record_id: str, now_ms: int) -> dict | None:
        """``risk.grade`` args stepping ``record_id`` down one grade if it has been quiet long enough, else None."""
        record = state.records.get(record_id)
        if record is None or record_id not in self.hot:
            return None
        code = self._address_of(state, record)
        pk = self.record_parties.get(record_id, "")
        graded = record.grade_since or record.updated_at  # a record graded before grade_since was kept
        quiet_since = max(graded, _last(self.disputes.get(code)) if code else 0,
                          _last(self.parties.get(pk)) if pk else 0, self.escalated.get(code, 0))
        grade = self.config.decayed(record.grade, quiet_since, now_ms)
        if grade == record.grade:
            return None
        return {"record": record_id, "grade": grade, "address_code": code, "evidence": [], "quiet_since": quiet_since}

    @staticmethod
    def _address_of(state: State, record) -> str:
        code = record.versions[0].fields.get("address_code", "") if record.versions else ""
        return code if code in state.address_index else ""

    # -- what an event counts --------------------------------------------------------------------

    def _incident(self, state: State, d: dict, at: int) -> list[Proposal]:
        c, out = self.config, []
        inc_id, category, code, grid = d["incident"], d["category"], d.get("address_code", ""), d["grid"]
        if d.get("repeat_of"):
            chain = _chain(state, inc_id)
            out += self._warn(state, rc.REPEAT_CALL, f"caller:{chain[0]}", f"同一号码第{len(chain)}次报警",
                              inc_id, chain)
        family = c.family_of(category)
        if code:
            if c.is_dispute(category):
                out += self._dispute(state, code, at, inc_id, inc_id)
            elif c.is_crime(category):
                earlier = within(self.disputes.get(code), at, c.dispute_to_crime.window_ms)
                if earlier:
                    self.escalated[code] = at
                    out += self._warn(state, rc.DISPUTE_TO_CRIME, f"address:{code}",
                                      "纠纷地址发生刑事/治安警情(民转刑风险)", inc_id, [*earlier, inc_id])
                    out += self._grade(state, code, at)
            out += self._key_person(state, code, inc_id, [inc_id])
            if family in c.hot_address.families:
                items = self.hot_address.add(f"{code}|{family}", at, inc_id)
                if len(items) == c.hot_address.count:
                    out += self._warn(state, rc.HOT_ADDRESS, f"address:{code}|{family}",
                                      f"同一地址{_days(c.hot_address)}天内{family}类警情{len(items)}起", inc_id,
                                      [i for _, i in items])
        if grid and family in c.hot_grid.families:
            items = self.hot_grid.add(f"{grid}|{family}", at, inc_id)
            if len(items) == c.hot_grid.count:
                out += self._warn(state, rc.HOT_GRID, f"grid:{grid}|{family}",
                                  f"本网格{_days(c.hot_grid)}天内{family}类警情{len(items)}起", inc_id,
                                  [i for _, i in items], grid=grid)
        return out + self._mentions(state, d.get("narrative", ""), code, grid, inc_id, "")

    def _submission(self, state: State, d: dict, at: int) -> list[Proposal]:
        record = state.records.get(d["record"])
        if record is None or len(record.versions) != 1:  # a new version of a known record counts nothing new
            return []
        fields = d["fields"]
        out = self._key_person(state, fields.get("address_code", ""), "", [], record.id)
        out += self._mentions(state, report_text(fields), fields.get("address_code", ""), d["grid"], "", record.id)
        if record.kind is RecordKind.DISPUTE:
            out += self._dispute_record(state, record.id, fields, at)
        return out

    def _dispute_record(self, state: State, record_id: str, fields: dict, at: int) -> list[Proposal]:
        c, out = self.config, []
        code = fields.get("address_code", "") if fields.get("address_code", "") in state.address_index else ""
        pk = parties_key(str(fields.get("parties", "")))
        if pk:
            self.record_parties[record_id] = pk
            recent = within(self.parties.add(pk, at, record_id), at, c.dispute_escalation.window_ms)
            if len(recent) == c.dispute_escalation.count:
                out += self._warn(state, rc.DISPUTE_ESCALATION, f"parties:{pk}",
                                  f"同一当事人{_days(c.dispute_escalation)}天内纠纷{len(recent)}起", "", [],
                                  records=recent, record=record_id)
        if code:
            self.graded.add(code, at, record_id)
            out += self._dispute(state, code, at, record_id, "")
        else:
            out += self._grade_one(state, record_id, "", at)
        return out

    def _dispute(self, state: State, code: str, at: int, item: str, inc_id: str) -> list[Proposal]:
        """One more dispute at ``code``: 矛盾升级 at the count, then the address's records regraded."""
        esc, out = self.config.dispute_escalation, []
        recent = within(self.disputes.add(code, at, item), at, esc.window_ms)
        if len(recent) == esc.count:
            out += self._warn(state, rc.DISPUTE_ESCALATION, f"address:{code}",
                              f"同一地址{_days(esc)}天内纠纷{len(recent)}起", inc_id, recent)
        return out + self._grade(state, code, at)

    def _key_person(self, state: State, code: str, inc_id: str, evidence: list[str],
                    record: str = "") -> list[Proposal]:
        if not code or not self.key_addresses.get(code):
            return []
        what = "警情" if inc_id else "采集信息"
        return self._warn(state, rc.KEY_PERSON, f"address:{code}", f"重点人员关联地址出现{what}", inc_id, evidence,
                          records=[record] if record else [], record=record)

    def _mentions(self, state: State, text: str, code: str, grid: str, inc_id: str, record: str) -> list[Proposal]:
        """触圈预警 when ``text`` names key persons of the station of the report's place."""
        station = _station_of(state, code, grid)
        found = named(text, [p for p in state.key_persons.values() if p.station == station]) if station else []
        if not found:
            return []
        how = "、".join(sorted({h for _, h in found}))
        what = "报警内容" if inc_id else "采集信息"
        return self._warn(state, rc.KEY_PERSON, f"mention:{inc_id or record}", f"{what}提及本所重点人员（按{how}比对）",
                          inc_id, [inc_id] if inc_id else [], records=[record] if record else [], record=record,
                          key_persons=[p.id for p, _ in found], station=station)

    # -- 调处分级 ------------------------------------------------------------------------------------

    def _grade(self, state: State, code: str, at: int) -> list[Proposal]:
        out = []
        for record_id in within(self.graded.get(code), at, self.config.grade_window_ms):
            out += self._grade_one(state, record_id, code, at)
        return out

    def _grade_one(self, state: State, record_id: str, code: str, at: int) -> list[Proposal]:
        record = state.records.get(record_id)
        if record is None:
            return []
        c = self.config
        window = c.grade_window_ms
        at_address = within(self.disputes.get(code), at, window) if code else []
        pk = self.record_parties.get(record_id, "")
        of_parties = within(self.parties.get(pk), at, window) if pk else [record_id]
        count = max(len(at_address), len(of_parties))
        red, orange, yellow = c.grade_counts
        escalated = code and at - self.escalated.get(code, -window - 1) <= window
        grade = "red" if escalated or count >= red else "orange" if count >= orange else \
            "yellow" if count >= yellow else "green"
        if grade == record.grade:
            return []
        evidence = sorted(set(at_address) | set(of_parties))[-MAX_EVIDENCE:]
        out: list[Proposal] = [("risk.grade", {"record": record_id, "grade": grade, "address_code": code,
                                               "evidence": evidence})]
        worse = _RANK[grade] < _RANK.get(record.grade, len(rc.GRADES))
        if grade in ("red", "orange") and worse:
            incidents = [i for i in evidence if i not in state.records]  # held or not (closed long ago)
            out += self._warn(state, rc.DISPUTE_GRADE, f"record:{record_id}",
                              f"矛盾纠纷调处分级为{rc.GRADE_LABELS[grade]}", "", incidents,
                              records=[i for i in evidence if i in state.records], record=record_id, grade=grade)
        return out

    # -- a warning -------------------------------------------------------------------------------

    def _warn(self, state: State, rule: str, subject: str, title: str, inc_id: str, evidence: list[str], *,
              records: list[str] = (), record: str = "", grade: str = "", grid: str = "",
              key_persons: list[str] = (), station: str = "") -> list[Proposal]:
        """``warning.raise`` at the incident's (or record's) place, unless one is open for ``rule`` ``subject``."""
        if (rule, subject) in self.open:
            return []
        args = {"rule": rule, "subject": subject, "title": title, "evidence": list(evidence[-MAX_EVIDENCE:]),
                "records": list(records[-MAX_EVIDENCE:]), "grade": grade, **_place(state, inc_id, record, grid)}
        if key_persons:
            args |= {"key_persons": list(key_persons), "station": station}
        return [("warning.raise", args)]


def _last(items) -> int:
    return items[-1][0] if items else 0


def _station_of(state: State, code: str, grid: str) -> str:
    """The station of a report's place: its address's, else its grid's 警格's."""
    address = state.address_index.get(code)
    if address is not None and address.station_code:
        return address.station_code
    return next((p.station_code for p in state.district.police_grids if grid in p.grid_codes), "")


def _chain(state: State, incident_id: str) -> list[str]:
    """The calls a repeat call repeats, first call first (at most :data:`MAX_EVIDENCE`)."""
    chain = [incident_id]
    inc = state.incidents.get(incident_id)
    while inc is not None and inc.repeat_of and len(chain) < MAX_EVIDENCE:
        chain.append(inc.repeat_of)
        inc = state.incidents.get(inc.repeat_of)
    return chain[::-1]


def _place(state: State, inc_id: str, record_id: str, grid: str) -> dict:
    """Where a warning is: the incident's place, else the record's address, else the grid's centre."""
    inc = state.incidents.get(inc_id)
    if inc is not None:
        return {"grid": grid or inc.grid_code, "address_code": inc.address_code, "address": inc.address,
                "lng": inc.lng, "lat": inc.lat}
    record = state.records.get(record_id)
    fields = record.versions[0].fields if record is not None and record.versions else {}
    address = state.address_index.get(fields.get("address_code", ""))
    if address is not None:
        return {"grid": address.grid_code, "address_code": address.code, "address": address.text,
                "lng": address.lng, "lat": address.lat}
    grid = grid or (record.grid_code if record is not None else "")
    polygon = next((g.polygon for g in state.district.grids if g.code == grid), ((0.0, 0.0),))
    return {"grid": grid, "address_code": "", "address": "", "lng": sum(p[0] for p in polygon) / len(polygon),
            "lat": sum(p[1] for p in polygon) / len(polygon)}


def _days(rule: rc.Rule) -> str:
    return f"{rule.window_ms / rc.DAY_MS:g}"
