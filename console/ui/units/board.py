"""``UnitBoard``: the 派出所's units grouped by type, with status, time in state and current incident.

A 1 Hz timer re-derives every unit's state (:func:`console.domain.unit_status.unit_states`) and
updates the rows in place, so the time in state counts up and sorting by it stays right. A state
whose start the log does not tell (idle since the shift began) counts from when the board first saw it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from console.domain.clock import now_ms
from console.domain.unit_status import UnitState, UnitStatus, unit_states
from console.domain.workers import Worker
from console.ui.i18n.domain import label_of, time_units
from console.ui.texts import marked, tr

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
WORKER_ID_ROLE = Qt.ItemDataRole.UserRole + 2
TICK_MS = 1000
GROUPS = marked("Domain", "巡逻车", "巡逻警组", "社区民警", "辅警")  # board order; each unit's group is its unit_label
STATUS_COLORS = {
    UnitStatus.IDLE: "#3ddc84", UnitStatus.DISPATCHED: "#ffd54a", UnitStatus.EN_ROUTE: "#ff9f43",
    UnitStatus.ARRIVED: "#5cb8ff", UnitStatus.HANDLING: "#5cb8ff", UnitStatus.RESTING: "#b39ddb",
    UnitStatus.OFF_DUTY: "#7a8594",
}


class UCol(IntEnum):
    NAME = 0
    STATUS = 1
    SINCE = 2
    INCIDENT = 3
    MODE = 4


HEADERS = marked("UnitBoard", "单位", "状态", "时长", "当前警情", "出行")


def fmt_duration(seconds: float) -> str:
    """Time in state counting up: 45秒, 12分05秒, 1小时03分."""
    s = max(0, int(seconds))
    if s < 60:
        return time_units(f"{s}秒")
    if s < 3600:
        return time_units(f"{s // 60}分{s % 60:02d}秒")
    return time_units(f"{s // 3600}小时{s % 3600 // 60:02d}分")


class _Row(QTreeWidgetItem):
    """Sorts by :data:`SORT_ROLE` where a column sets it (time in state, status), else by text."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        col = self.treeWidget().sortColumn() if self.treeWidget() else 0
        mine, theirs = self.data(col, SORT_ROLE), other.data(col, SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        return self.text(col) < other.text(col)


class UnitBoard(QWidget):
    """Police units (not grid workers) of ``session.state``, refreshed every second."""

    def __init__(self, session, parent: QWidget | None = None, *, clock: Callable[[], int] = now_ms,
                 tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self.setObjectName("unitBoard")
        self.session, self._clock = session, clock
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(HEADERS))
        self.tree.setHeaderLabels([tr(h, "UnitBoard") for h in HEADERS])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        for col, width in zip(UCol, (120, 52, 80, 130, 52), strict=True):
            self.tree.setColumnWidth(col, width)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(UCol.SINCE, Qt.SortOrder.DescendingOrder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._units: list[Worker] = []
        self._first_seen: dict[str, tuple[UnitStatus, int]] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        session.state_reset.connect(self._rebuild)
        session.changed.connect(self._on_changes)
        if session.state is not None:
            self._rebuild(session.state)

    def _on_changes(self, changes) -> None:
        """Only batches that touch a police unit (an incident's change names its assigned workers too):
        most batches are about grid workers, and a full refresh re-derives every unit's state. Units
        imported rebuild the rows."""
        if changes.roster and not changes.reset:  # units imported: new rows, new names
            self._rebuild(self.session.state)
            return
        rows = self._rows
        if (changes.reset or not rows.keys().isdisjoint(changes.workers)
                or any(p.worker_id in rows for p in changes.positions)):
            self.refresh()

    def row_of(self, worker_id: str) -> QTreeWidgetItem | None:
        return self._rows.get(worker_id)

    def group_of(self, label: str) -> QTreeWidgetItem | None:
        return self._groups.get(label)

    def _rebuild(self, state) -> None:
        self.tree.clear()
        self._groups.clear()
        self._rows.clear()
        self._units = sorted((w for w in state.workers.values() if w.kind.is_police),
                             key=lambda w: (GROUPS.index(w.unit_label) if w.unit_label in GROUPS else len(GROUPS),
                                            w.id))
        for unit in self._units:
            group = self._groups.get(unit.unit_label)
            if group is None:
                group = self._groups[unit.unit_label] = QTreeWidgetItem(self.tree)
                group.setFirstColumnSpanned(True)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setExpanded(True)
            row = self._rows[unit.id] = _Row(group)
            row.setText(UCol.NAME, unit.name)
            row.setText(UCol.MODE, label_of(unit.mode))
            row.setData(UCol.NAME, WORKER_ID_ROLE, unit.id)
        self.refresh()

    def refresh(self) -> None:
        state = self.session.state
        if state is None or not self._rows:
            return
        now = self._clock()
        states = unit_states(state, list(self._rows), now)
        counts: dict[str, list[int]] = {}
        for unit in self._units:
            us = states[unit.id]
            self._show(self._rows[unit.id], us, self._since(us, now), now)
            c = counts.setdefault(unit.unit_label, [0, 0])
            c[0] += 1
            c[1] += us.status is UnitStatus.IDLE
        for label, group in self._groups.items():
            total, idle = counts.get(label, (0, 0))
            group.setText(0, tr("{label}　共{total}　空闲{idle}", "UnitBoard").format(
                label=tr(label, "Domain"), total=total, idle=idle))
        self.tree.sortItems(self.tree.sortColumn(), self.tree.header().sortIndicatorOrder())

    def _since(self, us: UnitState, now: int) -> int:
        """When the state began; unknown starts count from when the board first saw the state."""
        seen = self._first_seen.get(us.worker_id)
        if seen is None or seen[0] is not us.status:
            seen = self._first_seen[us.worker_id] = (us.status, now)
        return us.since or seen[1]

    @staticmethod
    def _show(row: QTreeWidgetItem, us: UnitState, since: int, now: int) -> None:
        off = us.status is UnitStatus.OFF_DUTY
        elapsed = max(0, now - since) // 1000
        row.setText(UCol.STATUS, label_of(us.status))
        row.setForeground(UCol.STATUS, QColor(STATUS_COLORS[us.status]))
        row.setData(UCol.STATUS, SORT_ROLE, int(us.status))
        row.setText(UCol.SINCE, "—" if off else fmt_duration(elapsed))
        row.setData(UCol.SINCE, SORT_ROLE, -1 if off else elapsed)
        row.setText(UCol.INCIDENT, us.incident or "")
