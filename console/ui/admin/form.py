"""The dialogs of the account panel: a new account, a password, a role, a scope.

One form, its rows chosen by ``mode``; it checks what it can before anything is sent (both password
fields equal, the policy, a user name), and :meth:`AccountForm.args` gives the op's arguments. The relay
decides the rest (codes that exist, the last administrator) and its reason is shown in the panel.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from console import config
from console.domain.accounts import ASSIGNABLE_ROLES, Account
from console.domain.incidents import departments
from console.domain.scope import ALL_DEPARTMENTS, Scope
from console.domain.state import State
from console.ui.plain import PlainLabel
from console.ui.texts import tr

MODES = {"create": "新建账户", "password": "重置密码", "role": "修改角色", "scope": "修改范围"}


def _codes(text: str) -> list[str]:
    return [c for c in text.replace("，", ",").replace(" ", ",").split(",") if c]


class AccountForm(QDialog):
    """Fields for ``mode`` (create, password, role, scope), prefilled from ``account`` when given."""

    def __init__(self, mode: str, state: State, account: Account | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.account = account
        self.policy = config.password_policy()
        self.setObjectName("accountForm")
        title = tr(MODES[mode], "Admin")
        self.setWindowTitle(f"{title} · {account.name}" if account else title)
        self.form = QFormLayout()
        self.name = QLineEdit()
        self.display = QLineEdit()
        self.role = QComboBox()
        for role in ASSIGNABLE_ROLES:
            self.role.addItem(role.label, role.value)
        self.worker = QLineEdit(account.worker_id if account else "")
        self.worker.setPlaceholderText(tr("网格员、社区民警：花名册编号", "Admin"))
        self.password = QLineEdit()
        self.confirm = QLineEdit()
        for edit in (self.password, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.policy.rule)
        self._scope_fields(state, Scope.parse(account.scope) if account else Scope())
        if mode == "create":
            self._rows((tr("用户名 *", "Admin"), self.name), (tr("姓名", "Admin"), self.display),
                       (tr("角色 *", "Admin"), self.role), (tr("关联人员", "Admin"), self.worker))
        if mode in ("create", "password"):
            self._rows((tr("初始密码 *", "Admin"), self.password), (tr("确认密码 *", "Admin"), self.confirm))
        if mode == "role":
            self.role.setCurrentIndex(max(0, self.role.findData(account.role)))
            self._rows((tr("新角色", "Admin"), self.role))
        if mode == "scope":
            self._rows((tr("关联人员", "Admin"), self.worker))
        if mode in ("create", "scope"):
            self._rows((tr("派出所", "Admin"), self.station), (tr("警格", "Admin"), self.police_grids),
                       (tr("网格", "Admin"), self.grids), (tr("职能部门", "Admin"), self.department),
                       (tr("绑定人员（外勤网关）", "Admin"), self.workers))
        self.error = PlainLabel()
        self.error.setObjectName("accountFormError")
        self.error.setStyleSheet("color: #ff6b6b;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定", "Admin"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消", "Admin"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _rows(self, *rows: tuple[str, QWidget]) -> None:
        for label, widget in rows:
            self.form.addRow(label, widget)

    def _scope_fields(self, state: State, scope: Scope) -> None:
        self.station = QComboBox()  # one 派出所, or several (a 分局 or city centre desk) typed as codes
        self.station.setEditable(True)
        self.station.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.station.addItem(tr("（不限）", "Admin"), "")
        for s in state.district.stations:
            self.station.addItem(f"{s.name} {s.code}", s.code)
        codes = sorted(scope.stations)
        found = self.station.findData(codes[0]) if len(codes) == 1 else -1 if codes else 0
        if found >= 0:
            self.station.setCurrentIndex(found)
        else:
            self.station.setEditText(",".join(codes))
        self.station.lineEdit().setPlaceholderText(tr("选择一个，或输入多个代码（逗号分隔）", "Admin"))
        self.police_grids = QLineEdit(",".join(sorted(scope.police_grids)))
        self.grids = QLineEdit(",".join(sorted(scope.grids)))
        self.workers = QLineEdit(",".join(sorted(scope.workers)))
        for edit in (self.police_grids, self.grids, self.workers):
            edit.setPlaceholderText(tr("代码，逗号分隔；空为不限", "Admin"))
        self.department = QComboBox()
        self.department.addItem(tr("（无）", "Admin"), "")
        self.department.addItem(tr("全部部门（12345 平台）", "Admin"), ALL_DEPARTMENTS)
        for code, name in departments().items():
            self.department.addItem(f"{code} {name}", code)
        self.department.setCurrentIndex(max(0, self.department.findData(scope.department)))

    def scope(self) -> dict:
        scope = {"station": self._stations(), "police_grids": _codes(self.police_grids.text()),
                 "grids": _codes(self.grids.text()), "workers": _codes(self.workers.text()),
                 "department": self.department.currentData()}
        return {k: v for k, v in scope.items() if v}

    def _stations(self) -> str | list[str]:
        """The chosen station's code, or the codes typed (one stays a plain code)."""
        index = self.station.findText(self.station.currentText())
        if index >= 0:
            return self.station.itemData(index)
        codes = _codes(self.station.currentText())
        return codes[0] if len(codes) == 1 else codes

    def args(self) -> dict:
        """The arguments of this form's op (without the account name for an existing account)."""
        worker = {"worker": self.worker.text().strip()} if self.worker.text().strip() else {}
        match self.mode:
            case "create":
                return {"account": self.name.text().strip(), "role": self.role.currentData(),
                        "display_name": self.display.text().strip(), "password": self.password.text(),
                        "scope": self.scope(), **worker}
            case "password":
                return {"password": self.password.text()}
            case "role":
                return {"role": self.role.currentData()}
            case _:
                return {"scope": self.scope(), **worker}

    def problem(self) -> str:
        """Why the form cannot be sent yet, "" when it can."""
        if self.mode == "create" and not self.name.text().strip():
            return tr("请填写用户名。", "Admin")
        if self.mode in ("create", "password"):
            if self.password.text() != self.confirm.text():
                return tr("两次输入的密码不一致。", "Admin")
            account = self.account.name if self.account else self.name.text().strip()
            return self.policy.problem(self.password.text(), account)
        return ""

    def accept(self) -> None:
        why = self.problem()
        if why:
            self.error.setText(why)
            return
        super().accept()
