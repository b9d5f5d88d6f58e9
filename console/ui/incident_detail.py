"""Detail panel for the selected incident: what it is, where it stands, who works it and its history.

Top: id, 督办 badge and the running time limit (stage + countdown, coloured by level), then
the action buttons (shared with the toolbar and menus). Middle: the fields, links to the
incident it repeats or duplicates, a pending 延期 request and the 转办 work order. Bottom, in
tabs: the timeline (who, when, from which workstation, what and why), the assignments and the
callbacks. After a conflict the panel shows the fresh incident the relay sent back until the
live events bring the session's own state up to it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.audit import operator
from console.domain.clock import now_ms
from console.domain.incident_sla import incident_clock
from console.domain.incidents import (
    PRIORITY_LABELS,
    Incident,
    ReferralStatus,
    Status,
    Supervision,
    category_name,
    departments,
)
from console.domain.sla import SlaLevel, remaining_ms
from console.ui import theme
from console.ui.i18n.domain import countdown, label_of
from console.ui.photo import PhotoThumb
from console.ui.plain import PlainLabel, RichLabel, escape, plain_tip
from console.ui.public_reply import PublicReplyBox
from console.ui.texts import action_label, fmt_time, marked, satisfaction_label

FIELDS = marked("IncidentDetail", "状态", "优先级", "类别", "来源", "网格",
                "报警人", "上报时间", "上报人", "处置人", "延期", "地址", "案情")
WIDE_FIELDS = ("地址", "案情")
SLA_COLORS = {SlaLevel.NORMAL: "#3ddc84", SlaLevel.WARNING: "#ffb454", SlaLevel.YELLOW: "#f2d024",
              SlaLevel.RED: "#ff4d4f"}
SUPERVISION_COLORS = {Supervision.NORMAL: "#5cb8ff", Supervision.YELLOW: "#f2d024", Supervision.RED: "#ff4d4f"}
REFERRAL_COLORS = {ReferralStatus.PUSHED: "#ffb454", ReferralStatus.SIGNED: "#5cb8ff",
                   ReferralStatus.DONE: "#3ddc84", ReferralStatus.RETURNED: "#ff8a65"}
TIMELINE_HEADERS = marked("IncidentDetail", "时间", "动作", "操作人", "工作站", "状态", "原因/备注")
ASSIGNMENT_HEADERS = marked("IncidentDetail", "人员", "状态", "派遣", "签收", "到场", "反馈", "派遣人", "备注")
CALLBACK_HEADERS = marked("IncidentDetail", "时间", "回访人", "满意度", "记录")


def _table(headers: tuple[str, ...], widths: tuple[int, ...], tr) -> QTableWidget:
    """A read-only, row-less table whose last column stretches."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels([tr(h) for h in headers])
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(22)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setWordWrap(False)
    for col, width in enumerate(widths):
        table.horizontalHeader().resizeSection(col, width)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def _time(ms: int) -> str:
    return fmt_time(ms) if ms else "—"


