"""Qt models and views over the summary's tables (the same :class:`Table` rows the exports write)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

from console.domain.summary import ItemRef
from console.reports.summary_tables import ITEM_COLUMNS, Table, display, item_row
from console.ui.plain import PlainLabel, plain_tip
from console.ui.table_model import FlatTableModel
from console.ui.table_view import row_table

GRADE_COLORS = {"好": "#3ddc84", "较好": "#5cb8ff", "一般": "#ffb454", "差": "#ff6b6b"}
NUMERIC = frozenset({"int", "num", "pct", "value"})


class SummaryTableModel(FlatTableModel):
    """Rows of a :class:`Table`; ``items`` (when the rows are ItemRefs) say what each row is about."""

    def __init__(self, table: Table | None = None, items: list[ItemRef] | None = None) -> None:
        super().__init__()
        self.table = table
        self.items: list[ItemRef] = []
        self._headers = []
        if table is not None:
            self.set_table(table, items)

    def set_table(self, table: Table, items: list[ItemRef] | None = None) -> None:
        self.beginResetModel()
        self.table = table
        self._headers = [c.header for c in table.columns]
        self.items = list(items or [])
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self.table.rows) if self.table is not None else 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.table is None:
            return None
        column = self.table.columns[index.column()]
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.header == "等级" and value in GRADE_COLORS:
            return QColor(GRADE_COLORS[value])
        if role == Qt.ItemDataRole.ToolTipRole and index.row() < len(self.items):
            item = self.items[index.row()]
            return plain_tip(f"{item.title}\n{item.detail}" if item.detail else item.title)
        return None

    def item(self, row: int) -> ItemRef | None:
        return self.items[row] if 0 <= row < len(self.items) else None


class ItemList(QWidget):
    """A titled list of :class:`ItemRef`; double-clicking an incident emits ``incident_activated``."""

    incident_activated = Signal(str)

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.heading = PlainLabel(title)
        self.model = SummaryTableModel(Table(name, title, ITEM_COLUMNS, []))
        self.table: QTableView = row_table(self.model, {0: 130, 1: 300, 2: 70, 3: 90, 4: 130, 5: 80}, stretch=6)
        self.table.doubleClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)

    def set_items(self, items: list[ItemRef], heading: str | None = None) -> None:
        if heading is not None:
            self.heading.setText(heading)
        self.model.set_table(Table(self.name, self.heading.text(), ITEM_COLUMNS, [item_row(i) for i in items]),
                             items)

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.item(index.row())
        if item is not None and item.kind == "incident":
            self.incident_activated.emit(item.id)
