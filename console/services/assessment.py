"""Assessment beyond the day (每月通报、每季问效、全年考核, 一网考): a station's or the whole district's KPIs
over a week, month, quarter, year or any range, each beside the previous period, and the units of
every level scored and ranked — 社区, 网格, 社区民警 (their 警格), 网格员; for the district also 区, 街道 and
派出所. Read only; bad arguments raise DomainError (E_FIELD / E_NOT_FOUND).
"""

from __future__ import annotations

from sqlalchemy import Connection

from console.domain import station_time
from console.domain.assessment import PeriodAssessment, UnitRow
from console.domain.periods import PeriodSpec
from console.domain.summary import KpiSet, Period, Scope
from console.kpi.config import KpiConfig, default_config
from console.kpi.engine import Groups, Totals, aggregate, context, kpi_set
from console.kpi.places import Places
from console.kpi.rollup import parent_of, roll_up
from console.services.summary import now_or, read_snapshot
from console.store.store import Store


def assess(store: Store, spec: PeriodSpec, station_code: str = "", *, config: KpiConfig | None = None,
           now_ms: int | None = None) -> PeriodAssessment:
    """The assessment of station ``station_code`` (or, without one, the whole district) over ``spec``."""
    config = config or default_config()
    now = now_or(now_ms)
    current, previous = spec.period(), spec.previous().period()
    with read_snapshot(store) as conn:
        places = Places.load(conn)
        scope = places.scope("station", station_code) if station_code else places.scope("district", "")
        sets, levels = {}, {}
        for name, period in (("now", current), ("before", previous)):
            ctx = context(period, now, config)
            totals = aggregate(conn, places, scope, ctx)[scope.code]
            sets[name] = kpi_set(scope, period, totals, config)
            levels[name] = _level_totals(conn, places, scope, ctx)
        rows = {level: _ranked(places, level, levels["now"][level], levels["before"].get(level, {}), current,
                               previous, config)
                for level in levels["now"]}
    notes = [f"数据截至 {station_time.fmt(now, '%Y-%m-%d %H:%M')}"] if now < current.end_ms else []
    return PeriodAssessment(spec.kind, spec.label, spec.previous().label, scope, sets["now"], sets["before"], rows,
                            now, notes)


def rollup(store: Store, period: Period, *, config: KpiConfig | None = None,
           now_ms: int | None = None) -> dict[str, dict[str, KpiSet]]:
    """四级管理: ``{level: {code: KpiSet}}`` for 网格, 社区, 街道 and 区 over ``period``, every level summed
    from the grids' numerators and denominators."""
    config = config or default_config()
    with read_snapshot(store) as conn:
        places = Places.load(conn)
        district = places.scope("district", "")
        grids = aggregate(conn, places, district, context(period, now_or(now_ms), config), _grid_groups(places))
        return {level: {code: kpi_set(_unit_scope(places, level, code), period, totals, config)
                        for code, totals in by_code.items()}
                for level, by_code in roll_up(places, grids).items()}


def _grid_groups(places: Places, grids: list[str] | None = None) -> Groups:
    codes = sorted(places.grids) if grids is None else grids
    return Groups("grid", [Scope("grid", g, places.grids[g][0]) for g in codes])


def _level_totals(conn: Connection, places: Places, scope: Scope, ctx) -> dict[str, Totals]:
    """Per level, per unit code, the numerators and denominators of ``scope``'s share of that unit."""
    grid_totals = aggregate(conn, places, scope, ctx, _grid_groups(places, places.grids_of(scope)))
    levels = roll_up(places, grid_totals)
    if scope.kind == "station":
        levels = {"community": levels["community"], "grid": levels["grid"]}
        pgs = sorted(c for c, (_, s, _) in places.police_grids.items() if s == scope.code)
    else:
        levels = {lv: levels[lv] for lv in ("county", "street", "community", "grid")}
        stations = [places.scope("station", s) for s in sorted(places.stations)]
        levels["station"] = aggregate(conn, places, scope, ctx, Groups("station", stations)) if stations else {}
        pgs = sorted(places.police_grids)
    officers = {w.id: pg for w in places.workers.values() if w.kind == "officer"
                and (pg := places.officer_police_grid(w.id)) in pgs}
    if officers:
        by_pg = aggregate(conn, places, scope, ctx, Groups("police_grid", [Scope("police_grid", p, "") for p in
                                                                            sorted(set(officers.values()))]))
        levels["officer"] = {w: by_pg[pg] for w, pg in officers.items()}
    members = [Scope("worker", w.id, w.name) for w in places.grid_workers_of(scope)]
    if members:
        levels["worker"] = aggregate(conn, places, scope, ctx, Groups("worker", members))
    return levels


def _unit_scope(places: Places, level: str, code: str) -> Scope:
    if level == "officer":
        return Scope("worker", code, places.worker_name(code))
    if level in ("street", "county"):
        return Scope(level, code, places.level_name(level, code))
    return places.scope(level, code)


def _parent(places: Places, level: str, code: str) -> str:
    if level in ("grid", "community", "street"):
        return parent_of(places, level, code)
    if level in ("worker", "officer"):
        return places.workers[code].grid_code
    return ""


def _ranked(places: Places, level: str, now: Totals, before: Totals, current: Period, previous: Period,
            config: KpiConfig) -> list[UnitRow]:
    sets = {code: (kpi_set(_unit_scope(places, level, code), current, totals, config),
                   kpi_set(_unit_scope(places, level, code), previous, before.get(code, {}), config))
            for code, totals in now.items()}
    rank_now = _ranks({c: s[0].score for c, s in sets.items()})
    rank_before = _ranks({c: s[1].score for c, s in sets.items()})
    rows = [UnitRow(level, cur.scope, _parent(places, level, code), cur, prev, rank_now.get(code),
                    rank_before.get(code)) for code, (cur, prev) in sets.items()]
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.scope.code))


def _ranks(scores: dict[str, float | None]) -> dict[str, int]:
    """Competition ranking by score, best first (equal scores share a rank); units without a score get none."""
    ordered = sorted((s, c) for c, s in scores.items() if s is not None)[::-1]
    ranks: dict[str, int] = {}
    for i, (score, code) in enumerate(ordered):
        ranks[code] = ranks[ordered[i - 1][1]] if i and ordered[i - 1][0] == score else i + 1
    return ranks
