"""``IncidentTableModel``: the incident queue, filtered and sorted in the model, fast at 100k incidents.

No proxy: a sorted ``QSortFilterProxyModel`` took 11.7 s on 100k rows. Each incident's values are
computed once per change into a :class:`RowStore`; ``_order`` lists the visible slots in sort order.

- A batch touching up to :attr:`big_batch` incidents inserts, removes or moves just their rows (bisect).
- A bigger batch, a filter or a sort change recomputes the order in numpy and emits ``layoutChanged``
  with the persistent indexes moved, so the selection and the scroll position survive.
- :meth:`tick` (1 Hz, driven by the view) re-places the rows whose SLA level changed and repaints
  the 时限 cells of the visible rows only; countdowns tick without re-sorting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from console.domain.clock import now_ms
from console.domain.incidents import Incident, category_name
from console.domain.sla import LimitTable
from console.ui.i18n.domain import label_of
from console.ui.plain import plain_tip
from console.ui.queue import columns as c
from console.ui.queue.columns import Col
from console.ui.queue.query import QueueFilter, SortSpec, group_count, sort_key, sort_slots
from console.ui.queue.rows import RowStore
from console.ui.table_model import FlatTableModel
from console.ui.texts import fmt_time

INCIDENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
BIG_BATCH = 64  # a batch touching more incidents than this re-sorts once instead of row by row
SLA_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole]

_DISPLAY = Qt.ItemDataRole.DisplayRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_BOLD_COLUMNS = (Col.ID, Col.STATUS)
_SORT_HINT = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
_NO_HINT = QAbstractItemModel.LayoutChangeHint.NoLayoutChangeHint
_LAYOUT_SIGNATURE = "QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_BOLD = QFont()
_BOLD.setBold(True)


class IncidentTableModel(FlatTableModel):
    """Rows are the incidents of ``session.state`` that pass :meth:`query`, in :meth:`sort_spec` order."""

    def __init__(
        self,
        session=None,
        parent=None,
        *,
        clock: Callable[[], int] = now_ms,
        limits: LimitTable | None = None,
        big_batch: int = BIG_BATCH,
    ) -> None:
        super().__init__(parent)
        self.big_batch = big_batch
        self._clock = clock
        self._limits = limits
        self._state = None
        self._store = RowStore(None, limits)
        self._order: list[int] = []
        self._filter = QueueFilter()
        self._sort = SortSpec()
        self._key = sort_key(self._store, self._sort)
        self._marks: dict[str, str] = {}  # incident id -> text after its number ("◉d02": another desk has it open)
        self._headers = c.headers()
        self._alignment = tuple(_CENTER if col in c.CENTERED else _LEFT for col in Col)
        if session is not None:
            self.bind_session(session)

    # --- public API -------------------------------------------------------------------
    def reset_state(self, state) -> None:
        self.beginResetModel()
        self._state = state
        self._store = RowStore(state, self._limits, self._clock())
        self._key = sort_key(self._store, self._sort)
        self._order = self._full_order().tolist()
        self.endResetModel()

    def query(self) -> QueueFilter:
        return self._filter

    def set_query(self, query: QueueFilter) -> None:
        """Show only the incidents that pass ``query``."""
        if query != self._filter:
            self._filter = query
            self._relayout(self._full_order(), _NO_HINT)

    def set_filter(self, mode: str) -> None:
        """Change only the status group (``"open"``, ``"all"``, … see ``GROUP_LABELS``)."""
        self.set_query(replace(self._filter, group=mode))

    def filter_mode(self) -> str:
        return self._filter.group

    def sort_spec(self) -> SortSpec:
        return self._sort

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column``; -1 restores the default order (open, SLA level, priority, newest)."""
        spec = SortSpec(column if 0 <= column < len(Col) else -1, order == Qt.SortOrder.DescendingOrder)
        if spec != self._sort:
            self._sort = spec
            self._key = sort_key(self._store, spec)
            self._relayout(self._full_order(), _SORT_HINT)

    def incident_id(self, row: int) -> str:
        return self._store.ids[self._order[row]]

    def arrivals_since(self, count: int) -> list[str]:
        """Ids of the incidents the queue first saw after its first ``count`` (in arrival order), shown or not."""
        return self._store.ids[count:]

    def row_of(self, incident_id: str) -> int:
        """Row of the incident, or -1 when it is not shown."""
        slot = self._store.slot_of.get(incident_id)
        return -1 if slot is None else self._find(slot)

    def total_count(self) -> int:
        """How many incidents the state holds, shown or not."""
        return self._store.n

    def group_count(self, group: str) -> int:
        """How many incidents the filter ``group`` would show (source, priority and words aside)."""
        return group_count(self._store, group)

    def set_marks(self, marks: dict[str, str]) -> None:
        """Show ``text`` after each incident's number ("" removes it); repaints those 编号 cells only.
        In the model, not a delegate: Qt's own delegate then paints the column (a Python one cost a third
        of every queue repaint)."""
        for incident_id, text in marks.items():
            if text:
                self._marks[incident_id] = text
            else:
                self._marks.pop(incident_id, None)
            row = self.row_of(incident_id)
            if row >= 0:
                cell = self.index(row, Col.ID)
                self.dataChanged.emit(cell, cell, [_DISPLAY])

    def apply_changes(self, changes) -> None:
        """Update the rows the batch's change set names."""
        if self._state is None:
            return
        incidents = self._state.incidents
        self._refresh([incidents[i] for i in changes.incidents if i in incidents], self._clock())

    def tick(self, first: int = 0, last: int = -1) -> bool:
        """Re-place rows whose SLA level changed, then repaint the 时限 cells of rows ``first``…``last``;
        True when some level changed (the 超时 count may have too)."""
        now = self._clock()
        due = self._store.due(now)
        if due:
            self._refresh([self._store.incidents[s] for s in due], now)
        last = len(self._order) - 1 if last < 0 else min(last, len(self._order) - 1)
        if 0 <= first <= last:
            self.dataChanged.emit(self.index(first, Col.SLA), self.index(last, Col.SLA), SLA_ROLES)
        return bool(due)

    # --- Qt model API -----------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._order)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        row = index.row()
        if not 0 <= row < len(self._order):
            return None
        slot = self._order[row]
        col = index.column()
        if role == _DISPLAY:
            if col == Col.SLA:
                return c.sla_text(self._store.clocks[slot], self._clock())
            text = (self._store.looks[slot] or self._look(slot)).texts[col]
            if col == Col.ID and self._marks and (mark := self._marks.get(self._store.ids[slot])):
                return f"{text} {mark}"
            return text
        if role == _FOREGROUND:
            if col == Col.SLA:
                clock = self._store.clocks[slot]
                return c.SLA_BRUSHES.get(clock.level(self._clock())) if clock is not None else None
            return (self._store.looks[slot] or self._look(slot)).foreground[col]
        if role == _BACKGROUND:
            return (self._store.looks[slot] or self._look(slot)).background[col]
        if role == _FONT:
            bold = col in _BOLD_COLUMNS and (self._store.looks[slot] or self._look(slot)).bold
            return _BOLD if bold else None
        if role == _ALIGNMENT:
            return self._alignment[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tooltip(slot, col))
        if role == INCIDENT_ID_ROLE:
            return self._store.ids[slot]
        if role == SORT_KEY_ROLE:
            return self._key(slot)
        return None

    # --- roles ------------------------------------------------------------------------
    def _look(self, slot: int) -> c.Look:
        store = self._store
        store.looks[slot] = c.look(store.incidents[slot], store.text["lead"].values.item(slot), store.grid_names)
        return store.looks[slot]

    def _tooltip(self, slot: int, col: int) -> str:
        store = self._store
        inc: Incident = store.incidents[slot]
        if col == Col.SLA:
            return c.sla_tooltip(store.clocks[slot], self._clock())
        if col in (Col.STATUS, Col.WORKER):
            return c.assignments_tooltip(inc, store.workers) or label_of(inc.status)
        if col == Col.GRID:
            return inc.grid_code
        if col == Col.CATEGORY:
            return f"{inc.category} {category_name(inc.category)}"
        if col == Col.REPORTED:
            return fmt_time(inc.reported_at, with_date=True)
        if col == Col.MARKS and inc.repeat_of:
            return f"重复警情，原警情 {inc.repeat_of}"
        return f"{inc.id} {inc.address}\n{inc.narrative}"

    # --- ordering ---------------------------------------------------------------------
    def _full_order(self) -> np.ndarray:
        return sort_slots(self._store, self._filter.visible(self._store), self._sort)

    def _passes(self, slot: int) -> bool:
        return bool(self._filter.mask(self._store, np.array([slot]))[0])

    def _bisect(self, key: tuple, skip: int = -1) -> int:
        """Where ``key`` goes in ``_order`` (without row ``skip``): the first row not before it."""
        order, key_of, desc = self._order, self._key, self._sort.descending
        lo, hi = 0, len(order) - (skip >= 0)
        while lo < hi:
            mid = (lo + hi) // 2
            k = key_of(order[mid + (0 <= skip <= mid)])
            if (k > key) if desc else (k < key):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _find(self, slot: int) -> int:
        row = self._bisect(self._key(slot))
        return row if row < len(self._order) and self._order[row] == slot else -1

    def _refresh(self, incidents: list[Incident], now: int) -> None:
        if len(incidents) > self.big_batch:
            for inc in incidents:
                self._store.upsert(inc, now)
            self._relayout(self._full_order(), _NO_HINT)
            return
        changed = [slot for inc in incidents if (slot := self._update_row(inc, now)) is not None]
        self._emit_changed(changed)

    def _update_row(self, inc: Incident, now: int) -> int | None:
        """Re-place one incident's row; returns its slot when it stayed in place (its cells changed)."""
        store, order = self._store, self._order
        slot = store.slot_of.get(inc.id)
        old = self._find(slot) if slot is not None else -1
        slot = store.upsert(inc, now)
        if not self._passes(slot):
            if old >= 0:
                self.beginRemoveRows(QModelIndex(), old, old)
                del order[old]
                self.endRemoveRows()
            return None
        row = self._bisect(self._key(slot), old)
        if old < 0:
            self.beginInsertRows(QModelIndex(), row, row)
            order.insert(row, slot)
            self.endInsertRows()
            return None
        if row == old:
            return slot
        self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), row if row < old else row + 1)
        del order[old]
        order.insert(row, slot)
        self.endMoveRows()
        return None

    def _emit_changed(self, slots: list[int]) -> None:
        rows = sorted(r for r in map(self._find, slots) if r >= 0)
        last_col = len(Col) - 1
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i] != rows[i - 1] + 1:
                self.dataChanged.emit(self.index(rows[start], 0), self.index(rows[i - 1], last_col))
                start = i

    def _relayout(self, order: np.ndarray, hint: QAbstractItemModel.LayoutChangeHint) -> None:
        """Switch to ``order`` (visible slots), moving persistent indexes with their incidents."""
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], hint)
        row_of_slot = np.full(self._store.n, -1, np.int64)
        row_of_slot[order] = np.arange(len(order))
        old_order = self._order
        persistent = self.persistentIndexList()
        rows = [row_of_slot[old_order[p.row()]].item() if 0 <= p.row() < len(old_order) else -1 for p in persistent]
        self._order = order.tolist()
        moved = [self.index(r, p.column()) if r >= 0 else QModelIndex() for p, r in zip(persistent, rows, strict=True)]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], hint)
