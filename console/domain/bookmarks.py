"""Trainers' bookmarks: a note pinned to a moment of the replay timeline, shared through the log."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from console.domain import events as ev

if TYPE_CHECKING:
    from console.domain.state import State


@dataclass(frozen=True, slots=True)
class Bookmark:
    """``at`` is the moment marked (ms); ``created_at`` when it was added, by account ``by``."""

    id: str
    at: int
    note: str
    by: str
    created_at: int
    version: int
    incident: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Bookmark:
        return cls(d["id"], int(d["at"]), d["note"], d["by"], int(d["created_at"]), int(d["version"]),
                   d.get("incident", ""))


def _added(state: State, e: ev.Event) -> None:
    d = e.data
    state.bookmarks[d["bookmark"]] = Bookmark(d["bookmark"], d["at"], d["note"], e.actor, e.at, e.seq,
                                              d.get("incident_link", ""))


def _removed(state: State, e: ev.Event) -> None:
    state.bookmarks.pop(e.data["bookmark"], None)


HANDLERS = {ev.BOOKMARK_ADDED: _added, ev.BOOKMARK_REMOVED: _removed}
