"""研判 (analysis) of a station or the district over a period, as plain data: hot spots by category family over
7/30/90 days (grid ranking), repeat addresses, a day-of-week × hour heat grid, disputes by 调处分级 and the
warnings with how they were closed. :mod:`console.services.analysis` builds it; the view, the PDF and
``jingwang analysis`` only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from console.domain.summary import Period, Scope

WINDOWS = (7, 30, 90)  # days ending at the period's end (or now)
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True, slots=True)
class HotSpot:
    """Incidents of one category family in one grid over the last 7, 30 and 90 days."""

    family: str
    family_name: str
    grid_code: str
    grid_name: str
    counts: tuple[int, int, int]  # per :data:`WINDOWS`


@dataclass(frozen=True, slots=True)
class RepeatAddress:
    """An address with several incidents in the period."""

    address: str
    grid_code: str
    count: int
    families: str  # e.g. "治安案件 3，群众求助 1"
    last_at_ms: int


@dataclass(frozen=True, slots=True)
class WarningClosure:
    """The warnings of one rule raised in the period and what became of them."""

    rule: str
    label: str
    raised: int
    closed: int
    closed_on_time: int
    open_overdue: int
    mean_close_hours: float | None


@dataclass(frozen=True, slots=True)
class Analysis:
    scope: Scope
    period: Period
    as_of_ms: int  # the cut-off: min(period end, now); the 7/30/90-day windows end here
    hot_spots: list[HotSpot]
    repeat_addresses: list[RepeatAddress]
    heat: list[list[int]]  # [weekday Monday=0][hour 0..23] incidents reported in the period
    disputes_by_grade: dict[str, int]  # red/orange/yellow/green/"" (ungraded) -> dispute records in force
    warnings: list[WarningClosure]
    notes: list[str] = field(default_factory=list)

    def ranking(self, family: str = "", window: int = 30) -> list[tuple[str, str, int]]:
        """``[(grid code, grid name, count)]`` best (highest) first over ``window`` days, one family or all."""
        i = WINDOWS.index(window)
        totals: dict[str, tuple[str, int]] = {}
        for h in self.hot_spots:
            if not family or h.family == family:
                name, n = totals.get(h.grid_code, (h.grid_name, 0))
                totals[h.grid_code] = (name, n + h.counts[i])
        rows = [(code, name, n) for code, (name, n) in totals.items() if n]
        return sorted(rows, key=lambda r: (-r[2], r[0]))

    def families(self) -> list[tuple[str, str]]:
        """``[(family, name)]`` present in the hot spots, by code."""
        return sorted({(h.family, h.family_name) for h in self.hot_spots})


def analysis_from_wire(d: dict) -> Analysis:
    """Inverse of :func:`console.domain.summary.to_wire` for an :class:`Analysis` (relay queries)."""
    return Analysis(
        Scope(**d["scope"]), Period(**d["period"]), d["as_of_ms"],
        [HotSpot(h["family"], h["family_name"], h["grid_code"], h["grid_name"], tuple(h["counts"]))
         for h in d["hot_spots"]],
        [RepeatAddress(**r) for r in d["repeat_addresses"]], [list(row) for row in d["heat"]],
        dict(d["disputes_by_grade"]), [WarningClosure(**w) for w in d["warnings"]], list(d["notes"]))
