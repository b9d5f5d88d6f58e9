"""Sliding-window counts the risk rules read: appended as events arrive, never rebuilt by rescanning history.

A :class:`Windows` keeps, per key (an address, a grid and family, a set of parties), the ``(at, id)`` of each
counted item in time order and drops those older than its longest window when the key is next touched.
"""

from __future__ import annotations

import re
from collections import deque

_PARTY_SPLIT = re.compile(r"[、,，;；/\s]+|与|和|及")


class Windows:
    """Per-key time-ordered items within ``keep_ms`` of the latest one."""

    __slots__ = ("_items", "keep_ms")

    def __init__(self, keep_ms: int) -> None:
        self.keep_ms = keep_ms
        self._items: dict[str, deque[tuple[int, str]]] = {}

    def add(self, key: str, at: int, item: str) -> deque[tuple[int, str]]:
        """Count ``item`` at ``at`` under ``key``; returns the key's items (oldest first), pruned."""
        items = self._items.get(key)
        if items is None:
            items = self._items[key] = deque()
        items.append((at, item))
        floor = at - self.keep_ms
        while items and items[0][0] < floor:
            items.popleft()
        return items

    def get(self, key: str) -> deque[tuple[int, str]]:
        return self._items.get(key) or deque()

    def __len__(self) -> int:
        return len(self._items)


def within(items: deque[tuple[int, str]], now_ms: int, window_ms: int) -> list[str]:
    """The ids of ``items`` no older than ``window_ms`` before ``now_ms`` (and not after it), oldest first."""
    out: list[str] = []
    floor = now_ms - window_ms
    for at, item in reversed(items):
        if at < floor:
            break
        if at <= now_ms:
            out.append(item)
    out.reverse()
    return out


def parties_key(parties: str) -> str:
    """The same parties however they are written: names split on separators (、 , ; 与 和 及), sorted."""
    names = sorted({p.strip() for p in _PARTY_SPLIT.split(parties) if p.strip()})
    return "、".join(names) if len(names) >= 2 else ""
