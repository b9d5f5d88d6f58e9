"""Dispatch suggestions: who should take an incident, best first.

The incident's own grid comes first (its responsible grid workers, then the community officers
of its 警格), then everyone else available by walking time. Busy, stale and off-duty people follow,
flagged, so the dispatcher can still choose them knowingly but never by accident.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

from console.domain.geo import distance_m
from console.domain.incidents import Incident
from console.domain.state import State
from console.domain.workers import WorkerKind, WorkerStatus

WALK_SPEED_MPS = 1.2
DETOUR_FACTOR = 1.3  # streets, not a straight line


class Reason(IntEnum):
    """Why a person is suggested, in the order they are listed."""

    RESPONSIBLE = 0
    OFFICER = 1
    NEAREST = 2

    @property
    def label(self) -> str:
        return ("责任网格员", "社区民警", "就近")[self]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One candidate with everything the dispatcher weighs: place, time to get there, load."""

    worker_id: str
    name: str
    kind: WorkerKind
    grid_code: str
    reason: Reason
    status: WorkerStatus
    distance_m: float
    eta_s: float
    load: int
    busy_with: str | None

    @property
    def available(self) -> bool:
        return self.status is WorkerStatus.ON_DUTY and self.busy_with is None

    def sort_key(self) -> tuple:
        tier = 0 if self.available else 1 if self.busy_with is not None else 2
        near = self.eta_s if self.reason is Reason.NEAREST else 0.0
        return tier, self.reason, near, self.load, self.name


def walking_eta_s(metres: float) -> float:
    """Walking time along streets for a straight-line distance."""
    return metres * DETOUR_FACTOR / WALK_SPEED_MPS


def suggest(state: State, incident: Incident, now_ms: int, stale_after_ms: int = 15_000) -> list[Suggestion]:
    """Everyone on the roster who is not already on this incident, best candidates first."""
    responsible = set(state.responsible_of(incident.grid_code))
    officers = set(state.officers_of_grid.get(incident.grid_code, ()))
    out = []
    for worker in state.workers.values():
        if worker.id in incident.assignments and incident.assignments[worker.id].is_live:
            continue
        pos = state.positions.get(worker.id)
        dist = distance_m((pos.lng, pos.lat), (incident.lng, incident.lat)) if pos is not None else math.inf
        reason = (Reason.RESPONSIBLE if worker.id in responsible else
                  Reason.OFFICER if worker.id in officers else Reason.NEAREST)
        busy = state.active_incident_of(worker.id)
        out.append(Suggestion(
            worker.id, worker.name, worker.kind, worker.grid_code, reason,
            state.worker_status(worker.id, now_ms, stale_after_ms), dist, walking_eta_s(dist),
            state.load_of(worker.id), busy.id if busy is not None else None,
        ))
    out.sort(key=Suggestion.sort_key)
    return out
