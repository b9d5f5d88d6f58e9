"""``IncidentTableModel``: the incident queue, sorted in the model (open, priority, newest).

No sorting proxy: a sorted ``QSortFilterProxyModel`` took 11.7 s on 100k rows. Rows are kept
in a list ordered by a sort key; an event batch touches only the rows it concerns.
"""

from __future__ import annotations

from bisect import bisect_left
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from console.domain.incidents import PRIORITY_LABELS, Incident, Status, category_name
from console.ui import theme
from console.ui.table_model import FlatTableModel
from console.ui.texts import fmt_time

INCIDENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2
RESET_THRESHOLD = 200  # a batch touching more incidents than this resets the model instead


class Col(IntEnum):
    ID = 0
    CATEGORY = 1
    PRIORITY = 2
    STATUS = 3
    SOURCE = 4
    GRID = 5
    ADDRESS = 6
    WORKER = 7
    REPORTED = 8


def _headers() -> list[str]:
    tr = QCoreApplication.translate
    return [
        tr("Queue", h)
        for h in ("编号", "类别", "优先级", "状态", "来源", "网格", "地址", "处置人", "上报时间")
    ]


def sort_key(inc: Incident) -> tuple:
    """Open before closed, then priority 1→4, then newest first; the id makes keys unique."""
    return (0 if inc.is_open else 1, inc.priority, -inc.reported_at, inc.id)


_CENTERED = {Col.PRIORITY, Col.STATUS, Col.REPORTED, Col.GRID}
_BOLD = QFont()
_BOLD.setBold(True)


