"""``Arrivals``: incidents reported while the queue is open, marked until looked at, counted when off-screen.

A new incident (one the queue had not seen when it was loaded) is *fresh* until it is selected or has
been on screen for :data:`SEEN_AFTER_S` ticks. :class:`MarkedTable` draws a bar at the left of a fresh
row's 编号 cell; the fresh rows above the top of the viewport are counted in the chip "N 条新警情 ↑",
which scrolls to the topmost of them when clicked. Rows never move to show them: see :mod:`console.ui.queue.anchor`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QAbstractItemView, QTableView

from console.ui.queue.columns import Col

SEEN_AFTER_S = 8
MAX_AGE_S = 120  # fresh for two minutes at most, looked at or not
MAX_FRESH = 50  # a burst of reports marks its newest 50: the chip then reads "50 条新警情"
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
        self._fresh: dict[str, list[int]] = {}  # incident id -> [ticks seen on screen, ticks since it came]
        self._above = 0
        self._recount = QTimer(self)  # inserts come in bursts: count once after them
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self.update)
        if isinstance(table, MarkedTable):
            table.arrivals = self
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
            self._show_marks()
            self.update()

    def tick(self, first: int, last: int) -> None:
        """Once a second with the rows on screen: rows shown long enough stop being fresh."""
        if not self._fresh:
            return
        rows = []
        before = len(self._fresh)
        for incident_id, ticks in list(self._fresh.items()):
            row = self.model.row_of(incident_id)
            ticks[0] += row < 0 or first <= row <= last  # on screen, or not in the filter at all
            ticks[1] += 1
            if ticks[0] >= SEEN_AFTER_S or ticks[1] >= MAX_AGE_S:
                del self._fresh[incident_id]
            else:
                rows.append(row)
        if len(self._fresh) != before:
            self._show_marks()
        self.update(rows)

    def scroll_to_newest(self) -> None:
        """Scroll to the topmost fresh row above the viewport (the chip's click)."""
        rows = [r for r in map(self.model.row_of, self._fresh) if r >= 0]
        if rows:
            self.table.scrollTo(self.model.index(min(rows), 0), QAbstractItemView.ScrollHint.PositionAtTop)
        self.update()

    def update(self, rows: list[int] | None = None) -> None:
        """Recount the fresh rows above the viewport (``rows``: their rows, when the caller has them)."""
        top = self.table.rowAt(0)
        if top <= 0 or not self._fresh:
            above = 0
        else:
            above = sum(0 <= r < top for r in (rows if rows is not None else map(self.model.row_of, self._fresh)))
        if above != self._above:
            self._above = above
            self.changed.emit(above)

    def _on_reset(self) -> None:
        self._known = self.model.total_count()
        self._fresh.clear()
        self._show_marks()
        self.update()

    def _on_arrival(self, *_args) -> None:
        if self.model.total_count() > self._known:
            for incident_id in self.model.arrivals_since(max(self._known, self.model.total_count() - MAX_FRESH)):
                self._fresh[incident_id] = [0, 0]
            while len(self._fresh) > MAX_FRESH:
                del self._fresh[next(iter(self._fresh))]  # the oldest
            self._known = self.model.total_count()
            self._show_marks()
        if not self._recount.isActive():
            self._recount.start()

    def _show_marks(self) -> None:
        """Repaint the 编号 column, where the marks are (not the whole table)."""
        table = self.table
        x = table.columnViewportPosition(Col.ID)
        table.viewport().update(x, 0, table.columnWidth(Col.ID), table.viewport().height())


class MarkedTable(QTableView):
    """The queue's table: after Qt paints the rows, a bar at the left of each fresh row's 编号 cell
    (painted over the view, not by a delegate: cell text stays Qt's own plain-text drawing)."""

    arrivals: Arrivals | None = None

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        arrivals = self.arrivals
        if arrivals is None or not arrivals.fresh():
            return
        x = self.columnViewportPosition(Col.ID)
        if event.rect().right() < x or event.rect().left() > x + MARK_WIDTH:
            return  # e.g. the 1 s repaint of the 时限 column: no mark there
        painter = QPainter(self.viewport())
        color = QColor(MARK_COLOR)
        for incident_id in arrivals.fresh():
            row = self.model().row_of(incident_id)
            if row >= 0:
                rect = self.visualRect(self.model().index(row, Col.ID))
                if rect.intersects(event.rect()):
                    painter.fillRect(rect.x(), rect.y() + 2, MARK_WIDTH, rect.height() - 4, color)
        painter.end()
