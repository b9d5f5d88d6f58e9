"""``Arrivals``: incidents reported while the queue is open, marked until looked at, and counted when off-screen.

A new incident (one the queue had not seen when it was loaded) is *fresh* until it is selected or has
been on screen for :data:`SEEN_AFTER_S` ticks. Fresh rows get a bar at the left of the 编号 cell; the
fresh rows above the top of the viewport are counted in the chip "N 条新警情 ↑", which scrolls to the
topmost of them when clicked. Rows never move to show them: see :mod:`console.ui.queue.anchor`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from console.ui.queue.model import INCIDENT_ID_ROLE

SEEN_AFTER_S = 8
MARK_COLOR = "#4fc3f7"
MARK_WIDTH = 4


class Arrivals(QObject):
    """Fresh incidents of ``table``'s :class:`IncidentTableModel`; emits :attr:`changed` with the count above."""

    changed = Signal(int)

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.model = table.model()
        self._known = self.model.total_count()
        self._fresh: dict[str, int] = {}  # incident id -> ticks seen on screen
        self._above = 0
        self.model.modelReset.connect(self._on_reset)
        self.model.rowsInserted.connect(self._on_arrival)
        self.model.layoutChanged.connect(self._on_arrival)  # a big batch re-sorts instead of inserting
        table.verticalScrollBar().valueChanged.connect(lambda _v: self.update())

    def is_fresh(self, incident_id: str) -> bool:
        return incident_id in self._fresh

    def fresh(self) -> list[str]:
        return list(self._fresh)

    def above(self) -> int:
        """Fresh incidents whose rows are above the top of the viewport."""
        return self._above

    def seen(self, incident_id: str | None) -> None:
        """The dispatcher looked at it (selected it): no longer fresh."""
        if incident_id in self._fresh:
            del self._fresh[incident_id]
            self.update()

    def tick(self, first: int, last: int) -> None:
        """Once a second with the rows on screen: rows shown long enough stop being fresh."""
        for incident_id in list(self._fresh):
            row = self.model.row_of(incident_id)
            if row < 0 or first <= row <= last:  # on screen, or not in the filter at all
                self._fresh[incident_id] += 1
                if self._fresh[incident_id] >= SEEN_AFTER_S:
                    del self._fresh[incident_id]
        self.update()

    def scroll_to_newest(self) -> None:
        """Scroll to the topmost fresh row above the viewport (the chip's click)."""
        rows = [r for r in map(self.model.row_of, self._fresh) if r >= 0]
        if rows:
            self.table.scrollTo(self.model.index(min(rows), 0), QAbstractItemView.ScrollHint.PositionAtTop)
        self.update()

    def update(self) -> None:
        top = self.table.rowAt(0)
        above = 0 if top < 0 else sum(0 <= self.model.row_of(i) < top for i in self._fresh)
        if above != self._above:
            self._above = above
            self.changed.emit(above)

    def _on_reset(self) -> None:
        self._known = self.model.total_count()
        self._fresh.clear()
        self.update()

    def _on_arrival(self, *_args) -> None:
        if self.model.total_count() > self._known:
            for incident_id in self.model.arrivals_since(self._known):
                self._fresh[incident_id] = 0
            self._known = self.model.total_count()
        self.update()


class FreshMarkDelegate(QStyledItemDelegate):
    """Draws the 编号 cell with a coloured bar at its left edge while the incident is fresh."""

    def __init__(self, arrivals: Arrivals) -> None:
        super().__init__(arrivals.table)
        self.arrivals = arrivals
        self._color = QColor(MARK_COLOR)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        if self.arrivals.is_fresh(index.data(INCIDENT_ID_ROLE)):
            rect = option.rect
            painter.fillRect(rect.x(), rect.y() + 2, MARK_WIDTH, rect.height() - 4, self._color)
