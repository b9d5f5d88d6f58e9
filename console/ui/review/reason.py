"""``ReasonBar``: a reason box with common choices and the button that needs it (退回, 注销, 撤销).

An empty reason is refused here with a visible hint, so a command without one is never sent.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from console.ui.plain import PlainLabel


class ReasonBar(QWidget):
    """Emits :attr:`submitted` with the stripped reason when the button is pressed and a reason is given."""

    submitted = Signal(str)

    def __init__(self, button_text: str, placeholder: str, presets: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.addItems(["", *presets])
        self.reason.lineEdit().setPlaceholderText(placeholder)
        self.reason.lineEdit().returnPressed.connect(self.submit)
        self.reason.lineEdit().textChanged.connect(lambda _t: self.hint.hide())
        self.reason.setMinimumContentsLength(14)
        self.button = QPushButton(button_text)
        self.button.clicked.connect(self.submit)
        self.hint = PlainLabel(self.tr("请填写原因"))
        self.hint.setObjectName("reasonHint")
        self.hint.setStyleSheet("color: #ff8a65;")
        self.hint.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.button)

    def text(self) -> str:
        return self.reason.currentText().strip()

    def clear(self) -> None:
        self.reason.setCurrentIndex(0)
        self.reason.setEditText("")
        self.hint.hide()

    def submit(self) -> None:
        if not self.isEnabled():
            return
        text = self.text()
        if not text:
            self.hint.show()
            self.reason.setFocus()
            return
        self.submitted.emit(text)
