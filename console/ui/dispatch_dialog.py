"""``DispatchDialog``: pick the worker to dispatch, best suggestion first and preselected.

Order: free workers on duty before off-duty ones before busy ones (marked 忙); within each,
workers of the incident's own 网格 first, then by distance from their last fix. With the first
suggestion right, new → dispatched takes three keys: F2 accept, F3 open this dialog, Enter.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.geo import distance_m
from console.domain.incidents import Incident, category_name
from console.domain.state import State
from console.domain.workers import WorkerStatus
from console.ui import theme
from console.ui.texts import fmt_distance, tr

WORKER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class Suggestion:
    worker_id: str
    name: str
    grid_code: str
    same_grid: bool
    distance_m: float
    status: WorkerStatus
    busy_with: str | None

    @property
    def rank(self) -> int:
        if self.busy_with is not None:
            return 2
        return 1 if self.status is WorkerStatus.OFF_DUTY else 0

    def sort_key(self) -> tuple:
        return (self.rank, not self.same_grid, self.distance_m, self.name)


def suggest_workers(
    state: State, incident: Incident, now_ms: int, stale_after_ms: int = 15_000
) -> list[Suggestion]:
    """All workers on the roster, best dispatch candidates first."""
    out = []
    for worker in state.workers.values():
        pos = state.positions.get(worker.id)
        dist = distance_m((pos.lng, pos.lat), (incident.lng, incident.lat)) if pos is not None else math.inf
        busy = state.active_incident_of(worker.id)
        out.append(
            Suggestion(
                worker.id,
                worker.name,
                worker.grid_code,
                worker.grid_code == incident.grid_code,
                dist,
                state.worker_status(worker.id, now_ms, stale_after_ms),
                busy.id if busy is not None else None,
            )
        )
    out.sort(key=Suggestion.sort_key)
    return out


class DispatchDialog(QDialog):
    """Lists :func:`suggest_workers`; the first row is current so Enter dispatches to it."""

    def __init__(
        self,
        state: State,
        incident: Incident,
        parent: QWidget | None = None,
        *,
        now_ms: int | None = None,
        stale_after_ms: int = 15_000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchDialog")
        self.setWindowTitle(self.tr("派遣 — {id}").format(id=incident.id))
        self.incident_id = incident.id
        now = int(time.time() * 1000) if now_ms is None else now_ms
        self.suggestions = suggest_workers(state, incident, now, stale_after_ms)
        grid_names = {g.code: g.name for g in state.district.grids}

        header = QLabel(f"<b>{incident.id}</b> {category_name(incident.category)} · {incident.address}")
        header.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(len(self.suggestions), 6)
        self.table.setHorizontalHeaderLabels(
            [self.tr(h) for h in ("姓名", "网格", "距离", "状态", "当前任务", "")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        for row, s in enumerate(self.suggestions):
            grid = grid_names.get(s.grid_code, s.grid_code)
            cells = (
                s.name,
                f"{grid}{tr(' (本网格)', 'Dispatch') if s.same_grid else ''}",
                fmt_distance(s.distance_m),
                s.status.label,
                s.busy_with or tr("空闲", "Dispatch"),
                tr("忙", "Dispatch") if s.busy_with else "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(WORKER_ID_ROLE, s.worker_id)
                if col == 3:
                    item.setForeground(QColor(theme.WORKER_COLORS[s.status]))
                if s.rank > 0:
                    item.setForeground(
                        QColor(theme.TEXT_DIM) if col != 5 else QColor(theme.PRIORITY_COLORS[2])
                    )
                self.table.setItem(row, col, item)
        h = self.table.horizontalHeader()
        for col, width in ((0, 70), (1, 150), (2, 70), (3, 72), (4, 150), (5, 36)):
            h.resizeSection(col, width)
        h.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.accept())

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("派遣 (Enter)"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        ok.setEnabled(bool(self.suggestions))

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)
        if self.suggestions:
            self.table.selectRow(0)
        self.table.setFocus()

    def chosen_worker_id(self) -> str | None:
        """The worker on the current row (the first suggestion unless the user moved)."""
        row = self.table.currentRow()
        if row < 0 or row >= len(self.suggestions):
            return None
        return self.suggestions[row].worker_id
