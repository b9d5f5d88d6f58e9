"""The station chief's daily summary and KPIs, read from the shared database (never written).

What the summary view, the PDF/XLSX exports and ``jingwang summary`` call:

- :func:`build_daily_summary` — everything on the page, as a :class:`DailySummary`;
- :func:`drill_down` — the incidents, orders, submissions or grids behind any number;
- :func:`compute_kpis` — one scope (worker, grid, community, 警格, station, district) over any period;
- :func:`day_period` / :func:`days_period` — China-time calendar periods.

Definitions of the KPIs: :mod:`console.kpi.definitions` and ``docs/KPI.md``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from sqlalchemy import Connection, func, select

from console.domain import station_time
from console.domain.clock import now_ms as clock_now_ms
from console.domain.errors import DomainError
from console.domain.incidents import categories
from console.domain.summary import (
    CategoryCount,
    DailySummary,
    ItemRef,
    KpiSet,
    Period,
    Scope,
    WorkerRow,
)
from console.kpi.config import KpiConfig, default_config
from console.kpi.definitions import KPIS, I
from console.kpi.engine import Groups, aggregate, context, kpi_set
from console.kpi.items import drill, grid_items, overdue_items, referrals_waiting, reported_in
from console.kpi.places import Places
from console.store.store import Store

HOUR_MS = 3_600_000
WEEK_DAYS = 7
PARTS = ("numerator", "denominator")


def day_period(day: dt.date) -> Period:
    """The station's calendar day ``day`` as a period labelled ``YYYY-MM-DD``."""
    return days_period(day, 1)


def days_period(first: dt.date, days: int, label: str = "") -> Period:
    """``days`` station-time calendar days from ``first``; the label defaults to ``first`` or ``first~last``."""
    last = first + dt.timedelta(days=days - 1)
    start, end = station_time.day_start(first), station_time.day_bounds(last)[1]
    return Period(start, end, label or (first.isoformat() if days == 1 else f"{first}~{last}"))


def compute_kpis(store: Store, scope: Scope, period: Period, *, config: KpiConfig | None = None,
                 now_ms: int | None = None) -> KpiSet:
    """Every KPI of ``scope`` over ``period``, with score and grade, as known at ``min(period end, now)``.

    An unknown scope kind raises DomainError E_FIELD, an unknown code E_NOT_FOUND.
    """
    config = config or default_config()
    ctx = context(checked_period(period), now_or(now_ms), config)
    with read_snapshot(store) as conn:
        places = Places.load(conn)
        scope = _resolve(places, scope)
        return kpi_set(scope, period, aggregate(conn, places, scope, ctx)[scope.code], config)


def drill_down(store: Store, kpi_code: str, scope: Scope, period: Period, part: str = "numerator", *,
               config: KpiConfig | None = None, now_ms: int | None = None, limit: int = 1000,
               family: str = "") -> list[ItemRef]:
    """The items counted in the numerator (or denominator) of ``kpi_code`` for ``scope`` over ``period``.

    Incidents, orders and submissions newest first; grids for 巡查覆盖率; grid workers for the records due
    of 信息采集率; nothing for the denominator of an amount. ``family`` (e.g. "20") keeps the incidents of
    one category family: the incidents behind a bar of ``by_category`` are
    ``drill_down(store, "close_rate", station, day, "denominator", family="20")``, those behind an hour of
    ``by_hour`` the same over that hour's period. Bad arguments raise DomainError (E_FIELD / E_NOT_FOUND).
    """
    if kpi_code not in KPIS:
        raise DomainError("E_NOT_FOUND", f"指标 {kpi_code!r}")
    if part not in PARTS:
        raise DomainError("E_FIELD", f"part 应为 numerator/denominator: {part!r}")
    config = config or default_config()
    ctx = context(checked_period(period), now_or(now_ms), config)
    with read_snapshot(store) as conn:
        places = Places.load(conn)
        return drill(conn, places, KPIS[kpi_code], part, _resolve(places, scope), ctx, limit, family)


def station_names(store: Store) -> dict[str, str]:
    """Police station code -> name, from the reference tables only (no incident is loaded)."""
    with store.engine.connect() as conn:
        return Places.load(conn).stations


