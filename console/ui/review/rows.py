"""``IdRowsModel``: a flat table of ids kept in step with a wanted order by inserts, removes and moves.

A reset would drop the user's selection and scroll position on every event batch; syncing row by
row keeps them, and falls back to a reset only when most rows change at once.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from console.ui.table_model import FlatTableModel

RESET_ABOVE = 200  # more changed rows than this: one reset is cheaper than many signals


class IdRowsModel(FlatTableModel):
    """Rows are ids (``self._ids``); subclasses compute the wanted order and call :meth:`sync_rows`."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._row: dict[str, int] = {}

    def _row_count(self) -> int:
        return len(self._ids)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, item_id: str) -> int:
        return self._row.get(item_id, -1)

    def ids(self) -> list[str]:
        return list(self._ids)

    def reset_rows(self, ids: list[str]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._row = {k: i for i, k in enumerate(self._ids)}
        self.endResetModel()

    def sync_rows(self, wanted: list[str]) -> None:
        """Make the rows equal ``wanted`` (no duplicates) with the fewest structural signals."""
        keep = set(wanted)
        gone = [i for i, k in enumerate(self._ids) if k not in keep]
        if len(gone) + max(0, len(wanted) - len(self._ids) + len(gone)) > RESET_ABOVE:
            self.reset_rows(wanted)
            return
        root = QModelIndex()
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(root, first, last)
            del self._ids[first : last + 1]
            self.endRemoveRows()
        for k, item in enumerate(wanted):
            if k < len(self._ids) and self._ids[k] == item:
                continue
            try:
                p = self._ids.index(item, k + 1)
            except ValueError:
                self.beginInsertRows(root, k, k)
                self._ids.insert(k, item)
                self.endInsertRows()
                continue
            self.beginMoveRows(root, p, p, root, k)
            self._ids.insert(k, self._ids.pop(p))
            self.endMoveRows()
        self._row = {k: i for i, k in enumerate(self._ids)}

    def refresh_ids(self, ids) -> None:
        """Announce new data for the rows of ``ids`` (those shown), as one range."""
        rows = [self._row[k] for k in ids if k in self._row]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), self.columnCount() - 1))


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as contiguous (first, last) runs."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out
