"""受理所选 (Shift+F2): accept every selected 新建 incident in the queue at once.

The queue takes several rows (Ctrl/Shift+click, Shift+↑↓); each incident the role may accept is sent as
its own ordinary ``incident.accept`` command with the version this console saw, so a row another desk
accepted meanwhile is refused on its own and the rest go through.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView

from console.ui.actions.availability import SPECS, availability, role_of
from console.ui.queue.model import INCIDENT_ID_ROLE
from console.ui.shortcut_text import set_label

ACCEPT = tuple(s for s in SPECS if s.key == "accept")


class BulkAccept(QObject):
    """The 受理所选 action over ``table`` (the queue); sends through ``actions.send``."""

    def __init__(self, session, table: QTableView, actions, window) -> None:
        super().__init__(window)
        self._session = session
        self._table = table
        self._actions = actions
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.action = QAction(window)
        self.action.setObjectName("action_bulk_accept")
        self.action.setShortcut(QKeySequence("Shift+F2"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        set_label(self.action, self.tr("受理所选"))
        self.action.setToolTip(self.tr("受理所选 (Shift+F2)：队列中按 Ctrl/Shift 多选的新建警情逐条受理"))
        self.action.triggered.connect(self.trigger)
        window.addAction(self.action)

    def acceptable(self) -> list[str]:
        """The selected incidents this session may accept now, in queue order."""
        state = self._session.state
        if state is None:
            return []
        role, account = role_of(getattr(self._session, "role", "")), getattr(self._session, "account", "")
        rows = sorted(self._table.selectionModel().selectedRows(), key=lambda index: index.row())
        out = []
        for index in rows:
            inc = state.incidents.get(index.data(INCIDENT_ID_ROLE))
            if inc is not None and availability(inc, role, account, ACCEPT)["accept"].enabled:
                out.append(inc.id)
        return out

    def trigger(self) -> int:
        """Accept each acceptable selected incident; returns how many commands were sent."""
        ids = self.acceptable()
        for incident_id in ids:
            self._actions.send("incident.accept", {"incident": incident_id})
        return len(ids)
