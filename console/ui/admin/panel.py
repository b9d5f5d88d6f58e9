"""账号管理: the account list with 新建 / 停用 / 启用 / 解锁 / 重置密码 / 改角色 / 改范围, all through the relay.

The list comes from ``State.accounts`` and follows the session's change set, so an account another
administrator (or the CLI through the relay) adds appears at once. Each action sends its catalogue op;
the relay's answer — done, or its reason in Chinese — shows under the list.
"""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from console.domain.accounts import Account
from console.domain.catalogue import OPERATIONS
from console.net.client import CommandRefused
from console.ui.admin.form import AccountForm
from console.ui.admin.model import AccountsModel
from console.ui.plain import PlainLabel
from console.ui.table_view import row_table
from console.ui.texts import tr

# button -> (its op, the form that asks for the arguments first, or None)
ACTIONS = {
    "disable": ("account.disable", None),
    "enable": ("account.enable", None),
    "unlock": ("account.unlock", None),
    "password": ("account.set_password", "password"),
    "role": ("account.set_role", "role"),
    "scope": ("account.set_scope", "scope"),
}


class AccountsPanel(QWidget):
    """The table and its actions for one administrator's session."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsPanel")
        self.session = session
        self.model = AccountsModel(session)
        self.table = row_table(self.model, {0: 110, 1: 110, 2: 100, 4: 120, 5: 130}, stretch=3)
        self.table.setObjectName("accountsTable")
        self.form: AccountForm | None = None
        self.buttons: dict[str, QPushButton] = {"create": QPushButton(tr("新建账户", "Admin"))}
        self.buttons["create"].clicked.connect(lambda: self.open_form("create"))
        for key, (op, _form) in ACTIONS.items():
            self.buttons[key] = QPushButton(tr(OPERATIONS[op].label.removesuffix("账户"), "Admin"))
            self.buttons[key].clicked.connect(lambda _=False, k=key: self.act(k))
        self.message = PlainLabel()
        self.message.setObjectName("accountsMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def selected(self) -> Account | None:
        rows = self.table.selectionModel().selectedRows()
        state = self.session.state
        if not rows or state is None or rows[0].row() >= len(self.model.lines):
            return None
        return state.accounts.get(self.model.lines[rows[0].row()].name)

    def select(self, name: str) -> None:
        row = self.model.row_of(name)
        if row >= 0:
            self.table.selectRow(row)

    def open_form(self, mode: str) -> AccountForm | None:
        """Show the form for ``mode`` (window-modal, not blocking); its OK sends the op."""
        account = None if mode == "create" else self.selected()
        if self.session.state is None or (mode != "create" and account is None):
            return None
        form = AccountForm(mode, self.session.state, account, self)
        op = "account.create" if mode == "create" else ACTIONS[mode][0]
        form.accepted.connect(lambda: self.send(op, {**({"account": account.name} if account else {}),
                                                     **form.args()}))
        form.open()
        self.form = form
        return form

    def act(self, key: str) -> None:
        op, form = ACTIONS[key]
        if form is not None:
            self.open_form(form)
            return
        account = self.selected()
        if account is not None:
            self.send(op, {"account": account.name})

    def send(self, op: str, args: dict) -> asyncio.Future:
        """Send an account op; the outcome appears under the list."""
        label = OPERATIONS[op].label
        self._say(tr("正在{label}：{name}…", "Admin").format(label=label, name=args.get("account", "")))
        future = self.session.command(op, args)
        future.add_done_callback(lambda f: self._sent(label, args.get("account", ""), f))
        return future

    def _sent(self, label: str, name: str, future: asyncio.Future) -> None:
        if future.cancelled():
            return
        err = future.exception()
        if err is None:
            self._say(tr("已{label}：{name}", "Admin").format(label=label, name=name))
        elif isinstance(err, CommandRefused):
            self._say(tr("{label}失败：{why}", "Admin").format(label=label, why=err.error.get("zh") or err.code),
                      error=True)
        else:
            self._say(tr("{label}失败：{why}", "Admin").format(label=label, why=err), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #ff6b6b;" if error else "")
        self.message.setText(text)

    def _update_buttons(self, *_args) -> None:
        account = self.selected()
        for key, button in self.buttons.items():
            if key == "create":
                button.setEnabled(self.session.state is not None)
            elif key == "enable":
                button.setEnabled(account is not None and account.disabled)
            elif key == "disable":
                button.setEnabled(account is not None and not account.disabled)
            elif key == "unlock":
                button.setEnabled(account is not None and account.status(self.session.state) == "锁定")
            else:
                button.setEnabled(account is not None)
