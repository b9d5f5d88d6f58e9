"""The main window's 管理 menu: 账号管理 opens the account panel in a window of its own (administrators only)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMainWindow, QVBoxLayout

from console.domain.workers import Role
from console.ui.actions.availability import role_of
from console.ui.admin.panel import AccountsPanel
from console.ui.texts import tr

ADMIN_ONLY = "仅管理员可用"


class AdminLauncher(QObject):
    """Owns the 账号管理 window of one main window."""

    def __init__(self, window: QMainWindow, session) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.dialog: QDialog | None = None
        self.action = QAction(tr("账号管理", "Admin"), window)
        self.action.setObjectName("action_accounts")
        self.action.triggered.connect(self.open)
        menu = window.menuBar().addMenu(tr("管理(&G)", "Admin"))
        menu.setToolTipsVisible(True)
        menu.addAction(self.action)
        session.connection_changed.connect(self._update)
        self._update()

    @property
    def panel(self) -> AccountsPanel | None:
        return self.dialog.findChild(AccountsPanel) if self.dialog is not None else None

    def open(self) -> QDialog | None:
        """Show (or bring forward) the account window; nothing for a role other than administrator."""
        if role_of(getattr(self.session, "role", "")) is not Role.ADMIN:
            return None
        if self.dialog is None:
            dialog = QDialog(self.window)
            dialog.setObjectName("accountsWindow")
            dialog.setWindowTitle(tr("账号管理", "Admin"))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            QVBoxLayout(dialog).addWidget(AccountsPanel(self.session, dialog))
            dialog.resize(900, 560)
            dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
            self.dialog = dialog
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _update(self, *_args) -> None:
        admin = role_of(getattr(self.session, "role", "")) is Role.ADMIN
        self.action.setEnabled(admin)
        self.action.setToolTip("" if admin else tr(ADMIN_ONLY, "Admin"))
