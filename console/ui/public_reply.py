"""The 群众扫码 block of the incident detail: the reporter's receipt, the public reply, and the two desk actions.

回复群众 (``incident.public_reply``) puts a short answer on the reporter's receipt page; 标记恶意
(``incident.mark_abuse``) refuses the sender's device and network for a while. Both take the text typed
in the line edit (the mark's reason). Shown only for incidents whose source is 群众扫码.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from console.domain.incidents import Incident, Source
from console.domain.permissions import refusal
from console.domain.text import is_blank
from console.ui.plain import PlainLabel, plain_tip
from console.ui.texts import fmt_time


class PublicReplyBox(QFrame):
    """Receipt, reply and actions for one 群众扫码 incident of ``session``."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publicReply")
        self._session = session
        self._incident: Incident | None = None
        self.summary = PlainLabel()
        self.summary.setWordWrap(True)
        self.text = QLineEdit()
        self.text.setObjectName("publicReplyText")
        self.text.setMaxLength(500)
        self.text.setPlaceholderText(self.tr("给上报群众的回复（显示在其回执页），或标记恶意的原因"))
        self.reply_button = QPushButton(self.tr("回复群众"))
        self.abuse_button = QPushButton(self.tr("标记恶意"))
        self.reply_button.clicked.connect(lambda: self._send("incident.public_reply"))
        self.abuse_button.clicked.connect(lambda: self._send("incident.mark_abuse"))
        self.text.textChanged.connect(lambda _t: self._update_buttons())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.reply_button)
        row.addWidget(self.abuse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        self.hide()

    def show_incident(self, inc: Incident | None) -> None:
        """Show ``inc`` if it came from a door plate; hide otherwise."""
        self._incident = inc if inc is not None and inc.source is Source.QR_CODE else None
        if self._incident is None:
            self.hide()
            return
        public = self._incident.public
        parts = [self.tr("群众扫码 · 回执 {0}").format(public.get("receipt", "—"))]
        if public.get("police_grid"):
            parts.append(self.tr("警格 {0}").format(public["police_grid"]))
        if public.get("reply"):
            parts.append(self.tr("已回复({0})：{1}").format(fmt_time(public["reply_at"], True), public["reply"]))
        if public.get("abuse_at"):
            parts.append(self.tr("已标记恶意({0})").format(fmt_time(public["abuse_at"], True)))
        self.summary.setText(" · ".join(parts))
        self._update_buttons()
        self.show()

    def _why_not(self, op: str) -> str:
        inc = self._incident
        if inc is None:
            return self.tr("未选择群众扫码警情")
        why = refusal(getattr(self._session, "role", ""), op)
        if why:
            return why
        if op == "incident.mark_abuse" and inc.public.get("abuse_at"):
            return self.tr("已标记恶意")
        if is_blank(self.text.text()):
            return self.tr("请先填写回复或原因")
        return ""

    def _update_buttons(self) -> None:
        for button, op in ((self.reply_button, "incident.public_reply"), (self.abuse_button, "incident.mark_abuse")):
            why = self._why_not(op)
            button.setEnabled(not why)
            button.setToolTip(plain_tip(why or button.text()))

    def _send(self, op: str) -> None:
        if self._why_not(op) or self._incident is None:
            return
        self._session.command(op, {"incident": self._incident.id, "note": self.text.text().strip()})
        self.text.clear()
