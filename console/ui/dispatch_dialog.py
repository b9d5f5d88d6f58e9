"""``DispatchDialog``: pick who to dispatch, from :func:`console.domain.suggest.suggest`.

The incident's own grid comes first (责任网格员, then 社区民警), then the nearest free people by
walking time; busy, stale and off-duty people follow, greyed. People already on the incident
are not listed, so dispatching a second worker works the same way. The first row is current:
with the first suggestion right, new → dispatched takes three keys (F2, F3, Enter).

A busy person (or one who is not available) asks for confirmation: the first Enter shows the
warning, the second dispatches, with ``force`` when they are busy.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
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
from console.domain.incidents import Incident, category_name
from console.domain.state import State
from console.domain.suggest import Reason, Suggestion, suggest
from console.ui import theme
from console.ui.plain import PlainLabel, RichLabel, escape
from console.ui.texts import fmt_distance, tr

WORKER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("姓名", "推荐理由", "网格", "距离", "步行", "负荷", "状态", "当前任务")
WIDTHS = (72, 84, 136, 64, 56, 44, 70, 150)
REASON_COLORS = {Reason.RESPONSIBLE: "#3ddc84", Reason.OFFICER: "#5cb8ff", Reason.NEAREST: theme.TEXT}


def fmt_eta(seconds: float) -> str:
    """Walking time in whole minutes ("3 分"), or "—" when unknown."""
    if not math.isfinite(seconds):
        return "—"
    return tr("{n} 分", "Dispatch").format(n=max(1, math.ceil(seconds / 60)))


class DispatchDialog(QDialog):
    """Lists the suggestions; Enter dispatches to the current row (twice for a busy person)."""

    def __init__(
        self,
        state: State,
        incident: Incident,
        parent: QWidget | None = None,
        *,
        now_ms: int | None = None,
        stale_after_ms: int = 15_000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchDialog")
        self.setWindowTitle(self.tr("派遣 — {id}").format(id=incident.id))
        self.incident_id = incident.id
        now = clock.now_ms() if now_ms is None else now_ms
        self.suggestions: list[Suggestion] = suggest(state, incident, now, stale_after_ms)
        self.force = False
        self._confirmed_row = -1
        grid_names = {g.code: g.name for g in state.district.grids}

        already = [state.workers[w].name for w in incident.assignments if incident.assignments[w].is_live
                   and w in state.workers]
        self.header = header = RichLabel(
            f"<b>{escape(incident.id)}</b>　{escape(category_name(incident.category))}　{escape(incident.address)}"
            + (f"<br><span style='color:{theme.TEXT_DIM}'>{escape(self.tr('已派：') + '、'.join(already))}</span>"
               if already else "")
        )
        self.table = QTableWidget(len(self.suggestions), len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for row, s in enumerate(self.suggestions):
            self._fill_row(row, s, grid_names.get(s.grid_code, s.grid_code), s.grid_code == incident.grid_code)
        h = self.table.horizontalHeader()
        for col, width in enumerate(WIDTHS):
            h.resizeSection(col, width)
        h.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        self.table.currentCellChanged.connect(lambda *_: self._clear_confirmation())

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
        layout.addWidget(header)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)
        self.resize(780, 380)
        if self.suggestions:
            self.table.selectRow(0)
        else:
            self.warning.setText(self.tr("没有可派遣的人员"))
            self.warning.show()
        self.table.setFocus()

    def _fill_row(self, row: int, s: Suggestion, grid_name: str, same_grid: bool) -> None:
        cells = (
            s.name,
            self.tr(s.reason.label),
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
            if col in (3, 4, 5):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not s.available:
                item.setForeground(QColor(theme.TEXT_DIM))
            if col == 1:
                item.setForeground(QColor(REASON_COLORS[s.reason] if s.available else theme.TEXT_DIM))
            elif col == 6:
                item.setForeground(QColor(theme.WORKER_COLORS[s.status]))
            elif col == 7 and s.busy_with:
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

    def accept(self) -> None:
        """Dispatch to the current row; a busy or unavailable person needs a second Enter."""
        s = self.chosen()
        if s is None:
            return
        row = self.table.currentRow()
        if not s.available and self._confirmed_row != row:
            self._confirmed_row = row
            self.warning.setText(self._warning_for(s))
            self.warning.show()
            self.ok_button.setText(self.tr("仍然派遣 (Enter)"))
            return
        self.force = s.busy_with is not None
        super().accept()

    def _warning_for(self, s: Suggestion) -> str:
        if s.busy_with is not None:
            return self.tr("{name} 正在处置 {id}（负荷 {load}）。再按 Enter 强制派遣，Esc 取消。").format(
                name=s.name, id=s.busy_with, load=s.load)
        return self.tr("{name} 当前{status}。再按 Enter 仍然派遣，Esc 取消。").format(
            name=s.name, status=s.status.label)

    def _clear_confirmation(self) -> None:
        if self._confirmed_row >= 0:
            self._confirmed_row = -1
            self.warning.hide()
            self.ok_button.setText(self.tr("派遣 (Enter)"))
