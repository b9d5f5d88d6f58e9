"""The incident queue dock content: filter, counters and the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.domain.incidents import Status
from console.ui import theme
from console.ui.queue.model import INCIDENT_ID_ROLE, Col, IncidentTableModel, headline_counts

COUNTER_DELAY_MS = 300


class IncidentQueueView(QWidget):
    """Shows :class:`IncidentTableModel`; emits :attr:`incident_selected` with the id."""

    incident_selected = Signal(str)
    counters_changed = Signal(dict)  # {"new": n, "in_progress": n, "feedback": n}

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentQueue")
        self._session = session
        self._selected: str | None = None
        self.model = IncidentTableModel(session, self)

        self.filter_combo = QComboBox()
        self.filter_combo.addItem(self.tr("未办结"), IncidentTableModel.FILTER_OPEN)
        self.filter_combo.addItem(self.tr("全部"), IncidentTableModel.FILTER_ALL)
        self.filter_combo.setToolTip(self.tr("只看未办结的警情，或全部警情"))
        self.filter_combo.currentIndexChanged.connect(self._on_filter)

        self.counter_labels: dict[str, QLabel] = {}
        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(QLabel(self.tr("筛选")))
        top.addWidget(self.filter_combo)
        top.addStretch(1)
        for key, text, status in (
            ("new", self.tr("新建"), Status.NEW),
            ("in_progress", self.tr("处置中"), Status.ON_SCENE),
            ("feedback", self.tr("已反馈"), Status.FEEDBACK),
        ):
            label = QLabel()
            label.setObjectName("counter")
            label.setProperty("caption", text)
            label.setStyleSheet(f"color: {theme.STATUS_COLORS[status]};")
            self.counter_labels[key] = label
            top.addWidget(label)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in (
            (Col.ID, 166),
            (Col.CATEGORY, 100),
            (Col.PRIORITY, 52),
            (Col.STATUS, 60),
            (Col.SOURCE, 80),
            (Col.GRID, 110),
            (Col.ADDRESS, 180),
            (Col.WORKER, 64),
            (Col.REPORTED, 70),
        ):
            header.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.modelReset.connect(self._restore_selection)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table)

        self._counter_timer = QTimer(self)
        self._counter_timer.setSingleShot(True)
        self._counter_timer.setInterval(COUNTER_DELAY_MS)
        self._counter_timer.timeout.connect(self.refresh_counters)
        session.events_applied.connect(lambda _events: self._counter_timer.start())
        session.state_reset.connect(lambda _state: self.refresh_counters())
        self.refresh_counters()

    # --- public API -------------------------------------------------------------------
    def set_filter(self, mode: str) -> None:
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(mode))

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
        return headline_counts(self._session.state)

    def refresh_counters(self) -> None:
        counts = self.counts()
        for key, n in counts.items():
            label = self.counter_labels[key]
            label.setText(f"{label.property('caption')} {n}")
        self.counters_changed.emit(counts)

    # --- slots ------------------------------------------------------------------------
    def _on_filter(self, index: int) -> None:
        self.model.set_filter(self.filter_combo.itemData(index))

    def _on_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        incident_id = current.data(INCIDENT_ID_ROLE)
        if incident_id and incident_id != self._selected:
            self._selected = incident_id
            self.incident_selected.emit(incident_id)

    def _restore_selection(self) -> None:
        if self._selected:
            self.select_incident(self._selected)
