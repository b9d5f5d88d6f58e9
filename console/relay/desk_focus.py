"""Which desk has which incident open: presence markers between consoles, never in the event log.

A console sends ``{"t": "focus", "incident": ID}`` when its dispatcher opens an incident (``null`` when
nothing is open); the relay passes ``{"t": "focus", "account", "display", "incident", "at"}`` on to the
other dispatch desks (dispatchers, officers, station chiefs), never to field, liaison or other
connections, and clears it (``incident: null``) when the desk blurs or its connection ends. A desk
that logs in gets the others' current marks at once. Like call signals, marks are not logged: they
say who is looking, not what was done.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.workers import Role
from console.protocol import messages as m

DESK_ROLES = frozenset({Role.DISPATCHER, Role.OFFICER, Role.STATION_CHIEF})


@dataclass(slots=True)
class _Desk:
    account: str
    display: str
    incident: str | None = None
    at: int = 0

    def frame(self) -> dict:
        return m.focus_out(self.account, self.display, self.incident, self.at)


class DeskFocus:
    """The open incident of every dispatch desk connection; answers who to tell and what."""

    def __init__(self, clock_ms: Callable[[], int]) -> None:
        self._clock_ms = clock_ms
        self._desks: dict[Hashable, _Desk] = {}

    def join(self, conn: Hashable, actor: Actor, display: str) -> list[dict]:
        """Register a desk connection; returns the other desks' current marks for it (others: nothing)."""
        if actor.role not in DESK_ROLES:
            return []
        self._desks[conn] = _Desk(actor.account, display or actor.account)
        return [d.frame() for c, d in self._desks.items() if c is not conn and d.incident is not None]

    def focus(self, conn: Hashable, incident: str | None) -> tuple[list[Hashable], dict | None]:
        """``conn`` now has ``incident`` open: the desks to tell and the frame (None when nothing changed).
        Only dispatch desks may send marks (E_FORBIDDEN)."""
        desk = self._desks.get(conn)
        if desk is None:
            raise DomainError("E_FORBIDDEN", "仅调度席位可发送 focus / only dispatch desks send focus")
        if desk.incident == incident:
            return [], None
        desk.incident, desk.at = incident, self._clock_ms()
        return self._others(conn), desk.frame()

    def leave(self, conn: Hashable) -> tuple[list[Hashable], dict | None]:
        """The connection ended: clear its mark at the other desks."""
        desk = self._desks.pop(conn, None)
        if desk is None or desk.incident is None:
            return [], None
        desk.incident, desk.at = None, self._clock_ms()
        return self._others(conn), desk.frame()

    def _others(self, conn: Hashable) -> list[Hashable]:
        return [c for c in self._desks if c is not conn]
