"""The worker roster dock content: per-status counts and the table."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from console.domain.workers import WorkerStatus
from console.ui import theme
from console.ui.calls.actions import call_actions
from console.ui.i18n.domain import label_of
from console.ui.plain import RichLabel, escape
from console.ui.table_view import row_table
from console.ui.workers.model import STATUS_ROLE, WCol, WorkerTableModel


class WorkerListView(QWidget):
    """Shows :class:`WorkerTableModel` with a summary line of counts per status.

    Right-click (or Ctrl+Shift+V / Ctrl+Shift+Y on the current row) starts a video / voice call:
    :attr:`call_requested` (worker id, ``"video"`` or ``"audio"``).
    """

    call_requested = Signal(str, str)

    def __init__(self, session, parent: QWidget | None = None, **model_kwargs) -> None:
        super().__init__(parent)
        self.setObjectName("workerList")
        self.model = WorkerTableModel(session, self, **model_kwargs)
        self.summary = RichLabel()
        self.table = row_table(self.model, {WCol.NAME: 64, WCol.GRID: 110, WCol.STATUS: 84, WCol.TASK: 150},
                               WCol.LAST_FIX, single=False)

        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.summary)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        # The summary is O(workers): refresh it on a slow timer, not on every event batch.
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh_summary)
        self._timer.start()
        self.model.modelReset.connect(self.refresh_summary)
        self._soon = QTimer(self)  # coalesces event batches into one summary refresh
        self._soon.setSingleShot(True)
        self._soon.setInterval(300)
        self._soon.timeout.connect(self.refresh_summary)
        session.changed.connect(lambda _changes: self._soon.start())
        self.refresh_summary()
        self.call_actions = call_actions(self.table, self._call_current)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)

    def _call_current(self, media: str) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.call_requested.emit(self.model.worker_id(index.row()), media)

    def _show_menu(self, pos) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self.call_actions.values():
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def status_counts(self) -> dict[WorkerStatus, int]:
        counts = dict.fromkeys(WorkerStatus, 0)
        for row in range(self.model.rowCount()):
            counts[WorkerStatus(self.model.index(row, 0).data(STATUS_ROLE))] += 1
        return counts

    def refresh_summary(self, *_args) -> None:
        counts = self.status_counts()
        shown = (WorkerStatus.SOS,) if counts[WorkerStatus.SOS] else ()  # only while someone needs help
        parts = [
            f'<span style="color:{theme.WORKER_COLORS[s]}">{escape(label_of(s))} {counts[s]}</span>'
            for s in (*shown, WorkerStatus.ON_DUTY, WorkerStatus.ON_ORDER, WorkerStatus.STALE, WorkerStatus.OFF_DUTY)
        ]
        self.summary.setText(" &nbsp; ".join(parts))
