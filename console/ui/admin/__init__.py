"""管理: the administrator's account panel (menu 管理 → 账号管理)."""

from console.ui.admin.launch import AdminLauncher
from console.ui.admin.panel import AccountsPanel

__all__ = ["AccountsPanel", "AdminLauncher"]
