"""Need-to-know: what a field connection or a department liaison may see of the state and of the log.

Dispatch roles (dispatcher, officer, chief, trainer, admin) see everything. A grid worker sees its
own work, its grid's addresses, the warnings (预警) pushed to it and a roster of itself and its community
officer (社区民警 of its 警格); a police unit's phone its own dispatches and itself, with its status as the
desk's unit board derives it (:mod:`console.domain.unit_status`); a field gateway the same for each worker
bound to it (plus their grids' records, which it keeps up to date); a liaison its department's referrals
without the police's internal history (with their 办理 deadline). A grid worker receives only the notices
(信息推送) addressed to it. Only an administrator's snapshot lists the accounts (never a password hash:
the State has none). A resident's 居住登记 is read only by its officer and its grid worker, the key-person
registry (重点人员) only by officers and chiefs of its station (:mod:`console.domain.privacy`).
Accounts other than the viewer's own are masked, workstations (``ws``) and other people's caller
numbers dropped, the same way in a snapshot as in live events, so a client folding the events onto
its snapshot holds what a fresh snapshot would show.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from console.domain import calls, privacy
from console.domain import events as ev
from console.domain.audience import audiences
from console.domain.clock import now_ms
from console.domain.decide_common import Actor
from console.domain.incident_sla import incident_clock
from console.domain.incidents import Incident, Status
from console.domain.notices import Notice
from console.domain.permissions import WATCH_ALL_ROLES
from console.domain.risk.model import WARNING_EVENTS
from console.domain.state import State
from console.domain.unit_status import unit_states
from console.domain.workers import Role, worker_row

MASK = "—"  # shown instead of an account the viewer need not know
LIAISON_ACTIONS = frozenset({  # timeline entries a department sees: its work order, not police work
    "report", "refer", "referral_sign", "referral_feedback", "referral_return", "verify", "rework", "close",
    "supervise", "callback",
})
_ACTION_OF = {ev.INCIDENT_REPORTED: "report", **ev.INCIDENT_ACTIONS, **ev.INCIDENT_NOTES}
NARROWED_RECIPIENTS = frozenset({ev.NOTICE_SENT, *WARNING_EVENTS})  # a worker learns of no other recipient
BRIEF_FIELDS = ("id", "category", "priority", "source", "lng", "lat", "grid_code", "address", "address_code",
                "narrative", "reported_at")


@dataclass(frozen=True, slots=True)
class View:
    """A narrowed viewer: a field account with the workers it acts for, or a liaison of a department."""

    role: Role
    account: str
    workers: frozenset[str] = frozenset()
    department: str = ""  # liaison: its department code, "*" for the 12345 platform

    @property
    def keys(self) -> frozenset[str]:
        """The audience keys (see :func:`audiences`) this viewer listens to."""
        return frozenset({f"dept:{self.department}"}) if self.role is Role.LIAISON else self.workers

    @property
    def clearance(self) -> privacy.Clearance:
        """A grid worker reads the declarations it holds; nobody else behind a narrowed view reads any."""
        return privacy.Clearance(workers=self.workers) if self.role is Role.GRID_WORKER else privacy.NOBODY

    def mask(self, account: str) -> str:
        return account if account in (self.account, "system", "") else MASK

    # -- live events ----------------------------------------------------------------------------

    def sees(self, event: ev.Event) -> bool:
        """Whether ``event`` reaches this viewer at all."""
        if not audiences(event) & self.keys:
            return False
        return self.role is not Role.LIAISON or _ACTION_OF.get(event.type) in LIAISON_ACTIONS

    def wire(self, events: list[ev.Event], state: State) -> list[dict]:
        """What this viewer gets of ``events``: those it sees, redacted. A police unit's last one also
        carries the unit's status as of ``state`` (``unit``), since any of its events may change it."""
        out = [self.event_for(e, state) for e in events if self.sees(e)]
        if out and self.role is Role.POLICE_UNIT:
            out[-1]["data"]["unit"] = self._unit_status(state)
        return out

    def event_for(self, event: ev.Event, state: State) -> dict:
        """``event`` on the wire as this viewer gets it. A dispatch to one of its workers carries a ``brief``
        of the incident (what a worker is sent to), since a field connection first hears of it there."""
        data = {k: v for k, v in privacy.event_data(event, self.clearance).items() if k != "ws"}
        if data.get("caller") and event.actor != self.account:
            data["caller"] = ""
        if event.type in NARROWED_RECIPIENTS:
            data["workers"] = [w for w in data["workers"] if w in self.workers]
        if event.type == ev.INCIDENT_DISPATCHED and data.get("worker") in self.workers:
            inc = state.incidents.get(data["incident"])
            if inc is not None:
                data["brief"] = brief(inc)
        actor = event.actor if event.type in ev.CALL_EVENTS else self.mask(event.actor)
        return {"seq": event.seq, "at": event.at, "type": event.type, "actor": actor, "data": data}

    # -- snapshots ------------------------------------------------------------------------------

    def concerns(self, inc: Incident) -> bool:
        if self.role is Role.LIAISON:
            referred = inc.referral is not None and self.department in ("*", inc.referral.department)
            return referred or inc.reporter == self.account
        return any(w in self.workers for w in inc.assignments) or inc.reporter_worker in self.workers

    def snapshot(self, state: State) -> dict:
        """What :meth:`State.to_snapshot` gives a dispatcher, narrowed and redacted for this viewer."""
        field = self.role is not Role.LIAISON
        incidents = [i for i in state.incidents.values() if self.concerns(i)]
        orders = [o for o in state.orders.values() if o.worker_id in self.workers]
        grids = {state.workers[w].grid_code for w in self.workers if w in state.workers}
        codes = {i.address_code for i in incidents} | {o.target for o in orders}
        addresses = [a for a in state.district.addresses if a.code in codes or (field and a.grid_code in grids)]
        gateway = self.role is Role.FIELD_GATEWAY
        return privacy.hide_in_snapshot({
            "seq": state.seq,
            "district": replace(state.district, addresses=addresses).to_dict(),
            "workers": [worker_row(w) for w in self._roster(state)],
            "positions": [[p.worker_id, p.lng, p.lat, p.at, p.speed, p.heading]
                          for p in state.positions.values() if p.worker_id in self.workers],
            "on_duty": sorted(state.on_duty & self.workers),
            "sos": [[w, at] for w, at in state.sos.items() if w in self.workers],
            "incidents": [self._incident(i) for i in incidents],
            "orders": [{**o.to_dict(), "by": self.mask(o.by)} for o in orders],
            "submissions": [{**s.to_dict(), "by": self.mask(s.by), "reviewer": self.mask(s.reviewer)}
                            for s in state.submissions.values() if s.worker_id in self.workers],
            "records": [self._record(r.to_dict()) for r in state.records.values() if gateway and r.grid_code in grids],
            "zones": [],
            "geofence_alerts": [],
            "calls": [calls.copy_call(c) for c in state.calls.values()
                      if any(w in self.workers for w in calls.workers_of(c))],
            "bookmarks": [],
            "notices": [self._notice(n) for n in state.notices.values() if self.workers.intersection(n.workers)],
            "accounts": [],
            "warnings": [{**w.to_dict(), "workers": [x for x in w.workers if x in self.workers]}
                         for w in state.warnings.values() if self.workers.intersection(w.workers)],
            "key_persons": [],
            "grid_profiles": [],
            **({"unit": self._unit_status(state)} if self.role is Role.POLICE_UNIT else {}),
        }, self.clearance)

    def _unit_status(self, state: State) -> dict | None:
        """A police unit's status (空闲, 已派, 途中 …) by the same derivation as the desk's unit board."""
        unit = next(iter(self.workers), None)
        return unit_states(state, [unit], now_ms())[unit].to_wire() if unit in state.workers else None

    def _roster(self, state: State) -> list:
        """A grid worker: itself and its community officer; a gateway: its workers; a liaison: nobody."""
        ids = set(self.workers)
        if self.role is Role.GRID_WORKER:
            for w in self.workers:
                if w in state.workers:
                    ids.update(state.officers_of_grid.get(state.workers[w].grid_code, ()))
        return [w for w in state.workers.values() if w.id in ids]

    def _incident(self, inc: Incident) -> dict:
        d = inc.to_dict()
        liaison = self.role is Role.LIAISON
        if inc.reporter != self.account:
            d["caller"] = ""
        d["reporter"] = self.mask(inc.reporter)
        d["assignments"] = [] if liaison else [{**a, "by": self.mask(a["by"])} for a in d["assignments"]]
        if liaison:
            d["worker_id"], d["extension_request"] = None, None
        elif d["extension_request"]:
            d["extension_request"]["by"] = self.mask(d["extension_request"]["by"])
        if d["referral"]:
            d["referral"].update(by=self.mask(d["referral"]["by"]), signed_by=self.mask(d["referral"]["signed_by"]))
        if liaison:  # the department's own countdown, which a page cannot work out (working-day calendar)
            d["referral_deadline"] = referral_deadline(inc)
        d["callbacks"] = [{**c, "by": self.mask(c["by"])} for c in d["callbacks"]]
        d["timeline"] = [[seq, at, action, self.mask(actor), status, note, "", "" if liaison else worker]
                         for seq, at, action, actor, status, note, _ws, worker in d["timeline"]
                         if not liaison or action in LIAISON_ACTIONS]
        return d

    def _notice(self, notice: Notice) -> dict:
        d = notice.to_dict()
        d["by"] = self.mask(d["by"])
        d["workers"] = [w for w in d["workers"] if w in self.workers]
        d["read"] = {w: at for w, at in d["read"].items() if w in self.workers}
        return d

    def _record(self, d: dict) -> dict:
        d["versions"] = [{**v, "by": self.mask(v["by"])} for v in d["versions"]]
        return d


