"""The live picture of the district and the one reducer ``apply(state, event)``.

The relay keeps a :class:`State` to validate commands, each console keeps one to draw, and
replay rebuilds one at time t; all three use :func:`apply`, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from console.domain import events as ev
from console.domain.incidents import ACTIVE_ASSIGNMENT, Incident, Source, Status, TimelineEntry, next_status
from console.domain.places import District
from console.domain.workers import Position, Worker, WorkerKind, WorkerStatus


@dataclass(slots=True)
class State:
    """Reference data (district, roster) plus everything the event log has made of it up to :attr:`seq`."""

    district: District
    workers: dict[str, Worker]
    seq: int = 0
    positions: dict[str, Position] = field(default_factory=dict)
    on_duty: set[str] = field(default_factory=set)
    incidents: dict[str, Incident] = field(default_factory=dict)
    busy: dict[str, str] = field(default_factory=dict)  # worker id -> incident id on an active order

    def __post_init__(self) -> None:
        for inc in self.incidents.values():
            _index_assignment(self, inc)

    def active_incident_of(self, worker_id: str) -> Incident | None:
        """The incident ``worker_id`` is working on (dispatched, signed or on scene), if any."""
        incident_id = self.busy.get(worker_id)
        return self.incidents[incident_id] if incident_id else None

    def worker_status(self, worker_id: str, now_ms: int, stale_after_ms: int) -> WorkerStatus:
        """Derived status: stale when the last fix is older than ``stale_after_ms``."""
        if worker_id not in self.on_duty:
            return WorkerStatus.OFF_DUTY
        pos = self.positions.get(worker_id)
        if pos is None or now_ms - pos.at > stale_after_ms:
            return WorkerStatus.STALE
        if self.active_incident_of(worker_id) is not None:
            return WorkerStatus.ON_ORDER
        return WorkerStatus.ON_DUTY

    def to_snapshot(self) -> dict:
        """Everything a console needs to start drawing, JSON-ready."""
        return {
            "seq": self.seq,
            "district": self.district.to_dict(),
            "workers": [[w.id, w.name, w.kind.value, w.grid_code, w.phone] for w in self.workers.values()],
            "positions": [[p.worker_id, p.lng, p.lat, p.at, p.speed, p.heading] for p in self.positions.values()],
            "on_duty": sorted(self.on_duty),
            "incidents": [inc.to_dict() for inc in self.incidents.values()],
        }

    @classmethod
    def from_snapshot(cls, snap: dict) -> State:
        """Inverse of :meth:`to_snapshot`."""
        workers = {w[0]: Worker(w[0], w[1], WorkerKind(w[2]), w[3], w[4]) for w in snap["workers"]}
        return cls(
            district=District.from_dict(snap["district"]),
            workers=workers,
            seq=int(snap["seq"]),
            positions={p[0]: Position(*p) for p in snap["positions"]},
            on_duty=set(snap["on_duty"]),
            incidents={d["id"]: Incident.from_dict(d) for d in snap["incidents"]},
        )


def apply(state: State, event: ev.Event) -> State:
    """Fold one committed event into ``state`` (in place, for speed) and return it.

    Events arrive already validated by the relay; an event out of sequence is ignored so that
    a duplicate delivery can never apply twice.
    """
    if event.seq <= state.seq:
        return state
    handler = _HANDLERS.get(event.type)
    if handler is not None:
        handler(state, event)
    state.seq = event.seq
    return state


def _position(state: State, e: ev.Event) -> None:
    d = e.data
    state.positions[d["worker"]] = Position(
        d["worker"], d["lng"], d["lat"], d["at"], d.get("speed", 0.0), d.get("heading", 0.0)
    )


def _duty(state: State, e: ev.Event) -> None:
    if e.data["on"]:
        state.on_duty.add(e.data["worker"])
    else:
        state.on_duty.discard(e.data["worker"])


def _reported(state: State, e: ev.Event) -> None:
    d = e.data
    inc = Incident(
        id=d["incident"], category=d["category"], priority=d["priority"], source=Source(d["source"]),
        status=Status.NEW, lng=d["lng"], lat=d["lat"], grid_code=d["grid"], address=d["address"],
        narrative=d["narrative"], caller=d["caller"], reporter=e.actor, reported_at=e.at, version=e.seq,
        updated_at=e.at,
    )
    inc.timeline.append(TimelineEntry(e.seq, e.at, "report", e.actor, Status.NEW, d["narrative"][:80]))
    state.incidents[inc.id] = inc


def _transition(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    action = ev.INCIDENT_ACTIONS[e.type]
    inc.status = next_status(inc.status, action)
    if action == "dispatch":
        inc.worker_id = e.data["worker"]
    inc.version = e.seq
    inc.updated_at = e.at
    inc.timeline.append(TimelineEntry(e.seq, e.at, action, e.actor, inc.status, e.data.get("note", "")))
    _index_assignment(state, inc)


def _index_assignment(state: State, inc: Incident) -> None:
    if inc.worker_id is None:
        return
    if inc.status in ACTIVE_ASSIGNMENT:
        state.busy[inc.worker_id] = inc.id
    elif state.busy.get(inc.worker_id) == inc.id:
        del state.busy[inc.worker_id]


_HANDLERS = {
    ev.POSITION_REPORTED: _position,
    ev.DUTY_SET: _duty,
    ev.INCIDENT_REPORTED: _reported,
    **{t: _transition for t in ev.INCIDENT_ACTIONS},
}
