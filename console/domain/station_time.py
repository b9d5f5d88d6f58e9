"""Station time: every local date and time the program shows or computes, in one configured zone.

The station's zone (default ``Asia/Shanghai``; ``JINGWANG_STATION_TZ`` through
:func:`console.config.apply_station_zone`) is used for the console, timelines, summaries, exports,
replay days and shifts and incident reports, whatever zone the computer itself is set to.
"Now" comes from :func:`console.domain.clock.now_ms`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from console.domain.clock import now_ms

DEFAULT_ZONE = "Asia/Shanghai"
DAY_MS = 86_400_000

_zone = ZoneInfo(DEFAULT_ZONE)


def zone() -> ZoneInfo:
    """The station's time zone."""
    return _zone


def use_zone(name: str) -> ZoneInfo:
    """Make ``name`` (an IANA zone such as ``Asia/Shanghai``) the station's zone; returns the previous one."""
    global _zone
    previous, _zone = _zone, ZoneInfo(name)
    return previous


def local(ms: int) -> datetime:
    """The station's wall-clock time of an epoch-ms timestamp (zone-aware)."""
    return datetime.fromtimestamp(ms / 1000, _zone)


def naive(ms: int) -> datetime:
    """:func:`local` without the zone, for writers that take naive times (XLSX cells)."""
    return local(ms).replace(tzinfo=None)


def to_ms(wall: datetime) -> int:
    """Epoch ms of a station wall-clock time (a naive datetime is read as station time)."""
    if wall.tzinfo is None:
        wall = wall.replace(tzinfo=_zone)
    return int(wall.timestamp() * 1000)


def day_of(ms: int) -> date:
    """The station's calendar day at ``ms``."""
    return local(ms).date()


def today() -> date:
    """The station's calendar day now."""
    return day_of(now_ms())


def day_start(day: date) -> int:
    """Epoch ms of the station's midnight that starts ``day``."""
    return to_ms(datetime(day.year, day.month, day.day))


def day_bounds(day: date) -> tuple[int, int]:
    """``(start_ms, end_ms)`` of the station's ``day``, midnight to midnight."""
    return day_start(day), day_start(day + timedelta(days=1))


def start_of_day(ms: int) -> int:
    """The station's midnight before ``ms``."""
    return day_start(day_of(ms))


def utc_offset_ms(ms: int) -> int:
    """The station's offset from UTC at ``ms`` (+8 h for Asia/Shanghai)."""
    offset = local(ms).utcoffset()
    return int(offset.total_seconds() * 1000) if offset else 0


def fmt(ms: int, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
    """``ms`` in station time by a ``strftime`` pattern."""
    return local(ms).strftime(pattern)


def fmt_date(day: date) -> str:
    """A date the way the console writes one: ``2026-12-07``."""
    return day.isoformat()
