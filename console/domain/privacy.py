"""Restricted data on the whole-stream and narrowed connections: 居住登记 and the key-person registry.

A resident's self-declared personal data is read by two people only, and the 重点人员 registry only by
the officers and chiefs of its station. A connection's :class:`Clearance` says what it reads of both.

A 居住登记 (``ecode.declare``) is a person submission with ``self_declared`` in its fields, held by the
grid worker of the address's grid; its 核查 order (``order.issued`` with ``declaration``) goes to that
worker. Only the 社区民警 of the address's 警格 (who reviews it) and that grid worker read the name, ID
number, phone and the rest. Every other connection — dispatchers, the chief, trainers, the admin, other
officers and workers, the field gateway — gets :data:`REDACTED` in their place, in snapshots, live events
and history alike, so a client folding events onto its snapshot holds what a fresh snapshot would show.
:mod:`console.domain.visibility` and the relay's fan-out apply it.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain import events as ev
from console.domain.decide_common import Actor
from console.domain.decide_risk import station_of
from console.domain.risk.model import KEY_PERSON_EVENTS, WARNING_RAISED
from console.domain.state import State
from console.domain.workers import Role

REDACTED = "已隐去（仅审核民警与核查网格员可见）"
PERSONAL_FIELDS = ("name", "id_number", "sex", "phone", "move_in", "relation", "workplace")


@dataclass(frozen=True, slots=True)
class Clearance:
    """What restricted data a connection reads: the declarations of ``grids`` (an officer: its 警格's) or
    held by ``workers`` (a grid worker: its own), and the key persons of station ``key_persons`` ("*":
    every station; None: none)."""

    grids: frozenset[str] = frozenset()
    workers: frozenset[str] = frozenset()
    key_persons: str | None = None

    def covers(self, grid: str, worker: str) -> bool:
        return grid in self.grids or worker in self.workers

    def reads_key_persons(self, station: str) -> bool:
        return self.key_persons in ("*", station)

    def admits(self, event: ev.Event) -> bool:
        """Whether the event reaches this connection at all (a key-person event only its station's)."""
        return event.type not in KEY_PERSON_EVENTS or self.reads_key_persons(event.data.get("station"))


NOBODY = Clearance()


def clearance_of(actor: Actor, state: State) -> Clearance:
    """The clearance of a logged-in connection: an officer its 警格's declarations and its station's key
    persons, a chief its station's key persons, a grid worker the declarations it holds; others none."""
    key_persons = station_of(state, actor)
    if actor.role is Role.OFFICER and actor.worker_id:
        return Clearance(grids=frozenset(g for g, officers in state.officers_of_grid.items()
                                         if actor.worker_id in officers), key_persons=key_persons)
    if actor.role is Role.GRID_WORKER and actor.worker_id:
        return Clearance(workers=frozenset({actor.worker_id}))
    return Clearance(key_persons=key_persons) if key_persons else NOBODY


def is_restricted(event: ev.Event) -> bool:
    """Whether what ``event`` shows depends on the clearance (a declaration, a key person)."""
    return event.type in KEY_PERSON_EVENTS or is_private(event) or names_key_persons(event)


def names_key_persons(event: ev.Event) -> bool:
    """Whether ``event`` is a warning naming key persons (a report mentioned them)."""
    return event.type == WARNING_RAISED and bool(event.data.get("key_persons"))


def is_private(event: ev.Event) -> bool:
    """Whether ``event`` carries a declaration's personal data (its submission, or its 核查 order)."""
    if event.type == ev.SUBMISSION_SUBMITTED:
        return bool(event.data.get("fields", {}).get("self_declared"))
    return event.type == ev.ORDER_ISSUED and bool(event.data.get("declaration"))


def hidden_fields(fields: dict) -> dict:
    """A declaration's fields with the personal ones replaced by :data:`REDACTED` (the address stays)."""
    return {k: REDACTED if k in PERSONAL_FIELDS else v for k, v in fields.items()}


def hidden_key(record_id: str) -> str:
    """A record key that names no ID number but stays unique (a client indexes records by key)."""
    return f"person:{REDACTED}:{record_id}"


def event_data(event: ev.Event, clearance: Clearance) -> dict:
    """``event.data`` as a connection with ``clearance`` gets it (the same dict when nothing is hidden)."""
    d = event.data
    if names_key_persons(event):
        return d if clearance.reads_key_persons(d["station"]) else _unnamed(d)
    if not is_private(event) or clearance.covers(d.get("grid", ""), d.get("worker", "")):
        return d
    if event.type == ev.SUBMISSION_SUBMITTED:
        return {**d, "fields": hidden_fields(d["fields"]), "key": hidden_key(d["record"])}
    return {**d, "target": REDACTED, "target_text": REDACTED}


def wire(event: ev.Event, clearance: Clearance) -> dict:
    """:meth:`Event.to_wire` for a connection with ``clearance``."""
    restricted = is_private(event) or names_key_persons(event)
    return {**event.to_wire(), "data": event_data(event, clearance)} if restricted else event.to_wire()


def wire_all(events: list[ev.Event], clearance: Clearance) -> list[dict]:
    """The wire form of what a connection with ``clearance`` gets of ``events``."""
    return [wire(e, clearance) for e in events if clearance.admits(e)]


def hide_in_snapshot(snap: dict, clearance: Clearance) -> dict:
    """Hide, in place, what ``clearance`` may not read of a snapshot's submissions, records and orders."""
    hidden = set()
    for s in snap["submissions"]:
        if s["fields"].get("self_declared") and not clearance.covers(s["grid_code"], s["worker_id"]):
            s["fields"] = hidden_fields(s["fields"])
            hidden.add(s["id"])
    for r in snap["records"]:
        versions = r["versions"]
        for v in versions:
            if v["submission_id"] in hidden:
                v["fields"] = hidden_fields(v["fields"])
        if versions and versions[0]["submission_id"] in hidden:  # the declaration made the record: its key is the ID
            r["key"] = hidden_key(r["id"])
    for o in snap["orders"]:
        if o.get("declaration") and not clearance.covers(o["grid_code"], o["worker_id"]):
            o["target"] = o["target_text"] = REDACTED
    snap["warnings"] = [w if not w.get("key_persons") or clearance.reads_key_persons(w["station"]) else _unnamed(w)
                        for w in snap["warnings"]]
    return snap


def _unnamed(warning: dict) -> dict:
    """A warning (event data or snapshot row) without the key persons it names."""
    return {**warning, "key_persons": []}
