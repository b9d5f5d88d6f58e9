"""Incidents (警情): statuses, sources, priorities, categories, assignments, referrals and history.

The rules that move an incident between statuses live in :mod:`console.domain.lifecycle`;
this module only holds the data and its wire form.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import IntEnum, StrEnum
from functools import cache

from console.resources import resource_path

CATEGORY_FILE = resource_path("data", "incident_categories.json")


class Status(StrEnum):
    """Incident statuses; the value is the wire name, :attr:`label` the Chinese label."""

    NEW = "new"
    ACCEPTED = "accepted"
    DISPATCHED = "dispatched"
    SIGNED = "signed"
    ON_SCENE = "on_scene"
    FEEDBACK = "feedback"
    VERIFYING = "verifying"
    CLOSED = "closed"
    RETURNED = "returned"
    REFERRED = "referred"
    VOID = "void"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.NEW: "新建",
    Status.ACCEPTED: "受理",
    Status.DISPATCHED: "已派遣",
    Status.SIGNED: "已签收",
    Status.ON_SCENE: "处置中",
    Status.FEEDBACK: "已反馈",
    Status.VERIFYING: "待核查",
    Status.CLOSED: "已办结",
    Status.RETURNED: "已退回",
    Status.REFERRED: "已转办",
    Status.VOID: "已作废",
}

TERMINAL_STATUSES = frozenset({Status.CLOSED, Status.VOID})
_STATUSES = {s.value: s for s in Status}


def status_of(value: str) -> Status:
    """``Status(value)`` without the enum's call (a snapshot decodes a dozen per incident); ValueError if unknown."""
    try:
        return _STATUSES[value]
    except KeyError:
        raise ValueError(f"{value!r} is not a valid Status") from None

OPEN_STATUSES = frozenset(Status) - TERMINAL_STATUSES


class Source(StrEnum):
    """Where an incident came from."""

    CALL_110 = "110"
    GRID_WORKER = "grid"
    VISIT = "visit"
    QR_CODE = "ecode"
    HOTLINE_12345 = "12345"
    VIDEO = "video"
    RISK_WARNING = "risk"
    PATROL = "patrol"

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    Source.CALL_110: "110电话",
    Source.GRID_WORKER: "网格员上报",
    Source.VISIT: "走访",
    Source.QR_CODE: "群众扫码",
    Source.HOTLINE_12345: "12345转入",
    Source.VIDEO: "视频发现",
    Source.RISK_WARNING: "风险预警",
    Source.PATROL: "巡逻发现",
}

PRIORITY_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


class Supervision(IntEnum):
    """督办 levels, ordered: an incident keeps the highest level it has been given."""

    NONE = 0
    NORMAL = 1
    YELLOW = 2
    RED = 3

    @property
    def label(self) -> str:
        return ("", "普通督办", "黄牌督办", "红牌督办")[self]

    @classmethod
    def parse(cls, name: str) -> Supervision:
        """``"normal" | "yellow" | "red"`` to a level."""
        return cls[name.upper()]


class AssignmentStatus(StrEnum):
    """The status of one worker's part in an incident."""

    DISPATCHED = "dispatched"
    SIGNED = "signed"
    ON_SCENE = "on_scene"
    DONE = "done"
    RETURNED = "returned"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"dispatched": "已派遣", "signed": "已签收", "on_scene": "处置中", "done": "已反馈",
                "returned": "已退回", "cancelled": "已撤回"}[self.value]


ACTIVE_ASSIGNMENT = frozenset({AssignmentStatus.DISPATCHED, AssignmentStatus.SIGNED, AssignmentStatus.ON_SCENE})
LIVE_ASSIGNMENT = ACTIVE_ASSIGNMENT | {AssignmentStatus.DONE}


