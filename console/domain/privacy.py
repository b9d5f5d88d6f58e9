"""居住登记 privacy: a resident's self-declared personal data is read by two people only.

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
from console.domain.state import State
from console.domain.workers import Role

REDACTED = "已隐去（仅审核民警与核查网格员可见）"
PERSONAL_FIELDS = ("name", "id_number", "sex", "phone", "move_in", "relation", "workplace")


@dataclass(frozen=True, slots=True)
class Clearance:
    """Whose declarations a connection reads: an officer those of its 警格's grids, a grid worker those it holds."""

    grids: frozenset[str] = frozenset()
    workers: frozenset[str] = frozenset()

    def covers(self, grid: str, worker: str) -> bool:
        return grid in self.grids or worker in self.workers


NOBODY = Clearance()


def clearance_of(actor: Actor, state: State) -> Clearance:
    """The clearance of a logged-in connection (the gateway, a unit, a liaison and the desk roles: none)."""
    if actor.role is Role.OFFICER and actor.worker_id:
        return Clearance(grids=frozenset(g for g, officers in state.officers_of_grid.items()
                                         if actor.worker_id in officers))
    if actor.role is Role.GRID_WORKER and actor.worker_id:
        return Clearance(workers=frozenset({actor.worker_id}))
    return NOBODY


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
    if not is_private(event) or clearance.covers(d.get("grid", ""), d.get("worker", "")):
        return d
    if event.type == ev.SUBMISSION_SUBMITTED:
        return {**d, "fields": hidden_fields(d["fields"]), "key": hidden_key(d["record"])}
    return {**d, "target": REDACTED, "target_text": REDACTED}


def wire(event: ev.Event, clearance: Clearance) -> dict:
    """:meth:`Event.to_wire` for a connection with ``clearance``."""
    return {**event.to_wire(), "data": event_data(event, clearance)} if is_private(event) else event.to_wire()


def covers_any(events: list[ev.Event], clearance: Clearance) -> bool:
    """Whether ``clearance`` reads the personal data of any private event among ``events``."""
    return any(is_private(e) and clearance.covers(e.data.get("grid", ""), e.data.get("worker", "")) for e in events)


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
    return snap
