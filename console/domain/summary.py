"""The daily summary as plain data: what the KPI engine produces and the summary view and exports show.

Nothing here computes; :mod:`console.services.summary` builds a :class:`DailySummary` from the
database, and the view (``console/ui/summary``), the PDF and the XLSX export only read it. Through the
relay (query ``summary.daily``) it travels as :func:`to_wire` and comes back with :func:`summary_from_wire`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Scope:
    """Who a figure is about: ``kind`` is worker, grid, community, police_grid, station or district."""

    kind: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open time range [start_ms, end_ms) in epoch milliseconds, with a label such as 2026-11-21."""

    start_ms: int
    end_ms: int
    label: str


@dataclass(frozen=True, slots=True)
class KpiValue:
    """One rate or amount: ``value`` is numerator / denominator (or the amount), None when undefined."""

    code: str  # stable identifier, e.g. "hazard_check_rate"
    name: str  # 隐患排查率
    numerator: float
    denominator: float
    value: float | None
    unit: str  # "%", "分钟", "件"
    higher_is_better: bool


@dataclass(frozen=True, slots=True)
class KpiSet:
    """Every KPI of one scope over one period, with the composite score and grade (好/较好/一般/差)."""

    scope: Scope
    period: Period
    values: dict[str, KpiValue]
    score: float | None
    grade: str | None


@dataclass(frozen=True, slots=True)
class ItemRef:
    """One thing behind a number, for drill-down and the lists: an incident, order, submission or grid."""

    kind: str  # "incident" | "order" | "submission" | "grid" | "worker" (records due, 信息采集率)
    id: str
    title: str  # e.g. "200200 治安纠纷 · 平江路 12 号"
    status: str
    at_ms: int  # reported / issued / submitted
    grid_code: str = ""
    worker_name: str = ""
    detail: str = ""  # e.g. "超期 3 小时 12 分", "转办 600600 城管执法 · 待反馈"


@dataclass(frozen=True, slots=True)
class WorkerRow:
    """A grid worker's line in the assessment table."""

    worker_id: str
    name: str
    grid_code: str
    grid_name: str
    kpis: KpiSet


@dataclass(frozen=True, slots=True)
class CategoryCount:
    """Incidents of one category family (first two digits of the 110 code) in the period."""

    family: str  # "20"
    name: str  # "治安"
    count: int


@dataclass(frozen=True, slots=True)
class DailySummary:
    """A station chief's day: today against yesterday and the 7-day average, and what needs attention."""

    date: dt.date
    station: Scope
    generated_at_ms: int
    today: KpiSet
    yesterday: KpiSet
    week_average: KpiSet  # mean of the 7 days before ``date``
    by_category: list[CategoryCount]
    by_hour: list[int]  # 24 counts of incidents reported today, hour 0..23 (local time)
    by_hour_yesterday: list[int]
    overdue: list[ItemRef]
    referrals_waiting: list[ItemRef]  # referred to a department, no feedback yet
    workers: list[WorkerRow]
    uncovered_grids: list[ItemRef]  # grids below the required coverage today
    notes: list[str] = field(default_factory=list)  # e.g. "数据截至 17:40"


# -- the wire form (relay queries) -------------------------------------------------------------------

def to_wire(value):
    """Any value of this module (nested dataclasses, lists, dicts) as JSON-ready data; dates as ISO text."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_wire(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    return value


def item_from_wire(d: dict) -> ItemRef:
    return ItemRef(**d)


def kpi_set_from_wire(d: dict) -> KpiSet:
    return KpiSet(Scope(**d["scope"]), Period(**d["period"]), {k: KpiValue(**v) for k, v in d["values"].items()},
                  d["score"], d["grade"])


def summary_from_wire(d: dict) -> DailySummary:
    """Inverse of :func:`to_wire` for a :class:`DailySummary`."""
    items = lambda key: [item_from_wire(i) for i in d[key]]  # noqa: E731
    return DailySummary(
        date=dt.date.fromisoformat(d["date"]), station=Scope(**d["station"]), generated_at_ms=d["generated_at_ms"],
        today=kpi_set_from_wire(d["today"]), yesterday=kpi_set_from_wire(d["yesterday"]),
        week_average=kpi_set_from_wire(d["week_average"]),
        by_category=[CategoryCount(**c) for c in d["by_category"]], by_hour=list(d["by_hour"]),
        by_hour_yesterday=list(d["by_hour_yesterday"]), overdue=items("overdue"),
        referrals_waiting=items("referrals_waiting"),
        workers=[WorkerRow(w["worker_id"], w["name"], w["grid_code"], w["grid_name"], kpi_set_from_wire(w["kpis"]))
                 for w in d["workers"]],
        uncovered_grids=items("uncovered_grids"), notes=list(d["notes"]),
    )
