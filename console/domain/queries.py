"""The query catalogue: every read a client may ask of the relay, declared once.

A query (``{"t": "query", "id", "name", "args"}``) reads history — the station chief's summary and its
drill-downs, replay ranges, an incident's report — and changes nothing: the relay answers it from its own
read-only database connection on its own threads, never through the writer. One :class:`Query` per name:
its Chinese label, its arguments (field types of :mod:`console.domain.args`) and the roles that may ask.
The relay's argument check and authorization (:func:`authorize_query`, :func:`validate_query_args`) and the
query table of ``docs/PROTOCOL.md`` (:mod:`console.domain.catalogue_doc`) all read it. Scope (an account
bound to a station or 警格) is checked by the relay's read service against the places a query names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from console.domain.args import ID, Field, check_args
from console.domain.errors import DomainError
from console.domain.periods import KINDS
from console.domain.workers import Role

SCOPE_KINDS = frozenset({"worker", "grid", "community", "police_grid", "station", "district"})
PARTS = frozenset({"numerator", "denominator"})


@dataclass(frozen=True, slots=True)
class Query:
    """One read: ``answer`` says (for the doc) what its result ``data`` holds."""

    name: str
    label: str  # Chinese
    args: Mapping[str, Field]
    roles: frozenset[Role]
    answer: str


# the station's summary: the desks that run a station; history (replay, reports): trainers too
SUMMARY = frozenset({Role.DISPATCHER, Role.OFFICER, Role.STATION_CHIEF})
HISTORY = SUMMARY | {Role.TRAINER}

TIME = Field(int, low=0)
RANGE = {"start": TIME, "end": TIME, "incident": Field(str, required=False, max_len=64)}  # a replay range
SPAN = {"from": TIME, "to": TIME}  # a window (from, to] inside it
STATION = Field(str, required=False, max_len=64)  # a station code; empty or absent: the whole district

SEARCH = {  # the queue's 警情查询: any incident of any age, a page at a time
    "text": Field(str, required=False, max_len=64), "start": Field(int, required=False, low=0),
    "end": Field(int, required=False, low=0), "grid": Field(str, required=False, max_len=15),
    "page": Field(int, required=False, low=0, high=10_000),
}

_DECLARED = (
    Query("summary.stations", "派出所列表", {}, SUMMARY, "[{code, name}] the stations this account may read"),
    Query("summary.daily", "日报", {"date": Field(str, max_len=10), "station": ID}, SUMMARY,
          "the day's `DailySummary` (KPIs today, yesterday, 7-day average; by category and hour; overdue, "
          "referrals, workers, uncovered grids)"),
    Query("summary.drill", "指标明细", {
        "kpi": Field(str, max_len=64), "scope_kind": Field(str, choices=SCOPE_KINDS), "scope_code": ID,
        "scope_name": Field(str, required=False, max_len=64), "start": TIME, "end": TIME,
        "label": Field(str, required=False, max_len=64), "part": Field(str, required=False, choices=PARTS),
        "family": Field(str, required=False, max_len=6), "as_of": Field(int, required=False, low=0),
    }, SUMMARY, "[`ItemRef`] the items behind one number (at most 1000)"),
    Query("summary.assessment", "周期考核", {
        "kind": Field(str, choices=frozenset(KINDS)), "period": Field(str, max_len=32), "station": STATION,
    }, SUMMARY, "the `PeriodAssessment` of the station (empty: the district) over the period (its label, e.g. "
                "2026-11, 2026-W48, 2026Q4, 2026, 2026-11-03~2026-11-20) beside the previous one"),
    Query("summary.analysis", "研判", {"start": TIME, "end": TIME, "label": Field(str, required=False, max_len=64),
                                      "station": STATION}, SUMMARY,
          "the `Analysis` (研判) of the station (empty: the district) over [start, end)"),
    Query("heat.day", "人流热力", {"first": Field(str, max_len=10), "last": Field(str, max_len=10)}, SUMMARY,
          "`HeatDay` of the days first…last (YYYY-MM-DD, at most 31): {first_day, last_day, bins: {people, scans, "
          "incidents: [[hour, x, y, n]]}}; cells of 0.001°; an account bound to places gets the cells in its grids"),
    Query("history.incident_range", "警情时间范围", {"incident": ID}, HISTORY,
          "{start, end}: from just before the report to just after the last change (replay, 警情报告)"),
    Query("incidents.search", "警情查询", SEARCH, SUMMARY,
          "{items: [incident summary + `history`], page, more}: number starting with `text` (JQ…), else address or "
          "caller number containing it; reported in [start, end); newest first, 50 a page; `history`: closed "
          "before the snapshot's days"),
    Query("incidents.get", "调取警情", {"incident": ID}, SUMMARY,
          "the incident with its timeline, however old (E_NOT_FOUND if none)"),
    Query("replay.reference", "回放基础数据", {}, HISTORY, "{district, workers}: the reference every state shares"),
    Query("replay.overview", "回放概览", RANGE, HISTORY,
          "{marks, bookmarks, recordings, incident_workers} of the range"),
    Query("replay.state", "回放状态", {**RANGE, "at": TIME}, HISTORY,
          "the state at `at` as a snapshot without district and workers (see replay.reference)"),
    Query("replay.events", "回放事件", {**RANGE, **SPAN}, HISTORY, "[event] non-position events in (from, to]"),
    Query("replay.fixes", "回放轨迹", {**RANGE, **SPAN, "incident_only": Field(bool, required=False)}, HISTORY,
          "positions in (from, to] as columns {seq, at, worker, lng, lat, fix_at, speed, heading, odd}"),
)

QUERIES: dict[str, Query] = {q.name: q for q in _DECLARED}
assert len(QUERIES) == len(_DECLARED), "a query is declared twice"


def authorize_query(role: Role | None, name: str) -> Query:
    """The declaration of ``name`` if ``role`` may ask it; else E_UNKNOWN_TYPE (no such query) or E_FORBIDDEN."""
    declared = QUERIES.get(name)
    if declared is None:
        raise DomainError("E_UNKNOWN_TYPE", f"未知查询 / unknown query {name!r}")
    if role not in declared.roles:
        who = role.label if isinstance(role, Role) else "未登录"
        raise DomainError("E_FORBIDDEN", f"{who}无权查询{declared.label} ({name})")
    return declared


def validate_query_args(name: str, args: object) -> dict:
    """``args`` if it fits the schema of query ``name``; E_UNKNOWN_TYPE or E_FIELD otherwise."""
    declared = QUERIES.get(name)
    if declared is None:
        raise DomainError("E_UNKNOWN_TYPE", f"未知查询 / unknown query {name!r}")
    return check_args(declared.args, args)
