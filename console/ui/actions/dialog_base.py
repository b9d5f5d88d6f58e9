"""``IncidentDialog``: the small dialog every incident action shares.

It names the incident and its current status at the top, lays out the action's own fields,
takes the reason (required when the command schema says REASON) and refuses to close with a
message next to the field that is wrong. Enter sends, Esc cancels. An irreversible step (办结, 作废,
撤回派遣: ``confirm`` says what cannot be undone) asks twice: the first Enter shows the warning and
turns the button into 确认…, the second sends; editing the reason asks again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.domain.args import REASON
from console.domain.catalogue import OPERATIONS
from console.domain.incidents import Incident, category_name
from console.ui import theme
from console.ui.plain import PlainLabel, RichLabel, escape
from console.ui.texts import tr

REASON_MAX = 2000


def reason_required(op: str) -> bool:
    """Whether the catalogue's schema of ``op`` makes ``note`` a required reason."""
    return OPERATIONS[op].args.get("note") is REASON


def error_label() -> QLabel:
    """A red message shown under a field when its value is refused."""
    label = PlainLabel()
    label.setObjectName("fieldError")
    label.setStyleSheet(f"color: {theme.PRIORITY_COLORS[1]};")
    label.setWordWrap(True)
    label.hide()
    return label


def with_error(field: QWidget, error: QLabel) -> QWidget:
    """``field`` with its error line right under it, as one form cell."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(error)
    return box


def show_error(label: QLabel, text: str) -> None:
    """Show ``text`` in ``label``, or hide it when empty."""
    label.setText(text)
    label.setVisible(bool(text))


class IncidentDialog(QDialog):
    """Base of the action dialogs: subclasses add rows and implement :meth:`extra_args` / :meth:`check`."""

    def __init__(self, incident: Incident, op: str, title: str, parent: QWidget | None = None,
                 *, reason_label: str = "原因", reason_text: str = "", confirm: str = "") -> None:
        super().__init__(parent)
        self.confirm_text = confirm
        self.confirming = False
        self._title = title
        self.setObjectName(op.replace(".", "_") + "_dialog")
        self.incident = incident
        self.op = op
        self.reason_required = reason_required(op)
        self.setWindowTitle(tr("{title} — {id}", "Actions").format(title=title, id=incident.id))

        self.header = head = RichLabel(
            f"<b>{escape(incident.id)}</b>　<span style='color:{theme.STATUS_COLORS[incident.status]}'>"
            f"{escape(incident.status.label)}</span>　{escape(category_name(incident.category))}<br>"
            f"<span style='color:{theme.TEXT_DIM}'>{escape(incident.address)}</span>"
        )
        head.setObjectName("dialogHeader")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.reason = QLineEdit(reason_text)
        self.reason.setMaxLength(REASON_MAX)
        self.reason.setPlaceholderText(tr("必填：写明原因", "Actions") if self.reason_required
                                       else tr("选填", "Actions"))
        self.reason_error = error_label()
        self._reason_caption = tr(reason_label, "Actions") + (" *" if self.reason_required else "")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("{title} (Enter)", "Actions").format(title=title))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消 (Esc)", "Actions"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        if confirm:  # room for 确认… so the button does not change size between the two steps
            longer = tr("确认{title} (Enter)", "Actions").format(title=title)
            self.ok_button.setMinimumWidth(self.ok_button.fontMetrics().horizontalAdvance(longer) + 32)
        self.confirm_label = PlainLabel()
        self.confirm_label.setObjectName("confirmWarning")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setStyleSheet(f"color: {theme.PRIORITY_COLORS[2]}; font-weight: bold;")
        self.confirm_label.hide()
        self.reason.textEdited.connect(lambda _t: self.unconfirm())

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.confirm_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def add_reason_row(self) -> None:
        """Put the reason field (with its error line) at the current end of the form."""
        self.form.addRow(self._reason_caption, with_error(self.reason, self.reason_error))

    # --- subclass hooks ---------------------------------------------------------------
    def extra_args(self) -> dict:
        """The command's own arguments besides ``incident`` and ``note``."""
        return {}

    def check(self) -> bool:
        """Validate the action's own fields, showing messages next to them; True when all are fine."""
        return True

    # --- result -----------------------------------------------------------------------
    def note(self) -> str:
        return self.reason.text().strip()

    def command(self) -> tuple[str, dict]:
        """``(op, args)`` to send once the dialog is accepted."""
        args = {"incident": self.incident.id, **self.extra_args()}
        if self.note() or self.reason_required:
            args["note"] = self.note()
        return self.op, args

    def accept(self) -> None:
        ok = self.check()
        if self.reason_required and not self.note():
            show_error(self.reason_error, tr("请填写原因", "Actions"))
            self.reason.setFocus()
            ok = False
        else:
            show_error(self.reason_error, "")
        if not ok:
            self.unconfirm()
        elif self.confirm_text and not self.confirming:
            self.confirming = True
            self.confirm_label.setText(tr("{what}。再按 Enter 确认，Esc 取消。", "Actions").format(
                what=self.confirm_text))
            self.confirm_label.show()
            self.ok_button.setText(tr("确认{title} (Enter)", "Actions").format(title=self._title))
        else:
            super().accept()

    def unconfirm(self) -> None:
        """Back to the first step: the fields changed, so the warning must be read again."""
        if self.confirming:
            self.confirming = False
            self.confirm_label.hide()
            self.ok_button.setText(tr("{title} (Enter)", "Actions").format(title=self._title))