def view_of(actor: Actor, state: State) -> View | None:
    """The view a connection gets: None (everything) for dispatch roles."""
    if actor.role in WATCH_ALL_ROLES:
        return None
    if actor.role is Role.LIAISON:
        return View(actor.role, actor.account, department=actor.department or "-")
    if actor.role is Role.FIELD_GATEWAY:
        bound = frozenset(w.id for w in state.workers.values() if actor.scope is None or actor.scope.covers(w))
        return View(actor.role, actor.account, bound)
    return View(actor.role, actor.account, frozenset({actor.worker_id}) if actor.worker_id else frozenset())


def snapshot_for(state: State, view: View | None, role: Role | None = None,
                 clearance: privacy.Clearance = privacy.NOBODY) -> dict:
    """The snapshot a connection with ``view`` gets; for a whole-stream one, what ``clearance`` reads of
    declarations and key persons, and the account list only for an administrator."""
    if view is not None:
        return view.snapshot(state)
    snapshot = privacy.hide_in_snapshot(state.to_snapshot(clearance.key_persons), clearance)
    if role is not Role.ADMIN:
        snapshot["accounts"] = []
    return snapshot


def referral_deadline(inc: Incident) -> dict | None:
    """The department's 办理 limit of a referral still with it (warn, yellow and red, ms), else None."""
    clock = incident_clock(inc) if inc.status is Status.REFERRED else None
    if clock is None:
        return None
    return {"warn_at": clock.deadline.warn_at, "yellow_at": clock.deadline.yellow_at, "red_at": clock.deadline.red_at}


def brief(inc: Incident) -> dict:
    """The fixed facts of an incident a worker is sent to (no caller, no history)."""
    d = inc.to_dict()
    return {k: d[k] for k in BRIEF_FIELDS}
