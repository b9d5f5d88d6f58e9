"""预警 dock: the warnings the relay's risk rules raised, filtered by state, rule and grid, with their evidence.

The list is folded by the reducer (``State.warnings``). Each filter item carries the count of rows it would
show with the other filters as they are, so a counter always equals its filter. The detail names the rule,
the evidence incidents (a click selects the incident in the console), who it was pushed to and its history;
签收 / 反馈 / 办结 / 督办 follow the catalogue's availability (``why_not``) and the warning's state; a 督办 (by a
desk, or the relay's own past the time limit) shows in the status column. An officer or a chief also sees the
key persons (重点人员) of the address, and those a report named, and keeps the registry; nobody else receives them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import now_ms
from console.domain.incidents import Supervision, category_name
from console.domain.risk.config import GRADE_LABELS, RULE_LABELS
from console.domain.risk.model import Warning, WarningStatus
from console.ui.plain import PlainLabel, plain_tip
from console.ui.review.access import may, why_not
from console.ui.texts import fmt_time, marked, tr

DOCK_NAME = "warningsDock"
COLUMNS = marked("WarningsView", "时间", "等级", "规则", "内容", "地点", "状态", "时限")
LEVEL_COLOURS = {"red": "#e5484d", "orange": "#f28c28", "yellow": "#e6c229"}
ALL = ""
OPEN = "open"  # 未办结
OVERDUE = "overdue"
SUPERVISED = "supervised"  # 督办 and still open
STATUS_FILTERS = ((ALL, QT_TRANSLATE_NOOP("WarningsView", "全部")),
                  (WarningStatus.NEW.value, QT_TRANSLATE_NOOP("WarningsView", "待签收")),
                  (OPEN, QT_TRANSLATE_NOOP("WarningsView", "未办结")),
                  (OVERDUE, QT_TRANSLATE_NOOP("WarningsView", "超期")),
                  (SUPERVISED, QT_TRANSLATE_NOOP("WarningsView", "督办")),
                  (WarningStatus.CLOSED.value, QT_TRANSLATE_NOOP("WarningsView", "已办结")))


def matches(w: Warning, status: str, rule: str, grid: str, now: int) -> bool:
    """Whether ``w`` passes the filters (empty: any)."""
    if (rule and w.rule != rule) or (grid and w.grid_code != grid):
        return False
    if status == OPEN:
        return w.is_open
    if status == OVERDUE:
        return w.overdue(now)
    if status == SUPERVISED:
        return w.is_open and w.supervision > 0
    return not status or w.status.value == status


class WarningsView(QWidget):
    """Filters and the list above, the selected warning's detail and actions below."""

    incident_selected = Signal(str)

    def __init__(self, session, parent: QWidget | None = None, *, clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("warningsView")
        self._session = session
        self._clock = clock
        self.status_filter, self.rule_filter, self.grid_filter = QComboBox(), QComboBox(), QComboBox()
        self.status_filter.setObjectName("warningStatusFilter")
        self.count = PlainLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.tree.setRootIsDecorated(False)
        for col, width in enumerate((110, 48, 80, 220, 180, 64)):
            self.tree.setColumnWidth(col, width)
        self.detail = PlainLabel()
        self.detail.setWordWrap(True)
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(96)
        self.evidence.itemClicked.connect(lambda item: self.incident_selected.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("反馈 / 办结说明（必填）"))
        self.sign_button = QPushButton(self.tr("签收"))
        self.feedback_button = QPushButton(self.tr("反馈"))
        self.close_button = QPushButton(self.tr("办结"))
        self.supervise_button = QPushButton(self.tr("督办"))
        self.supervise_button.clicked.connect(lambda: self._step("warning.supervise"))
        self.sign_button.clicked.connect(lambda: self._step("warning.sign"))
        self.feedback_button.clicked.connect(lambda: self._step("warning.feedback"))
        self.close_button.clicked.connect(lambda: self._step("warning.close"))
        self.message = PlainLabel()

        filters = QHBoxLayout()
        for label, combo in ((self.tr("状态"), self.status_filter), (self.tr("规则"), self.rule_filter),
                             (self.tr("网格"), self.grid_filter)):
            filters.addWidget(PlainLabel(label))
            filters.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _: self.refresh())
        filters.addStretch(1)
        filters.addWidget(self.count)
        actions = QHBoxLayout()
        actions.addWidget(self.note, 1)
        for button in (self.sign_button, self.feedback_button, self.close_button, self.supervise_button):
            actions.addWidget(button)
        below = QWidget()
        lower = QVBoxLayout(below)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.detail)
        lower.addWidget(PlainLabel(self.tr("证据警情（点击定位）")))
        lower.addWidget(self.evidence)
        lower.addLayout(actions)
        lower.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(below)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        self.key_persons = KeyPersonsRow(session, self)
        layout.addWidget(self.key_persons)

        self.tree.currentItemChanged.connect(lambda *_: self.show_detail())
        session.state_reset.connect(lambda _state: self.refresh())
        session.changed.connect(self._on_changes)
        self.refresh()

    # -- the list -----------------------------------------------------------------------------------

    def _on_changes(self, changes) -> None:
        if changes.warnings or changes.reset or changes.key_persons:
            self.refresh()

    def _fill(self, combo: QComboBox, items: list[tuple[str, str]], counts: Callable[[str], int]) -> None:
        current = combo.currentData() or ALL
        combo.blockSignals(True)
        combo.clear()
        for value, label in items:
            combo.addItem(f"{label} ({counts(value)})", value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def refresh(self) -> None:
        state = self._session.state
        selected = self.selected()
        self.tree.clear()
        if state is None:
            return
        now = self._clock()
        warnings = sorted(state.warnings.values(), key=lambda w: w.raised_at, reverse=True)
        status, rule, grid = (c.currentData() or ALL for c in (self.status_filter, self.rule_filter, self.grid_filter))
        grids = {g.code: g.name for g in state.district.grids}
        self._fill(self.status_filter, [(v, self.tr(label)) for v, label in STATUS_FILTERS],
                   lambda v: sum(matches(w, v, rule, grid, now) for w in warnings))
        self._fill(self.rule_filter, [(ALL, self.tr("全部规则"))] + [(r, label) for r, label in RULE_LABELS.items()],
                   lambda v: sum(matches(w, status, v, grid, now) for w in warnings))
        in_use = sorted({w.grid_code for w in warnings if w.grid_code})
        self._fill(self.grid_filter, [(ALL, self.tr("全部网格"))] + [(g, grids.get(g, g)) for g in in_use],
                   lambda v: sum(matches(w, status, rule, v, now) for w in warnings))
        shown = [w for w in warnings if matches(w, status, rule, grid, now)]
        for w in shown:
            self.tree.addTopLevelItem(self._item(w, now))
        self.count.setText(self.tr("共 {n} 条").format(n=len(shown)))
        self.select(selected)
        self.show_detail()

    def _item(self, w: Warning, now: int) -> QTreeWidgetItem:
        overdue = w.overdue(now)
        limit = self.tr("已超期") if overdue else (fmt_time(w.due_at, with_date=True) if w.is_open else "")
        status = w.status.label + (f" · {Supervision(w.supervision).label}" if w.supervision else "")
        item = QTreeWidgetItem([fmt_time(w.raised_at, with_date=True), w.level_label, w.rule_label, w.title,
                                w.address or w.grid_code, status, limit])
        item.setData(0, Qt.ItemDataRole.UserRole, w.id)
        item.setForeground(1, QColor(LEVEL_COLOURS.get(w.level, "#cccccc")))
        if overdue:
            item.setForeground(6, QColor(LEVEL_COLOURS["red"]))
        if w.supervision:
            item.setForeground(5, QColor(LEVEL_COLOURS["red" if w.supervision >= Supervision.RED else "orange"]))
        item.setToolTip(3, plain_tip(w.title))
        return item

    def selected(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, warning_id: str | None) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == warning_id:
                self.tree.setCurrentItem(item)
                return

    def row_texts(self) -> list[list[str]]:
        """Every row's column texts, top to bottom (for tests)."""
        return [[self.tree.topLevelItem(i).text(c) for c in range(len(COLUMNS))]
                for i in range(self.tree.topLevelItemCount())]

    # -- the detail and its actions -----------------------------------------------------------------

    def _warning(self) -> Warning | None:
        state = self._session.state
        return state.warnings.get(self.selected() or "") if state is not None else None

    def show_detail(self) -> None:
        w = self._warning()
        self.evidence.clear()
        self.key_persons.address = w.address_code if w is not None else ""
        if w is None:
            self.detail.setText(self.tr("选择一条预警查看证据与处置"))
            self._enable(None)
            return
        state = self._session.state
        name = lambda x: state.workers[x].name if x in state.workers else x  # noqa: E731
        lines = [f"{w.level_label}预警 · {w.rule_label}：{w.title}", f"地点：{w.address or w.grid_code}",
                 f"推送：{'、'.join(name(x) for x in w.workers) or '无'}", f"状态：{w.status.label}"]
        if w.grade:
            lines.append(f"调处分级：{GRADE_LABELS.get(w.grade, w.grade)}")
        if w.feedback:
            lines.append(f"反馈（{name(w.feedback_by)}）：{w.feedback}")
        if w.close_note:
            lines.append(f"办结：{w.close_note}")
        if w.supervision:
            lines.append(f"督办：{Supervision(w.supervision).label}")
        people = [p for p in state.key_persons.values() if p.address_code and p.address_code == w.address_code]
        if people:
            lines.append("重点人员：" + "、".join(f"{p.name}（{p.kind or '未分类'}）" for p in people))
        named = [state.key_persons[k] for k in w.key_persons if k in state.key_persons]  # cleared connections only
        if named:
            lines.append("报告提及：" + "、".join(f"{p.name}（{p.kind or '未分类'}）" for p in named))
        self.detail.setText("\n".join(lines))
        for incident_id in w.evidence:
            inc = state.incidents.get(incident_id)
            text = f"{incident_id} {category_name(inc.category)} {fmt_time(inc.reported_at, with_date=True)}" \
                if inc is not None else incident_id
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, incident_id)
            self.evidence.addItem(item)
        self._enable(w)

    def _enable(self, w: Warning | None) -> None:
        mine = w is not None and self._session_worker() in w.workers
        rules = {"warning.sign": (self.sign_button, w is not None and w.status is WarningStatus.NEW and mine),
                 "warning.feedback": (self.feedback_button,
                                      w is not None and w.status is WarningStatus.SIGNED and mine),
                 "warning.close": (self.close_button, w is not None and w.is_open),
                 "warning.supervise": (self.supervise_button, w is not None and w.is_open)}
        for op, (button, fits) in rules.items():
            refusal = why_not(self._session, op)
            button.setEnabled(not refusal and fits)
            button.setToolTip(refusal or ("" if fits else self.tr("当前状态不能执行此操作")))

    def _session_worker(self) -> str:
        return getattr(self._session, "worker", "") or ""

    def _step(self, op: str) -> None:
        w = self._warning()
        if w is None:
            return
        args = {"warning": w.id}
        note = self.note.text().strip()
        if op != "warning.sign":
            if not note:
                self.message.setText(self.tr("请填写说明"))
                return
            args["note"] = note
        if op == "warning.supervise":
            args["level"] = "normal"
        self._session.command(op, args)
        self.note.clear()
        self.message.setText(self.tr("已提交"))


