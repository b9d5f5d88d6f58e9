"""``CloseDialog``: 办结 with a 处理结果 (keys 1–6, then Tab) and what was done; asks a second time before
sending."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from console.domain.incidents import Incident
from console.domain.outcomes import OUTCOMES
from console.ui.actions.dialog_base import IncidentDialog
from console.ui.actions.step_dialogs import KeyChoice
from console.ui.plain import PlainLabel
from console.ui.texts import tr

FEEDBACK_ACTIONS = frozenset({"feedback", "referral_feedback"})  # what the field or department reported


class CloseDialog(IncidentDialog):
    """The outcome category first, then the note; Enter, then Enter again to confirm."""

    def __init__(self, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(incident, "incident.close", tr("办结", "Actions"), parent, reason_label="处理情况",
                         confirm=tr("办结后警情即终结，不能恢复", "Actions"))
        self.outcome = KeyChoice([(tr(label, "Outcome"), code) for code, label in OUTCOMES.items()], self)
        for button in self.outcome.buttons():
            button.toggled.connect(lambda _on: self.unconfirm())
        self.form.addRow(tr("处理结果", "Actions"), self.outcome)
        feedback = [t.note for t in incident.timeline if t.action in FEEDBACK_ACTIONS and t.note]
        if feedback:
            shown = PlainLabel("；".join(feedback))
            shown.setWordWrap(True)
            self.form.addRow(tr("反馈", "Actions"), shown)
        self.add_reason_row()
        self.reason.setPlaceholderText(tr("必填：处置经过与结果", "Actions"))
        self.outcome.setToolTip(tr("按 1–{n} 选处理结果，Tab 到处理情况", "Actions").format(n=len(OUTCOMES)))
        self.outcome.buttons()[0].setFocus()
        self.setMinimumWidth(600)

    def extra_args(self) -> dict:
        return {"outcome": self.outcome.value()}
