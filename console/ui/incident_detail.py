"""Detail panel for the selected incident: fields, timeline and the 受理/派遣/办结 actions.

The three actions are ``QAction`` objects owned here (with F2/F3/F4); the main window puts the
same actions on its toolbar, so buttons, toolbar and shortcuts share one enabled state.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.incidents import PRIORITY_LABELS, Incident, Status, category_name
from console.ui import theme
from console.ui.texts import action_label, fmt_time

FIELDS = (
    "编号",
    "状态",
    "类别",
    "优先级",
    "来源",
    "网格",
    "报警人",
    "上报人",
    "上报时间",
    "处置人",
    "地址",
    "案情",
)
WIDE_FIELDS = ("地址", "案情")


class IncidentDetail(QWidget):
    """Shows one incident of ``session.state`` and sends accept / close through the session.

    Dispatch needs a worker, so :attr:`dispatch_requested` asks the window to open the dialog.
    """

    dispatch_requested = Signal(str)

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetail")
        self._session = session
        self._incident_id: str | None = None

        self.accept_action = self._make_action(
            self.tr("受理"), "F2", self.tr("受理选中的警情"), self.request_accept
        )
        self.dispatch_action = self._make_action(
            self.tr("派遣"), "F3", self.tr("选择人员派遣"), self.request_dispatch
        )
        self.close_action = self._make_action(
            self.tr("办结"), "F4", self.tr("办结已反馈的警情"), self.request_close
        )

        self.title = QLabel(self.tr("未选择警情"))
        self.title.setObjectName("detailTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        self.buttons: dict[str, QToolButton] = {}
        for key, action in (
            ("accept", self.accept_action),
            ("dispatch", self.dispatch_action),
            ("close", self.close_action),
        ):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.buttons[key] = button
            buttons.addWidget(button)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        self.values: dict[str, QLabel] = {}
        for i, name in enumerate(FIELDS):
            caption = QLabel(self.tr(name))
            caption.setObjectName("fieldName")
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[name] = value
            if name in WIDE_FIELDS:  # full-width rows below the paired short fields
                row = len(FIELDS) // 2 + i
                grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(value, row, 1, 1, 3)
            else:
                row, pair = divmod(i, 2)
                grid.addWidget(caption, row, pair * 2)
                grid.addWidget(value, row, pair * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.timeline = QTableWidget(0, 5)
        self.timeline.setHorizontalHeaderLabels(
            [self.tr(h) for h in ("时间", "动作", "操作人", "状态", "备注")]
        )
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.timeline.setWordWrap(False)
        self.timeline.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 70), (1, 50), (2, 90), (3, 64)):
            self.timeline.horizontalHeader().resizeSection(col, width)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(buttons)
        layout.addLayout(grid)
        timeline_caption = QLabel(self.tr("处置时间线"))
        timeline_caption.setObjectName("fieldName")
        layout.addWidget(timeline_caption)
        layout.addWidget(self.timeline, 1)

        session.state_reset.connect(lambda _state: self.refresh())
        session.events_applied.connect(self._on_events)
        self.refresh()

    def _make_action(self, text: str, key: str, tip: str, slot) -> QAction:
        action = QAction(f"{text} {key}", self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip} ({key})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- public API -------------------------------------------------------------------
    def show_incident(self, incident_id: str | None) -> None:
        self._incident_id = incident_id
        self.refresh()

    def incident_id(self) -> str | None:
        return self._incident_id

    def incident(self) -> Incident | None:
        state = self._session.state
        if state is None or self._incident_id is None:
            return None
        return state.incidents.get(self._incident_id)

    def request_accept(self) -> None:
        inc = self.incident()
        if inc is not None and inc.status is Status.NEW:
            self._session.accept(inc.id)

    def request_dispatch(self) -> None:
        inc = self.incident()
        if inc is not None and inc.status is Status.ACCEPTED:
            self.dispatch_requested.emit(inc.id)

    def request_close(self) -> None:
        inc = self.incident()
        if inc is not None and inc.status is Status.FEEDBACK:
            self._session.close_incident(inc.id)

    def refresh(self) -> None:
        inc = self.incident()
        status = inc.status if inc is not None else None
        self.accept_action.setEnabled(status is Status.NEW)
        self.dispatch_action.setEnabled(status is Status.ACCEPTED)
        self.close_action.setEnabled(status is Status.FEEDBACK)
        if inc is None:
            self.title.setText(self.tr("未选择警情"))
            for value in self.values.values():
                value.setText("")
            self.timeline.setRowCount(0)
            return
        self.title.setText(f"{inc.id}  {category_name(inc.category)}")
        state = self._session.state
        grid = next((g for g in state.district.grids if g.code == inc.grid_code), None)
        worker = state.workers.get(inc.worker_id) if inc.worker_id else None
        texts = {
            "编号": inc.id,
            "状态": inc.status.label,
            "类别": f"{category_name(inc.category)} ({inc.category})",
            "优先级": PRIORITY_LABELS.get(inc.priority, str(inc.priority)),
            "来源": inc.source.label,
            "网格": f"{grid.name} {inc.grid_code}" if grid else (inc.grid_code or "—"),
            "地址": inc.address,
            "报警人": inc.caller or "—",
            "上报人": inc.reporter,
            "上报时间": fmt_time(inc.reported_at, with_date=True),
            "处置人": worker.name if worker else (inc.worker_id or "—"),
            "案情": inc.narrative,
        }
        for name, text in texts.items():
            self.values[name].setText(text)
        self.values["状态"].setStyleSheet(f"color: {theme.STATUS_COLORS[inc.status]}; font-weight: bold;")
        self.values["优先级"].setStyleSheet(
            f"color: {theme.priority_color(inc.priority)}; font-weight: bold;"
        )
        self._fill_timeline(inc)

    def _fill_timeline(self, inc: Incident) -> None:
        self.timeline.setRowCount(len(inc.timeline))
        for row, entry in enumerate(inc.timeline):
            cells = (
                fmt_time(entry.at),
                action_label(entry.action),
                entry.actor,
                entry.status.label,
                entry.note,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setForeground(QColor(theme.STATUS_COLORS[entry.status]))
                if col == 4:
                    item.setToolTip(text)
                self.timeline.setItem(row, col, item)

    def _on_events(self, events: list) -> None:
        if self._incident_id is None:
            return
        if any(e.data.get("incident") == self._incident_id for e in events):
            self.refresh()
