"""The incident queue dock content: filter bar, counters and the table, with a 1 s countdown tick."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.incidents import Status
from console.ui import theme
from console.ui.plain import PlainLabel
from console.ui.queue.columns import WIDTHS
from console.ui.queue.filter_bar import QueueFilterBar
from console.ui.queue.model import INCIDENT_ID_ROLE, IncidentTableModel

COUNTER_DELAY_MS = 300
TICK_MS = 1000
IN_PROGRESS = (Status.ACCEPTED, Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE)


class IncidentQueueView(QWidget):
    """Shows :class:`IncidentTableModel`; emits :attr:`incident_selected` with the id."""

    incident_selected = Signal(str)
    counters_changed = Signal(dict)  # {"new": n, "in_progress": n, "feedback": n}

    def __init__(self, session, parent: QWidget | None = None, *, clock=None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self.setObjectName("incidentQueue")
        self._selected: str | None = None
        self.model = IncidentTableModel(session, self, **({"clock": clock} if clock is not None else {}))

        self.filters = QueueFilterBar()
        self.filter_combo = self.filters.group_combo
        self.filters.changed.connect(self.model.set_query)

        self.counter_labels: dict[str, QLabel] = {}
        counters = QHBoxLayout()
        counters.setContentsMargins(4, 0, 4, 0)
        counters.addStretch(1)
        for key, text, status in (
            ("new", self.tr("新建"), Status.NEW),
            ("in_progress", self.tr("处置中"), Status.ON_SCENE),
            ("feedback", self.tr("已反馈"), Status.FEEDBACK),
        ):
            label = PlainLabel()
            label.setObjectName("counter")
            label.setProperty("caption", text)
            label.setStyleSheet(f"color: {theme.STATUS_COLORS[status]};")
            self.counter_labels[key] = label
            counters.addWidget(label)

        self.table = self._build_table()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filters)
        layout.addLayout(counters)
        layout.addWidget(self.table)

        for signal in (self.model.modelReset, self.model.layoutChanged, self.model.rowsInserted,
                       self.model.rowsRemoved):
            signal.connect(self._update_count)
        self.model.modelReset.connect(self._restore_selection)
        self.model.layoutChanged.connect(self._restore_selection)
        self._counter_timer = QTimer(self)
        self._counter_timer.setSingleShot(True)
        self._counter_timer.setInterval(COUNTER_DELAY_MS)
        self._counter_timer.timeout.connect(self.refresh_counters)
        session.changed.connect(self._schedule_counters)
        session.state_reset.connect(lambda _state: self.refresh_counters())
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(tick_ms)
        self._tick_timer.timeout.connect(self.tick)
        self._tick_timer.start()
        self._update_count()
        self.refresh_counters()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSortIndicatorClearable(True)  # a third click returns to the default order
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setToolTip(self.tr("点击列头排序；再点两次恢复默认排序（未结、超时、优先级、时间）"))
        for col, width in enumerate(WIDTHS):
            header.resizeSection(col, width)
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        return table

    # --- public API -------------------------------------------------------------------
    def set_filter(self, mode: str) -> None:
        self.filters.set_group(mode)

    def select_incident(self, incident_id: str | None) -> None:
        """Select the incident's row if shown; programmatic, so no :attr:`incident_selected`."""
        self._selected = incident_id
        row = self.model.row_of(incident_id) if incident_id else -1
        sel = self.table.selectionModel()
        if row < 0:
            sel.clearSelection()
            return
        index = self.model.index(row, 0)
        sel.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def selected_incident(self) -> str | None:
        return self._selected

    def counts(self) -> dict[str, int]:
        by_status = self.model.status_counts()
        return {
            "new": by_status[Status.NEW],
            "in_progress": sum(by_status[s] for s in IN_PROGRESS),
            "feedback": by_status[Status.FEEDBACK],
        }

    def refresh_counters(self) -> None:
        counts = self.counts()
        for key, n in counts.items():
            label = self.counter_labels[key]
            label.setText(f"{label.property('caption')} {n}")
        self.counters_changed.emit(counts)

    def visible_rows(self) -> tuple[int, int]:
        """First and last row on screen (-1, -1 when none)."""
        count = self.model.rowCount()
        if count == 0:
            return -1, -1
        first = max(self.table.rowAt(0), 0)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        return first, count - 1 if last < 0 else last

    def tick(self) -> None:
        """Once a second: re-place rows whose SLA level changed, refresh the countdowns on screen."""
        self.model.tick(*self.visible_rows())

    # --- slots ------------------------------------------------------------------------
    def _schedule_counters(self, _events: list) -> None:
        """Throttle, not debounce: a steady stream of position batches must not postpone the counters forever."""
        if not self._counter_timer.isActive():
            self._counter_timer.start()

    def _update_count(self) -> None:
        self.filters.set_count(self.model.rowCount(), self.model.total_count())

    def _on_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        incident_id = current.data(INCIDENT_ID_ROLE)
        if incident_id and incident_id != self._selected:
            self._selected = incident_id
            self.incident_selected.emit(incident_id)

    def _restore_selection(self) -> None:
        """After a reset or a re-sort, re-select the incident if its row came back (else leave it be)."""
        current = self.table.currentIndex()
        if self._selected and (not current.isValid() or current.data(INCIDENT_ID_ROLE) != self._selected):
            self.select_incident(self._selected)
