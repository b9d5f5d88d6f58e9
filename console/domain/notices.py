"""信息推送: notices from the desk to the grid workers of a grid, a community, a 警格 or everyone (and, when
asked, the 社区民警 of those grids); a notice may name a PDF the relay keeps (:mod:`console.relay.attachments`).

A notice is an event in the log (``notice.sent``) naming its recipients; each recipient marks it
read (``notice.read``). :data:`HANDLERS` folds both into ``State.notices``, so the relay, every
console and replay hold the same read-by sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from console.domain import events as ev

if TYPE_CHECKING:
    from console.domain.state import State

MAX_TEXT = 1000


class Priority(StrEnum):
    NORMAL = "normal"
    IMPORTANT = "important"
    URGENT = "urgent"

    @property
    def label(self) -> str:
        return {"normal": "普通", "important": "重要", "urgent": "紧急"}[self.value]


class Audience(StrEnum):
    """Whom a notice goes to; every kind but ALL names a code (grid, community or 警格)."""

    GRID = "grid"
    COMMUNITY = "community"
    POLICE_GRID = "police_grid"
    ALL = "all"

    @property
    def label(self) -> str:
        return {"grid": "网格", "community": "社区", "police_grid": "警格", "all": "全体网格员"}[self.value]


@dataclass(slots=True)
class Notice:
    """One notice: sent by ``by`` at ``at`` to ``workers``; ``read`` maps a recipient to when they read it."""

    id: str
    text: str
    priority: Priority
    audience: Audience
    code: str
    by: str
    at: int
    workers: tuple[str, ...]
    read: dict[str, int] = field(default_factory=dict)
    photo: str = ""  # JPEG as base64
    file: str = ""  # an attached PDF the relay keeps, by SHA-256 (the 研判 report)
    file_name: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "text": self.text, "priority": self.priority.value, "audience": self.audience.value,
                "code": self.code, "by": self.by, "at": self.at, "workers": list(self.workers),
                "read": dict(self.read), "photo": self.photo, "file": self.file, "file_name": self.file_name}

    @classmethod
    def from_dict(cls, d: dict) -> Notice:
        return cls(d["id"], d["text"], Priority(d["priority"]), Audience(d["audience"]), d.get("code", ""), d["by"],
                   int(d["at"]), tuple(d["workers"]), {w: int(at) for w, at in d.get("read", {}).items()},
                   d.get("photo", ""), d.get("file", ""), d.get("file_name", ""))

    def read_count(self) -> tuple[int, int]:
        """(how many recipients have read it, how many there are)."""
        return len(self.read), len(self.workers)


def _sent(state: State, e: ev.Event) -> None:
    d = e.data
    state.notices[d["notice"]] = Notice(d["notice"], d["text"], Priority(d["priority"]), Audience(d["audience"]),
                                        d.get("code", ""), e.actor, e.at, tuple(d["workers"]), {}, d.get("photo", ""),
                                        d.get("file", ""), d.get("file_name", ""))


def _read(state: State, e: ev.Event) -> None:
    notice = state.notices.get(e.data["notice"])
    if notice is not None:
        notice.read.setdefault(e.data["worker"], e.at)


HANDLERS = {ev.NOTICE_SENT: _sent, ev.NOTICE_READ: _read}
