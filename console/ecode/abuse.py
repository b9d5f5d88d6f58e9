"""Limits on the public e码: reports per client address, per door plate and overall, and blocked senders.

A sliding window per key (the timestamps of its recent reports); a request is admitted only when
every window has room, and only then counted. A sender the desk marked 恶意/垃圾 (its device token
and address, as keyed hashes) is refused until the block runs out.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from console import config
from console.domain.clock import now_s


@dataclass(frozen=True, slots=True)
class PublicLimits:
    """Defaults: 5 reports per address per 10 min, 30 per plate per hour, 120 a minute in all, 24 h blocks."""

    per_address: int = 5
    address_window_s: float = 600.0
    per_plate: int = 30
    plate_window_s: float = 3600.0
    total_per_min: int = 120
    block_s: float = 24 * 3600.0

    @classmethod
    def from_settings(cls) -> PublicLimits:
        return cls(per_address=config.ECODE_PER_ADDRESS.get(),
                   address_window_s=config.ECODE_ADDRESS_WINDOW_MIN.get() * 60,
                   per_plate=config.ECODE_PER_PLATE.get(), plate_window_s=config.ECODE_PLATE_WINDOW_MIN.get() * 60,
                   total_per_min=config.ECODE_TOTAL_PER_MIN.get(), block_s=config.ECODE_BLOCK_HOURS.get() * 3600)


class SlidingWindow:
    """At most ``count`` hits per key within ``window_s``."""

    def __init__(self, count: int, window_s: float) -> None:
        self.count, self.window_s = count, window_s
        self._hits: dict[str, deque[float]] = {}

    def wait(self, key: str, now: float) -> float:
        """Seconds until ``key`` may hit again (0: now)."""
        hits = self._hits.get(key)
        if hits is None:
            return 0.0
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if not hits:
            del self._hits[key]
            return 0.0
        return 0.0 if len(hits) < self.count else hits[0] + self.window_s - now

    def hit(self, key: str, now: float) -> None:
        self._hits.setdefault(key, deque()).append(now)
        if len(self._hits) > 50_000:  # forget keys whose window has passed
            for stale in [k for k, h in self._hits.items() if h[-1] <= now - self.window_s]:
                del self._hits[stale]


class Refused(Exception):
    """A public request refused: HTTP ``status`` and a Chinese ``reason``; ``retry_after`` seconds for 429."""

    def __init__(self, status: int, reason: str, retry_after: float = 0.0) -> None:
        super().__init__(reason)
        self.status, self.reason, self.retry_after = status, reason, retry_after


class AbuseGate:
    """Admits public reports within the limits and refuses blocked senders."""

    def __init__(self, limits: PublicLimits | None = None, clock: Callable[[], float] = now_s) -> None:
        self.limits = limits or PublicLimits.from_settings()
        self.clock = clock
        lim = self.limits
        self._windows = (
            ("address", SlidingWindow(lim.per_address, lim.address_window_s), "您的网络提交过于频繁"),
            ("plate", SlidingWindow(lim.per_plate, lim.plate_window_s), "该门牌近期上报过多"),
            ("total", SlidingWindow(lim.total_per_min, 60.0), "系统繁忙"),
        )
        self._blocked: dict[str, float] = {}  # tag -> blocked until (s since epoch)

    def block(self, tags: list[str], since_s: float) -> None:
        """Refuse these sender tags for ``block_s`` from ``since_s``."""
        for tag in tags:
            if tag:
                self._blocked[tag] = max(self._blocked.get(tag, 0.0), since_s + self.limits.block_s)

    def admit(self, client_tag: str, addr_tag: str, plate: str) -> None:
        """Count one report, or raise :class:`Refused` (403 blocked, 429 over a limit) without counting it."""
        now = self.clock()
        for tag in (client_tag, addr_tag):
            if tag and self._blocked.get(tag, 0.0) > now:
                raise Refused(403, "该设备或网络因恶意上报已被暂停使用扫码上报，如有紧急情况请拨打110")
        keys = {"address": addr_tag, "plate": plate, "total": "*"}
        for name, window, why in self._windows:
            wait = window.wait(keys[name], now)
            if wait > 0:
                minutes = max(1, round(wait / 60))
                raise Refused(429, f"{why}，请约{minutes}分钟后再试；紧急情况请拨打110", retry_after=wait)
        for name, window, _why in self._windows:
            window.hit(keys[name], now)
