"""The account table: name, 姓名, role, scope, status and last login, from ``State.accounts``.

Rebuilt from the session's change set when an account (or a lock alert) changes; a few hundred rows at
most, so a reset is cheaper than bookkeeping.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from console.domain.accounts import ACCOUNT_LOCKED_ALERT, AccountLine, account_lines
from console.domain.changes import Changes
from console.domain.state import State
from console.ui.table_model import FlatTableModel
from console.ui.texts import marked, tr

COLUMNS = marked("Admin", "用户名", "姓名", "角色", "范围", "状态", "最近登录")
_FIELDS = ("name", "display_name", "role", "scope", "status", "last_login")
MUTED = QColor("#8a94a6")
ALARM = QColor("#ff6b6b")


class AccountsModel(FlatTableModel):
    """One row per account, by name."""

    def __init__(self, session) -> None:
        super().__init__()
        self._headers = [tr(c, "Admin") for c in COLUMNS]
        self._state: State | None = None
        self.lines: list[AccountLine] = []
        self.bind_session(session)

    def _row_count(self) -> int:
        return len(self.lines)

    def reset_state(self, state: State | None) -> None:
        self.beginResetModel()
        self._state = state
        self.lines = account_lines(state) if state is not None else []
        self.endResetModel()

    def apply_changes(self, changes: Changes) -> None:
        locks = any(kind == ACCOUNT_LOCKED_ALERT for kind, _ in changes.alerts)
        if changes.reset or changes.accounts or locks:
            self.reset_state(self._state)

    def row_of(self, name: str) -> int:
        return next((i for i, line in enumerate(self.lines) if line.name == name), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return getattr(line, _FIELDS[index.column()]) or "—"
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.status.startswith("停用"):
                return MUTED
            if line.status.startswith("锁定"):
                return ALARM
        return None
