"""人流热力 of a day or a range of days, by station-time hour of day: ``heat_cells`` (on-duty person-minutes,
e码 page views, both folded on commit) plus the incidents reported then, binned into the same cells.

A day of a district with 2,000 workers on duty is a few tens of thousands of ``heat_cells`` rows
(``python -m bench.heat``), never the day's millions of raw fixes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from console.domain import station_time
from console.domain.errors import DomainError
from console.domain.heat import HOUR_MS, HeatDay, HeatSource, cell_of
from console.domain.incidents import Status
from console.store import tables as t

MAX_DAYS = 31


def heat_days(conn: Connection, first: dt.date, last: dt.date) -> HeatDay:
    """The bins of ``first`` … ``last`` (inclusive, station time); E_FIELD for a reversed or too long range."""
    if last < first:
        raise DomainError("E_FIELD", f"结束日期 {last} 早于开始日期 {first} / the range ends before it starts")
    if (last - first).days >= MAX_DAYS:
        raise DomainError("E_FIELD", f"热力图最多 {MAX_DAYS} 天 / at most {MAX_DAYS} days")
    start, end = station_time.day_start(first), station_time.day_start(last + dt.timedelta(days=1))
    day = HeatDay(first.isoformat(), last.isoformat())
    hour_of: dict[int, int] = {}  # hour start -> station-time hour of day (zone lookups once per hour)
    H = t.heat_cells.c
    rows = conn.execute(select(H.hour_at, H.source, H.x, H.y, H.n).where(H.hour_at >= start, H.hour_at < end))
    for hour_at, source, x, y, n in rows:
        hour = hour_of.get(hour_at)
        if hour is None:
            hour = hour_of[hour_at] = station_time.local(hour_at).hour
        cells = day.bins[source][hour]
        cells[(x, y)] = cells.get((x, y), 0) + n
    incidents = day.bins[HeatSource.INCIDENTS.value]
    I = t.incidents.c  # noqa: E741
    for lng, lat, at in conn.execute(select(I.lng, I.lat, I.reported_at).where(
            I.reported_at >= start, I.reported_at < end, I.status != Status.VOID.value)):
        hour_at = at - at % HOUR_MS
        hour = hour_of.get(hour_at)
        if hour is None:
            hour = hour_of[hour_at] = station_time.local(hour_at).hour
        cell = cell_of(lng, lat)
        incidents[hour][cell] = incidents[hour].get(cell, 0) + 1
    return day
