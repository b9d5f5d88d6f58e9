"""What the login dialog says (in the UI's language) about a connection attempt."""

from __future__ import annotations

from console.net.client import AuthenticationFailed, LoginDeferred
from console.ui.texts import tr


def refusal_text(error: AuthenticationFailed | LoginDeferred) -> str:
    """Why the relay refused the login: wrong password, too many tries, locked account."""
    reason = str(error) or tr("用户名或密码错误", "Login")
    if isinstance(error, LoginDeferred):
        return tr("暂时不能登录：{reason}", "Login").format(reason=reason)
    return tr("登录失败：{reason}。请检查用户名和密码后重试。", "Login").format(reason=reason)


def unreachable_text(url: str, detail: str) -> str:
    """The relay at ``url`` does not answer; the client keeps trying."""
    return tr("无法连接中继 {url}（{detail}），正在重试… 请确认中继已启动、地址和端口正确。", "Login").format(
        url=url, detail=detail)


def station_text(account: str, role: str, station: str) -> str:
    """Who is logged in, and for which station."""
    return tr("已登录：{account}（{role}）· {station}", "Login").format(
        account=account, role=role, station=station or tr("未配置派出所", "Login"))
