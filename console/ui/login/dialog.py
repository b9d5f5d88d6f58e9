"""``LoginDialog``: user, password and relay address; logs in with a live session and hands it over.

The dialog starts a :class:`~console.ui.session.ConsoleSession` itself, so the console opens on the
session that logged in (one login, one audit event). A wrong password keeps the dialog open with the
reason; an unreachable relay says which address was tried while the session keeps retrying. An
account with an initial password (set by an administrator) is asked for a new one, twice, before
the console opens. The relay address and user are remembered in QSettings; the password never is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console import config
from console.domain.workers import Role
from console.net.client import CommandRefused
from console.ui.login.reasons import refusal_text, station_text, unreachable_text
from console.ui.plain import PlainLabel
from console.ui.session import ConsoleSession

RELAY_KEY = "login/relay"
USER_KEY = "login/user"

SessionFactory = Callable[[str, str, str], ConsoleSession]


def _role_label(role: str) -> str:
    try:
        return Role(role).label
    except ValueError:
        return role


class LoginDialog(QDialog):
    """Ask for user, password and relay; :attr:`session` is the logged-in, live session once accepted."""

    def __init__(self, relay_url: str = "", user: str = "", parent: QWidget | None = None, *,
                 settings: QSettings | None = None, session_factory: SessionFactory = ConsoleSession) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录 · 警网融合指挥台"))
        self.settings = settings if settings is not None else QSettings()
        self._factory = session_factory
        self.session: ConsoleSession | None = None
        self._closing: set[asyncio.Task] = set()
        self.user_edit = QLineEdit(user or str(self.settings.value(USER_KEY, "") or ""))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.relay_edit = QLineEdit(str(self.settings.value(RELAY_KEY, "") or "") or relay_url)
        self.relay_edit.setPlaceholderText("ws://127.0.0.1:8765")
        self.message = PlainLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(420)
        self.station = PlainLabel()
        self.station.setObjectName("loginStation")
        self.new_edit = QLineEdit()
        self.confirm_edit = QLineEdit()
        for edit in (self.new_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.policy = config.password_policy()
        self.new_edit.setPlaceholderText(self.policy.rule)
        self.form = form = QFormLayout()
        form.addRow(self.tr("用户名"), self.user_edit)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow(self.tr("中继地址"), self.relay_edit)
        form.addRow(self.tr("新密码"), self.new_edit)
        form.addRow(self.tr("确认新密码"), self.confirm_edit)
        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setDefault(True)
        self.buttons.addButton(self.tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.login)
        self.buttons.rejected.connect(self.reject)
        self.changing = False  # the relay accepted the login with an initial password: a new one is asked for
        self._show_change(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.station)
        layout.addWidget(self.buttons)
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus()

    # --- public API -------------------------------------------------------------------
    def login(self) -> None:
        """Start a session with what is typed (dropping any attempt still under way); while an initial
        password is to be replaced, send the new one instead."""
        if self.changing:
            self.change_password()
            return
        user, password, url = self.user_edit.text().strip(), self.password_edit.text(), self.relay_edit.text().strip()
        if not user or not password or not url.startswith(("ws://", "wss://")):
            self._say(self.tr("请填写用户名、密码和中继地址（ws://主机:端口）。"), error=True)
            return
        self._drop_session()
        self.settings.setValue(RELAY_KEY, url)
        self.settings.setValue(USER_KEY, user)
        session = self._factory(url, user, password)
        session.connection_changed.connect(self._on_connection)
        session.state_reset.connect(self._on_state)
        self.session = session
        self._say(self.tr("正在连接 {url} …").format(url=url))
        session.start()

    def change_password(self) -> None:
        """Send the new password (typed twice, checked against the policy here and by the relay)."""
        new = self.new_edit.text()
        why = (self.tr("两次输入的新密码不一致。") if new != self.confirm_edit.text()
               else self.policy.problem(new, self.user_edit.text().strip()))
        if why:
            self._say(why, error=True)
            self.new_edit.setFocus()
            return
        self.login_button.setEnabled(False)
        self._say(self.tr("正在修改密码…"))
        session = self.session
        future = session.change_password(self.password_edit.text(), new)
        future.add_done_callback(lambda f: self._password_changed(session, f))

    def _password_changed(self, session: ConsoleSession, future) -> None:
        if session is not self.session or future.cancelled():
            return
        self.login_button.setEnabled(True)
        err = future.exception()
        if err is None:
            self._show_change(False)
            self._say(self.tr("密码已修改，正在载入辖区…"))
        elif isinstance(err, CommandRefused):
            self._say(err.error.get("zh") or err.code, error=True)
            self.new_edit.setFocus()
            self.new_edit.selectAll()
        else:
            self._say(self.tr("修改密码失败：{why}").format(why=err), error=True)

    def _show_change(self, shown: bool) -> None:
        """The two new-password rows (and the button's name) for an initial password."""
        self.changing = shown
        for edit in (self.new_edit, self.confirm_edit):
            self.form.setRowVisible(edit, shown)
        for edit in (self.user_edit, self.password_edit, self.relay_edit):
            edit.setReadOnly(shown)
        self.login_button.setText(self.tr("修改密码并登录") if shown else self.tr("登录"))

    def reject(self) -> None:
        self._drop_session()
        super().reject()

    # --- slots ------------------------------------------------------------------------
    def _on_connection(self, status: str, detail: str) -> None:
        session = self.session
        if session is None or self.sender() is not session:
            return
        if status == "must_change":
            self._show_change(True)
            self._say(self.tr("首次登录须修改初始密码（{rule}）。").format(rule=self.policy.rule))
            self.new_edit.setFocus()
        elif status == "connected":
            self._say(self.tr("已登录，正在载入辖区…"))
        elif status == "disconnected" and session.client.login_error is not None:
            self._say(refusal_text(session.client.login_error), error=True)
            self._show_change(False)
            self._drop_session()
            self.password_edit.setFocus()
            self.password_edit.selectAll()
        elif status == "disconnected":
            self._say(unreachable_text(session.client.url, detail), error=True)

    def _on_state(self, state) -> None:
        session = self.session
        if session is None or state is None:
            return
        stations = state.district.stations
        self.station.setText(station_text(session.account, _role_label(session.role),
                                          stations[0].name if stations else ""))
        self._unwatch(session)
        self.accept()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #ff6b6b;" if error else "")
        self.message.setText(text)

    def _drop_session(self) -> None:
        session, self.session = self.session, None
        if session is None:
            return
        self._unwatch(session)
        task = asyncio.ensure_future(session.async_close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _unwatch(self, session: ConsoleSession) -> None:
        session.connection_changed.disconnect(self._on_connection)
        session.state_reset.disconnect(self._on_state)
