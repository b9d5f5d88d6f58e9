"""What the login dialog says, in Chinese, about a connection attempt."""

from __future__ import annotations

from console.net.client import AuthenticationFailed, LoginDeferred


def refusal_text(error: AuthenticationFailed | LoginDeferred) -> str:
    """Why the relay refused the login: wrong password, too many tries, locked account."""
    reason = str(error) or "用户名或密码错误"
    if isinstance(error, LoginDeferred):
        return f"暂时不能登录：{reason}"
    return f"登录失败：{reason}。请检查用户名和密码后重试。"


def unreachable_text(url: str, detail: str) -> str:
    """The relay at ``url`` does not answer; the client keeps trying."""
    return f"无法连接中继 {url}（{detail}），正在重试… 请确认中继已启动、地址和端口正确。"


def station_text(account: str, role: str, station: str) -> str:
    """Who is logged in, and for which station."""
    return f"已登录：{account}（{role}）· {station or '未配置派出所'}"
