"""Warnings (预警) as tracked items, key persons (重点人员) and dispute grades, folded from their events.

A warning is raised by the relay (``warning.raised``, actor ``system``) naming its rule, its evidence and
the grid workers and community officer it is pushed to; one of them signs for it (``warning.signed``),
acts and gives feedback (``warning.feedback``); a desk closes it (``warning.closed``). It has its own time
limit (``due_at``): past it the relay gives it a 黄牌督办, past twice its limit a 红牌督办 (``warning.supervised``
with ``auto``, once per level, as for incidents); a desk may 督办 it by hand too. :data:`HANDLERS` folds
these into ``State.warnings`` and ``State.key_persons`` and sets a dispute record's grade, so the relay, every
console and replay hold the same picture.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from console.domain.incidents import Supervision
from console.domain.risk.config import LEVEL_LABELS, RULE_LABELS

if TYPE_CHECKING:
    from console.domain.events import Event
    from console.domain.state import State

WARNING_RAISED = "warning.raised"
WARNING_SIGNED = "warning.signed"
WARNING_FEEDBACK = "warning.feedback"
WARNING_CLOSED = "warning.closed"
WARNING_SUPERVISED = "warning.supervised"
DISPUTE_GRADED = "risk.graded"
KEY_PERSON_ADDED = "keyperson.added"
KEY_PERSON_REMOVED = "keyperson.removed"
WARNING_EVENTS = frozenset({WARNING_RAISED, WARNING_SIGNED, WARNING_FEEDBACK, WARNING_CLOSED, WARNING_SUPERVISED})
KEY_PERSON_EVENTS = frozenset({KEY_PERSON_ADDED, KEY_PERSON_REMOVED})  # restricted: see console.domain.visibility
RISK_EVENTS = WARNING_EVENTS | KEY_PERSON_EVENTS | {DISPUTE_GRADED}


class WarningStatus(StrEnum):
    NEW = "new"
    SIGNED = "signed"
    FEEDBACK = "feedback"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"new": "待签收", "signed": "已签收", "feedback": "已反馈", "closed": "已办结"}[self.value]


@dataclass(slots=True)
class Warning:
    """One warning: what fired (``rule``, ``title``), where, on which evidence, pushed to whom, and its progress."""

    id: str
    rule: str
    level: str  # red / orange / yellow
    title: str
    subject: str  # what it is about, for "one open warning per subject": address:…, grid:…, caller:…, record:…
    grid_code: str
    address_code: str
    address: str
    lng: float
    lat: float
    evidence: tuple[str, ...]  # the incidents it counted
    records: tuple[str, ...]  # the dispute records it counted
    workers: tuple[str, ...]  # pushed to: the grid's workers and the 警格's community officer
    raised_at: int
    due_at: int
    seq: int  # the event that raised it
    status: WarningStatus = WarningStatus.NEW
    version: int = 0
    grade: str = ""  # 调处分级: the grade that raised it
    signed_at: int = 0
    signed_by: str = ""  # the worker who signed
    feedback_at: int = 0
    feedback_by: str = ""
    feedback: str = ""
    closed_at: int = 0
    closed_by: str = ""
    close_note: str = ""
    supervision: int = 0  # 督办: a Supervision level (0 none, 1 普通, 2 黄牌, 3 红牌); the highest given stays
    auto_supervised: list[str] = field(default_factory=list)  # the relay's automatic 督办 given: "due:yellow", …
    key_persons: tuple[str, ...] = ()  # 触圈预警 by name: the key persons named (cleared connections only)
    station: str = ""  # the station whose key persons it names
    history: list[list] = field(default_factory=list)  # [seq, at, action, actor, worker, note]

    @property
    def is_open(self) -> bool:
        return self.status is not WarningStatus.CLOSED

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    def overdue(self, now_ms: int) -> bool:
        return self.is_open and now_ms > self.due_at

    def auto_supervision_due(self, now_ms: int) -> tuple[str, str] | None:
        """``(level, key)`` of the automatic 督办 it calls for and has not had: past ``due_at`` 黄牌, past twice
        its time limit 红牌 (straight to 红牌 when both have passed); None while in time, closed or given."""
        if not self.overdue(now_ms) or "due:red" in self.auto_supervised:
            return None
        level = "red" if now_ms > self.due_at + (self.due_at - self.raised_at) else "yellow"
        return None if f"due:{level}" in self.auto_supervised else (level, f"due:{level}")

    def to_dict(self) -> dict:
        return {**asdict(self), "status": self.status.value, "evidence": list(self.evidence),
                "records": list(self.records), "workers": list(self.workers), "key_persons": list(self.key_persons)}

    @classmethod
    def from_dict(cls, d: dict) -> Warning:
        return cls(**{**d, "status": WarningStatus(d["status"]), "evidence": tuple(d["evidence"]),
                      "records": tuple(d["records"]), "workers": tuple(d["workers"]),
                      "key_persons": tuple(d.get("key_persons", ())),
                      "auto_supervised": list(d.get("auto_supervised", ())),
                      "history": [list(h) for h in d.get("history", [])]})


@dataclass(slots=True)
class KeyPerson:
    """A 重点人员 linked to a standard address; seen only by the officers and chiefs of ``station``."""

    id: str
    name: str
    id_number: str
    kind: str  # 类别, as the officer writes it
    address_code: str
    station: str
    note: str
    added_at: int
    added_by: str

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> KeyPerson:
        return cls(**d)


# -- reducers -------------------------------------------------------------------------------------

def _raised(state: State, e: Event) -> None:
    d = e.data
    state.warnings[d["warning"]] = Warning(
        d["warning"], d["rule"], d["level"], d["title"], d["subject"], d["grid"], d.get("address_code", ""),
        d.get("address", ""), d["lng"], d["lat"], tuple(d["evidence"]), tuple(d.get("records", ())),
        tuple(d["workers"]), e.at, d["due_at"], e.seq, version=e.seq, grade=d.get("grade", ""),
        key_persons=tuple(d.get("key_persons", ())), station=d.get("station", ""),
        history=[[e.seq, e.at, "raise", e.actor, "", d["title"]]])


def _step(state: State, e: Event) -> None:
    d = e.data
    w = state.warnings[d["warning"]]
    worker, note = d.get("worker", ""), d.get("note", "")
    if e.type == WARNING_SIGNED:
        w.status, w.signed_at, w.signed_by, action = WarningStatus.SIGNED, e.at, worker, "sign"
    elif e.type == WARNING_FEEDBACK:
        w.status, w.feedback_at, w.feedback_by, w.feedback, action = WarningStatus.FEEDBACK, e.at, worker, note, \
            "feedback"
    else:
        w.status, w.closed_at, w.closed_by, w.close_note, action = WarningStatus.CLOSED, e.at, e.actor, note, "close"
    w.version = e.seq
    w.history.append([e.seq, e.at, action, e.actor, worker, note])


def _supervised(state: State, e: Event) -> None:
    d = e.data
    w = state.warnings[d["warning"]]
    level = Supervision.parse(d["level"])
    w.supervision = max(w.supervision, int(level))
    if d.get("auto"):
        w.auto_supervised.append(d["auto"])
    w.version = e.seq
    w.history.append([e.seq, e.at, "supervise", e.actor, "", f"{level.label}: {d.get('note', '')}"])


def _graded(state: State, e: Event) -> None:
    record = state.records.get(e.data["record"])
    if record is not None:
        quiet_since = e.data.get("quiet_since", 0)
        record.grade_since = quiet_since + state.rules.risk.decay_ms(record.grade) if quiet_since else e.at
        record.grade = e.data["grade"]
        record.version, record.updated_at = e.seq, e.at


def _person_added(state: State, e: Event) -> None:
    d = e.data
    state.key_persons[d["key_person"]] = KeyPerson(d["key_person"], d["name"], d.get("id_number", ""),
                                                   d.get("kind", ""), d["address_code"], d["station"],
                                                   d.get("note", ""), e.at, e.actor)


def _person_removed(state: State, e: Event) -> None:
    state.key_persons.pop(e.data["key_person"], None)


HANDLERS = {WARNING_RAISED: _raised, **dict.fromkeys((WARNING_SIGNED, WARNING_FEEDBACK, WARNING_CLOSED), _step),
            WARNING_SUPERVISED: _supervised, DISPUTE_GRADED: _graded, KEY_PERSON_ADDED: _person_added,
            KEY_PERSON_REMOVED: _person_removed}
