"""The review dock content: the submission queue with its filters and detail, and the records browser tab."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain import events as ev
from console.domain.clock import now_ms
from console.domain.records import RecordKind, SubmissionStatus
from console.ui.plain import PlainLabel
from console.ui.review.detail import SubmissionDetail
from console.ui.review.model import SUBMISSION_ID_ROLE, SCol, SubmissionTableModel
from console.ui.review.records_view import RecordsBrowser
from console.ui.table_view import row_table


class ReviewQueueView(QWidget):
    """Filters (kind, status), the submission table and the selected submission's detail."""

    pending_changed = Signal(int)

    def __init__(self, session, parent: QWidget | None = None, *, clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self.model = SubmissionTableModel(session, self, clock=clock)
        self.detail = SubmissionDetail(session, self, clock=clock)

        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("全部类型"), None)
        for kind in RecordKind:
            self.kind_combo.addItem(kind.label, kind)
        self.status_combo = QComboBox()
        for status in SubmissionStatus:
            self.status_combo.addItem(status.label, status)
        self.status_combo.addItem(self.tr("全部状态"), None)
        self.kind_combo.currentIndexChanged.connect(self._on_filter)
        self.status_combo.currentIndexChanged.connect(self._on_filter)
        self.last_result = PlainLabel()
        self.last_result.setObjectName("fieldName")
        self._session = session
        session.changed.connect(self._on_changes)

        self.table = row_table(self.model, {SCol.KIND: 64, SCol.WORKER: 64, SCol.GRID: 132, SCol.SUBMITTED: 70,
                                            SCol.STATUS: 56}, SCol.SUMMARY)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self._move_on_to: int | None = None
        self.model.rowsAboutToBeRemoved.connect(self._before_removal)
        self.model.rowsRemoved.connect(self._after_removal)
        self.model.modelReset.connect(self._after_reset)
        self.model.modelReset.connect(self._count)

        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.kind_combo)
        top.addWidget(self.status_combo)
        top.addWidget(self.last_result, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        for action in self.detail.actions_for_dock:
            self.addAction(action)
        self._count()

    # --- public API -------------------------------------------------------------------
    def select_submission(self, submission_id: str | None) -> None:
        row = self.model.row_of(submission_id) if submission_id else -1
        if row < 0:
            self.table.selectionModel().clearSelection()
            self.detail.show_submission(submission_id)
            return
        self._select_row(row)

    # --- slots ------------------------------------------------------------------------
    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_filter(self, _index: int) -> None:
        kind, status = self.kind_combo.currentData(), self.status_combo.currentData()  # str values from Qt
        self.model.set_filter(RecordKind(kind) if kind else None, SubmissionStatus(status) if status else None)

    def _on_current(self, current, _previous) -> None:
        if current.isValid():
            self.detail.show_submission(current.data(SUBMISSION_ID_ROLE))

    def _before_removal(self, _parent, first: int, last: int) -> None:
        current = self.table.selectionModel().currentIndex()
        self._move_on_to = first if current.isValid() and first <= current.row() <= last else None

    def _after_removal(self, *_args) -> None:
        """The shown row left the queue (reviewed): move on to the next one, so keyboard review runs on."""
        row, self._move_on_to = self._move_on_to, None
        if row is not None and self.model.rowCount():
            self._select_row(min(row, self.model.rowCount() - 1))
        elif row is not None:
            self.detail.show_submission(None)

    def _after_reset(self) -> None:
        shown = self.detail.submission()
        row = self.model.row_of(shown.id) if shown is not None else -1
        if row >= 0:
            self._select_row(row)

    def _on_changes(self, changes) -> None:
        state = self._session.state
        reviewed = [state.submissions[e.payload.submission] for e in changes.events
                    if e.type in (ev.SUBMISSION_ACCEPTED, ev.SUBMISSION_RETURNED)]
        for sub in reviewed:
            worker = state.workers.get(sub.worker_id)
            self.last_result.setText(self.tr("{who}的{kind}提交{status}").format(
                who=worker.name if worker else sub.worker_id, kind=sub.kind.label, status=sub.status.label))
        if changes.submissions:
            self._count()

    def _count(self, *_args) -> None:
        self.pending_changed.emit(self.model.pending_count())


class ReviewPanel(QTabWidget):
    """Two tabs: 审核入库 (the queue) and 档案查询 (the records browser)."""

    def __init__(self, session, parent: QWidget | None = None, *, clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.queue = ReviewQueueView(session, self, clock=clock)
        self.records = RecordsBrowser(session, self)
        self.addTab(self.queue, self.tr("审核入库"))
        self.addTab(self.records, self.tr("档案查询"))
        self.queue.pending_changed.connect(self._on_pending)
        self._on_pending(self.queue.model.pending_count())

    def _on_pending(self, n: int) -> None:
        self.setTabText(0, self.tr("审核入库 ({n})").format(n=n) if n else self.tr("审核入库"))
