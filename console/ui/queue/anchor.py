"""``ViewportAnchor``: rows that events insert, move or remove never shift the row the dispatcher is aiming at.

Before the model changes its rows, the anchor notes one row and its y on screen: the row under the
pointer when the pointer is over the table (a click is coming), else the selected row when it is on
screen. After the change it scrolls by exactly the distance that row moved, so it stays under the
pointer and the selection stays where the eye left it. New incidents placed above it go off-screen
upwards instead; :class:`~console.ui.queue.arrivals.Arrivals` counts them in the "N 条新警情 ↑" chip.
With neither (no pointer, selection scrolled away) nothing is anchored and the list updates in place.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPersistentModelIndex
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QAbstractItemView, QTableView


class ViewportAnchor(QObject):
    """Keeps the anchored row of ``table`` at the same y across its model's row changes."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._row: QPersistentModelIndex | None = None
        self._y = 0
        model = table.model()
        for about in (model.rowsAboutToBeInserted, model.rowsAboutToBeRemoved, model.rowsAboutToBeMoved,
                      model.layoutAboutToBeChanged):
            about.connect(self._note)
        for done in (model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.layoutChanged):
            done.connect(self._restore)

    def anchor_row(self) -> int:
        """The row to keep in place: under the pointer, else the selected row if on screen; -1 for none."""
        viewport = self.table.viewport()
        if viewport.underMouse():
            row = self.table.rowAt(viewport.mapFromGlobal(QCursor.pos()).y())
            if row >= 0:
                return row
        current = self.table.currentIndex()
        if not current.isValid() or not self.table.selectionModel().isRowSelected(current.row()):
            return -1
        y = self.table.rowViewportPosition(current.row())
        on_screen = -self.table.rowHeight(current.row()) < y < viewport.height()
        return current.row() if on_screen else -1

    def _note(self, *_args) -> None:
        if self._row is not None:  # nested change: the outer one restores
            return
        row = self.anchor_row()
        if row >= 0:
            self._row = QPersistentModelIndex(self.table.model().index(row, 0))
            self._y = self.table.rowViewportPosition(row)

    def _restore(self, *_args) -> None:
        anchor, self._row = self._row, None
        if anchor is None or not anchor.isValid():
            return
        table = self.table
        table.updateGeometries()  # the scroll range must already include the new rows
        shift = table.rowViewportPosition(anchor.row()) - self._y
        if table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
            shift //= table.verticalHeader().defaultSectionSize()  # the queue's rows all have that height
        if shift:
            bar = table.verticalScrollBar()
            bar.setValue(bar.value() + shift)
