"""Replay ranges: one incident, a shift or a day (station time), as ``(start_ms, end_ms)``."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from console.domain import station_time
from console.domain.errors import DomainError
from console.domain.incidents import Incident

if TYPE_CHECKING:
    from console.store.store import Store

HOUR_MS = 3_600_000
INCIDENT_MARGIN_MS = 2 * 60_000  # a little before the report and after the last step
# shift name -> (label, start hour, length in hours), station time
SHIFTS = {"day": ("白班", 8, 12), "night": ("夜班", 20, 12)}


def day_range(day: date) -> tuple[int, int]:
    """Midnight to midnight of ``day`` in station time."""
    return station_time.day_bounds(day)


def shift_range(day: date, shift: str) -> tuple[int, int]:
    """The shift (``day`` 08–20 or ``night`` 20–08 next morning) starting on ``day``."""
    if shift not in SHIFTS:
        raise DomainError("E_FIELD", f"班次应为 {'/'.join(SHIFTS)}: {shift!r}")
    _, hour, hours = SHIFTS[shift]
    begins = datetime(day.year, day.month, day.day, hour)
    return station_time.to_ms(begins), station_time.to_ms(begins + timedelta(hours=hours))


def stored_incident(store: Store, incident_id: str) -> Incident:
    """The incident as its projection holds it now (E_NOT_FOUND when there is none)."""
    from sqlalchemy import select  # the server's reads only: a console's replay ranges need no database

    from console.store import tables as t

    with store.engine.connect() as conn:
        body = conn.scalar(select(t.incidents.c.body).where(t.incidents.c.id == incident_id))
    if body is None:
        raise DomainError("E_NOT_FOUND", f"警情 {incident_id}")
    return Incident.from_dict(json.loads(body))


def incident_range(store: Store, incident_id: str) -> tuple[int, int]:
    """From just before the incident was reported to just after its last change (its close)."""
    inc = stored_incident(store, incident_id)
    return inc.reported_at - INCIDENT_MARGIN_MS, max(inc.updated_at, inc.closed_at) + INCIDENT_MARGIN_MS
