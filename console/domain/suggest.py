"""Dispatch suggestions: who should take an incident, best first.

Safety first: the category's entry in the needs table (:mod:`console.domain.dispatch_needs`) says
which capabilities the lead unit must have. Units that have them come first; among them the one
that gets there soonest (straight-line distance × a detour factor at the unit's own speed: a patrol
car 1.5 km away beats a walker 400 m away), then the lighter load. Units without them follow,
flagged: for a violent or criminal incident a grid worker is offered only in support (仅协助 ·
无执法权). Within each group busy, stale and off-duty units come after available ones, so the
dispatcher can still choose them knowingly but never by accident.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

from console.domain.dispatch_needs import Need, NeedsTable, load_needs
from console.domain.geo import distance_m
from console.domain.incidents import Incident
from console.domain.state import State
from console.domain.units import Capability, TravelMode, travel_eta_s
from console.domain.workers import Worker, WorkerKind, WorkerStatus


class Reason(IntEnum):
    """How a unit relates to the incident's place."""

    RESPONSIBLE = 0
    OFFICER = 1
    NEAREST = 2

    @property
    def label(self) -> str:
        return ("责任网格员", "本警格民警", "就近")[self]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One candidate with everything the dispatcher weighs: who, time to get there, load, fitness."""

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
    mode: TravelMode = TravelMode.WALK
    eligible: bool = True  # has every capability the category needs
    flag: str = ""  # why an ineligible unit is listed, e.g. "仅协助 · 无执法权"
    reason_text: str = ""  # e.g. "巡逻车 · 约2分钟 · 具备执法能力"

    @property
    def available(self) -> bool:
        return self.status is WorkerStatus.ON_DUTY and self.busy_with is None

    @property
    def support_only(self) -> bool:
        """Listed only to help a police lead (the category needs police and this unit cannot lead)."""
        return not self.eligible and self.flag.startswith(SUPPORT)

    def sort_key(self) -> tuple:
        tier = 0 if self.available else 1 if self.busy_with is not None else 2
        return not self.eligible, tier, self.eta_s, self.load, self.name


SUPPORT = "仅协助"


def fmt_minutes(seconds: float) -> str:
    """"约3分钟", or "位置未知" without a position."""
    if not math.isfinite(seconds):
        return "位置未知"
    return f"约{max(1, math.ceil(seconds / 60))}分钟"


def _caps_text(caps) -> str:
    return "、".join(c.label for c in Capability if c in caps)


def _fitness(worker: Worker, need: Need) -> tuple[bool, str]:
    """(eligible, flag) of ``worker`` for ``need``."""
    missing = need.needs - worker.capabilities
    if not missing:
        return True, ""
    if not need.police_lead:
        return False, f"缺{_caps_text(missing)}能力"
    if Capability.ENFORCEMENT in missing:
        return False, f"{SUPPORT} · 无执法权"
    return False, f"{SUPPORT} · 缺{_caps_text(missing)}能力"


def _reason_text(worker: Worker, eta_s: float, relation: Reason, need: Need, eligible: bool) -> str:
    """"巡逻车 · 约2分钟 · 具备执法能力", "网格员 · 约4分钟 · 责任网格员 · 具备调解能力"."""
    parts = [worker.unit_label, fmt_minutes(eta_s)]
    if relation is not Reason.NEAREST:
        parts.append(relation.label)
    if eligible and need.needs:
        parts.append(f"具备{_caps_text(need.needs)}能力")
    return " · ".join(parts)


def has_lead(state: State, incident: Incident, needs: NeedsTable | None = None) -> bool:
    """True when a unit able to lead the incident is already on it (support may then go freely)."""
    need = (needs or load_needs()).need_of(incident.category)
    return any(a.worker_id in state.workers and need.needs <= state.workers[a.worker_id].capabilities
               for a in incident.live_assignments())


def suggest(state: State, incident: Incident, now_ms: int, stale_after_ms: int = 15_000,
            needs: NeedsTable | None = None) -> list[Suggestion]:
    """Everyone on the roster who is not already on this incident, best candidates first."""
    need = (needs or load_needs()).need_of(incident.category)
    responsible = set(state.responsible_of(incident.grid_code))
    officers = set(state.officers_of_grid.get(incident.grid_code, ()))
    out = []
    for worker in state.workers.values():
        if worker.id in incident.assignments and incident.assignments[worker.id].is_live:
            continue
        pos = state.positions.get(worker.id)
        dist = distance_m((pos.lng, pos.lat), (incident.lng, incident.lat)) if pos is not None else math.inf
        relation = (Reason.RESPONSIBLE if worker.id in responsible else
                    Reason.OFFICER if worker.id in officers else Reason.NEAREST)
        eligible, flag = _fitness(worker, need)
        eta = travel_eta_s(dist, worker.mode)
        busy = state.active_incident_of(worker.id)
        out.append(Suggestion(
            worker.id, worker.name, worker.kind, worker.grid_code, relation,
            state.worker_status(worker.id, now_ms, stale_after_ms), dist, eta,
            state.load_of(worker.id), busy.id if busy is not None else None,
            worker.mode, eligible, flag, _reason_text(worker, eta, relation, need, eligible),
        ))
    out.sort(key=Suggestion.sort_key)
    return out
