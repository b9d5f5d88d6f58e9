"""The incident queue dock content: filter bar, counters and the table, with a 1 s countdown tick."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.incidents import Status
from console.ui import theme
from console.ui.queue.anchor import ViewportAnchor
from console.ui.queue.arrivals import MARK_COLOR, Arrivals, MarkedTable
from console.ui.queue.filter_bar import QueueFilterBar
from console.ui.queue.layout import COMPACT_PADDING, PADDING, apply_columns, main_width
from console.ui.queue.model import INCIDENT_ID_ROLE, IncidentTableModel
from console.ui.queue.query import COUNTED_GROUPS, GROUP_LABELS
from console.ui.texts import tr

COUNTER_DELAY_MS = 300
TICK_MS = 1000
COUNTER_COLORS = {"new": theme.STATUS_COLORS[Status.NEW], "handling": theme.STATUS_COLORS[Status.ON_SCENE],
                  "verify": theme.STATUS_COLORS[Status.FEEDBACK], "overdue": theme.PRIORITY_COLORS[1]}


class IncidentQueueView(QWidget):
    """Shows :class:`IncidentTableModel`; emits :attr:`incident_selected` with the id."""

    incident_selected = Signal(str)
    counters_changed = Signal(dict)  # {group: n} for COUNTED_GROUPS, each the row count of that filter
    selection_left_filter = Signal(bool)  # True: the selected incident just left the rows; False: back or new

    def __init__(self, session, parent: QWidget | None = None, *, clock=None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self.setObjectName("incidentQueue")
        self._selected: str | None = None
        self._left_filter = False
        self._was_shown = False
        self.model = IncidentTableModel(session, self, **({"clock": clock} if clock is not None else {}))
        # before the table's own selection model: a removed selected row must not hand its selection on
        self.model.rowsAboutToBeRemoved.connect(self._drop_leaving_selection)

        self.filters = QueueFilterBar()
        self.filter_combo = self.filters.group_combo
        self.filters.changed.connect(self.model.set_query)

        self.table = self._build_table()
        self.anchor = ViewportAnchor(self.table)
        self.arrivals = Arrivals(self.table)

        counters = QHBoxLayout()
        counters.setContentsMargins(4, 0, 4, 0)
        self.new_chip = QToolButton()
        self.new_chip.setObjectName("newArrivals")
        self.new_chip.setAutoRaise(True)
        self.new_chip.setStyleSheet(f"color: {MARK_COLOR}; font-weight: bold;")
        self.new_chip.setToolTip(self.tr("上方有新警情；点击滚动到最新一条（行不会自动移动）"))
        self.new_chip.clicked.connect(self.arrivals.scroll_to_newest)
        self.new_chip.hide()
        self.arrivals.changed.connect(self._show_arrivals)
        counters.addWidget(self.new_chip)
        counters.addStretch(1)
        self.counter_labels: dict[str, QToolButton] = {}
        for group in COUNTED_GROUPS:
            chip = QToolButton()
            chip.setObjectName("counter")
            chip.setAutoRaise(True)
            chip.setProperty("caption", tr(GROUP_LABELS[group], "Queue"))
            chip.setStyleSheet(f"color: {COUNTER_COLORS[group]};")
            chip.setToolTip(self.tr("只看“{label}”").format(label=tr(GROUP_LABELS[group], "Queue")))
            chip.clicked.connect(lambda _checked=False, g=group: self.set_filter(g))
            self.counter_labels[group] = chip
            counters.addWidget(chip)

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
        for signal in (self.model.modelReset, self.model.layoutChanged, self.model.rowsRemoved,
                       self.model.rowsInserted):
            signal.connect(self._check_selected_shown)
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
        table = MarkedTable()
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
        apply_columns(table)
        table.setSortingEnabled(True)
        table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        return table

    # --- public API -------------------------------------------------------------------
    def set_filter(self, mode: str) -> None:
        self.filters.set_group(mode)

    def select_incident(self, incident_id: str | None) -> None:
        """Select the incident's row if shown; programmatic, so no :attr:`incident_selected`."""
        row = self.model.row_of(incident_id) if incident_id else -1
        if incident_id != self._selected:
            self._set_left_filter(False)
            self.arrivals.seen(incident_id)
            self._was_shown = row >= 0
        self._selected = incident_id
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

    def set_compact(self, compact: bool) -> None:
        """Columns with only the margins Qt draws (small screens), or with some air (the default)."""
        apply_columns(self.table, COMPACT_PADDING if compact else PADDING)

    def fitting_width(self) -> int:
        """The width that shows 编号 类别 优先级 状态 时限 地址 处置人 without scrolling sideways."""
        table = self.table
        return main_width(table) + table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth() + 4

    def counts(self) -> dict[str, int]:
        """{group: how many rows the filter of that group shows}, by the filter's own predicate."""
        return {group: self.model.group_count(group) for group in COUNTED_GROUPS}

    def left_filter(self) -> bool:
        """Whether the selected incident was in the rows and no longer is."""
        return self._left_filter

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
        rows = self.visible_rows()
        if self.model.tick(*rows):
            self._schedule_counters([])  # a level change moves incidents in or out of 超时
        self.arrivals.tick(*rows)

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
            self._was_shown = True
            self._set_left_filter(False)
            self.arrivals.seen(incident_id)
            self.incident_selected.emit(incident_id)

    def _show_arrivals(self, above: int) -> None:
        self.new_chip.setText(self.tr("{n} 条新警情 ↑").format(n=above))
        self.new_chip.setVisible(above > 0)

    def _drop_leaving_selection(self, _parent, first: int, last: int) -> None:
        """The selected row is about to go: clear the selection instead of letting Qt select a neighbour,
        which F2 would then act on without the dispatcher having chosen it."""
        current = self.table.selectionModel().currentIndex() if self.table.selectionModel() else None
        if current is not None and current.isValid() and first <= current.row() <= last:
            self.table.selectionModel().clear()

    def _check_selected_shown(self, *_args) -> None:
        if self._selected is None:
            return
        shown = self.model.row_of(self._selected) >= 0
        if not shown and not self._left_filter and self._was_shown:
            self._set_left_filter(True)
        elif shown and self._left_filter:
            self._set_left_filter(False)
            self.select_incident(self._selected)
        self._was_shown = shown

    def _set_left_filter(self, left: bool) -> None:
        if left != self._left_filter:
            self._left_filter = left
            self.selection_left_filter.emit(left)

    def _restore_selection(self) -> None:
        """After a reset or a re-sort, re-select the incident if its row came back (else leave it be)."""
        current = self.table.currentIndex()
        if self._selected and (not current.isValid() or current.data(INCIDENT_ID_ROLE) != self._selected):
            self.select_incident(self._selected)
