"""``DispatchDialog``: pick who to dispatch, from :func:`console.domain.suggest.suggest`.

Units able to lead the incident come first (for a fight, police units), soonest there first at
their own speed; each row says why ("巡逻车 · 约2分钟 · 具备执法能力"). Units that may only help
follow with a flag ("仅协助 · 无执法权"); busy, stale and off-duty people are greyed. People
already on the incident are not listed, so dispatching a second unit works the same way. The
first row is current: with the first suggestion right, new → dispatched takes three keys (F2, F3,
Enter). ``route_changed`` carries the current row's line to the incident for the map.

A busy or unavailable unit, or a support-only one while no lead is on the incident, asks for
confirmation: the first Enter shows the warning, the second dispatches (``force`` when busy).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain import clock
from console.domain.changes import Changes
from console.domain.dispatch_needs import NeedsTable
from console.domain.incidents import Incident, category_name
from console.domain.state import State
from console.domain.suggest import Suggestion, fmt_minutes, has_lead, suggest
from console.ui import theme
from console.ui.plain import PlainLabel, RichLabel, escape
from console.ui.texts import fmt_distance, fmt_time, marked, tr

WORKER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = marked("DispatchDialog", "名称", "推荐理由", "提示", "网格", "距离", "预计", "负荷", "状态", "当前任务")
WIDTHS = (96, 230, 120, 136, 60, 50, 40, 66, 110)
POLICE_COLOR, GRID_COLOR, FLAG_COLOR = "#5cb8ff", "#3ddc84", "#ff9f43"


def fmt_eta(seconds: float) -> str:
    """Travel time in whole minutes ("3 分"), or "—" when unknown."""
    if not math.isfinite(seconds):
        return "—"
    return tr("{n} 分", "Dispatch").format(n=max(1, math.ceil(seconds / 60)))


class DispatchDialog(QDialog):
    """Lists the suggestions; Enter dispatches to the current row (twice for a busy or support-only unit)."""

    route_changed = Signal(object)  # ((lng, lat) of the unit, (lng, lat) of the incident, label) or None

    def __init__(
        self,
        state: State,
        incident: Incident,
        parent: QWidget | None = None,
        *,
        now_ms: int | None = None,
        stale_after_ms: int = 15_000,
        needs: NeedsTable | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchDialog")
        self.setWindowTitle(self.tr("派遣 — {id}").format(id=incident.id))
        self.incident_id = incident.id
        self._now_ms = now_ms
        self._stale_after_ms = stale_after_ms
        self._needs = needs
        self.force = False
        self._confirmed_row = -1
        self.version = incident.version  # the incident as this dialog shows it; sent with the dispatch
        self._known = {w for w, a in incident.assignments.items() if a.is_live}  # on it when the dialog opened
        self.concurrent = ""  # "已由 d02 于 13:05 派遣 朱萍莉" once another desk dispatched meanwhile
        self._rows_shown: list[tuple] = []  # (suggestion, grid name, same grid) of each row as filled
        self.header = RichLabel()
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self._show(state, incident)
        h = self.table.horizontalHeader()
        for col, width in enumerate(WIDTHS):
            h.resizeSection(col, width)
        h.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.table.currentCellChanged.connect(lambda *_: self._on_row_changed())

        self.warning = PlainLabel()
        self.warning.setObjectName("dispatchWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {theme.PRIORITY_COLORS[2]}; font-weight: bold;")
        self.warning.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("派遣 (Enter)"))
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(bool(self.suggestions))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消 (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        self.resize(1040, 400)
        if self.suggestions:
            self.table.selectRow(0)
        else:
            self.warning.setText(self.tr("没有可派遣的人员"))
            self.warning.show()
        self.table.setFocus()

    # --- live --------------------------------------------------------------------------
    def follow(self, session) -> None:
        """Stay live: refresh from ``session.state`` whenever the incident or the people change under it."""
        self._session = session  # bound methods: Qt drops the connections when the dialog is deleted
        session.changed.connect(self._on_changed)
        session.state_reset.connect(self.update_state)

    def _on_changed(self, changes: Changes) -> None:
        """Refresh when this incident or anyone's assignments or duty changed (not for positions alone)."""
        if self.incident_id in changes.incidents or changes.workers:
            self.update_state(self._session.state)

    def update_state(self, state: State | None) -> None:
        """Show the incident and its suggestions as ``state`` has them now, keeping the current person;
        a dispatch by another desk meanwhile is named and needs one more Enter."""
        incident = state.incidents.get(self.incident_id) if state is not None else None
        if incident is None:
            return
        current = self.chosen_worker_id()
        self._show(state, incident)
        row = next((k for k, s in enumerate(self.suggestions) if s.worker_id == current), 0 if self.suggestions else -1)
        self.table.blockSignals(True)
        if row >= 0:
            self.table.selectRow(row)
        self.table.blockSignals(False)
        self.ok_button.setEnabled(bool(self.suggestions))
        if self.concurrent:
            self._confirmed_row = -1
            self.warning.setText(self.tr("{what}。再按 Enter 仍然派遣，Esc 取消。").format(what=self.concurrent))
            self.warning.show()
            self.ok_button.setText(self.tr("仍然派遣 (Enter)"))

    def _show(self, state: State, incident: Incident) -> None:
        now = clock.now_ms() if self._now_ms is None else self._now_ms
        self.version = incident.version
        self.suggestions = suggest(state, incident, now, self._stale_after_ms, self._needs)
        self._lead_present = has_lead(state, incident, self._needs)
        self._positions = state.positions
        self._place = (incident.lng, incident.lat)
        live = [a for a in incident.assignments.values() if a.is_live]
        names = {w: state.workers[w].name for w in (a.worker_id for a in live) if w in state.workers}
        fresh = [a for a in live if a.worker_id not in self._known]
        if fresh:
            a = max(fresh, key=lambda a: a.dispatched_at)
            self.concurrent = self.tr("已由 {by} 于 {at} 派遣 {name}").format(
                by=a.by, at=fmt_time(a.dispatched_at), name=names.get(a.worker_id, a.worker_id))
        already = [names.get(a.worker_id, a.worker_id) for a in live]
        self.header.setText(
            f"<b>{escape(incident.id)}</b>　{escape(category_name(incident.category))}　{escape(incident.address)}"
            + (f"<br><span style='color:{theme.TEXT_DIM}'>{escape(self.tr('已派：') + '、'.join(already))}</span>"
               if already else "")
        )
        grid_names = {g.code: g.name for g in state.district.grids}
        self.table.setRowCount(len(self.suggestions))
        shown = self._rows_shown
        del shown[len(self.suggestions):]
        for row, s in enumerate(self.suggestions):
            row_key = (s, grid_names.get(s.grid_code, s.grid_code), s.grid_code == incident.grid_code)
            if row < len(shown) and shown[row] == row_key:
                continue  # a live refresh rewrites only the rows that changed
            self._fill_row(row, *row_key)
            shown[row:row + 1] = [row_key]

    def _fill_row(self, row: int, s: Suggestion, grid_name: str, same_grid: bool) -> None:
        cells = (
            s.name,
            s.reason_text,
            s.flag,
            grid_name + (self.tr(" (本网格)") if same_grid else ""),
            fmt_distance(s.distance_m),
            fmt_eta(s.eta_s),
            str(s.load),
            s.status.label,
            s.busy_with or self.tr("空闲"),
        )
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(WORKER_ID_ROLE, s.worker_id)
            if col in (4, 5, 6):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not s.available:
                item.setForeground(QColor(theme.TEXT_DIM))
            if col == 1 and s.available and s.eligible:
                item.setForeground(QColor(POLICE_COLOR if s.kind.is_police else GRID_COLOR))
            elif col == 2:
                item.setForeground(QColor(FLAG_COLOR))
            elif col == 7:
                item.setForeground(QColor(theme.WORKER_COLORS[s.status]))
            elif col == 8 and s.busy_with:
                item.setForeground(QColor(theme.PRIORITY_COLORS[2]))
                item.setText(self.tr("忙 {id}").format(id=s.busy_with))
            self.table.setItem(row, col, item)

    # --- result -----------------------------------------------------------------------
    def chosen(self) -> Suggestion | None:
        """The suggestion on the current row (the first one unless the user moved)."""
        row = self.table.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def chosen_worker_id(self) -> str | None:
        s = self.chosen()
        return s.worker_id if s is not None else None

    def route(self) -> tuple | None:
        """The current row's line for the map: unit position, incident position, label; None without a fix."""
        s = self.chosen()
        pos = self._positions.get(s.worker_id) if s is not None else None
        if pos is None:
            return None
        return (pos.lng, pos.lat), self._place, f"{s.name} · {fmt_minutes(s.eta_s)}"

    def accept(self) -> None:
        """Dispatch to the current row; a busy, unavailable or support-only unit needs a second Enter."""
        s = self.chosen()
        if s is None:
            return
        row = self.table.currentRow()
        if self._needs_confirmation(s) and self._confirmed_row != row:
            self._confirmed_row = row
            self.warning.setText(self._warning_for(s))
            self.warning.show()
            self.ok_button.setText(self.tr("仍然派遣 (Enter)"))
            return
        self.force = s.busy_with is not None
        super().accept()

    def _needs_confirmation(self, s: Suggestion) -> bool:
        return bool(self.concurrent) or not s.available or (s.support_only and not self._lead_present)

    def _warning_for(self, s: Suggestion) -> str:
        if self.concurrent:
            return self.tr("{what}。再按 Enter 仍然派遣 {name}，Esc 取消。").format(what=self.concurrent, name=s.name)
        if s.available:
            return self.tr("{name}：{flag}，本警情尚无警力主办。再按 Enter 仍然派遣，Esc 取消。").format(
                name=s.name, flag=s.flag)
        if s.busy_with is not None:
            return self.tr("{name} 正在处置 {id}（负荷 {load}）。再按 Enter 强制派遣，Esc 取消。").format(
                name=s.name, id=s.busy_with, load=s.load)
        return self.tr("{name} 当前{status}。再按 Enter 仍然派遣，Esc 取消。").format(
            name=s.name, status=s.status.label)

    def _on_row_changed(self) -> None:
        self._clear_confirmation()
        self.route_changed.emit(self.route())

    def _clear_confirmation(self) -> None:
        if self._confirmed_row >= 0:
            self._confirmed_row = -1
            self.warning.hide()
            self.ok_button.setText(self.tr("派遣 (Enter)"))
