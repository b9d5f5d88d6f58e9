"""Working days in station time (Asia/Shanghai by default) by the official holiday calendar, with 调休
make-up working days.

Holidays and make-up days come from the ``chinesecalendar`` package. For years it does not cover
(:func:`covered_years`) Saturday and Sunday are the rest days and every other day is a working day.

Working time is counted in whole calendar days of station time: a working day contributes all of its
24 hours, a rest day none. A span of working time started at ``t`` therefore:

- starts at ``t`` itself when ``t`` falls on a working day, else at 00:00 of the next working day;
- ends at the first instant at which that much working time has elapsed, skipping rest days, so
  N whole working days started at 10:00 on a working day end at 10:00 on the Nth working day after it;
- when it ends exactly at midnight, ends at 24:00 of the last working day it counts, which is 00:00 of the
  next calendar day even if that day is a rest day (1 working day from Friday 00:00 ends Saturday 00:00).

Times are ``int`` milliseconds since the Unix epoch (UTC).
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache

import chinese_calendar
from chinese_calendar.constants import holidays as _PACKAGE_HOLIDAYS

from console.domain import station_time

DAY_MS = 86_400_000
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@cache
def covered_years() -> range:
    """The years whose holidays and make-up days the installed calendar knows; others use Saturday/Sunday."""
    years = [day.year for day in _PACKAGE_HOLIDAYS]
    return range(min(years), max(years) + 1)


def china_date(ms: int) -> date:
    """The calendar date in station time of the instant ``ms``."""
    return station_time.day_of(ms)


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day (a weekday that is no holiday, or a 调休 make-up day)."""
    return _is_working(day.toordinal() - _EPOCH_ORDINAL)


def add_working_days(start_ms: int, days: float) -> int:
    """The instant at which ``days`` working days (each 24 h of working time, fractions allowed) started at
    ``start_ms`` have elapsed; see the module docstring for rest-day starts and midnight ends."""
    return add_working_ms(start_ms, round(days * DAY_MS))


def add_working_ms(start_ms: int, working_ms: int) -> int:
    """The instant at which ``working_ms`` of working time started at ``start_ms`` has elapsed."""
    if working_ms < 0:
        raise ValueError(f"working time must not be negative: {working_ms}")
    day = _day_number(start_ms)
    clock = start_ms - _start_of(day)
    if not _is_working(day):
        clock = 0  # the count starts at 00:00 of the next working day
    whole_days, rest = divmod(clock + working_ms, DAY_MS)
    if rest == 0 and whole_days > 0:  # ends at 24:00 of the last working day counted
        return _start_of(_working_day(day, whole_days - 1) + 1)
    return _start_of(_working_day(day, whole_days)) + rest


def _day_number(ms: int) -> int:
    return station_time.day_of(ms).toordinal() - _EPOCH_ORDINAL


def _start_of(day_number: int) -> int:
    return station_time.day_start(date.fromordinal(day_number + _EPOCH_ORDINAL))


@cache
def _is_working(day_number: int) -> bool:
    day = date.fromordinal(day_number + _EPOCH_ORDINAL)
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package has no data for
        return day.weekday() < 5


@lru_cache(maxsize=1 << 16)
def _working_day(day_number: int, count: int) -> int:
    """The day number of the working day ``count`` working days after the first working day on or after
    ``day_number`` (``count`` 0 is that first working day itself)."""
    while not _is_working(day_number):
        day_number += 1
    for _ in range(count):
        day_number += 1
        while not _is_working(day_number):
            day_number += 1
    return day_number
