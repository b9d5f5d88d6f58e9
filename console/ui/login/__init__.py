"""登录: the login dialog that opens the console when no password is given in the environment."""

from console.ui.login.dialog import LoginDialog

__all__ = ["LoginDialog"]
