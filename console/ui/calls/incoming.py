"""``IncomingCallBar``: a worker calls the desk — who, which grid, how long it has rung; 接听 / 拒绝."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from console.ui.plain import PlainLabel
from console.ui.texts import tr

INCOMING_QSS = (
    "QFrame#incomingCall { background: #3a2a0c; border: 1px solid #ffb454; border-radius: 4px; }"
    "QFrame#incomingCall QLabel { background: transparent; color: #ffe2b0; font-weight: bold; }"
    "QPushButton#answerButton { background: #1f6f3f; border-color: #3ddc84; }"
    "QPushButton#declineButton { background: #7a1f23; border-color: #ff6b6b; }"
)


class IncomingCallBar(QFrame):
    """One ringing call to the desk; the buttons emit its call id."""

    accept_requested = Signal(str)
    decline_requested = Signal(str)

    def __init__(self, call_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("incomingCall")
        self.setStyleSheet(INCOMING_QSS)
        self.call_id = call_id
        self.label = PlainLabel()
        self.answer_button = QPushButton(tr("接听", "Calls"))
        self.answer_button.setObjectName("answerButton")
        self.decline_button = QPushButton(tr("拒绝", "Calls"))
        self.decline_button.setObjectName("declineButton")
        self.answer_button.clicked.connect(lambda: self.accept_requested.emit(self.call_id))
        self.decline_button.clicked.connect(lambda: self.decline_requested.emit(self.call_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.answer_button)
        layout.addWidget(self.decline_button)

    def show_text(self, who: str, media: str, rang: str) -> None:
        self.label.setText(tr("来电：{who}（{media}）{rang}", "Calls").format(who=who, media=media, rang=rang))
