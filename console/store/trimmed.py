"""What a state trimmed of old closed work loads from the projections (a snapshot, the relay's writer).

The SQL twin of :func:`console.domain.state.trim_closed`: open work however old, and closed work changed since
``closed_since`` (``JINGWANG_SNAPSHOT_CLOSED_DAYS`` ago); a done 核查 while the duplicate-check window reaches
it; people, houses and units always. ``closed_since`` None loads everything.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Connection, and_, not_, or_, select

from console.domain.incidents import OPEN_STATUSES, Incident
from console.domain.orders import OPEN_ORDER, Order, OrderKind, OrderStatus
from console.domain.records import Record, VersionStatus
from console.domain.state import TRIMMED_RECORD_KINDS
from console.store import tables as t

VERIFICATIONS = [k.value for k in OrderKind if k.is_verification]


def incidents(conn: Connection, closed_since: int | None) -> dict[str, Incident]:
    """Open incidents and those closed since ``closed_since``, by id."""
    c = t.incidents.c
    if closed_since is None:
        return _by_id(conn, t.incidents, None, Incident.from_dict)
    # no ORDER BY: with one SQLite would walk the whole table by id instead of the two indexes
    kept = or_(c.status.in_([s.value for s in OPEN_STATUSES]), c.updated_at >= closed_since)
    return _by_id(conn, t.incidents, kept, Incident.from_dict)


def orders(conn: Connection, closed_since: int | None, verify_window_ms: int) -> dict[str, Order]:
    """Open orders, those finished since ``closed_since`` and done 核查 within the duplicate-check window before it."""
    c = t.orders.c
    if closed_since is None:
        return _by_id(conn, t.orders, None, Order.from_dict)
    kept = or_(c.status.in_([s.value for s in OPEN_ORDER]), c.updated_at >= closed_since,
               and_(c.status == OrderStatus.DONE.value, c.kind.in_(VERIFICATIONS),
                    c.updated_at >= closed_since - verify_window_ms))
    return _by_id(conn, t.orders, kept, Order.from_dict)


def records(conn: Connection, closed_since: int | None) -> dict[str, Record]:
    """Every record but 失效 disputes and hazards last changed before ``closed_since``."""
    c = t.records.c
    if closed_since is None:
        return _by_id(conn, t.records, None, Record.from_dict)
    dropped = and_(c.kind.in_([k.value for k in TRIMMED_RECORD_KINDS]), c.status == VersionStatus.INVALID.value,
                   c.updated_at < closed_since)
    return _by_id(conn, t.records, not_(dropped), Record.from_dict)


def _by_id(conn: Connection, table, where, from_dict: Callable[[dict], object]) -> dict:
    q = select(table.c.body) if where is None else select(table.c.body).where(where)
    items = sorted((from_dict(json.loads(body)) for body in conn.scalars(q)), key=lambda item: item.id)
    return {item.id: item for item in items}
