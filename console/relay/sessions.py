"""Logged-in connections and their age, so the relay can end them: on expiry, or when an account is changed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from websockets.asyncio.server import ServerConnection

# Close codes in the private range (4000-4999); reasons stay under the 123-byte limit of a close frame.
SESSION_EXPIRED = (4001, "会话已过期，请重新登录 / session expired")
ACCOUNT_DISABLED = (4003, "账户已停用 / account disabled")
TAKEN_OVER = (4002, "已在其他设备登录 / signed in on another device")
PASSWORD_RESET = (4004, "密码已被管理员重置，请重新登录 / password reset")
ACCOUNT_CHANGED = (4005, "账户角色或范围已变更，请重新登录 / account changed")
PAGE_WORKSTATION = "web:"  # how the relay's pages (/field/, /dept/) name their workstation: web:<browser>


def is_page(workstation: str) -> bool:
    """Whether a login comes from one of the relay's pages (a phone or a browser), not a desk console."""
    return workstation.startswith(PAGE_WORKSTATION)


class Sessions:
    """Which account each authenticated connection is, and since when (clock seconds)."""

    def __init__(self, clock: Callable[[], float], max_age_s: float) -> None:
        self._clock = clock
        self.max_age_s = max_age_s
        self._open: dict[ServerConnection, tuple[str, float]] = {}
        self._pages: dict[str, ServerConnection] = {}  # account -> its one live page connection
        self._closing: set[asyncio.Task] = set()

    def open(self, ws: ServerConnection, account: str) -> None:
        self._open[ws] = (account, self._clock())

    def forget(self, ws: ServerConnection) -> None:
        self._open.pop(ws, None)
        for account in [a for a, page in self._pages.items() if page is ws]:
            del self._pages[account]

    def claim_page(self, ws: ServerConnection, account: str) -> ServerConnection | None:
        """``ws`` is now the one page session of ``account``; returns the earlier one, which the caller closes."""
        earlier = self._pages.get(account)
        self._pages[account] = ws
        return earlier if earlier is not ws else None

    def close_account(self, account: str, why: tuple[int, str] = ACCOUNT_DISABLED) -> int:
        """Close every connection of ``account`` (disabled, password reset, role changed); returns how many."""
        return self._close([ws for ws, (name, _) in self._open.items() if name == account], why)

    def take_over(self, ws: ServerConnection) -> None:
        """Close ``ws``: the same account logged in on another phone (one live session per phone login)."""
        self._close([ws], TAKEN_OVER)

    def close_expired(self) -> int:
        """Close every connection logged in longer than ``max_age_s``; returns how many."""
        oldest = self._clock() - self.max_age_s
        return self._close([ws for ws, (_, since) in self._open.items() if since <= oldest], SESSION_EXPIRED)

    def _close(self, connections: list[ServerConnection], why: tuple[int, str]) -> int:
        for ws in connections:
            self._open.pop(ws, None)
            task = asyncio.ensure_future(ws.close(*why))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        return len(connections)