@dataclass(slots=True)
class Assignment:
    """One worker dispatched to an incident, with the time of each step (0 = not yet)."""

    worker_id: str
    status: AssignmentStatus
    dispatched_at: int
    by: str
    signed_at: int = 0
    arrived_at: int = 0
    done_at: int = 0
    note: str = ""

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ASSIGNMENT

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_ASSIGNMENT


class ReferralStatus(StrEnum):
    """The department's side of a 转办 work order."""

    PUSHED = "pushed"
    SIGNED = "signed"
    DONE = "done"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {"pushed": "已推送", "signed": "已签收", "done": "已反馈", "returned": "已退回"}[self.value]


@dataclass(slots=True)
class Referral:
    """A non-police referral (非警务分流) work order to a department (a 60xxxx code)."""

    order_id: str
    department: str
    pushed_at: int
    reason: str
    by: str
    status: ReferralStatus = ReferralStatus.PUSHED
    signed_at: int = 0
    signed_by: str = ""
    done_at: int = 0
    feedback: str = ""
    unit: str = ""
    returned_at: int = 0
    return_opinion: str = ""


@dataclass(frozen=True, slots=True)
class Callback:
    """A callback (回访) to the caller: satisfaction 1 very satisfied … 5 very unsatisfied."""

    at: int
    by: str
    satisfaction: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class ExtensionRequest:
    """A pending 延期 request: more time for the handling stage."""

    at: int
    by: str
    hours: float
    reason: str


@dataclass(frozen=True, slots=True)
class Category:
    """A 6-digit 110 category code (AABBCC) with its Chinese name."""

    code: str
    name: str
    referral: bool  # 60xxxx: non-police, referred to a department
    patrol: bool = False  # a police unit may report it as found on patrol (巡逻发现): "patrol" in the table


@cache
def categories() -> dict[str, Category]:
    """The shipped category table, keyed by code."""
    rows = json.loads(CATEGORY_FILE.read_text(encoding="utf-8"))
    return {r["code"]: Category(r["code"], r["name"], r["code"].startswith("60"), bool(r.get("patrol")))
            for r in rows}


@cache
def departments() -> dict[str, str]:
    """Referral departments: the 60xxxx codes below 社会联动 itself, code -> name."""
    return {c.code: c.name for c in categories().values() if c.referral and c.code != "600000"}


def category_name(code: str) -> str:
    """Chinese name of a category, or the code itself when unknown."""
    cat = categories().get(code)
    return cat.name if cat else code


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One transition in an incident's history: who, when, from which workstation, what and why."""

    seq: int
    at: int  # ms since epoch, relay clock
    action: str
    actor: str
    status: Status
    note: str = ""
    workstation: str = ""
    worker: str = ""  # the worker who acted (through a field gateway or their own login), see domain.audit