class IncidentTableModel(FlatTableModel):
    """Rows are incidents of ``session.state`` that pass the filter, in :func:`sort_key` order."""

    FILTER_OPEN = "open"
    FILTER_ALL = "all"

    def __init__(self, session=None, parent=None) -> None:
        super().__init__(parent)
        self._state = None
        self._filter = self.FILTER_OPEN
        self._ids: list[str] = []
        self._keys: list[tuple] = []
        self._key_of: dict[str, tuple] = {}
        self._grid_names: dict[str, str] = {}
        self._headers = _headers()
        if session is not None:
            self.bind_session(session)

    # --- public API -------------------------------------------------------------------
    def reset_state(self, state) -> None:
        self.beginResetModel()
        self._state = state
        self._grid_names = {g.code: g.name for g in state.district.grids} if state is not None else {}
        self._rebuild_rows()
        self.endResetModel()

    def set_filter(self, mode: str) -> None:
        """``"open"`` (未办结 only) or ``"all"``."""
        if mode not in (self.FILTER_OPEN, self.FILTER_ALL):
            raise ValueError(mode)
        if mode == self._filter:
            return
        self.beginResetModel()
        self._filter = mode
        self._rebuild_rows()
        self.endResetModel()

    def filter_mode(self) -> str:
        return self._filter

    def incident_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, incident_id: str) -> int:
        """Row of the incident, or -1 when it is not shown."""
        key = self._key_of.get(incident_id)
        if key is None:
            return -1
        return bisect_left(self._keys, key)

    def apply_events(self, events: list) -> None:
        """Update the rows the batch touches (insert, move, remove, dataChanged)."""
        if self._state is None:
            return
        touched = list(
            dict.fromkeys(
                e.data["incident"] for e in events if e.type.startswith("incident.") and "incident" in e.data
            )
        )
        if not touched:
            return
        if len(touched) > RESET_THRESHOLD:
            self.reset_state(self._state)
            return
        changed: set[str] = set()
        for incident_id in touched:
            inc = self._state.incidents.get(incident_id)
            if inc is None:
                self._remove(incident_id)
                continue
            visible = self._passes(inc)
            old = self._key_of.get(incident_id)
            if old is None:
                if visible:
                    self._insert(inc)
            elif not visible:
                self._remove(incident_id)
            else:
                new = sort_key(inc)
                if new != old:
                    self._move(incident_id, old, new)
                changed.add(incident_id)
        self._emit_changed(changed)

    # --- Qt model API -----------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._ids)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._state is None or not (0 <= index.row() < len(self._ids)):
            return None
        inc = self._state.incidents.get(self._ids[index.row()])
        if inc is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(inc, col)
        if role == INCIDENT_ID_ROLE:
            return inc.id
        if role == SORT_KEY_ROLE:
            return sort_key(inc)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(inc, col)
        if role == Qt.ItemDataRole.BackgroundRole and inc.is_open and inc.priority == 1:
            return QBrush(QColor(255, 77, 79, 38))
        if role == Qt.ItemDataRole.FontRole and inc.status is Status.NEW and col in (Col.ID, Col.STATUS):
            return _BOLD
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in _CENTERED:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(inc, col)
        return None

    # --- helpers ----------------------------------------------------------------------
    def _display(self, inc: Incident, col: int) -> str:
        if col == Col.ID:
            return inc.id
        if col == Col.CATEGORY:
            return category_name(inc.category)
        if col == Col.PRIORITY:
            return PRIORITY_LABELS.get(inc.priority, str(inc.priority))
        if col == Col.STATUS:
            return inc.status.label
        if col == Col.SOURCE:
            return inc.source.label
        if col == Col.GRID:
            name = self._grid_names.get(inc.grid_code)
            return f"{inc.grid_code[-3:]} {name}" if name else (inc.grid_code or "—")
        if col == Col.ADDRESS:
            return inc.address
        if col == Col.WORKER:
            worker = self._state.workers.get(inc.worker_id) if inc.worker_id else None
            return worker.name if worker else (inc.worker_id or "")
        if col == Col.REPORTED:
            return fmt_time(inc.reported_at)
        return ""

    def _foreground(self, inc: Incident, col: int):
        if col == Col.PRIORITY:
            return QBrush(QColor(theme.priority_color(inc.priority)))
        if col == Col.STATUS:
            return QBrush(QColor(theme.STATUS_COLORS[inc.status]))
        if not inc.is_open:
            return QBrush(QColor(theme.TEXT_DIM))
        return None

    def _tooltip(self, inc: Incident, col: int) -> str:
        if col == Col.GRID:
            return inc.grid_code
        if col == Col.CATEGORY:
            return f"{inc.category} {category_name(inc.category)}"
        if col == Col.REPORTED:
            return fmt_time(inc.reported_at, with_date=True)
        return f"{inc.id} {inc.address}\n{inc.narrative}"

    def _passes(self, inc: Incident) -> bool:
        return self._filter == self.FILTER_ALL or inc.is_open

    def _rebuild_rows(self) -> None:
        incidents = self._state.incidents.values() if self._state is not None else ()
        pairs = sorted((sort_key(i), i.id) for i in incidents if self._passes(i))
        self._keys = [k for k, _ in pairs]
        self._ids = [i for _, i in pairs]
        self._key_of = dict(zip(self._ids, self._keys, strict=True))

    def _insert(self, inc: Incident) -> None:
        key = sort_key(inc)
        row = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), row, row)
        self._keys.insert(row, key)
        self._ids.insert(row, inc.id)
        self._key_of[inc.id] = key
        self.endInsertRows()

    def _remove(self, incident_id: str) -> None:
        row = self.row_of(incident_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._keys[row]
        del self._ids[row]
        del self._key_of[incident_id]
        self.endRemoveRows()

    def _move(self, incident_id: str, old: tuple, new: tuple) -> None:
        row = bisect_left(self._keys, old)
        rest = self._keys[:row] + self._keys[row + 1 :]
        target = bisect_left(rest, new)
        if target == row:
            self._keys[row] = new
            self._key_of[incident_id] = new
            return
        dest = target if target < row else target + 1
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), dest)
        del self._keys[row]
        del self._ids[row]
        self._keys.insert(target, new)
        self._ids.insert(target, incident_id)
        self._key_of[incident_id] = new
        self.endMoveRows()

    def _emit_changed(self, ids: set[str]) -> None:
        rows = sorted(r for r in (self.row_of(i) for i in ids) if r >= 0)
        last_col = len(Col) - 1
        start = prev = None
        for r in [*rows, None]:
            if start is not None and (r is None or r != prev + 1):
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last_col))
                start = None
            if r is not None and start is None:
                start = r
            prev = r


IN_PROGRESS = frozenset({Status.ACCEPTED, Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE})


def status_counts(state) -> dict[Status, int]:
    """How many incidents are in each status (for the counters)."""
    counts = dict.fromkeys(Status, 0)
    if state is not None:
        for inc in state.incidents.values():
            counts[inc.status] += 1
    return counts


def headline_counts(state) -> dict[str, int]:
    """新建 / 处置中 (accepted … on scene) / 已反馈 counts."""
    c = status_counts(state)
    return {
        "new": c[Status.NEW],
        "in_progress": sum(c[s] for s in IN_PROGRESS),
        "feedback": c[Status.FEEDBACK],
    }
