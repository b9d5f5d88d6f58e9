"""Start-up safety: a relay reachable from other machines must not accept the published demo passwords,
and should not speak plain ws:// without saying so."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from console.domain.passwords import verify_password
from console.store.store import AccountRow

EXIT_DEMO_ACCOUNTS = 3  # ``jingwang relay`` exit code when it refuses to expose demo accounts


class DemoAccountsExposed(Exception):
    """Accounts still use a published demo password and the relay would listen beyond loopback."""

    def __init__(self, host: str, names: Sequence[str]) -> None:
        shown = "、".join(names[:8]) + (f" 等 {len(names)} 个" if len(names) > 8 else "")
        super().__init__(
            f"拒绝在 {host} 上监听：账户 {shown} 仍使用公开的演示密码，其他机器上的任何人都能登录。"
            "请先修改这些账户的密码（jingwang db password 用户名）；仅供演示时可加 --allow-demo-accounts。\n"
            f"refusing to listen on {host}: {len(names)} account(s) still use a published demo password;"
            " change them (jingwang db password USER), or pass --allow-demo-accounts for a demo"
        )
        self.names = list(names)


def is_loopback(host: str) -> bool:
    """True when ``host`` is reachable only from this machine (a name other than localhost counts as not)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def demo_password_accounts(accounts: Iterable[AccountRow], passwords: Sequence[str]) -> list[str]:
    """Names of the enabled accounts whose password is one of ``passwords``."""
    return [a.name for a in accounts
            if not a.disabled and any(verify_password(pw, a.password_hash) for pw in passwords)]


def check_exposure(host: str, tls: bool, accounts: Iterable[AccountRow], passwords: Sequence[str], *,
                   allow_demo: bool) -> list[str]:
    """Warnings to print before listening on ``host``; raises :class:`DemoAccountsExposed` to refuse."""
    if is_loopback(host):
        return []
    warnings = []
    if not tls:
        warnings.append(f"警告：中继在 {host} 上以明文 ws:// 监听，密码和业务数据在网络上不加密；"
                        "请使用 --tls-cert/--tls-key。\n"
                        f"WARNING: listening on {host} without TLS: passwords and data cross the network in clear")
    exposed = demo_password_accounts(accounts, passwords)
    if exposed and not allow_demo:
        raise DemoAccountsExposed(host, exposed)
    if exposed:
        warnings.append(f"警告：{len(exposed)} 个账户仍使用公开的演示密码（--allow-demo-accounts），仅限演示！\n"
                        f"WARNING: {len(exposed)} account(s) accept published demo passwords (--allow-demo-accounts)")
    return warnings
