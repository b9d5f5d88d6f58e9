"""``WorkerTableModel``: the roster grouped by grid, with derived status and fix age.

Status depends on the clock (a fix older than ``stale_after_ms`` makes a worker 失联), so a
slow 1 Hz timer re-announces the status and age columns; events touch only their rows. While the
console has lost its relay nobody's status is known here, so every worker shows 未知, not 失联.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor

from console.domain.clock import now_ms
from console.domain.workers import WorkerStatus
from console.ui import theme
from console.ui.i18n.domain import label_of
from console.ui.plain import plain_tip
from console.ui.table_model import FlatTableModel
from console.ui.texts import fmt_age, marked

WORKER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
TICK_MS = 1000

_SHAPES = {
    WorkerStatus.ON_DUTY: "●",
    WorkerStatus.ON_ORDER: "■",
    WorkerStatus.STALE: "▲",
    WorkerStatus.OFF_DUTY: "✚",
    WorkerStatus.SOS: "★",
}


class WCol(IntEnum):
    NAME = 0
    GRID = 1
    STATUS = 2
    TASK = 3
    LAST_FIX = 4


class WorkerTableModel(FlatTableModel):
    """One row per worker on the roster, ordered by grid code then name."""

    def __init__(
        self,
        session=None,
        parent=None,
        *,
        stale_after_ms: int = 15_000,
        clock: Callable[[], int] = now_ms,
        tick_ms: int = TICK_MS,
    ) -> None:
        super().__init__(parent)
        self.stale_after_ms = stale_after_ms
        self._clock = clock
        self._state = None
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._grid_names: dict[str, str] = {}
        self.link_lost = False
        tr = QCoreApplication.translate
        self._unknown = "? " + tr("Workers", "未知")
        self._headers = [tr("Workers", h) for h in marked("Workers", "姓名", "网格", "状态", "当前任务", "最后定位")]
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        if session is not None:
            self.bind_session(session)

    # --- public API -------------------------------------------------------------------
    def reset_state(self, state) -> None:
        self.beginResetModel()
        self._state = state
        if state is None:
            self._ids, self._grid_names = [], {}
        else:
            self._grid_names = {g.code: g.name for g in state.district.grids}
            self._ids = [
                w.id for w in sorted(state.workers.values(), key=lambda w: (w.grid_code, w.name, w.id))
            ]
        self._row = {wid: i for i, wid in enumerate(self._ids)}
        self.endResetModel()

    def apply_changes(self, changes) -> None:
        if self._state is None:
            return
        if changes.roster and not changes.reset:  # workers imported: new rows, new names or grids
            self.reset_state(self._state)
            return
        touched = changes.workers | changes.moved()
        rows = sorted(self._row[w] for w in touched if w in self._row)
        if rows:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], len(WCol) - 1))

    def tick(self) -> None:
        """Re-announce the time-derived columns (status, age of last fix)."""
        if self._ids:
            self.dataChanged.emit(self.index(0, WCol.STATUS), self.index(len(self._ids) - 1, WCol.LAST_FIX))

    def set_link_lost(self, lost: bool) -> None:
        """While the relay is lost, show every status as 未知 (the field may be fine: we cannot tell)."""
        if lost != self.link_lost:
            self.link_lost = lost
            self.tick()

    def worker_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, worker_id: str) -> int:
        return self._row.get(worker_id, -1)

    def status(self, worker_id: str) -> WorkerStatus:
        return self._state.worker_status(worker_id, self._clock(), self.stale_after_ms)

    # --- Qt model API -----------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._state is None or not (0 <= index.row() < len(self._ids)):
            return None
        wid = self._ids[index.row()]
        worker = self._state.workers.get(wid)
        if worker is None:
            return None
        col = index.column()
        if role == WORKER_ID_ROLE:
            return wid
        if role == STATUS_ROLE:
            return self.status(wid).value
        if role == Qt.ItemDataRole.DisplayRole:
            if col == WCol.NAME:
                return worker.name
            if col == WCol.GRID:
                name = self._grid_names.get(worker.grid_code)
                return f"{worker.grid_code[-3:]} {name}" if name else worker.grid_code
            if col == WCol.STATUS:
                if self.link_lost:
                    return self._unknown
                status = self.status(wid)
                return f"{_SHAPES[status]} {label_of(status)}"
            if col == WCol.TASK:
                inc = self._state.active_incident_of(wid)
                return inc.id if inc is not None else ""
            if col == WCol.LAST_FIX:
                pos = self._state.positions.get(wid)
                return fmt_age((self._clock() - pos.at) / 1000) if pos is not None else "—"
        if role == Qt.ItemDataRole.ForegroundRole:
            status = self.status(wid)
            if col == WCol.STATUS:
                return QBrush(QColor(theme.TEXT_DIM if self.link_lost else theme.WORKER_COLORS[status]))
            if status is WorkerStatus.OFF_DUTY:
                return QBrush(QColor(theme.TEXT_DIM))
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(f"{worker.name} {worker.phone}\n{worker.grid_code}")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (WCol.STATUS, WCol.LAST_FIX):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
