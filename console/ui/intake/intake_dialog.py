"""``IntakeDialog``: the 110 接警 form, made for the keyboard.

Fields in Tab order: 报警电话 (a repeat caller is flagged at once), 地址 (standard-address
search; free text needs a road the district knows, whose centre becomes the point), 类别
(code digits or Chinese), 案情, 优先级 (digit keys), 来源. Enter moves to the next field and
submits (提交并受理) on the last one; Ctrl+Enter submits from anywhere and asks for the dispatch
dialog straight after (提交并派遣, :attr:`dispatch_after`). Errors show next to their fields and
nothing is sent until all are fixed; the window then sends :meth:`report_args`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import now_ms
from console.domain.decide_field import repeat_call
from console.domain.incidents import PRIORITY_LABELS, Source, category_name
from console.domain.places import Street
from console.domain.state import State
from console.ui import theme
from console.ui.actions.dialog_base import error_label, show_error, with_error
from console.ui.intake.lookups import (
    address_entries,
    category_entries,
    category_match,
    road_centre,
    road_in_text,
)
from console.ui.intake.search_field import SearchField
from console.ui.plain import PlainLabel, RichLabel, escape
from console.ui.texts import fmt_time

CALLER_PATTERN = re.compile(r"^[0-9+\-]{3,32}$")
DEFAULT_PRIORITY = 3
NARRATIVE_MAX = 4000
ADDRESS_MAX = 200


class IntakeDialog(QDialog):
    """The intake form over ``state``; :attr:`incident_link` asks to show an earlier incident."""

    incident_link = Signal(str)

    def __init__(self, state: State, parent: QWidget | None = None, *,
                 clock: Callable[[], int] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeDialog")
        self.setWindowTitle(self.tr("110 接警"))
        self._state = state
        self._clock = clock or now_ms
        self._road: Street | None = None
        self.dispatch_after = False  # 提交并派遣: open the dispatch dialog once the incident is in

        self.caller = QLineEdit()
        self.caller.setPlaceholderText(self.tr("来电号码"))
        self.caller.setMaxLength(32)
        self.repeat_warning = RichLabel()
        self.repeat_warning.setObjectName("repeatWarning")
        self.repeat_warning.setWordWrap(True)
        self.repeat_warning.setStyleSheet(
            f"color: #1a1200; background: {theme.PRIORITY_COLORS[3]}; border-radius: 3px; padding: 3px 6px;")
        self.repeat_warning.linkActivated.connect(self.incident_link)
        self.repeat_warning.hide()
        self.caller_error = error_label()

        self.address = SearchField(address_entries(state))
        self.address.setPlaceholderText(self.tr("输入路名、门牌、小区或网格，↓ 选择标准地址"))
        self.address_info = PlainLabel("")
        self.address_info.setObjectName("addressInfo")
        self.address_info.setStyleSheet(f"color: {theme.TEXT_DIM};")
        self.address_info.setWordWrap(True)
        self.address_error = error_label()

        self.category = SearchField(category_entries(), category_match)
        self.category.setPlaceholderText(self.tr("输入类别代码（如 2001）或名称（如 斗殴）"))
        self.category_error = error_label()

        self.narrative = QPlainTextEdit()
        self.narrative.setTabChangesFocus(True)
        self.narrative.setPlaceholderText(self.tr("简要案情：何人、何事、有无伤亡、是否持械…"))
        self.narrative.setFixedHeight(84)
        self.narrative.installEventFilter(self)  # the text edit keeps Ctrl+Enter from the shortcuts
        self.narrative_error = error_label()

        self.priority = QComboBox()
        for level, label in PRIORITY_LABELS.items():
            self.priority.addItem(f"{level} {label}", level)
        self.priority.setCurrentIndex(self.priority.findData(DEFAULT_PRIORITY))
        self.priority.setToolTip(self.tr("按 1–4 选择"))
        self.source = QComboBox()
        for source in Source:
            self.source.addItem(source.label, source.value)
        self.source.setToolTip(self.tr("来源；最后一栏，Enter 提交"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("报警电话"), with_error(self._column(self.caller, self.repeat_warning),
                                                   self.caller_error))
        form.addRow(self.tr("地址 *"), with_error(self._column(self.address, self.address_info), self.address_error))
        form.addRow(self.tr("类别 *"), with_error(self.category, self.category_error))
        form.addRow(self.tr("案情 *"), with_error(self.narrative, self.narrative_error))
        form.addRow(self.tr("优先级"), self.priority)
        form.addRow(self.tr("来源"), self.source)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.submit_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.submit_button.setText(self.tr("提交并受理"))
        self.submit_button.setAutoDefault(False)
        self.dispatch_button = buttons.addButton(self.tr("提交并派遣 (Ctrl+Enter)"),
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.dispatch_button.setObjectName("submitAndDispatch")
        self.dispatch_button.setAutoDefault(False)
        self.dispatch_button.setMinimumWidth(
            self.dispatch_button.fontMetrics().horizontalAdvance(self.dispatch_button.text()) + 32)
        self.dispatch_button.clicked.connect(self.submit_and_dispatch)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("取消 (Esc)"))
        cancel.setAutoDefault(False)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit_and_dispatch)

        hint = PlainLabel(self.tr("Enter 下一项 · ↓ 选择候选"))
        hint.setStyleSheet(f"color: {theme.TEXT_DIM};")
        bottom = QHBoxLayout()
        bottom.addWidget(hint)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(bottom)
        self.setMinimumWidth(700)

        self.caller.textChanged.connect(lambda _t: self._update_repeat())
        self.category.chosen_changed.connect(lambda _k: self._update_repeat())
        self.address.chosen_changed.connect(lambda _k: self._update_address_info())
        self.address.textChanged.connect(lambda _t: self._update_address_info())
        self.setTabOrder(self.caller, self.address)
        self.setTabOrder(self.address, self.category)
        self.setTabOrder(self.category, self.narrative)
        self.setTabOrder(self.narrative, self.priority)
        self.setTabOrder(self.priority, self.source)
        self.caller.setFocus()

    @staticmethod
    def _column(top: QWidget, below: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(top)
        column.addWidget(below)
        return box

    # --- result -----------------------------------------------------------------------
    def report_args(self) -> dict:
        """The ``incident.report`` arguments the form holds (valid only after :meth:`validate`)."""
        args = {
            "category": self.category.chosen_key(),
            "priority": int(self.priority.currentData()),
            "source": self.source.currentData(),
            "narrative": self.narrative.toPlainText().strip(),
        }
        caller = self.caller.text().strip()
        if caller:
            args["caller"] = caller
        if self.address.chosen_key():
            args["address_code"] = self.address.chosen_key()
        else:
            args["address"] = self.address.text().strip()[:ADDRESS_MAX]
            if self._road is not None:
                args["lng"], args["lat"] = road_centre(self._road)
        return args

    def validate(self) -> bool:
        """Check every field, showing each problem next to its field; True when the form can be sent."""
        self.address.resolve()
        self.category.resolve()
        caller = self.caller.text().strip()
        problems = {
            self.caller_error: "" if not caller or CALLER_PATTERN.match(caller)
            else self.tr("号码只能包含数字、+ 和 -（3–32 位）"),
            self.address_error: self._address_problem(),
            self.category_error: "" if self.category.chosen_key()
            else self.tr("请选择警情类别：输入代码或名称，↓ 选择"),
            self.narrative_error: self._narrative_problem(),
        }
        for label, text in problems.items():
            show_error(label, text)
        focus = {self.caller_error: self.caller, self.address_error: self.address,
                 self.category_error: self.category, self.narrative_error: self.narrative}
        first = next((focus[label] for label, text in problems.items() if text), None)
        if first is not None:
            first.setFocus()
        return first is None

    def submit(self) -> None:
        """Validate and close with ``accepted`` if the form is complete."""
        if self.validate():
            self.accept()

    def submit_and_dispatch(self) -> None:
        """提交并派遣: as :meth:`submit`, and the window opens the dispatch dialog for the new incident."""
        self.dispatch_after = True
        if not self.validate():
            self.dispatch_after = False
            return
        self.accept()

    # --- field logic ------------------------------------------------------------------
    def _address_problem(self) -> str:
        text = self.address.text().strip()
        if self.address.chosen_key():
            return ""
        if not text:
            return self.tr("请填写地址")
        if self._road is None:
            return self.tr("未匹配标准地址，也认不出道路名：请从列表选择标准地址，或写明所在道路")
        return ""

    def _narrative_problem(self) -> str:
        text = self.narrative.toPlainText().strip()
        if not text:
            return self.tr("请填写简要案情")
        if len(text) > NARRATIVE_MAX:
            return self.tr("案情过长（最多 {n} 字）").format(n=NARRATIVE_MAX)
        return ""

    def _update_address_info(self) -> None:
        code = self.address.chosen_key()
        self._road = None
        if code:
            a = self._state.address_index[code]
            grid = next((g.name for g in self._state.district.grids if g.code == a.grid_code), a.grid_code)
            text = self.tr("标准地址 {code} · 网格 {grid}").format(code=code, grid=grid)
        elif self.address.text().strip():
            self._road = road_in_text(self._state.district, self.address.text())
            text = (self.tr("未匹配标准地址：将按「{road}」中点定位").format(road=self._road.name)
                    if self._road is not None else "")
        else:
            text = ""
        self.address_info.setText(text)
        self.address_info.setVisible(bool(text))

    def _update_repeat(self) -> None:
        earlier = repeat_call(self._state, self.caller.text(), self.category.chosen_key(), self._clock())
        if earlier is None:
            self.repeat_warning.hide()
            return
        self.repeat_warning.setText(self.tr(
            "⚠ 重复警情：该号码 {time} 已报 <a href='{id}' style='color:#1a1200'><b>{id}</b></a>"
            " {category}·{status}").format(
            time=escape(fmt_time(earlier.reported_at)), id=escape(earlier.id),
            category=escape(category_name(earlier.category)), status=escape(earlier.status.label)))
        self.repeat_warning.show()

    # --- keys -------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        """Ctrl+Enter in the narrative submits and dispatches instead of adding a line."""
        if (watched is self.narrative and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.submit_and_dispatch()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:
        """Enter: next field, or submit on the last one; Esc cancels as usual."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.source:
                self.submit()
            else:
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)
