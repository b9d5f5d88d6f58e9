"""Every KPI, defined once: code, Chinese name, unit, direction, numerator and denominator.

A numerator or denominator is a :class:`Measure`:

- :class:`Rows`: rows of one fact table (``kpi_incidents`` or ``kpi_work``, see :mod:`console.domain.kpi_facts`)
  in the period and scope that match a predicate, counted (or a value summed over them). The engine
  aggregates the predicate in SQL and :func:`console.services.summary.drill_down` lists the same rows.
- :class:`Grids`: the scope's grids, or those covered for the required share of duty time.
- :class:`RecordQuota`: records due from the scope's grid workers.
- :class:`Posts`: the grid structure as it stands (专属网格, buildings with a 楼栋长, buildings).
- :data:`ONE`: the denominator of an amount.

Common rules (``docs/KPI.md`` explains them with examples):

- The period is half-open ``[start, end)``; the **cut-off** is ``min(end, now)``: a figure states what
  was known at the cut-off, so yesterday's figures do not drift as late work comes in, and today's
  are "so far". "By the cut-off" below means a timestamp that is set and earlier than the cut-off.
- Incident KPIs count the incidents **reported in the period**, voided ones (作废/重复) excluded.
- Order KPIs count the orders **due in the period** (and by the cut-off), cancelled ones excluded.
- Submission KPIs count the submissions **made in the period**.
- A zero denominator gives the value None, shown as "—".
- Scope: an incident belongs to its grid (and that grid's community, 警格 and station) and to its lead
  assignee; an order or submission to its grid and its worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_

from console.domain.incidents import Source
from console.kpi.config import KpiConfig
from console.store import tables as t

I = t.kpi_incidents.c  # noqa: E741 - the incident facts, as in the definitions below
W = t.kpi_work.c

INCIDENT, ORDER, SUBMISSION = "incident", "order", "submission"


@dataclass(frozen=True, slots=True)
class Ctx:
    """What a predicate may depend on: the period, the cut-off and the configuration."""

    start_ms: int
    end_ms: int
    cut_ms: int
    config: KpiConfig


Predicate = Callable[[Ctx], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class Rows:
    """Fact rows of ``source`` in the period and scope matching ``where``: counted, or ``value`` summed."""

    source: str  # INCIDENT | ORDER | SUBMISSION
    where: Predicate
    value: Callable[[Ctx], ColumnElement] | None = None


@dataclass(frozen=True, slots=True)
class Grids:
    """Grids of the scope; ``covered``: only those with a worker present ≥ the required share of duty time."""

    covered: bool


@dataclass(frozen=True, slots=True)
class RecordQuota:
    """Records due: ``records_per_worker_day`` × grid workers in scope × days of the period elapsed by the cut-off."""


@dataclass(frozen=True, slots=True)
class Sites:
    """Households (``house``) or hazard sites (``hazard``) of the scope's grids in force during the period (each
    due once); ``done``: only those at whose address an ``order_kind`` order was done in the period by the cut-off."""

    kind: str
    order_kind: str
    done: bool


@dataclass(frozen=True, slots=True)
class Posts:
    """The scope's grids as their profiles stood at the cut-off (``grid_profile_history``): ``dedicated``
    专属网格, ``headed`` buildings with a 楼栋长, ``buildings`` buildings (小区 + 楼 of the standard addresses)."""

    what: str


@dataclass(frozen=True, slots=True)
class One:
    """The denominator of an amount: always 1."""


ONE = One()
Measure = Rows | Grids | RecordQuota | Sites | Posts | One


@dataclass(frozen=True, slots=True)
class KpiDef:
    """One KPI. ``scale`` multiplies the numerator (ms → minutes); ``doc`` says exactly what is counted."""

    code: str
    name: str
    unit: str  # "%", "分钟", "件"
    higher_is_better: bool
    numerator: Measure
    denominator: Measure
    doc: str
    scale: float = 1.0


def by_cut(column) -> Predicate:
    """The timestamp ``column`` is set and before the cut-off."""
    return lambda c: and_(column > 0, column < c.cut_ms)


def both(*predicates: Predicate) -> Predicate:
    return lambda c: and_(*(p(c) for p in predicates))


def every(_c: Ctx) -> ColumnElement[bool]:
    return I.id.is_not(None)


def overdue_by_cut(c: Ctx) -> ColumnElement[bool]:
    """A finished stage missed its yellow limit before the cut-off, or the running one has passed it."""
    return or_(I.overdue_at < c.cut_ms, I.due_at < c.cut_ms)


closed = by_cut(I.closed_at)
arrived = by_cut(I.arrived_at)
# a unit that reports what it comes across (巡逻发现) is there already: no response to time
responded = both(arrived, lambda c: I.source != Source.PATROL.value)
called_back = by_cut(I.callback_at)
referred = by_cut(I.referred_at)


def sign_settled(c: Ctx) -> ColumnElement[bool]:
    """Dispatched (or referred) by the cut-off and either signed for or past the sign limit by then."""
    return and_(I.dispatched_at > 0, I.dispatched_at < c.cut_ms,
                or_(and_(I.signed_at > 0, I.signed_at < c.cut_ms), I.dispatched_at + c.config.sign_limit_ms < c.cut_ms))


def signed_on_time(c: Ctx) -> ColumnElement[bool]:
    return and_(I.signed_at > 0, I.signed_at < c.cut_ms, I.signed_at - I.dispatched_at <= c.config.sign_limit_ms)


def submission_kinds(*kinds: str) -> Predicate:
    return lambda c: W.kind.in_(kinds)


reviewed = both(by_cut(W.done_at), lambda c: W.status.in_(("accepted", "returned")))

_DEFS = [
    KpiDef("hazard_check_rate", "隐患排查率", "%", True,
           Sites("hazard", "patrol", True), Sites("hazard", "patrol", False),
           "隐患排查完成数 ÷ 应排查数: hazard sites (隐患 records at a standard address, and the key site of each "
           "专属网格, in force during the period) at whose address a patrol (巡查/隐患排查) order was done in the "
           "period by the cut-off ÷ hazard sites."),
    KpiDef("close_rate", "问题解决率", "%", True, Rows(INCIDENT, closed), Rows(INCIDENT, every),
           "办结率: incidents reported in the period that were closed (已办结) by the cut-off ÷ incidents reported."),
    KpiDef("dispute_resolution_rate", "矛盾化解率", "%", True,
           Rows(SUBMISSION, both(submission_kinds("dispute"), lambda c: W.status != "returned",
                                 lambda c: W.resolved.is_(True))),
           Rows(SUBMISSION, both(submission_kinds("dispute"), lambda c: W.status != "returned")),
           "矛盾纠纷 submissions made in the period and not returned by the reviewer (registered) whose "
           "record says resolved (已化解) ÷ registered."),
    KpiDef("visit_rate", "入户走访率", "%", True, Sites("house", "visit", True), Sites("house", "visit", False),
           "Households visited ÷ households due a visit: households (实有房屋 records in force during the period) at "
           "whose address an 入户走访 order was done in the period by the cut-off ÷ households."),
    KpiDef("collection_rate", "信息采集率", "%", True,
           Rows(SUBMISSION, both(submission_kinds("person", "house", "unit"), lambda c: W.status == "accepted",
                                 by_cut(W.done_at))),
           RecordQuota(),
           "人口/房屋/单位 submissions made in the period and accepted into the records (审核入库) by the cut-off "
           "÷ records due (the configured quota per grid worker per day). May exceed 100%; the score caps it."),
    KpiDef("satisfaction_rate", "群众满意率", "%", True,
           Rows(INCIDENT, both(called_back, lambda c: I.satisfaction.between(1, 2))), Rows(INCIDENT, called_back),
           "Incidents reported in the period called back (回访) by the cut-off whose first callback was rated "
           "1–2 (very satisfied / satisfied) ÷ incidents called back."),
    KpiDef("on_time_sign_rate", "按时签收率", "%", True, Rows(INCIDENT, signed_on_time), Rows(INCIDENT, sign_settled),
           "Incidents reported in the period whose first dispatch (or referral push) was signed for (签收) by a "
           "worker (or the department) within the configured sign limit ÷ those dispatched whose signing is "
           "settled at the cut-off (signed, or the limit passed)."),
    KpiDef("on_time_close_rate", "按时办结率", "%", True,
           Rows(INCIDENT, both(closed, lambda c: I.overdue_at.is_(None))),
           Rows(INCIDENT, lambda c: or_(closed(c), overdue_by_cut(c))),
           "Incidents reported in the period closed without any stage (受理/办理/核查) passing its yellow limit "
           "÷ those whose timeliness is settled at the cut-off (closed, or already overdue)."),
    KpiDef("overdue_rate", "超期率", "%", False, Rows(INCIDENT, overdue_by_cut), Rows(INCIDENT, every),
           "Incidents reported in the period of which a stage had passed its yellow time limit by the cut-off "
           "(an approved extension moves the limit) ÷ incidents reported."),
    KpiDef("rework_rate", "返工率", "%", False, Rows(INCIDENT, both(closed, lambda c: I.rework_count > 0)),
           Rows(INCIDENT, closed),
           "Closed incidents (reported in the period, closed by the cut-off) that were sent back for rework "
           "(返工) at verification at least once ÷ closed incidents."),
    KpiDef("avg_response_min", "平均响应时长", "分钟", False,
           Rows(INCIDENT, responded, lambda c: I.arrived_at - I.reported_at), Rows(INCIDENT, responded),
           "Mean minutes from report to the first worker on scene (到场), over incidents reported in the period "
           "with an arrival by the cut-off; 巡逻发现 (the unit was there when it reported) does not count.",
           scale=1 / 60_000),
    KpiDef("coverage_rate", "巡查覆盖率", "%", True, Grids(covered=True), Grids(covered=False),
           "Grids of the scope in which an on-duty grid worker was present for at least the configured share "
           "of the duty hours elapsed in the period by the cut-off ÷ grids (None before duty starts)."),
    KpiDef("key_site_grids", "专属网格数", "个", True, Posts("dedicated"), ONE,
           "Grids of the scope that were 专属网格 (a key site: school, hospital, shopping district …) at the cut-off "
           "(the period's end, or now), by the grid attributes imported by then; their sites are due a 隐患排查 "
           "(隐患排查率)."),
    KpiDef("building_head_rate", "楼栋长覆盖率", "%", True, Posts("headed"), Posts("buildings"),
           "Buildings (小区 + 楼 of the scope's standard addresses) with a 楼栋长 named in the grid's posts "
           "as they stood at the cut-off (a later 网格职务 import does not change a past period) ÷ buildings."),
    KpiDef("referral_count", "非警务分流量", "件", True, Rows(INCIDENT, referred), ONE,
           "Incidents reported in the period referred (转办) to a non-police department by the cut-off."),
    KpiDef("referral_feedback_rate", "分流反馈率", "%", True,
           Rows(INCIDENT, both(referred, by_cut(I.referral_done_at))), Rows(INCIDENT, referred),
           "Referred incidents (as in 非警务分流量) with the department's feedback by the cut-off ÷ referred."),
    KpiDef("filing_accuracy_rate", "上报准确率", "%", True,
           Rows(SUBMISSION, both(reviewed, lambda c: W.status == "accepted")), Rows(SUBMISSION, reviewed),
           "准确填报: submissions made in the period and reviewed by the cut-off that were accepted (通过入库) "
           "÷ reviewed (accepted or returned)."),
]

KPIS: dict[str, KpiDef] = {k.code: k for k in _DEFS}
