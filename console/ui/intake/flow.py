"""``IntakeFlow``: what happens after the 110 form is submitted.

The call taker is the acceptor (首接负责): when the session's role may 受理, the report goes out with
``accept`` and the relay records 上报 and 受理 in one event. When that event comes back (ours: our
account, the same category and narrative), :attr:`reported` names the new incident so the window
selects it and, for 提交并派遣 (Ctrl+Enter), opens the dispatch dialog. A refused report is forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from console.domain import events as ev
from console.domain.permissions import may


@dataclass(frozen=True, slots=True)
class _Pending:
    category: str
    narrative: str
    dispatch: bool


class IntakeFlow(QObject):
    """Sends intake reports through ``send(op, args)`` and recognises their events on ``session``."""

    reported = Signal(str, bool)  # incident id, whether to open the dispatch dialog

    def __init__(self, session, send: Callable[[str, dict], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._send = send
        self._pending: list[_Pending] = []
        session.events_applied.connect(self._on_events)
        session.command_failed.connect(self._on_failed)

    def submit(self, args: dict, *, dispatch: bool = False) -> dict:
        """Send ``incident.report`` for the form's ``args``; returns what was sent."""
        args = dict(args)
        if may(getattr(self._session, "role", ""), "incident.accept"):
            args["accept"] = True
        self._pending.append(_Pending(args["category"], args.get("narrative", ""), dispatch))
        self._send("incident.report", args)
        return args

    def pending(self) -> int:
        """Reports sent whose event has not come back yet."""
        return len(self._pending)

    def _on_events(self, events: list) -> None:
        if not self._pending:
            return
        account = getattr(self._session, "account", "")
        for e in events:
            if e.type != ev.INCIDENT_REPORTED or e.actor != account:
                continue
            reported = e.payload
            match = next((p for p in self._pending if (p.category, p.narrative)
                          == (reported.category, reported.narrative)), None)
            if match is not None:
                self._pending.remove(match)
                self.reported.emit(reported.incident, match.dispatch)

    def _on_failed(self, op: str, error: dict) -> None:
        request = error.get("request") or {}
        if op == "incident.report":
            self._pending = [p for p in self._pending
                             if (p.category, p.narrative) != (request.get("category"), request.get("narrative", ""))]