class KeyPersonsRow(QWidget):
    """重点人员 registry for officers and chiefs: add one at an address, remove one (with a reason)."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.address = ""  # the selected warning's address, offered when adding
        self.name, self.kind, self.code, self.reason = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.name.setPlaceholderText(self.tr("重点人员姓名"))
        self.kind.setPlaceholderText(self.tr("类别"))
        self.code.setPlaceholderText(self.tr("标准地址编码"))
        self.people = QComboBox()
        self.reason.setPlaceholderText(self.tr("撤销原因"))
        self.add_button, self.remove_button = QPushButton(self.tr("登记")), QPushButton(self.tr("撤销"))
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (PlainLabel(self.tr("重点人员")), self.name, self.kind, self.code, self.add_button,
                       self.people, self.reason, self.remove_button):
            row.addWidget(widget)
        self.setVisible(may(session, "keyperson.add"))
        session.state_reset.connect(lambda _state: self.refresh())
        session.changed.connect(lambda changes: self.refresh() if changes.key_persons or changes.reset else None)
        self.refresh()

    def refresh(self) -> None:
        self.people.clear()
        state = self._session.state
        for p in (state.key_persons.values() if state is not None else ()):
            self.people.addItem(f"{p.name}（{p.address_code}）", p.id)

    def add(self) -> None:
        code = self.code.text().strip() or self.address
        if not self.name.text().strip() or not code:
            return
        self._session.command("keyperson.add", {"name": self.name.text().strip(), "kind": self.kind.text().strip(),
                                                "address_code": code})
        self.name.clear()
        self.kind.clear()

    def remove(self) -> None:
        if self.people.currentData() and self.reason.text().strip():
            self._session.command("keyperson.remove", {"key_person": self.people.currentData(),
                                                       "note": self.reason.text().strip()})
            self.reason.clear()


def install_warnings_dock(window: QMainWindow, session, **view_kwargs) -> QDockWidget:
    """Add the 预警 dock (bottom area, objectName ``warningsDock``) and return it."""
    dock = QDockWidget(tr("预警", "Docks"), window)
    dock.setObjectName(DOCK_NAME)
    dock.setWidget(WarningsView(session, dock, **view_kwargs))
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    return dock
