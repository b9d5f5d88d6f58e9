"""Police unit status for the unit board: 空闲, 已派, 途中, 到场, 处置, 休整, 下班, and since when.

Derived from the roster's duty flags and each unit's incident assignments, so live, replay and the
board agree without a status event of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from console.domain.incidents import Assignment, AssignmentStatus
from console.domain.state import State

ARRIVED_MS = 2 * 60_000  # 到场 for this long after arrival, then 处置
REST_MS = 10 * 60_000  # 休整 for this long after feedback


class UnitStatus(IntEnum):
    """A unit's status; the order is the board's natural order (free first)."""

    IDLE = 0
    DISPATCHED = 1
    EN_ROUTE = 2
    ARRIVED = 3
    HANDLING = 4
    RESTING = 5
    OFF_DUTY = 6

    @property
    def label(self) -> str:
        return ("空闲", "已派", "途中", "到场", "处置", "休整", "下班")[self]


@dataclass(frozen=True, slots=True)
class UnitState:
    """Status, when it began (ms, 0 = not known) and the incident it concerns."""

    worker_id: str
    status: UnitStatus
    since: int
    incident: str | None = None

    @property
    def then(self) -> tuple[UnitStatus, int] | None:
        """The status this one turns into by itself, and when: 到场 → 处置, 休整 → 空闲 (no event marks them)."""
        if self.status is UnitStatus.ARRIVED:
            return UnitStatus.HANDLING, self.since + ARRIVED_MS
        if self.status is UnitStatus.RESTING:
            return UnitStatus.IDLE, self.since + REST_MS
        return None

    def to_wire(self) -> dict:
        """For a unit's own phone: its status in words, since when, its incident and what comes next by itself."""
        then = self.then
        return {"status": self.status.label, "since": self.since, "incident": self.incident or "",
                "then": [then[0].label, then[1]] if then else None}


def _from_assignment(a: Assignment, now_ms: int) -> tuple[UnitStatus, int] | None:
    if a.status is AssignmentStatus.DISPATCHED:
        return UnitStatus.DISPATCHED, a.dispatched_at
    if a.status is AssignmentStatus.SIGNED:
        return UnitStatus.EN_ROUTE, a.signed_at or a.dispatched_at
    if a.status is AssignmentStatus.ON_SCENE:
        if now_ms - a.arrived_at < ARRIVED_MS:
            return UnitStatus.ARRIVED, a.arrived_at
        return UnitStatus.HANDLING, a.arrived_at + ARRIVED_MS
    if a.status is AssignmentStatus.DONE and a.done_at and now_ms - a.done_at < REST_MS:
        return UnitStatus.RESTING, a.done_at
    return None


def unit_states(state: State, unit_ids: list[str], now_ms: int) -> dict[str, UnitState]:
    """The status of each of ``unit_ids`` at ``now_ms``; an active assignment outranks resting."""
    wanted = set(unit_ids)
    best: dict[str, UnitState] = {}
    last_done: dict[str, int] = {}
    for inc in state.incidents.values():
        for a in inc.assignments.values():
            if a.worker_id not in wanted:
                continue
            if a.done_at:
                last_done[a.worker_id] = max(last_done.get(a.worker_id, 0), a.done_at)
            found = _from_assignment(a, now_ms)
            if found is None:
                continue
            current = best.get(a.worker_id)
            candidate = UnitState(a.worker_id, found[0], found[1], inc.id)
            if current is None or (candidate.status, -candidate.since) < (current.status, -current.since):
                best[a.worker_id] = candidate
    out = {}
    for wid in unit_ids:
        if wid not in state.on_duty:
            out[wid] = UnitState(wid, UnitStatus.OFF_DUTY, 0)
        elif wid in best:
            out[wid] = best[wid]
        else:
            done = last_done.get(wid, 0)
            out[wid] = UnitState(wid, UnitStatus.IDLE, done + REST_MS if done else 0)
    return out
