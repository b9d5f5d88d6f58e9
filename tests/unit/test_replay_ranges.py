"""Replay ranges: a day and the shifts, in China time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from console.domain.errors import DomainError
from console.replay.ranges import day_range, shift_range


def utc(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


def test_day_and_shifts_are_china_time():
    start, end = day_range(date(2026, 11, 22))
    assert utc(start) == datetime(2026, 11, 21, 16, tzinfo=UTC) and end - start == 24 * 3_600_000
    day = shift_range(date(2026, 11, 22), "day")
    night = shift_range(date(2026, 11, 22), "night")
    assert utc(day[0]) == datetime(2026, 11, 22, 0, tzinfo=UTC) and day[1] == night[0]
    assert utc(night[1]) == datetime(2026, 11, 23, 0, tzinfo=UTC)
    with pytest.raises(DomainError, match="E_FIELD"):
        shift_range(date(2026, 11, 22), "noon")

