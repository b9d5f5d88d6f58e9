"""Other desks on the screen: "d02 正在处理" beside the incident detail's title and a small mark in the
queue's 编号 column, from the relay's presence marks (:class:`console.services.desk_presence.DeskPresence`).
Selecting an incident tells the other desks (``session.focus``). Small and quiet: text, no sound.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView

from console.domain.incidents import Incident
from console.ui.plain import PlainLabel
from console.ui.queue.model import INCIDENT_ID_ROLE
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


class PresenceDelegate(QStyledItemDelegate):
    """Adds "◉d02" after an incident id that another desk has open."""

    def __init__(self, session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().initStyleOption(option, index)
        desks = _desks(self._session)
        marks = desks.on(index.data(INCIDENT_ID_ROLE)) if desks is not None else []
        if marks:
            option.text = f"{option.text} ◉{'、'.join(mk.account for mk in marks)}"


class DeskPresenceView(QObject):
    """Wires presence into a window: the detail's label, the queue's id column, and this desk's focus."""

    def __init__(self, session, queue_table: QTableView, id_column: int, head_layout, parent: QObject) -> None:
        super().__init__(parent)
        self._session = session
        self._table = queue_table
        self.label = PresenceLabel(session)
        head_layout.insertWidget(1, self.label)
        self.delegate = PresenceDelegate(session, self)
        queue_table.setItemDelegateForColumn(id_column, self.delegate)
        changed = getattr(session, "desks_changed", None)
        if changed is not None:
            changed.connect(self._on_changed)

    def set_incident(self, incident_id: str | None) -> None:
        """This desk now shows ``incident_id``: show who else has it, and tell the other desks."""
        self.label.set_incident(incident_id)
        focus = getattr(self._session, "focus", None)
        if focus is not None:
            focus(incident_id)

    def _on_changed(self, _incidents) -> None:
        self.label.refresh()
        self._table.viewport().update()
