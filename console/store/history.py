"""Work no snapshot carries: an incident, order or record loaded by id, and the queue's 警情查询 over years of
incidents.

A snapshot (and the relay's own state) holds open work and closed work of the last days
(``JINGWANG_SNAPSHOT_CLOSED_DAYS``, :mod:`console.store.trimmed`); older work stays in its projection, where the
relay loads it back before it decides a command about it (:func:`load_incident`, :func:`load_order`,
:func:`load_record`) and the query threads search incidents (:func:`search_incidents`: number, address text,
caller number, a report-time range, newest first, paged).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import or_, select

from console.domain.incidents import Incident
from console.domain.orders import Order
from console.domain.records import Record
from console.store import tables as t
from console.store.store import Store

PAGE_SIZE = 50  # results per page of a search
NUMBER_PREFIX = "JQ"  # incident numbers (警情编号)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Search:
    """What to look for: ``text`` in the address or caller number, or the start of an incident number (JQ…);
    reported in [start, end)."""

    text: str = ""
    start: int | None = None
    end: int | None = None
    grids: Collection[str] | None = None  # only these grids (an account bound to places); None: all
    page: int = 0
    size: int = PAGE_SIZE


def load_incident(store: Store, incident_id: str) -> Incident | None:
    """The stored incident ``incident_id`` (its projection: the fold of its whole history), or None."""
    return _load(store, t.incidents, incident_id, Incident.from_dict)


def incident_by_receipt(store: Store, receipt: str) -> Incident | None:
    """The stored incident a public report with e码 回执号 ``receipt`` became, or None."""
    c = t.incidents.c
    with store.engine.connect() as conn:
        body = conn.scalar(select(c.body).where(c.receipt == receipt))
    return None if body is None else Incident.from_dict(json.loads(body))


def check_of_declaration(store: Store, submission_id: str) -> Order | None:
    """The stored 核查 order of the 居住登记 ``submission_id``, or None."""
    c = t.orders.c
    with store.engine.connect() as conn:
        body = conn.scalar(select(c.body).where(c.declaration == submission_id).limit(1))
    return None if body is None else Order.from_dict(json.loads(body))


def load_order(store: Store, order_id: str) -> Order | None:
    """The stored order ``order_id``, or None."""
    return _load(store, t.orders, order_id, Order.from_dict)


def load_record(store: Store, record_id: str) -> Record | None:
    """The stored record ``record_id``, or None."""
    return _load(store, t.records, record_id, Record.from_dict)


def _load(store: Store, table, item_id: str, from_dict: Callable[[dict], T]) -> T | None:
    with store.engine.connect() as conn:
        body = conn.scalar(select(table.c.body).where(table.c.id == item_id))
    return None if body is None else from_dict(json.loads(body))


def incident_facts(store: Store, since_ms: int) -> list[tuple[int, str, str, str, str]]:
    """(reported_at, id, category, grid, address code) of every incident reported since ``since_ms``, from the
    projection's columns (no bodies decoded): what the risk rules index at the relay's start."""
    c = t.incidents.c
    q = select(c.reported_at, c.id, c.category, c.grid_code, c.address_code).where(c.reported_at >= since_ms)
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(q)]


def search_incidents(store: Store, search: Search) -> tuple[list[Incident], bool]:
    """One page of the incidents matching ``search``, newest report first, and whether more follow."""
    c = t.incidents.c
    q = select(c.body).order_by(c.reported_at.desc(), c.id.desc())
    text = search.text.strip()
    if text.upper().startswith(NUMBER_PREFIX):  # an incident number, or its start: the primary key's range
        q = q.where(c.id >= text.upper(), c.id < text.upper() + "\U0010ffff")
    elif text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = q.where(or_(*(col.like(pattern, escape="\\") for col in (c.id, c.address, c.caller))))
    if search.start is not None:
        q = q.where(c.reported_at >= search.start)
    if search.end is not None:
        q = q.where(c.reported_at < search.end)
    if search.grids is not None:
        q = q.where(c.grid_code.in_(sorted(search.grids)))
    q = q.offset(search.page * search.size).limit(search.size + 1)
    with store.engine.connect() as conn:
        found = [Incident.from_dict(json.loads(body)) for body in conn.scalars(q)]
    return found[:search.size], len(found) > search.size
