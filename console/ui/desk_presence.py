"""Other desks on the screen: "d02 正在处理" beside the incident detail's title and a small mark in the
queue's 编号 column, from the relay's presence marks (:class:`console.services.desk_presence.DeskPresence`).
Selecting an incident tells the other desks (``session.focus``). Small and quiet: text, no sound.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from console.domain.incidents import Incident
from console.ui.plain import PlainLabel
from console.ui.texts import action_label, fmt_time

PRESENCE_COLOR = "#ffb454"


def conflict_reason(fresh: Incident, state) -> str:
    """Why a command was refused as stale, from the fresh incident the relay sent back:
    "d02 已于 13:05 派遣 朱萍莉，本次操作未执行，已刷新"."""
    last = fresh.timeline[-1] if fresh.timeline else None
    if last is None:
        return "已被他人更新，已刷新"
    what = action_label(last.action)
    if last.action == "dispatch":
        newest = max(fresh.assignments.values(), key=lambda a: a.dispatched_at, default=None)
        worker = state.workers.get(newest.worker_id) if newest is not None and state is not None else None
        what += f" {worker.name if worker else (newest.worker_id if newest else '')}"
    return f"{last.actor} 已于 {fmt_time(last.at)} {what.strip()}，本次操作未执行，已刷新"


def _desks(session):
    return getattr(session, "desks", None)


class PresenceLabel(PlainLabel):
    """"d02 正在处理" for the shown incident, with who and since when in the tooltip; hidden when alone."""

    def __init__(self, session, parent=None) -> None:
        super().__init__(parent=parent)
        self.setObjectName("deskPresence")
        self.setStyleSheet(f"color: {PRESENCE_COLOR};")
        self._session = session
        self._incident: str | None = None
        self.hide()

    def set_incident(self, incident_id: str | None) -> None:
        self._incident = incident_id
        self.refresh()

    def refresh(self) -> None:
        desks = _desks(self._session)
        text = desks.text(self._incident) if desks is not None else ""
        self.setText(f"◉ {text}" if text else "")
        self.setToolTip(desks.tooltip(self._incident) if desks is not None else "")
        self.setVisible(bool(text))


def queue_mark(desks, incident_id: str) -> str:
    """"◉d02" after an incident number in the queue while other desks have it open, else ""."""
    marks = desks.on(incident_id) if desks is not None else []
    return f"◉{'、'.join(mk.account for mk in marks)}" if marks else ""


class DeskPresenceView(QObject):
    """Wires presence into a window: the detail's label, the queue's id column, and this desk's focus."""

    def __init__(self, session, queue_model, head_layout, parent: QObject) -> None:
        super().__init__(parent)
        self._session = session
        self._queue = queue_model
        self.label = PresenceLabel(session)
        head_layout.insertWidget(1, self.label)
        changed = getattr(session, "desks_changed", None)
        if changed is not None:
            changed.connect(self._on_changed)

    def set_incident(self, incident_id: str | None) -> None:
        """This desk now shows ``incident_id``: show who else has it, and tell the other desks."""
        self.label.set_incident(incident_id)
        focus = getattr(self._session, "focus", None)
        if focus is not None:
            focus(incident_id)

    def _on_changed(self, incidents) -> None:
        self.label.refresh()
        desks = _desks(self._session)
        self._queue.set_marks({incident_id: queue_mark(desks, incident_id) for incident_id in incidents})
