"""Small action dialogs: 返工, 撤回派遣, 督办, 延期申请, 延期审批, 回访."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QDoubleSpinBox, QHBoxLayout, QRadioButton, QWidget

from console.domain.incidents import Incident, Supervision
from console.domain.state import State
from console.ui import theme
from console.ui.actions.dialog_base import IncidentDialog
from console.ui.actions.picker import Picker
from console.ui.plain import PlainLabel
from console.ui.texts import fmt_time, satisfaction_label, tr

SUPERVISION_LEVELS = (("normal", Supervision.NORMAL), ("yellow", Supervision.YELLOW), ("red", Supervision.RED))
SUPERVISION_COLORS = {Supervision.NORMAL: "#5cb8ff", Supervision.YELLOW: "#f2d024", Supervision.RED: "#ff4d4f"}


class KeyChoice(QWidget):
    """Radio buttons chosen with the digit keys 1…n (the dialog-wide shortcut works from any field)."""

    def __init__(self, options: list[tuple[str, object]], dialog: QWidget, checked: int = 0) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self._values = []
        for n, (text, value) in enumerate(options, 1):
            button = QRadioButton(f"{n} {text}")
            self.group.addButton(button, n - 1)
            row.addWidget(button)
            self._values.append(value)
            shortcut = QShortcut(QKeySequence(str(n)), dialog)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda b=button: b.setChecked(True))
        row.addStretch(1)
        self.group.button(checked).setChecked(True)

    def value(self) -> object:
        return self._values[self.group.checkedId()]

    def buttons(self) -> list[QRadioButton]:
        return self.group.buttons()


class ReworkDialog(IncidentDialog):
    """返工: send a fed-back incident back to its workers (or department) with the reason."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.rework", tr("返工", "Actions"), parent, reason_label="返工原因")
        self.add_reason_row()
        self.reason.setFocus()


class CancelAssignmentDialog(IncidentDialog):
    """撤回派遣: withdraw one worker's assignment with the reason."""

    def __init__(self, state: State, incident: Incident, workers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.cancel_assignment", tr("撤回派遣", "Actions"), parent,
                         reason_label="撤回原因",
                         confirm=tr("撤回后该人员的任务即终止，不能恢复（需重新派遣）", "Actions"))
        items = []
        for wid in workers:
            worker = state.workers.get(wid)
            a = incident.assignments[wid]
            items.append((f"{worker.name if worker else wid} {wid} · {a.status.label}", wid))
        self.worker = Picker(items)
        self.worker.currentIndexChanged.connect(lambda _i: self.unconfirm())
        self.form.addRow(tr("撤回人员", "Actions"), self.worker)
        self.add_reason_row()
        self.reason.setFocus()

    def extra_args(self) -> dict:
        return {"worker": self.worker.currentData()}


class SuperviseDialog(IncidentDialog):
    """督办: 普通 / 黄牌 / 红牌 (keys 1–3) with the reason."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.supervise", tr("督办", "Actions"), parent, reason_label="督办事由")
        start = max(0, min(int(incident.supervision), 2))  # next level up from the current one
        self.level = KeyChoice([(tr(level.label, "Actions"), name) for name, level in SUPERVISION_LEVELS],
                               self, checked=start)
        for button, (_name, level) in zip(self.level.buttons(), SUPERVISION_LEVELS, strict=True):
            button.setStyleSheet(f"color: {SUPERVISION_COLORS[level]};")
        self.form.addRow(tr("督办级别", "Actions"), self.level)
        if incident.supervision:
            self.form.addRow(tr("当前", "Actions"), PlainLabel(incident.supervision.label))
        self.add_reason_row()
        self.reason.setFocus()

    def extra_args(self) -> dict:
        return {"level": self.level.value()}


class ExtensionRequestDialog(IncidentDialog):
    """延期申请: how many more hours the handling stage needs, and why."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.extend", tr("延期申请", "Actions"), parent, reason_label="延期理由")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.5, 720)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(1)
        self.hours.setValue(24)
        self.hours.setSuffix(tr(" 小时", "Actions"))
        self.form.addRow(tr("延长", "Actions"), self.hours)
        self.add_reason_row()
        self.hours.setFocus()
        self.hours.selectAll()

    def extra_args(self) -> dict:
        return {"hours": self.hours.value()}


class ExtensionDecisionDialog(IncidentDialog):
    """延期审批: approve (1) or refuse (2) the pending request; the note is optional."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.decide_extension", tr("延期审批", "Actions"), parent,
                         reason_label="审批意见")
        request = incident.extension_request
        summary = PlainLabel(tr("{by} {at} 申请延期 {hours:g} 小时：{reason}", "Actions").format(
            by=request.by, at=fmt_time(request.at, with_date=True), hours=request.hours, reason=request.reason))
        summary.setWordWrap(True)
        summary.setStyleSheet(f"color: {theme.STATUS_COLORS[incident.status]};")
        self.form.addRow(tr("申请", "Actions"), summary)
        self.decision = KeyChoice([(tr("批准", "Actions"), True), (tr("不批准", "Actions"), False)], self)
        self.form.addRow(tr("决定", "Actions"), self.decision)
        self.add_reason_row()
        self.decision.buttons()[0].setFocus()

    def extra_args(self) -> dict:
        return {"approve": bool(self.decision.value())}


class CallbackDialog(IncidentDialog):
    """回访: the caller's satisfaction, 1 非常满意 … 5 非常不满意 (keys 1–5), and a note."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.callback", tr("回访", "Actions"), parent, reason_label="回访记录")
        self.satisfaction = KeyChoice([(satisfaction_label(n), n) for n in range(1, 6)], self, checked=1)
        self.form.addRow(tr("满意度", "Actions"), self.satisfaction)
        caller = PlainLabel(incident.caller or tr("（无来电号码）", "Actions"))
        self.form.addRow(tr("报警人", "Actions"), caller)
        self.add_reason_row()
        self.satisfaction.buttons()[1].setFocus()

    def extra_args(self) -> dict:
        return {"satisfaction": int(self.satisfaction.value())}
