"""``Changes``: what folding events into a State changed, so panels refresh from it, never from payloads.

:func:`console.domain.state.apply` fills one per event (or adds to the caller's, for a batch); the
console's session emits one per batch. Ids are those of the entities whose projection may differ
now (a superset is fine, a miss is a bug): an incident's assigned workers are touched with it, an
order's worker and linked incident with the order, a call's workers with the call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from console.domain import calls, grid_upsert, reference
from console.domain import events as ev
from console.domain.accounts import ACCOUNT_LOCKED_ALERT
from console.domain.audience import audiences, station_keys
from console.domain.geofence import LEFT_GRID
from console.domain.workers import Position

if TYPE_CHECKING:
    from console.domain.state import State

# payload field -> the set of Changes its value names
_FIELD_SETS = {"incident": "incidents", "incident_link": "incidents", "worker": "workers", "order": "orders",
               "submission": "submissions", "record": "records", "call": "calls", "zone": "zones",
               "bookmark": "bookmarks", "account": "accounts", "notice": "notices",
               "warning": "warnings", "key_person": "key_persons", "hour_at": "scans"}


@dataclass(slots=True)
class Changes:
    """Ids changed by a batch of events. ``positions`` holds every fix folded, in order (the map draws
    tracks from them); ``audiences`` the narrow audiences of each event that has some, stations included
    (the relay's fan-out indexes by them); ``reset`` says the whole state was replaced (a snapshot or a
    replay seek), ``district`` that the places changed too (an address import: addresses added or moved), ``roster``
    that workers joined or changed (lists keyed by worker rebuild); ``events`` is the batch itself."""

    incidents: set[str] = field(default_factory=set)
    workers: set[str] = field(default_factory=set)
    duty: set[str] = field(default_factory=set)  # workers whose duty or SOS changed
    positions: list[Position] = field(default_factory=list)
    orders: set[str] = field(default_factory=set)
    submissions: set[str] = field(default_factory=set)
    records: set[str] = field(default_factory=set)
    calls: set[str] = field(default_factory=set)
    zones: set[str] = field(default_factory=set)
    alerts: set[tuple[str, str]] = field(default_factory=set)
    bookmarks: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    notices: set[str] = field(default_factory=set)
    audiences: dict[int, frozenset[str]] = field(default_factory=dict)  # seq -> narrow audiences (if any)
    places: set[str] = field(default_factory=set)  # standard addresses imported or moved (codes)
    grids: set[str] = field(default_factory=set)  # 派出所, 社区, 网格 and 警格 imported (codes)
    roster: bool = False
    warnings: set[str] = field(default_factory=set)
    key_persons: set[str] = field(default_factory=set)
    scans: set[int] = field(default_factory=set)  # clock hours (start, epoch ms) with new e码 page views
    grid_profiles: set[str] = field(default_factory=set)  # grids whose kind or posts were imported
    district: bool = False
    reset: bool = False
    events: list[ev.Event] = field(default_factory=list)

    @classmethod
    def everything(cls, district: bool = True) -> Changes:
        """The change set of a replaced state: every panel rebuilds."""
        return cls(district=district, reset=True)

    def __bool__(self) -> bool:
        return self.reset or any(getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "events")

    def moved(self) -> set[str]:
        """Workers with a new position in this batch."""
        return {p.worker_id for p in self.positions}

    def update(self, other: Changes) -> Changes:
        """Add ``other`` to this change set (in place) and return it."""
        for f in dataclasses.fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, set):
                mine |= getattr(other, f.name)
            elif isinstance(mine, list):
                mine.extend(getattr(other, f.name))
            elif isinstance(mine, dict):
                mine.update(getattr(other, f.name))
        self.district |= other.district
        self.roster |= other.roster
        self.reset |= other.reset
        return self


def _plain_note(names: Iterable[str]) -> Callable[[Changes, object], None]:
    """A note that adds the payload's id fields to their sets."""
    pairs = tuple((f, _FIELD_SETS[f]) for f in names if f in _FIELD_SETS)

    def note(changes: Changes, payload: object) -> None:
        for name, target in pairs:
            value = getattr(payload, name)
            if value:
                getattr(changes, target).add(value)
    return note


_PLAIN = {t: _plain_note(f.name for f in dataclasses.fields(cls))
          for t, cls in ev.PAYLOADS.items() if cls is not Position}
_INCIDENT_TYPES = frozenset({ev.INCIDENT_REPORTED, *ev.INCIDENT_ACTIONS, *ev.INCIDENT_NOTES})
_DUTY_TYPES = frozenset({ev.DUTY_SET, ev.WORKER_SOS, ev.WORKER_SOS_CLEARED})


def changes_of(state: State, events: Iterable[ev.Event]) -> Changes:
    """The change set of ``events`` already folded into ``state`` (for callers that applied them
    one by one without collecting it)."""
    changes = Changes()
    for event in events:
        if event.type in ev.PAYLOADS:
            note_changes(state, event, changes)
    return changes


def note_changes(state: State, event: ev.Event, changes: Changes) -> None:
    """Add what ``event`` (just folded into ``state``) changed to ``changes``."""
    t = event.type
    payload = event.payload
    if t == ev.POSITION_REPORTED:
        changes.positions.append(payload)
        stations = station_keys(state, event)
        if stations:
            changes.audiences[event.seq] = stations
        return
    plain = _PLAIN.get(t)
    if plain is None:  # a type registered after import (a payload declared with its operation)
        plain = _PLAIN[t] = _plain_note(f.name for f in dataclasses.fields(ev.PAYLOADS[t]))
    plain(changes, payload)
    keys = audiences(event) | station_keys(state, event)
    if keys:
        changes.audiences[event.seq] = keys
    if t in _INCIDENT_TYPES:
        inc = state.incidents.get(payload.incident)
        if inc is not None:
            changes.workers.update(inc.assignments)
    elif t in ev.ORDER_EVENTS:
        order = state.orders.get(payload.order)
        if order is not None:
            changes.workers.add(order.worker_id)
            if order.incident_id:
                changes.incidents.add(order.incident_id)
    elif t in ev.SUBMISSION_EVENTS and t != ev.RECORD_INVALIDATED:
        sub = state.submissions.get(payload.submission)
        if sub is not None:
            changes.records.add(sub.record_id)
            changes.workers.add(sub.worker_id)
    elif t in ev.CALL_EVENTS:
        call = state.calls.get(payload.call)
        if call is not None:
            changes.workers.update(calls.workers_of(call))
    elif t == ev.GEOFENCE_ALERT:
        changes.alerts.add((payload.kind, payload.subject))
    elif t in (ev.ACCOUNT_LOCKED, ev.ACCOUNT_UNLOCKED):
        changes.alerts.add((ACCOUNT_LOCKED_ALERT, payload.account))
    elif t in _DUTY_TYPES:
        changes.duty.add(payload.worker)
        if t == ev.DUTY_SET and not payload.on:
            changes.alerts.add((LEFT_GRID, payload.worker))
    elif t == ev.REFERENCE_UPSERTED:
        reference.note_changes(payload, changes)
    elif t == ev.GRIDS_UPSERTED:
        grid_upsert.note_changes(payload, changes)