def _restyle(widget: QWidget, css: str) -> None:
    """Set ``css`` unless the widget has it already: each setStyleSheet re-polishes, relays and repaints."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def _badge(label: QLabel, text: str, color: str, dark_text: bool = True) -> None:
    """Show ``text`` as a coloured pill, or hide the label when empty."""
    label.setText(text)
    label.setVisible(bool(text))
    ink = "#14181d" if dark_text else color
    fill = color if dark_text else "transparent"
    _restyle(label, f"color: {ink}; background: {fill}; border: 1px solid {color}; border-radius: 3px;"
                    " padding: 1px 6px; font-weight: bold;")


class IncidentDetail(QWidget):
    """Shows one incident of ``session.state``; :attr:`incident_link_activated` when a linked id is clicked."""

    incident_link_activated = Signal(str)

    def __init__(self, session, parent: QWidget | None = None, *, buttons: QWidget | None = None,
                 clock: Callable[[], int] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetail")
        self._session = session
        self._clock = clock or now_ms
        self._incident_id: str | None = None
        self._timeline_shown: tuple[str, tuple] = ("", ())  # (incident id, entries) in the timeline table
        self._fresh: Incident | None = None

        self.title = PlainLabel(self.tr("未选择警情"))
        self.title.setObjectName("detailTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long title must not widen the dock (and with it the window): it gives way, the tooltip has it all
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.supervision_badge = PlainLabel()
        self.supervision_badge.setObjectName("supervisionBadge")
        self.sla_label = PlainLabel()
        self.sla_label.setObjectName("slaLabel")
        head = QHBoxLayout()
        self.head = head  # windows may add buttons here (警情报告)
        head.addWidget(self.title, 1)
        head.addWidget(self.supervision_badge)
        head.addWidget(self.sla_label)

        self.values: dict[str, QLabel] = {}
        self.links = self._link_label("links")
        self.extension_label = PlainLabel()
        self.extension_label.setObjectName("extensionPending")
        self.extension_label.setWordWrap(True)
        self.extension_label.setStyleSheet(f"color: {SLA_COLORS[SlaLevel.WARNING]};")
        self.referral = QFrame()
        self.referral.setObjectName("referralBlock")
        self.referral.setStyleSheet("QFrame#referralBlock { border: 1px solid #2f4a4a; border-radius: 4px; }")
        self.referral_values: dict[str, QLabel] = {}
        self._referral_captions: dict[str, QLabel] = {}
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 4, 0)
        upper_layout.addLayout(self._build_fields())
        self.photo = PhotoThumb()
        upper_layout.addWidget(self.photo)
        self.public_box = PublicReplyBox(session)
        upper_layout.addWidget(self.public_box)
        upper_layout.addWidget(self.links)
        upper_layout.addWidget(self.extension_label)
        upper_layout.addWidget(self._build_referral())
        upper_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(upper)

        self.timeline = _table(TIMELINE_HEADERS, (64, 64, 64, 64, 56), self.tr)
        self.assignments = _table(ASSIGNMENT_HEADERS, (64, 56, 64, 64, 64, 64, 56), self.tr)
        self.callbacks = _table(CALLBACK_HEADERS, (110, 64, 80), self.tr)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, self.tr("时间线"))
        self.tabs.addTab(self.assignments, self.tr("派遣"))
        self.tabs.addTab(self.callbacks, self.tr("回访"))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(head)
        self.left_filter_label = PlainLabel(self.tr("该警情已不在当前筛选中，操作已停用；在队列中重新选择或切换筛选"))
        self.left_filter_label.setObjectName("leftFilter")
        self.left_filter_label.setWordWrap(True)
        self.left_filter_label.setStyleSheet(f"color: {SLA_COLORS[SlaLevel.WARNING]}; font-weight: bold;")
        self.left_filter_label.hide()
        layout.addWidget(self.left_filter_label)
        self.action_buttons = buttons
        if buttons is not None:
            layout.addWidget(buttons)
        self.empty_hint = PlainLabel(self.tr("在警情队列中选择一条警情（↑↓ 移动），或按 F1 接警"))
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet(f"color: {theme.TEXT_DIM};")
        layout.addWidget(self.empty_hint, 1)
        layout.addWidget(self.splitter, 1)

        self._sla_timer = QTimer(self)
        self._sla_timer.setInterval(1000)
        self._sla_timer.timeout.connect(self._update_sla)
        self._sla_timer.start()
        session.state_reset.connect(lambda _state: self.refresh())
        session.changed.connect(self._on_changes)
        self.refresh()

    # --- construction -----------------------------------------------------------------
    def _build_fields(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        for i, name in enumerate(FIELDS):
            caption = PlainLabel(self.tr(name))
            caption.setObjectName("fieldName")
            value = PlainLabel()
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
        return grid

    def _build_referral(self) -> QFrame:
        grid = QGridLayout(self.referral)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        title = PlainLabel(self.tr("转办工单"))
        title.setStyleSheet(f"color: {theme.STATUS_COLORS[Status.REFERRED]}; font-weight: bold;")
        grid.addWidget(title, 0, 0, 1, 4)
        rows = (marked("IncidentDetail", "部门", "工单号"), marked("IncidentDetail", "状态", "推送"),
                marked("IncidentDetail", "签收", "反馈单位"), marked("IncidentDetail", "反馈", "退回意见", "转办原因"))
        for r, names in enumerate(rows, 1):
            for k, name in enumerate(names):
                caption = PlainLabel(self.tr(name))
                caption.setObjectName("fieldName")
                value = PlainLabel()
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.referral_values[name] = value
                self._referral_captions[name] = caption
                grid.addWidget(caption, r, 2 * k, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(value, r, 2 * k + 1, 1, 1 if len(names) > 1 else 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return self.referral

    def _link_label(self, name: str) -> QLabel:
        label = RichLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.linkActivated.connect(self.incident_link_activated)
        return label

    # --- public API -------------------------------------------------------------------
    def show_incident(self, incident_id: str | None) -> None:
        if incident_id != self._incident_id:
            self._fresh = None
            self.set_left_filter(False)
        self._incident_id = incident_id
        self.refresh()

    def show_fresh(self, incident: Incident) -> None:
        """Show ``incident`` (the relay's fresh copy after a conflict) until the state catches up to it."""
        self._incident_id = incident.id
        self._fresh = incident
        self.refresh()

    def incident_id(self) -> str | None:
        return self._incident_id

    def set_left_filter(self, left: bool) -> None:
        """Say that the shown incident is no longer among the queue's rows (its actions are off meanwhile)."""
        self.left_filter_label.setVisible(left)

    def incident(self) -> Incident | None:
        """The shown incident: the session's, or the fresher copy a conflict brought."""
        state = self._session.state
        if state is None or self._incident_id is None:
            return None
        own = state.incidents.get(self._incident_id)
        fresh = self._fresh
        if fresh is not None and fresh.id == self._incident_id and (own is None or fresh.version > own.version):
            return fresh
        self._fresh = None
        return own

    def refresh(self) -> None:
        inc = self.incident()
        if inc is None:
            self._clear()
            return
        self.empty_hint.hide()
        self.splitter.show()
        self.title.setText(f"{inc.id}  {category_name(inc.category)}")
        self.title.setToolTip(plain_tip(self.title.text()))
        _badge(self.supervision_badge, label_of(inc.supervision), SUPERVISION_COLORS.get(inc.supervision, ""))
        self._fill_fields(inc)
        self.photo.set_photo(inc.photo)
        self.public_box.show_incident(inc)
        self._fill_links(inc)
        self._fill_extension(inc)
        self._fill_referral(inc)
        self._fill_timeline(inc)
        self._fill_assignments(inc)
        self._fill_callbacks(inc)
        self._update_sla()

    # --- filling ----------------------------------------------------------------------
    def _clear(self) -> None:
        self.title.setText(self.tr("未选择警情"))
        for value in self.values.values():
            value.setText("")
        for label in (self.supervision_badge, self.sla_label, self.links, self.extension_label, self.referral):
            label.hide()
        self.photo.set_photo("")
        self.public_box.show_incident(None)
        for table in (self.timeline, self.assignments, self.callbacks):
            table.setRowCount(0)
        self._timeline_shown = ("", ())
        self.splitter.hide()
        self.empty_hint.show()

    def _fill_fields(self, inc: Incident) -> None:
        state = self._session.state
        grid = next((g for g in state.district.grids if g.code == inc.grid_code), None)
        names = [self._worker_name(a.worker_id) for a in inc.live_assignments()]
        texts = {
            "状态": label_of(inc.status),
            "类别": f"{category_name(inc.category)} ({inc.category})",
            "优先级": PRIORITY_LABELS.get(inc.priority, str(inc.priority)),
            "来源": label_of(inc.source),
            "网格": f"{grid.name} {inc.grid_code}" if grid else (inc.grid_code or "—"),
            "地址": inc.address,
            "报警人": inc.caller or "—",
            "上报人": inc.reporter,
            "上报时间": fmt_time(inc.reported_at, with_date=True),
            "处置人": "、".join(names) or "—",
            "延期": self._extension_text(inc),
            "案情": inc.narrative,
        }
        for name, text in texts.items():
            self.values[name].setText(text)
        _restyle(self.values["状态"], f"color: {theme.STATUS_COLORS[inc.status]}; font-weight: bold;")
        _restyle(self.values["优先级"], f"color: {theme.priority_color(inc.priority)}; font-weight: bold;")

    def _fill_links(self, inc: Incident) -> None:
        parts = []
        links = ((self.tr("重复来电，前警情"), inc.repeat_of), (self.tr("作废，原警情"), inc.duplicate_of))
        for caption, target in links:
            if target:
                parts.append(f"{escape(caption)} <a href='{escape(target)}' style='color:#5cb8ff'>{escape(target)}</a>")
        self.links.setText("　".join(parts))
        self.links.setVisible(bool(parts))

    def _fill_extension(self, inc: Incident) -> None:
        request = inc.extension_request
        text = ""
        if request is not None:
            text = self.tr("⏳ 延期待审批：{by} {at} 申请 {hours:g} 小时 — {reason}").format(
                by=request.by, at=fmt_time(request.at), hours=request.hours, reason=request.reason)
        self.extension_label.setText(text)
        self.extension_label.setVisible(bool(text))

    def _extension_text(self, inc: Incident) -> str:
        hours = inc.extension_ms / 3_600_000
        approved = self.tr("已批准 {hours:g} 小时").format(hours=hours) if inc.extension_ms else ""
        pending = self.tr("待审批") if inc.extension_request is not None else ""
        return "，".join(t for t in (approved, pending) if t) or "—"

    def _fill_referral(self, inc: Incident) -> None:
        ref = inc.referral
        self.referral.setVisible(ref is not None)
        if ref is None:
            return
        texts = {  # steps not reached yet stay hidden
            "部门": f"{departments().get(ref.department, ref.department)} ({ref.department})",
            "工单号": ref.order_id,
            "状态": label_of(ref.status),
            "推送": f"{fmt_time(ref.pushed_at)} {ref.by}",
            "签收": f"{fmt_time(ref.signed_at)} {ref.signed_by}" if ref.signed_at else "",
            "反馈单位": ref.unit,
            "反馈": f"{fmt_time(ref.done_at)} {ref.feedback}" if ref.done_at else "",
            "退回意见": f"{fmt_time(ref.returned_at)} {ref.return_opinion}" if ref.returned_at else "",
            "转办原因": ref.reason,
        }
        for name, text in texts.items():
            self.referral_values[name].setText(text)
            self.referral_values[name].setVisible(bool(text))
            self._referral_captions[name].setVisible(bool(text))
        _restyle(self.referral_values["状态"], f"color: {REFERRAL_COLORS[ref.status]}; font-weight: bold;")

    def _fill_timeline(self, inc: Incident) -> None:
        """The entries not shown yet: an incident's timeline only grows, so the rows already filled for it
        stay (another incident, or a timeline that is not a continuation, is filled afresh)."""
        shown = self._timeline_shown
        start = len(shown[1]) if shown[0] == inc.id and tuple(inc.timeline[:len(shown[1])]) == shown[1] else 0
        self._timeline_shown = (inc.id, tuple(inc.timeline))
        if start == len(inc.timeline) and self.timeline.rowCount() == start:
            return
        self.timeline.setRowCount(len(inc.timeline))
        state = self._session.state
        names = {e.worker: state.workers[e.worker].name for e in inc.timeline[start:] if e.worker in state.workers}
        for row, entry in enumerate(inc.timeline[start:], start):
            op = operator(entry.actor, entry.worker, entry.workstation, names)
            cells = (fmt_time(entry.at), action_label(entry.action), op.who, op.where, label_of(entry.status),
                     entry.note)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4:
                    item.setForeground(QColor(theme.STATUS_COLORS[entry.status]))
                if col == 5:
                    item.setToolTip(plain_tip(text))
                self.timeline.setItem(row, col, item)
        self.timeline.scrollToBottom()

    def _fill_assignments(self, inc: Incident) -> None:
        rows = list(inc.assignments.values())
        self.assignments.setRowCount(len(rows))
        for row, a in enumerate(rows):
            cells = (self._worker_name(a.worker_id), label_of(a.status), _time(a.dispatched_at), _time(a.signed_at),
                     _time(a.arrived_at), _time(a.done_at), a.by, a.note)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not a.is_live:
                    item.setForeground(QColor(theme.TEXT_DIM))
                if col == 0:
                    item.setToolTip(plain_tip(a.worker_id))
                self.assignments.setItem(row, col, item)
        self.tabs.setTabText(1, self.tr("派遣 ({n})").format(n=len(rows)))

    def _fill_callbacks(self, inc: Incident) -> None:
        self.callbacks.setRowCount(len(inc.callbacks))
        for row, cb in enumerate(inc.callbacks):
            cells = (fmt_time(cb.at, with_date=True), cb.by, f"{cb.satisfaction} {satisfaction_label(cb.satisfaction)}",
                     cb.note)
            for col, text in enumerate(cells):
                self.callbacks.setItem(row, col, QTableWidgetItem(text))
        self.tabs.setTabText(2, self.tr("回访 ({n})").format(n=len(inc.callbacks)))

    def _update_sla(self) -> None:
        inc = self.incident()
        clock = incident_clock(inc) if inc is not None else None
        if clock is None:
            self.sla_label.hide()
            return
        now = self._clock()
        level = clock.level(now)
        text = f"{label_of(clock.stage)} {countdown(remaining_ms(clock.deadline, now))} · {label_of(level)}"
        _badge(self.sla_label, text, SLA_COLORS[level], dark_text=level >= SlaLevel.YELLOW)
        self.sla_label.setToolTip(self.tr("时限：预警 {warn}，黄牌 {yellow}，红牌 {red}").format(
            warn=fmt_time(clock.deadline.warn_at, with_date=True),
            yellow=fmt_time(clock.deadline.yellow_at, with_date=True),
            red=fmt_time(clock.deadline.red_at, with_date=True)))

    def _worker_name(self, worker_id: str) -> str:
        worker = self._session.state.workers.get(worker_id)
        return worker.name if worker else worker_id

    def _on_changes(self, changes) -> None:
        if self._incident_id is None:
            return
        if self._incident_id in changes.incidents:
            self.refresh()