@dataclass(slots=True)
class Incident:
    """The current state of one incident; :attr:`version` is the seq of its last change."""

    id: str
    category: str
    priority: int
    source: Source
    status: Status
    lng: float
    lat: float
    grid_code: str
    address: str
    narrative: str
    caller: str
    reporter: str
    reported_at: int
    version: int
    updated_at: int = 0
    address_code: str = ""
    reporter_worker: str | None = None
    repeat_of: str = ""
    accepted_at: int = 0
    feedback_at: int = 0
    closed_at: int = 0
    outcome: str = ""  # 处理结果 of the closing (console.domain.outcomes); "" before outcomes were recorded
    outcome_note: str = ""
    assignments: dict[str, Assignment] = field(default_factory=dict)
    referral: Referral | None = None
    duplicate_of: str = ""
    supervision: Supervision = Supervision.NONE
    auto_supervised: list[str] = field(default_factory=list)  # "stage:level" already raised by the relay
    extension_ms: int = 0
    extension_request: ExtensionRequest | None = None
    callbacks: list[Callback] = field(default_factory=list)
    rework_count: int = 0
    timeline: list[TimelineEntry] = field(default_factory=list)
    photo: str = ""  # JPEG as base64, from the field report
    # 群众扫码 only: receipt, police_grid, client/addr (keyed hashes, to block abuse), reply, reply_at, abuse_at
    public: dict = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL_STATUSES

    @property
    def worker_id(self) -> str | None:
        """The lead assignee: the first live assignment's worker, if any."""
        for a in self.assignments.values():
            if a.is_live:
                return a.worker_id
        return None

    def live_assignments(self) -> list[Assignment]:
        """Assignments that are not returned or cancelled."""
        return [a for a in self.assignments.values() if a.is_live]

    def to_dict(self) -> dict:
        """JSON-ready form (enums as their wire values)."""
        return {
            "id": self.id, "category": self.category, "priority": self.priority,
            "source": self.source.value, "status": self.status.value, "lng": self.lng, "lat": self.lat,
            "grid_code": self.grid_code, "address": self.address, "narrative": self.narrative,
            "caller": self.caller, "reporter": self.reporter, "reported_at": self.reported_at,
            "version": self.version, "updated_at": self.updated_at, "address_code": self.address_code,
            "reporter_worker": self.reporter_worker, "repeat_of": self.repeat_of,
            "accepted_at": self.accepted_at, "feedback_at": self.feedback_at, "closed_at": self.closed_at,
            "outcome": self.outcome, "outcome_note": self.outcome_note, "worker_id": self.worker_id,
            "assignments": [asdict(a) for a in self.assignments.values()],
            "referral": asdict(self.referral) if self.referral else None,
            "duplicate_of": self.duplicate_of, "supervision": int(self.supervision),
            "auto_supervised": list(self.auto_supervised), "extension_ms": self.extension_ms,
            "extension_request": asdict(self.extension_request) if self.extension_request else None,
            "callbacks": [asdict(c) for c in self.callbacks], "rework_count": self.rework_count,
            "photo": self.photo, "public": dict(self.public),
            "timeline": [
                [t.seq, t.at, t.action, t.actor, t.status.value, t.note, t.workstation, t.worker]
                for t in self.timeline
            ],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Incident:
        """Inverse of :meth:`to_dict`."""
        referral = d.get("referral")
        request = d.get("extension_request")
        return cls(
            id=d["id"], category=d["category"], priority=int(d["priority"]), source=Source(d["source"]),
            status=status_of(d["status"]), lng=float(d["lng"]), lat=float(d["lat"]), grid_code=d["grid_code"],
            address=d["address"], narrative=d["narrative"], caller=d["caller"], reporter=d["reporter"],
            reported_at=int(d["reported_at"]), version=int(d["version"]),
            updated_at=int(d.get("updated_at", 0)), address_code=d.get("address_code", ""),
            reporter_worker=d.get("reporter_worker"), repeat_of=d.get("repeat_of", ""),
            accepted_at=int(d.get("accepted_at", 0)), feedback_at=int(d.get("feedback_at", 0)),
            closed_at=int(d.get("closed_at", 0)),
            outcome=d.get("outcome", ""), outcome_note=d.get("outcome_note", ""),
            assignments={
                a["worker_id"]: Assignment(**{**a, "status": AssignmentStatus(a["status"])})
                for a in d.get("assignments", [])
            },
            referral=Referral(**{**referral, "status": ReferralStatus(referral["status"])}) if referral else None,
            duplicate_of=d.get("duplicate_of", ""), supervision=Supervision(d.get("supervision", 0)),
            auto_supervised=list(d.get("auto_supervised", [])), extension_ms=int(d.get("extension_ms", 0)),
            extension_request=ExtensionRequest(**request) if request else None,
            callbacks=[Callback(**c) for c in d.get("callbacks", [])], rework_count=int(d.get("rework_count", 0)),
            photo=d.get("photo", ""), public=dict(d.get("public") or {}),
            timeline=[
                TimelineEntry(row[0], row[1], row[2], row[3], status_of(row[4]), row[5], *row[6:8])
                for row in d["timeline"]
            ],
        )
