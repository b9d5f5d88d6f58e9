"""The items behind the numbers: drill-down from a KPI and the summary's attention lists, as ItemRefs."""

from __future__ import annotations

from sqlalchemy import Connection, and_, literal, select

from console.domain.incidents import Status, category_name, departments
from console.domain.orders import OrderKind, OrderStatus
from console.domain.records import SubmissionStatus
from console.domain.summary import ItemRef, Scope
from console.kpi.definitions import INCIDENT, Ctx, Grids, I, KpiDef, One, RecordQuota, Rows, Sites, W
from console.kpi.engine import coverage_by_grid, is_covered, scope_filter, sites_query, source_filter
from console.kpi.places import Places
from console.store import tables as t

MINUTE_MS = 60_000


def span_text(ms: int) -> str:
    """"3 小时 12 分", "2 天 5 小时", "8 分"."""
    minutes = max(0, ms) // MINUTE_MS
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} 天 {hours} 小时"
    return f"{hours} 小时 {mins} 分" if hours else f"{mins} 分"


def incident_item(r, places: Places, detail: str = "") -> ItemRef:
    """An incident fact row as an ItemRef."""
    return ItemRef("incident", r.id, f"{r.category} {category_name(r.category)} · {r.address}", Status(r.status).label,
                   r.reported_at, r.grid_code, places.worker_name(r.worker_id), detail)


def work_item(r, places: Places, detail: str = "") -> ItemRef:
    """An order or submission fact row as an ItemRef."""
    status = OrderStatus(r.status).label if r.entity == "order" else SubmissionStatus(r.status).label
    return ItemRef(r.entity, r.id, r.title, status, r.issued_at, r.grid_code, places.worker_name(r.worker_id), detail)


def drill(conn: Connection, places: Places, kpi: KpiDef, part: str, scope: Scope, ctx: Ctx,
          limit: int, family: str = "") -> list[ItemRef]:
    """The items counted in ``part`` ("numerator" or "denominator") of ``kpi``, newest first, at most ``limit``;
    ``family`` narrows incidents to one category family."""
    measure = kpi.numerator if part == "numerator" else kpi.denominator
    if isinstance(measure, One):
        return []
    if isinstance(measure, RecordQuota):
        per_worker = ctx.config.records_per_worker_day * max(0, ctx.cut_ms - ctx.start_ms) / 86_400_000
        return [ItemRef("worker", w.id, w.name, "", ctx.start_ms, w.grid_code, w.name, f"应采集 {per_worker:g} 条")
                for w in places.grid_workers_of(scope)][:limit]
    if isinstance(measure, Sites):
        S = t.kpi_sites.c
        q = (select(t.kpi_sites).where(S.grid_code.in_(places.grids_of(scope)), sites_query(ctx, measure))
             .order_by(S.grid_code, S.record_id).limit(limit))
        return [ItemRef("record", r.record_id, r.title, "", r.since_at, r.grid_code, "", r.address_code)
                for r in conn.execute(q)]
    if isinstance(measure, Grids):
        covered_only = True if measure.covered else None  # the denominator: every grid
        return grid_items(conn, places, places.grids_of(scope), ctx, only_covered=covered_only)[:limit]
    assert isinstance(measure, Rows)
    if measure.source == INCIDENT:
        q = (select(t.kpi_incidents).where(source_filter(INCIDENT, ctx), scope_filter(t.kpi_incidents, scope),
                                           measure.where(ctx), I.family == family if family else literal(True))
             .order_by(I.reported_at.desc(), I.id).limit(limit))
        return [incident_item(r, places) for r in conn.execute(q)]
    q = (select(t.kpi_work)
         .where(source_filter(measure.source, ctx), scope_filter(t.kpi_work, scope), measure.where(ctx))
         .order_by(W.anchor_at.desc(), W.id).limit(limit))
    return [work_item(r, places) for r in conn.execute(q)]


def grid_items(conn: Connection, places: Places, grids: list[str], ctx: Ctx, *,
               only_covered: bool | None = None) -> list[ItemRef]:
    """Grids due (their own workers were on duty in duty hours) with their presence in that time;
    ``only_covered`` True/False keeps the covered/uncovered ones."""
    share = ctx.config.coverage_share
    out = []
    for g, (present, staffed) in coverage_by_grid(conn, grids, ctx).items():
        if not staffed:
            continue  # nobody of this grid on duty in duty hours: nothing is due
        covered = is_covered(present, staffed, ctx.config)
        if only_covered is not None and covered != only_covered:
            continue
        ratio = present / staffed
        detail = f"在岗覆盖 {ratio:.0%}（要求 {share:.0%}）"
        name, _community = places.grids[g]
        out.append(ItemRef("grid", g, name, "已覆盖" if covered else "未覆盖", ctx.start_ms, g, "", detail))
    return out


def overdue_items(conn: Connection, places: Places, scope: Scope, now_ms: int) -> list[ItemRef]:
    """Open incidents past the yellow limit of their running stage, and open orders past their due time."""
    incidents = conn.execute(select(t.kpi_incidents)
                             .where(I.due_at.is_not(None), I.due_at < now_ms, scope_filter(t.kpi_incidents, scope))
                             .order_by(I.due_at))
    out = [incident_item(r, places, f"超期 {span_text(now_ms - r.due_at)}") for r in incidents]
    orders = conn.execute(select(t.kpi_work).where(W.entity == "order", W.status.in_(("issued", "signed")),
                                                   W.due_at < now_ms, scope_filter(t.kpi_work, scope))
                          .order_by(W.due_at))
    out += [work_item(r, places, f"{OrderKind(r.kind).label}超期 {span_text(now_ms - r.due_at)}") for r in orders]
    return out


def referrals_waiting(conn: Connection, places: Places, scope: Scope, now_ms: int) -> list[ItemRef]:
    """Incidents referred to a department that has not given feedback yet (not returned either).

    ``due_at > 0`` (open incidents) lets the planner use the small partial index of open incidents.
    """
    q = (select(t.kpi_incidents)
         .where(I.due_at > 0, I.status == Status.REFERRED.value, scope_filter(t.kpi_incidents, scope),
                I.referral_done_at == 0)
         .order_by(I.referred_at))
    depts = departments()
    return [incident_item(r, places, f"转办 {r.referral_dept} {depts.get(r.referral_dept, '')} · 待反馈 "
                                     f"{span_text(now_ms - r.referred_at)}") for r in conn.execute(q)]


def reported_in(ctx: Ctx, scope: Scope):
    """Filter: incidents of ``scope`` reported in the period (voided ones excluded)."""
    return and_(source_filter(INCIDENT, ctx), scope_filter(t.kpi_incidents, scope))
