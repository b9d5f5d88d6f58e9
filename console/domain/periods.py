"""Assessment periods (每月通报、每季问效、全年考核): week, month, quarter, year or any range of days.

A period is the half-open range of station-time calendar days ``[first, last + 1)``; each has a label
(``2026-W48``, ``2026-11``, ``2026Q4``, ``2026``, ``2026-11-03~2026-11-20``) and a previous period of the
same kind (the week, month, quarter or year before; for a range, as many days just before it), which
the assessment ranks against. Bad text raises ``DomainError`` E_FIELD with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from console.domain import station_time
from console.domain.errors import DomainError
from console.domain.summary import Period

KINDS = ("week", "month", "quarter", "year", "range")
KIND_LABELS = {"week": "周", "month": "月", "quarter": "季度", "year": "年度", "range": "时段"}
MAX_RANGE_DAYS = 3 * 366


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """A calendar period: ``kind`` (week/month/quarter/year/range) and its first and last day (inclusive)."""

    kind: str
    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "month":
            return f"{self.first.year}-{self.first.month:02d}"
        if self.kind == "quarter":
            return f"{self.first.year}Q{(self.first.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.first.year)
        return f"{self.first}~{self.last}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def period(self) -> Period:
        """The station-time range ``[first 00:00, last + 1 day 00:00)``."""
        return Period(station_time.day_start(self.first),
                      station_time.day_start(self.last + dt.timedelta(days=1)), self.label)

    def previous(self) -> PeriodSpec:
        """The period of the same kind just before this one."""
        if self.kind == "week":
            return week(self.first - dt.timedelta(days=7))
        if self.kind == "month":
            return month((self.first - dt.timedelta(days=1)).replace(day=1))
        if self.kind == "quarter":
            return quarter((self.first - dt.timedelta(days=1)).replace(day=1))
        if self.kind == "year":
            return year(self.first.year - 1)
        return PeriodSpec("range", self.first - dt.timedelta(days=self.days), self.first - dt.timedelta(days=1))

    def contains(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def week(day: dt.date) -> PeriodSpec:
    """The ISO week (Monday to Sunday) holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return PeriodSpec("week", monday, monday + dt.timedelta(days=6))


def month(day: dt.date) -> PeriodSpec:
    """The calendar month holding ``day``."""
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return PeriodSpec("month", first, nxt - dt.timedelta(days=1))


def quarter(day: dt.date) -> PeriodSpec:
    """The calendar quarter holding ``day``."""
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = month(dt.date(first.year, first.month + 2, 1)).last
    return PeriodSpec("quarter", first, last)


def year(value: int) -> PeriodSpec:
    return PeriodSpec("year", dt.date(value, 1, 1), dt.date(value, 12, 31))


def days_range(first: dt.date, last: dt.date) -> PeriodSpec:
    """Any range of whole days, ``first`` to ``last`` inclusive (at most three years)."""
    if last < first:
        raise DomainError("E_FIELD", f"结束日期 {last} 早于开始日期 {first} / range ends before it starts")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise DomainError("E_FIELD", f"时间段过长（最多 {MAX_RANGE_DAYS} 天）/ range too long")
    return PeriodSpec("range", first, last)


def parse(kind: str, text: str) -> PeriodSpec:
    """``parse("month", "2026-11")``, ``("week", "2026-W48")``, ``("quarter", "2026Q4")``, ``("year", "2026")``,
    ``("range", "2026-11-03~2026-11-20")``."""
    text = (text or "").strip()
    try:
        if kind == "week":
            m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text, re.IGNORECASE)
            if m:
                return week(dt.date.fromisocalendar(int(m[1]), int(m[2]), 1))
        elif kind == "month":
            m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
            if m:
                return month(dt.date(int(m[1]), int(m[2]), 1))
        elif kind == "quarter":
            m = re.fullmatch(r"(\d{4})-?Q([1-4])", text, re.IGNORECASE)
            if m:
                return quarter(dt.date(int(m[1]), 3 * int(m[2]) - 2, 1))
        elif kind == "year":
            if re.fullmatch(r"\d{4}", text):
                return year(int(text))
        elif kind == "range":
            first, sep, last = text.partition("~")
            if sep:
                return days_range(dt.date.fromisoformat(first.strip()), dt.date.fromisoformat(last.strip()))
        else:
            raise DomainError("E_FIELD", f"周期应为 {'/'.join(KINDS)} / period kind: {kind!r}")
    except ValueError:
        pass
    examples = {"week": "2026-W48", "month": "2026-11", "quarter": "2026Q4", "year": "2026",
                "range": "2026-11-03~2026-11-20"}
    raise DomainError("E_FIELD", f"{KIND_LABELS.get(kind, kind)}无效 {text!r}，应如 {examples.get(kind, '')} "
                                 f"/ bad {kind}: {text!r}")
