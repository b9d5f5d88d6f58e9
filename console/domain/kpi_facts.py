"""Narrow per-item facts the KPI engine aggregates: one row per incident, order or submission.

Written by :meth:`console.store.store.Store.commit` whenever the item changes (and by migration 0003
for what existed before), so a year of KPIs is a SQL aggregate, never a scan of JSON bodies.
Times are epoch ms; 0 means "not yet". Deadlines are the yellow limits of the SLA table in force
when the row was written.
"""

from __future__ import annotations

from collections.abc import Mapping

from console.domain.decide_common import SYSTEM_ACTOR
from console.domain.incident_sla import incident_clock
from console.domain.incidents import Incident, Status
from console.domain.orders import Order
from console.domain.places import District
from console.domain.records import Record, RecordKind, Submission, VersionStatus
from console.domain.sla import LimitTable, Stage, deadline

# grid code -> (community code, police grid code, station code)
GridPlaces = Mapping[str, tuple[str, str, str]]


def grid_places(district: District) -> dict[str, tuple[str, str, str]]:
    """Where each grid belongs: its community, the 警格 covering it and that 警格's station."""
    police = {g: (pg.code, pg.station_code) for pg in district.police_grids for g in pg.grid_codes}
    return {g.code: (g.community_code, *police.get(g.code, ("", ""))) for g in district.grids}


def _place_columns(grid_code: str, places: GridPlaces) -> dict:
    community, police_grid, station = places.get(grid_code, (grid_code[:12], "", ""))
    return {"grid_code": grid_code, "community_code": community, "police_grid_code": police_grid,
            "station_code": station}


def _first(values) -> int:
    return min((v for v in values if v), default=0)


def overdue_since(inc: Incident, table: LimitTable | None = None) -> int | None:
    """The earliest yellow limit a finished stage missed (or an automatic 督办 marked), else None.

    The running stage is not included: its limit is :func:`incident_facts`' ``due_at``.
    """
    missed = []
    accept_due = deadline(inc.category, Stage.ACCEPT, inc.reported_at, table=table).yellow_at
    if inc.accepted_at and inc.accepted_at > accept_due:
        missed.append(accept_due)
    ref = inc.referral
    if ref is not None and ref.done_at:
        due = deadline(ref.department, Stage.HANDLE, ref.pushed_at, inc.extension_ms, table=table).yellow_at
        if ref.done_at > due:
            missed.append(due)
    elif inc.accepted_at and inc.feedback_at:
        due = deadline(inc.category, Stage.HANDLE, inc.accepted_at, inc.extension_ms, table=table).yellow_at
        if inc.feedback_at > due:
            missed.append(due)
    if inc.status is Status.CLOSED and inc.feedback_at:
        due = deadline(inc.category, Stage.VERIFY, inc.feedback_at, table=table).yellow_at
        if inc.closed_at > due:
            missed.append(due)
    missed += [e.at for e in inc.timeline if e.action == "supervise" and e.actor == SYSTEM_ACTOR.account]
    return min(missed, default=None)


def incident_facts(inc: Incident, places: GridPlaces, table: LimitTable | None = None) -> dict:
    """The ``kpi_incidents`` row of ``inc``."""
    clock = incident_clock(inc, table)
    ref = inc.referral
    assignments = inc.assignments.values()
    first_callback = min(inc.callbacks, key=lambda c: c.at, default=None)
    return {
        "id": inc.id, "category": inc.category, "family": inc.category[:2], "status": inc.status.value,
        "void": inc.status is Status.VOID, **_place_columns(inc.grid_code, places),
        "worker_id": inc.worker_id, "address": inc.address[:256], "reported_at": inc.reported_at,
        "accepted_at": inc.accepted_at,
        "dispatched_at": _first([*(a.dispatched_at for a in assignments), ref.pushed_at if ref else 0]),
        "signed_at": _first([*(a.signed_at for a in assignments), ref.signed_at if ref else 0]),
        "arrived_at": _first(a.arrived_at for a in assignments),
        "feedback_at": inc.feedback_at or (ref.done_at if ref else 0),
        "closed_at": inc.closed_at if inc.status is Status.CLOSED else 0,
        "due_at": clock.deadline.yellow_at if clock else None,
        "overdue_at": overdue_since(inc, table),
        "rework_count": inc.rework_count,
        "callback_at": first_callback.at if first_callback else 0,
        "satisfaction": first_callback.satisfaction if first_callback else 0,
        "referral_dept": ref.department if ref else "", "referred_at": ref.pushed_at if ref else 0,
        "referral_done_at": ref.done_at if ref else 0, "version": inc.version, "source": inc.source.value,
    }


def order_facts(order: Order, places: GridPlaces) -> dict:
    """The ``kpi_work`` row of an order: anchored at its due time."""
    return {
        "entity": "order", "id": order.id, "kind": order.kind.value, "status": order.status.value,
        **_place_columns(order.grid_code, places), "worker_id": order.worker_id,
        "title": f"{order.kind.label} · {order.target_text or order.target}"[:256],
        "anchor_at": order.due_at, "issued_at": order.issued_at, "due_at": order.due_at,
        "done_at": order.done_at, "resolved": bool(order.confirmed), "version": order.version,
        "target": order.target[:64],
    }


def submission_facts(sub: Submission, places: GridPlaces) -> dict:
    """The ``kpi_work`` row of a submission: anchored at its submission time; done = reviewed."""
    f = sub.fields
    what = f.get("name") or f.get("type") or f.get("address_code") or ""
    return {
        "entity": "submission", "id": sub.id, "kind": sub.kind.value, "status": sub.status.value,
        **_place_columns(sub.grid_code, places), "worker_id": sub.worker_id,
        "title": f"{sub.kind.label} · {what}"[:256],
        "anchor_at": sub.submitted_at, "issued_at": sub.submitted_at, "due_at": 0, "done_at": sub.reviewed_at,
        "resolved": sub.kind is RecordKind.DISPUTE and f.get("resolved") is True, "version": sub.version,
        "target": str(f.get("address_code") or "")[:64],
    }


SITE_KINDS = (RecordKind.HOUSE, RecordKind.HAZARD)  # households due a visit, hazard sites due a check


def site_facts(record: Record, places: GridPlaces) -> dict | None:
    """The ``kpi_sites`` row of a house (实有房屋) or hazard (隐患) record at a standard address, else None.

    ``since_at``: when a version was first accepted; ``until_at``: when the record lost its last effective
    version (None while in force). A record never accepted is not due.
    """
    if record.kind not in SITE_KINDS:
        return None
    accepted = [v for v in record.versions if v.status is not VersionStatus.PENDING]
    latest = record.current() or (accepted[-1] if accepted else None)
    address = str(latest.fields.get("address_code") or "") if latest else ""
    if not accepted or not address:
        return None
    what = latest.fields.get("type") or latest.fields.get("description") or ""
    return {"record_id": record.id, "kind": record.kind.value, "address_code": address[:64],
            **_place_columns(record.grid_code, places), "title": f"{record.kind.label} · {what or address}"[:256],
            "since_at": min(v.at for v in accepted), "until_at": None if record.current() else record.updated_at}
