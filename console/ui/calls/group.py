"""``GroupCallPanel``: a grid's group voice call — members with their states, push-to-talk, 挂断."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.ui.calls.status import CallLook
from console.ui.plain import PlainLabel, RichLabel, escape
from console.ui.texts import tr

GROUP_QSS = (
    "QFrame#groupCall { background: #181d24; border: 1px solid #2c343e; border-radius: 4px; }"
    "QFrame#groupCall QLabel { background: transparent; }"
    "QLabel#groupTitle { font-weight: bold; }"
    "QLabel#talkIndicator { border-radius: 3px; padding: 3px 10px; background: #232a33; color: #8b96a3; }"
    "QLabel#talkIndicator[talking=\"true\"] { background: #b3261e; color: #ffffff; font-weight: bold; }"
    "QPushButton#pttButton { padding: 8px 14px; font-weight: bold; }"
    "QPushButton#pttButton:pressed { background: #b3261e; border-color: #ff6b6b; }"
    "QPushButton#groupHangup { background: #7a1f23; border-color: #ff6b6b; }"
)


class GroupCallPanel(QFrame):
    """Shows one group call. Hold :attr:`ptt_button` (or Space on the wall) to talk."""

    ptt_changed = Signal(bool)
    hangup_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupCall")
        self.setStyleSheet(GROUP_QSS)
        self.call_id: str | None = None
        self.title = PlainLabel()
        self.title.setObjectName("groupTitle")
        self.state_label = RichLabel()
        self.hangup_button = QPushButton(tr("结束组呼", "Calls"))
        self.hangup_button.setObjectName("groupHangup")
        self.hangup_button.setToolTip(tr("结束整个组呼", "Calls"))
        self.hangup_button.clicked.connect(lambda: self.call_id and self.hangup_requested.emit(self.call_id))
        self.members = QListWidget()
        self.members.setObjectName("groupMembers")
        self.members.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.members.setMaximumHeight(84)
        self.ptt_button = QPushButton(tr("按住讲话 (空格)", "Calls"))
        self.ptt_button.setObjectName("pttButton")
        self.ptt_button.setToolTip(tr("按住说话，松开停止；视频墙有焦点时也可按住空格键", "Calls"))
        self.ptt_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ptt_button.pressed.connect(lambda: self.ptt_changed.emit(True))
        self.ptt_button.released.connect(lambda: self.ptt_changed.emit(False))
        self.indicator = PlainLabel()
        self.indicator.setObjectName("talkIndicator")
        self.indicator.setAlignment(Qt.AlignmentFlag.AlignCenter)

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.state_label)
        head.addWidget(self.hangup_button)
        talk = QHBoxLayout()
        talk.addWidget(self.ptt_button, 1)
        talk.addWidget(self.indicator)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(head)
        layout.addWidget(self.members)
        layout.addLayout(talk)
        self.set_talking(False)

    def show_call(self, call_id: str, title: str, look: CallLook, members: list[tuple[str, CallLook]]) -> None:
        """Fill the panel: ``members`` are (name, look) pairs in display order."""
        self.call_id = call_id
        self.title.setText(title)
        self.state_label.setText(f"<span style='color:{look.color}'>{escape(look.text)}</span>")
        self.hangup_button.setEnabled(look.live)
        self.ptt_button.setEnabled(look.live)
        while self.members.count() > len(members):
            self.members.takeItem(self.members.count() - 1)
        for row, (name, member) in enumerate(members):
            item = self.members.item(row)
            if item is None:
                item = QListWidgetItem()
                self.members.addItem(item)
            item.setText(f"{name}  {member.text}")
            item.setForeground(QBrush(QColor(member.color)))

    def set_talking(self, on: bool) -> None:
        """The 正在讲话 indicator (text and colour) and the button's held look."""
        self.indicator.setText(tr("● 正在讲话", "Calls") if on else tr("○ 未讲话", "Calls"))
        self.indicator.setProperty("talking", "true" if on else "false")
        self.indicator.style().unpolish(self.indicator)
        self.indicator.style().polish(self.indicator)
        self.ptt_button.setDown(on)  # looks held for the Space key too; emits nothing

    def member_texts(self) -> list[str]:
        return [self.members.item(i).text() for i in range(self.members.count())]
