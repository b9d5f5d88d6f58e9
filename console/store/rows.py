"""Projection rows: the table row of each domain object the store writes (incidents, orders, submissions and
records, places, addresses, the roster). The store's commit and seeding, the history bench and the migration
tests build rows only here."""

from __future__ import annotations

import json

from console.domain.grid_profiles import GridProfile
from console.domain.incidents import Incident
from console.domain.orders import Order
from console.domain.places import Address, District
from console.domain.records import Record
from console.domain.units import format_capabilities
from console.domain.workers import Worker
from console.store import tables as t

dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # compact, keeps Chinese


def grid_history_row(profile: GridProfile, seq: int) -> dict:
    """A grid profile as the event ``seq`` left it (``grid_profile_history``)."""
    return {"grid": profile.id, "seq": seq, "at": profile.updated_at, "body": dumps(profile.to_dict())}


def work_row(item) -> dict:
    """The row of an order, submission or record."""
    status = item.status.value if hasattr(item, "status") else record_status(item)
    return {
        "id": item.id, "kind": item.kind.value, "status": status,
        "grid_code": item.grid_code, "worker_id": getattr(item, "worker_id", None),
        "updated_at": item.updated_at, "version": item.version, "body": dumps(item.to_dict()),
    }


def order_row(order: Order) -> dict:
    return {**work_row(order), "declaration": order.declaration}


def record_status(record: Record) -> str:
    current = record.current()
    return current.status.value if current else record.versions[-1].status.value


def incident_row(inc: Incident) -> dict:
    return {
        "id": inc.id, "status": inc.status.value, "category": inc.category, "priority": inc.priority,
        "source": inc.source.value, "grid_code": inc.grid_code, "lng": inc.lng, "lat": inc.lat,
        "reported_at": inc.reported_at, "updated_at": inc.updated_at, "worker_id": inc.worker_id,
        "version": inc.version, "body": dumps(inc.to_dict()), "address": inc.address, "caller": inc.caller,
        "address_code": inc.address_code, "receipt": inc.public.get("receipt", ""),
    }


def place_rows(d: District, codes: set[str] | None = None) -> dict:
    """Rows of the place tables (stations, communities, grids, police grids): all, or those of ``codes``."""
    def chosen(items):
        return [i for i in items if codes is None or i.code in codes]

    return {
        t.stations: [{"code": s.code, "name": s.name} for s in chosen(d.stations)],
        t.communities: [{"code": c.code, "name": c.name} for c in chosen(d.communities)],
        t.grids: [{"code": g.code, "name": g.name, "community_code": g.community_code, "polygon": dumps(g.polygon)}
                  for g in chosen(d.grids)],
        t.police_grids: [{"code": p.code, "name": p.name, "station_code": p.station_code,
                          "grid_codes": dumps(p.grid_codes), "polygon": dumps(p.polygon)}
                         for p in chosen(d.police_grids)],
    }


def address_row(a: Address) -> dict:
    return {"code": a.code, "text": a.text, "road": a.road, "door": a.door, "compound": a.compound,
            "building": a.building, "unit": a.unit, "floor": a.floor, "room": a.room, "lng": a.lng, "lat": a.lat,
            "grid_code": a.grid_code, "police_grid_code": a.police_grid_code, "station_code": a.station_code}


def roster_row(w: Worker) -> dict:
    return {"id": w.id, "name": w.name, "kind": str(w.kind), "grid_code": w.grid_code, "phone": w.phone,
            "mode": w.mode.value, "capabilities": format_capabilities(w.capabilities), "station_code": w.station_code}