def grids_of(store: Store, kind: str, code: str) -> list[str]:
    """The grid codes a place covers (station, 警格, community, grid, a worker's own; empty when unknown)."""
    with store.engine.connect() as conn:
        return Places.load(conn).grids_of(Scope(kind, code, ""))


def build_daily_summary(store: Store, date: dt.date, station_code: str, *, config: KpiConfig | None = None,
                        now_ms: int | None = None) -> DailySummary:
    """The station chief's day ``date`` for station ``station_code`` (E_NOT_FOUND if there is no such station)."""
    config = config or default_config()
    now = now_or(now_ms)
    today, yesterday = day_period(date), day_period(date - dt.timedelta(days=1))
    week = days_period(date - dt.timedelta(days=WEEK_DAYS), WEEK_DAYS)
    with read_snapshot(store) as conn:
        places = Places.load(conn)
        station = places.scope("station", station_code)
        sets = {}
        for name, period, per in (("today", today, 1), ("yesterday", yesterday, 1), ("week", week, WEEK_DAYS)):
            totals = aggregate(conn, places, station, context(period, now, config))[station.code]
            sets[name] = kpi_set(station, period, totals, config, per=per)
        ctx = context(today, now, config)
        workers = _worker_rows(conn, places, station, today, ctx, config)
        notes = [f"数据截至 {_clock(now)}"] if now < today.end_ms else []
        return DailySummary(
            date=date, station=station, generated_at_ms=now,
            today=sets["today"], yesterday=sets["yesterday"], week_average=sets["week"],
            by_category=_by_category(conn, station, ctx),
            by_hour=_by_hour(conn, station, ctx),
            by_hour_yesterday=_by_hour(conn, station, context(yesterday, now, config)),
            overdue=overdue_items(conn, places, station, now),
            referrals_waiting=referrals_waiting(conn, places, station, now),
            workers=workers,
            uncovered_grids=grid_items(conn, places, places.grids_of(station), ctx, only_covered=False),
            notes=notes,
        )


def _worker_rows(conn: Connection, places: Places, station: Scope, period: Period, ctx, config) -> list[WorkerRow]:
    members = [Scope("worker", w.id, w.name) for w in places.grid_workers_of(station)]
    if not members:
        return []
    totals = aggregate(conn, places, station, ctx, Groups("worker", members))
    rows = []
    for s in members:
        grid = places.workers[s.code].grid_code
        rows.append(WorkerRow(s.code, s.name, grid, places.grids.get(grid, ("", ""))[0],
                              kpi_set(s, period, totals[s.code], config)))
    return rows


def _by_category(conn: Connection, station: Scope, ctx) -> list[CategoryCount]:
    q = (select(I.family, func.count()).where(reported_in(ctx, station), I.reported_at < ctx.cut_ms)
         .group_by(I.family).order_by(I.family))
    names = categories()
    return [CategoryCount(family, _family_name(names, family), int(n)) for family, n in conn.execute(q)]


def _family_name(names, family: str) -> str:
    cat = names.get(family + "0000")
    return cat.name if cat else family


def _by_hour(conn: Connection, station: Scope, ctx) -> list[int]:
    counts = [0] * 24
    for (at,) in conn.execute(select(I.reported_at).where(reported_in(ctx, station), I.reported_at < ctx.cut_ms)):
        counts[(at - ctx.start_ms) // HOUR_MS % 24] += 1
    return counts


def _resolve(places: Places, scope: Scope) -> Scope:
    return places.scope(scope.kind, scope.code)


def checked_period(period: Period) -> Period:
    """``period``, or DomainError E_FIELD when it is empty."""
    if period.end_ms <= period.start_ms:
        raise DomainError("E_FIELD", f"时间段结束应晚于开始 / empty period: {period.label}")
    return period


def now_or(now_ms: int | None) -> int:
    """``now_ms``, or the clock's now when None."""
    return clock_now_ms() if now_ms is None else now_ms


def _clock(ms: int) -> str:
    return station_time.fmt(ms, "%H:%M")


@contextmanager
def read_snapshot(store: Store):
    """A read-only connection seeing one snapshot of the database (REPEATABLE READ on PostgreSQL)."""
    conn = store.engine.connect()
    try:
        if store.dialect == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn
    finally:
        conn.close()
