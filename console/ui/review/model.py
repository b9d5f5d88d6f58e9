"""``SubmissionTableModel``: grid-worker submissions for review, filtered by kind and status.

Pending ones are a work queue, so they are listed oldest first; reviewed ones newest first.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor

from console.domain.clock import now_ms
from console.domain.records import RecordKind, Submission, SubmissionStatus
from console.ui import theme
from console.ui.plain import plain_tip
from console.ui.review.fields import summary
from console.ui.review.rows import IdRowsModel
from console.ui.texts import fmt_age, fmt_time

SUBMISSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1

STATUS_COLORS = {
    SubmissionStatus.PENDING: "#ffb454",
    SubmissionStatus.ACCEPTED: "#3ddc84",
    SubmissionStatus.RETURNED: "#ff8a65",
}


class SCol(IntEnum):
    KIND = 0
    WORKER = 1
    GRID = 2
    SUBMITTED = 3
    STATUS = 4
    SUMMARY = 5


class SubmissionTableModel(IdRowsModel):
    """One row per submission passing the kind and status filters."""

    def __init__(self, session=None, parent=None, *, clock: Callable[[], int] = now_ms, tick_ms: int = 1000) -> None:
        super().__init__(parent)
        self._clock = clock
        self._state = None
        self._grid_names: dict[str, str] = {}
        self.kind: RecordKind | None = None
        self.status: SubmissionStatus | None = SubmissionStatus.PENDING
        tr = QCoreApplication.translate
        self._headers = [tr("Review", h) for h in ("类型", "网格员", "网格", "提交", "状态", "摘要")]
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        if session is not None:
            self.bind_session(session)

    # --- public API -------------------------------------------------------------------
    def reset_state(self, state) -> None:
        self._state = state
        self._grid_names = {g.code: g.name for g in state.district.grids} if state is not None else {}
        self.reset_rows(self._wanted())

    def apply_changes(self, changes) -> None:
        touched = list(changes.submissions)
        if self._state is None or not touched:
            return
        self.sync_rows(self._wanted())
        self.refresh_ids(touched)

    def set_filter(self, kind: RecordKind | None, status: SubmissionStatus | None) -> None:
        self.kind, self.status = kind, status
        self.sync_rows(self._wanted())

    def submission(self, row: int) -> Submission | None:
        sid = self.id_at(row)
        return self._state.submissions.get(sid) if sid and self._state is not None else None

    def pending_count(self) -> int:
        if self._state is None:
            return 0
        return sum(1 for s in self._state.submissions.values() if s.status is SubmissionStatus.PENDING)

    def tick(self) -> None:
        """Re-announce the age column."""
        if self._ids:
            self.dataChanged.emit(self.index(0, SCol.SUBMITTED), self.index(len(self._ids) - 1, SCol.SUBMITTED))

    def _wanted(self) -> list[str]:
        if self._state is None:
            return []
        rows = [s for s in self._state.submissions.values()
                if (self.kind is None or s.kind is self.kind) and (self.status is None or s.status is self.status)]
        oldest_first = self.status is SubmissionStatus.PENDING
        rows.sort(key=lambda s: (s.submitted_at, s.id), reverse=not oldest_first)
        return [s.id for s in rows]

    # --- Qt model API -----------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        sub = self.submission(index.row()) if index.isValid() else None
        if sub is None:
            return None
        col = index.column()
        if role == SUBMISSION_ID_ROLE:
            return sub.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(sub, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == SCol.STATUS:
            return QBrush(QColor(STATUS_COLORS[sub.status]))
        if role == Qt.ItemDataRole.ForegroundRole and col == SCol.SUBMITTED:
            return QBrush(QColor(theme.TEXT_DIM))
        if role == Qt.ItemDataRole.ToolTipRole:
            worker = self._state.workers.get(sub.worker_id)
            lines = [sub.id, f"{worker.name if worker else sub.worker_id} {fmt_time(sub.submitted_at, True)}"]
            if sub.note:
                lines.append(sub.note)
            if sub.reason:
                lines.append(QCoreApplication.translate("Review", "退回原因：") + sub.reason)
            return plain_tip("\n".join(lines))
        return None

    def _text(self, sub: Submission, col: int) -> str:
        if col == SCol.KIND:
            return sub.kind.label
        if col == SCol.WORKER:
            worker = self._state.workers.get(sub.worker_id)
            return worker.name if worker else sub.worker_id
        if col == SCol.GRID:
            name = self._grid_names.get(sub.grid_code)
            return name or sub.grid_code
        if col == SCol.SUBMITTED:
            return fmt_age((self._clock() - sub.submitted_at) / 1000)
        if col == SCol.STATUS:
            return sub.status.label
        return summary(self._state, sub.kind, sub.fields)
