"""The other desks' presence marks, as a console holds them: who has which incident open, since when.

Fed with the relay's ``focus`` frames (see :mod:`console.relay.desk_focus`); plain data, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.station_time import fmt


@dataclass(frozen=True, slots=True)
class DeskMark:
    """Desk ``account`` (shown as ``display``) has had ``incident`` open since ``at`` (ms)."""

    account: str
    display: str
    incident: str
    at: int


class DeskPresence:
    """The marks of every other desk, by account; this console's own account is ignored."""

    def __init__(self, own_account: str) -> None:
        self.own_account = own_account
        self._marks: dict[str, DeskMark] = {}

    def apply(self, frame: dict) -> set[str]:
        """Fold one ``focus`` frame in; returns the incidents whose marks changed."""
        account = str(frame.get("account") or "")
        if not account or account == self.own_account:
            return set()
        before = self._marks.pop(account, None)
        changed = {before.incident} if before is not None else set()
        incident = frame.get("incident")
        if incident:
            self._marks[account] = DeskMark(account, str(frame.get("display") or account), str(incident),
                                            int(frame.get("at") or 0))
            changed.add(str(incident))
        return changed

    def clear(self) -> set[str]:
        """Forget every mark (the connection was lost: the relay sends the current ones again)."""
        changed = {mark.incident for mark in self._marks.values()}
        self._marks.clear()
        return changed

    def on(self, incident_id: str | None) -> list[DeskMark]:
        """The other desks that have ``incident_id`` open, earliest first."""
        if not incident_id:
            return []
        return sorted((mk for mk in self._marks.values() if mk.incident == incident_id), key=lambda mk: mk.at)

    def text(self, incident_id: str | None) -> str:
        """"d02 正在处理" (several: "d02、c01 正在处理"), or "" when nobody else has it open."""
        marks = self.on(incident_id)
        return f"{'、'.join(mk.account for mk in marks)} 正在处理" if marks else ""

    def tooltip(self, incident_id: str | None) -> str:
        marks = self.on(incident_id)
        return "\n".join(f"{mk.display}（{mk.account}）自 {fmt(mk.at, '%H:%M')} 打开此警情" for mk in marks)
