"""研判: a station's (or the district's) analysis over a period, in SQL over the KPI fact tables (incidents)
plus the records (disputes by 调处分级) and warnings projections. Read only; bad arguments raise DomainError.

A year of a station's 520,000 incidents is four grouped queries over one clustered range of
``kpi_incidents`` (``python -m bench.analysis``).
"""

from __future__ import annotations

import json

from sqlalchemy import Connection, and_, func, select

from console.domain import station_time
from console.domain.analysis import WINDOWS, Analysis, HotSpot, RepeatAddress, WarningClosure
from console.domain.incidents import categories
from console.domain.risk.config import GRADES, RULE_LABELS
from console.domain.risk.model import Warning, WarningStatus
from console.domain.station_time import DAY_MS
from console.domain.summary import Period, Scope
from console.kpi.definitions import I
from console.kpi.engine import scope_filter
from console.kpi.places import Places
from console.services.summary import checked_period, now_or, read_snapshot
from console.store import tables as t
from console.store.store import Store

HOUR_MS = 3_600_000
REPEAT_MIN = 2
REPEAT_LIMIT = 30


def build_analysis(store: Store, period: Period, station_code: str = "", *, now_ms: int | None = None) -> Analysis:
    """The 研判 of station ``station_code`` (the district without one) over ``period``, as of ``min(end, now)``."""
    cut = min(checked_period(period).end_ms, now_or(now_ms))
    with read_snapshot(store) as conn:
        places = Places.load(conn)
        scope = places.scope("station", station_code) if station_code else places.scope("district", "")
        grids = set(places.grids_of(scope))
        names = categories()
        family_name = lambda f: names[f + "0000"].name if f + "0000" in names else f  # noqa: E731
        notes = [f"数据截至 {station_time.fmt(cut, '%Y-%m-%d %H:%M')}"] if cut < period.end_ms else []
        return Analysis(
            scope, period, cut,
            hot_spots=_hot_spots(conn, places, scope, cut, family_name),
            repeat_addresses=_repeats(conn, scope, period.start_ms, cut, family_name),
            heat=_heat(conn, scope, period.start_ms, cut),
            disputes_by_grade=_disputes(conn, grids),
            warnings=_warnings(conn, grids, period.start_ms, cut),
            notes=notes,
        )


def _reported(scope: Scope, start_ms: int, cut_ms: int):
    return and_(I.reported_at >= start_ms, I.reported_at < cut_ms, I.void.is_(False),
                scope_filter(t.kpi_incidents, scope))


def _hot_spots(conn: Connection, places: Places, scope: Scope, cut: int, family_name) -> list[HotSpot]:
    since = [cut - d * DAY_MS for d in WINDOWS]
    q = (select(I.family, I.grid_code, *(func.count().filter(I.reported_at >= s) for s in since[:-1]), func.count())
         .where(_reported(scope, since[-1], cut)).group_by(I.family, I.grid_code))
    return [HotSpot(f, family_name(f), g, places.grids.get(g, (g, ""))[0], (int(a), int(b), int(c)))
            for f, g, a, b, c in conn.execute(q)]


def _repeats(conn: Connection, scope: Scope, start: int, cut: int, family_name) -> list[RepeatAddress]:
    n = func.count().label("n")
    q = (select(I.address, func.max(I.grid_code), n, func.max(I.reported_at)).where(_reported(scope, start, cut))
         .group_by(I.address).having(func.count() >= REPEAT_MIN).order_by(n.desc(), I.address)
         .limit(REPEAT_LIMIT))
    top = conn.execute(q).all()
    if not top:
        return []
    mix: dict[str, dict[str, int]] = {}
    q = (select(I.address, I.family, func.count()).where(_reported(scope, start, cut),
                                                        I.address.in_([r[0] for r in top]))
         .group_by(I.address, I.family))
    for address, family, count in conn.execute(q):
        mix.setdefault(address, {})[family] = int(count)
    return [RepeatAddress(a, g, int(c), "，".join(f"{family_name(f)} {k}" for f, k in sorted(mix.get(a, {}).items())),
                          int(last)) for a, g, c, last in top]


def _heat(conn: Connection, scope: Scope, start: int, cut: int) -> list[list[int]]:
    """Counts per clock hour in SQL (cheaper than weekday arithmetic per row), folded into weekday × hour here."""
    bucket = I.reported_at // HOUR_MS
    grid = [[0] * 24 for _ in range(7)]
    for b, n in conn.execute(select(bucket, func.count()).where(_reported(scope, start, cut)).group_by(bucket)):
        wall = station_time.local(int(b) * HOUR_MS)
        grid[wall.weekday()][wall.hour] += int(n)
    return grid


def _disputes(conn: Connection, grids: set[str]) -> dict[str, int]:
    counts = {g: 0 for g in (*GRADES, "")}
    R = t.records.c
    for grid, body in conn.execute(select(R.grid_code, R.body).where(R.kind == "dispute", R.status == "effective")):
        if grid in grids:
            grade = json.loads(body).get("grade", "")
            counts[grade if grade in counts else ""] += 1
    return counts


def _warnings(conn: Connection, grids: set[str], start: int, cut: int) -> list[WarningClosure]:
    by_rule: dict[str, list[Warning]] = {}
    for (body,) in conn.execute(select(t.warnings.c.body).where(t.warnings.c.at >= start, t.warnings.c.at < cut)):
        w = Warning.from_dict(json.loads(body))
        if w.grid_code in grids and w.raised_at < cut:
            by_rule.setdefault(w.rule, []).append(w)
    out = []
    for rule, items in sorted(by_rule.items()):
        closed = [w for w in items if w.status is WarningStatus.CLOSED and w.closed_at < cut]
        hours = [(w.closed_at - w.raised_at) / HOUR_MS for w in closed]
        on_time = sum(1 for w in closed if w.closed_at <= w.due_at)
        overdue = sum(1 for w in items if w not in closed and w.due_at < cut)
        out.append(WarningClosure(rule, RULE_LABELS.get(rule, rule), len(items), len(closed), on_time, overdue,
                                  sum(hours) / len(hours) if hours else None))
    return out
