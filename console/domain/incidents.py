"""Incidents (警情): statuses, sources, priorities, categories and the lifecycle state machine."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from console.domain.errors import DomainError

CATEGORY_FILE = Path(__file__).resolve().parents[2] / "resources" / "data" / "incident_categories.json"


class Status(StrEnum):
    """Incident statuses; the value is the wire name, :attr:`label` the Chinese label."""

    NEW = "new"
    ACCEPTED = "accepted"
    DISPATCHED = "dispatched"
    SIGNED = "signed"
    ON_SCENE = "on_scene"
    FEEDBACK = "feedback"
    CLOSED = "closed"

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
    Status.CLOSED: "已办结",
}

OPEN_STATUSES = frozenset(Status) - {Status.CLOSED}
ACTIVE_ASSIGNMENT = frozenset({Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE})


class Source(StrEnum):
    """Where an incident came from."""

    CALL_110 = "110"
    GRID_WORKER = "grid"
    VISIT = "visit"
    QR_CODE = "ecode"
    HOTLINE_12345 = "12345"
    VIDEO = "video"
    RISK_WARNING = "risk"

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
}

PRIORITY_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status]] = {
    "accept": (frozenset({Status.NEW}), Status.ACCEPTED),
    "dispatch": (frozenset({Status.ACCEPTED}), Status.DISPATCHED),
    "sign": (frozenset({Status.DISPATCHED}), Status.SIGNED),
    "arrive": (frozenset({Status.SIGNED}), Status.ON_SCENE),
    "feedback": (frozenset({Status.ON_SCENE}), Status.FEEDBACK),
    "close": (frozenset({Status.FEEDBACK}), Status.CLOSED),
}


def next_status(current: Status, action: str) -> Status:
    """The status ``action`` leads to from ``current``; raises E_TRANSITION if it is not allowed."""
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise DomainError(
            "E_TRANSITION",
            f"{current.label}({current.value}) 不能执行 {action}",
            status=current.value,
        )
    return target


@dataclass(frozen=True, slots=True)
class Category:
    """A 6-digit 110 category code (AABBCC) with its Chinese name."""

    code: str
    name: str
    referral: bool  # 60xxxx: non-police, referred to a department


@cache
def categories() -> dict[str, Category]:
    """The shipped category table, keyed by code."""
    rows = json.loads(CATEGORY_FILE.read_text(encoding="utf-8"))
    return {r["code"]: Category(r["code"], r["name"], r["code"].startswith("60")) for r in rows}


def category_name(code: str) -> str:
    """Chinese name of a category, or the code itself when unknown."""
    cat = categories().get(code)
    return cat.name if cat else code


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One transition in an incident's history: who, when, what and why."""

    seq: int
    at: int  # ms since epoch, relay clock
    action: str
    actor: str
    status: Status
    note: str = ""


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
    worker_id: str | None = None
    updated_at: int = 0
    timeline: list[TimelineEntry] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.status is not Status.CLOSED

    def to_dict(self) -> dict:
        """JSON-ready form (enums as their wire values)."""
        return {
            "id": self.id, "category": self.category, "priority": self.priority,
            "source": self.source.value, "status": self.status.value, "lng": self.lng, "lat": self.lat,
            "grid_code": self.grid_code, "address": self.address, "narrative": self.narrative,
            "caller": self.caller, "reporter": self.reporter, "reported_at": self.reported_at,
            "version": self.version, "worker_id": self.worker_id, "updated_at": self.updated_at,
            "timeline": [
                [t.seq, t.at, t.action, t.actor, t.status.value, t.note] for t in self.timeline
            ],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Incident:
        """Inverse of :meth:`to_dict`."""
        return cls(
            id=d["id"], category=d["category"], priority=int(d["priority"]), source=Source(d["source"]),
            status=Status(d["status"]), lng=float(d["lng"]), lat=float(d["lat"]), grid_code=d["grid_code"],
            address=d["address"], narrative=d["narrative"], caller=d["caller"], reporter=d["reporter"],
            reported_at=int(d["reported_at"]), version=int(d["version"]), worker_id=d.get("worker_id"),
            updated_at=int(d.get("updated_at", 0)),
            timeline=[TimelineEntry(s, a, act, who, Status(st), note) for s, a, act, who, st, note in d["timeline"]],
        )
