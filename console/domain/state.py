"""The live picture of the district and the one reducer ``apply(state, event)``.

The relay keeps a :class:`State` to validate commands, each console keeps one to draw, and
replay rebuilds one at time t; all three use :func:`apply`, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from console.domain import calls
from console.domain import events as ev
from console.domain.accounts import Account
from console.domain.bookmarks import Bookmark
from console.domain.changes import Changes, note_changes
from console.domain.grid_profiles import GridProfile
from console.domain.incidents import TERMINAL_STATUSES, Incident
from console.domain.notices import Notice
from console.domain.orders import Order, OrderStatus, Verification, verification_key
from console.domain.places import Address, District
from console.domain.records import Record, RecordKind, Submission, SubmissionStatus, VersionStatus
from console.domain.reducers import HANDLERS, put_position
from console.domain.reference import place_of
from console.domain.risk.config import RiskConfig, load_risk_config
from console.domain.risk.model import KeyPerson, Warning
from console.domain.workers import Position, Worker, WorkerKind, WorkerStatus, worker_from_row, worker_row

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True, slots=True)
class Rules:
    """Configurable business rules the relay enforces (DOMAIN.md: duplicate checks; the risk rules, repeat
    calls among them, in ``risk``: console.domain.risk)."""

    verify_window_ms: int = 30 * DAY_MS
    risk: RiskConfig = field(default_factory=load_risk_config)


@dataclass(slots=True)
class State:
    """Reference data (district, roster) plus everything the event log has made of it up to :attr:`seq`."""

    district: District
    workers: dict[str, Worker]
    seq: int = 0
    positions: dict[str, Position] = field(default_factory=dict)
    on_duty: set[str] = field(default_factory=set)
    incidents: dict[str, Incident] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    submissions: dict[str, Submission] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    sos: dict[str, int] = field(default_factory=dict)  # worker id -> when the SOS was raised
    zones: dict[str, dict] = field(default_factory=dict)  # watched zone id -> {"name", "polygon"}
    geofence_alerts: dict[tuple[str, str], dict] = field(default_factory=dict)  # (kind, subject) -> raised alert
    calls: dict[str, dict] = field(default_factory=dict)  # call id -> call (console.domain.calls); ended ones for 24 h
    bookmarks: dict[str, Bookmark] = field(default_factory=dict)  # trainers' replay bookmarks by id
    notices: dict[str, Notice] = field(default_factory=dict)  # 信息推送 by id, with who has read each
    accounts: dict[str, Account] = field(default_factory=dict)  # logins by name, without password hashes
    warnings: dict[str, Warning] = field(default_factory=dict)  # 预警 by id (console.domain.risk)
    key_persons: dict[str, KeyPerson] = field(default_factory=dict)  # 重点人员: restricted, see visibility
    grid_profiles: dict[str, GridProfile] = field(default_factory=dict)  # grid code -> kind and posts
    rules: Rules = field(default_factory=Rules)
    # indexes derived from the above, rebuilt by __post_init__ and kept current by the reducer
    busy: dict[str, set[str]] = field(default_factory=dict, init=False)  # worker -> incidents on an active order
    open_orders: dict[str, set[str]] = field(default_factory=dict, init=False)  # worker -> open order ids
    records_by_key: dict[str, str] = field(default_factory=dict, init=False)
    verifications: dict[str, Verification] = field(default_factory=dict, init=False)
    last_call: dict[str, str] = field(default_factory=dict, init=False)  # caller number -> latest incident id
    officers_of_grid: dict[str, list[str]] = field(default_factory=dict, init=False)
    station_of_grid: dict[str, str] = field(default_factory=dict, init=False)  # grid -> its 警格's 派出所
    grid_workers: dict[str, list[str]] = field(default_factory=dict, init=False)  # grid -> its grid workers
    address_index: dict[str, Address] = field(default_factory=dict, init=False)
    address_places: dict[tuple[str, ...], str] = field(default_factory=dict, init=False)  # place -> address code
    call_of: dict[str, str] = field(default_factory=dict, init=False)  # worker -> the live call it is in

    def __post_init__(self) -> None:
        self.address_index = {a.code: a for a in self.district.addresses}
        self.address_places = {place_of(a): a.code for a in self.district.addresses}
        for inc in sorted(self.incidents.values(), key=lambda i: i.reported_at):
            for a in inc.assignments.values():
                if a.is_active:
                    self.busy.setdefault(a.worker_id, set()).add(inc.id)
            if inc.caller:
                self.last_call[inc.caller] = inc.id
        for order in self.orders.values():
            if order.is_open:
                self.open_orders.setdefault(order.worker_id, set()).add(order.id)
            if order.kind.is_verification and order.status is OrderStatus.DONE:
                self.note_verification(Verification(verification_key(order.kind, order.target), order.done_at,
                                                    order.worker_id, "order", order.id, order.result))
        for record in self.records.values():
            self.records_by_key[record.key] = record.id
        for sub in self.submissions.values():
            if sub.status is SubmissionStatus.ACCEPTED and sub.kind in (RecordKind.PERSON, RecordKind.HOUSE):
                self.note_verification(Verification(self.records[sub.record_id].key, sub.reviewed_at, sub.worker_id,
                                                    "record", sub.id, "审核入库"))
        self.index_officers()
        for call in self.calls.values():
            for worker_id in calls.busy_workers(call):
                self.call_of[worker_id] = call["id"]

    def index_officers(self) -> None:
        """(Re)build :attr:`officers_of_grid` and :attr:`grid_workers` (after the roster or the 警格 changed)."""
        grid_to_police = {g: pg.code for pg in self.district.police_grids for g in pg.grid_codes}
        self.station_of_grid = {g: pg.station_code for pg in self.district.police_grids for g in pg.grid_codes}
        officers_of_police_grid: dict[str, list[str]] = {}
        self.grid_workers = {}
        for w in self.workers.values():
            if w.kind is WorkerKind.GRID_WORKER:
                self.grid_workers.setdefault(w.grid_code, []).append(w.id)
            if w.kind is WorkerKind.OFFICER and w.grid_code in grid_to_police:
                officers_of_police_grid.setdefault(grid_to_police[w.grid_code], []).append(w.id)
        self.officers_of_grid = {grid_code: officers_of_police_grid.get(pg_code, [])
                                 for grid_code, pg_code in grid_to_police.items()}

    # -- queries --------------------------------------------------------------------------------

    def active_incident_of(self, worker_id: str) -> Incident | None:
        """The incident ``worker_id`` is working on (dispatched, signed or on scene), if any."""
        ids = self.busy.get(worker_id)
        return self.incidents[min(ids)] if ids else None

    def load_of(self, worker_id: str) -> int:
        """How many active assignments and open orders the worker has."""
        return len(self.busy.get(worker_id, ())) + len(self.open_orders.get(worker_id, ()))

    def responsible_of(self, grid_code: str) -> list[str]:
        """Grid workers whose own grid is ``grid_code``."""
        return list(self.grid_workers.get(grid_code, ()))

    def note_verification(self, v: Verification) -> None:
        """Remember ``v`` if it is the latest check of its person or house."""
        known = self.verifications.get(v.key)
        if known is None or v.at >= known.at:
            self.verifications[v.key] = v

    def worker_status(self, worker_id: str, now_ms: int, stale_after_ms: int) -> WorkerStatus:
        """Derived status: SOS first; stale when the last fix is older than ``stale_after_ms``."""
        if worker_id in self.sos:
            return WorkerStatus.SOS
        if worker_id not in self.on_duty:
            return WorkerStatus.OFF_DUTY
        pos = self.positions.get(worker_id)
        if pos is None or now_ms - pos.at > stale_after_ms:
            return WorkerStatus.STALE
        if self.busy.get(worker_id) or self.open_orders.get(worker_id):
            return WorkerStatus.ON_ORDER
        return WorkerStatus.ON_DUTY

    # -- snapshots ------------------------------------------------------------------------------

    def to_snapshot(self, key_persons: str | None = None) -> dict:
        """Everything a console needs to start drawing, JSON-ready (narrowed views: console.domain.visibility).
        Key persons only of station ``key_persons`` (``*``: all), never by default."""
        return {
            "seq": self.seq,
            "district": self.district.to_dict(),
            "workers": [worker_row(w) for w in self.workers.values()],
            "positions": [[p.worker_id, p.lng, p.lat, p.at, p.speed, p.heading] for p in self.positions.values()],
            "on_duty": sorted(self.on_duty),
            "sos": [[w, at] for w, at in self.sos.items()],
            "incidents": [inc.to_dict() for inc in self.incidents.values()],
            "orders": [o.to_dict() for o in self.orders.values()],
            "submissions": [s.to_dict() for s in self.submissions.values()],
            "records": [r.to_dict() for r in self.records.values()],
            "zones": [{"id": z, **zone} for z, zone in self.zones.items()],
            "geofence_alerts": list(self.geofence_alerts.values()),
            "calls": [calls.copy_call(c) for c in self.calls.values()],
            "bookmarks": [b.to_dict() for b in self.bookmarks.values()],
            "notices": [n.to_dict() for n in self.notices.values()],
            "accounts": [a.to_dict() for a in self.accounts.values()],
            "warnings": [w.to_dict() for w in self.warnings.values()],
            "key_persons": [p.to_dict() for p in self.key_persons.values()
                            if key_persons is not None and key_persons in ("*", p.station)],
            "grid_profiles": [p.to_dict() for p in self.grid_profiles.values()],
        }

    @classmethod
    def from_snapshot(cls, snap: dict, reference: State | None = None) -> State:
        """Inverse of :meth:`to_snapshot`. With ``reference``, a snapshot without district and workers (a replay
        state read through the relay) shares ``reference``'s district and a copy of its roster."""
        if reference is not None:
            district, workers = reference.district, dict(reference.workers)
        else:
            district = District.from_dict(snap["district"])
            workers = {w[0]: worker_from_row(w) for w in snap["workers"]}
        return cls(
            district=district,
            workers=workers,
            seq=int(snap["seq"]),
            positions={p[0]: Position(*p) for p in snap["positions"]},
            on_duty=set(snap["on_duty"]),
            incidents={d["id"]: Incident.from_dict(d) for d in snap["incidents"]},
            orders={d["id"]: Order.from_dict(d) for d in snap.get("orders", [])},
            submissions={d["id"]: Submission.from_dict(d) for d in snap.get("submissions", [])},
            records={d["id"]: Record.from_dict(d) for d in snap.get("records", [])},
            sos={w: int(at) for w, at in snap.get("sos", [])},
            zones={z["id"]: {"name": z["name"], "polygon": z["polygon"]} for z in snap.get("zones", [])},
            geofence_alerts={(a["kind"], a["subject"]): a for a in snap.get("geofence_alerts", [])},
            calls={c["id"]: calls.copy_call(c) for c in snap.get("calls", [])},
            bookmarks={d["id"]: Bookmark.from_dict(d) for d in snap.get("bookmarks", [])},
            notices={d["id"]: Notice.from_dict(d) for d in snap.get("notices", [])},
            accounts={d["name"]: Account.from_dict(d) for d in snap.get("accounts", [])},
            warnings={d["id"]: Warning.from_dict(d) for d in snap.get("warnings", [])},
            key_persons={d["id"]: KeyPerson.from_dict(d) for d in snap.get("key_persons", [])},
            grid_profiles={d["id"]: GridProfile.from_dict(d) for d in snap.get("grid_profiles", [])},
        )


def apply(state: State, event: ev.Event, changes: Changes | None = None) -> Changes:
    """Fold one committed event into ``state`` (in place, for speed) and say what it changed.

    What changed is added to ``changes`` (a batch folds into one) or to a new :class:`Changes`, which is
    returned. Events arrive already validated by the relay; an event out of sequence is ignored so that
    a duplicate delivery can never apply twice.
    """
    if changes is None:
        changes = Changes()
    if fold(state, event) and event.type in ev.PAYLOADS:
        note_changes(state, event, changes)
    return changes


def fold(state: State, event: ev.Event) -> bool:
    """:func:`apply` without saying what changed (replay and its checkpoints: nobody draws those states, and
    working that out was half the cost); False when the event changed nothing but ``state.seq``."""
    if event.seq <= state.seq:
        return False
    if not holds_subject(state, event):  # about closed work this state was trimmed of (history)
        state.seq = event.seq
        return False
    handler = HANDLERS.get(event.type)
    if handler is not None:
        handler(state, event)
    state.seq = event.seq
    return True


# incident events folded into an incident the state must already hold (a report creates one, a dispatch
# with a ``brief`` may: see console.domain.visibility)
_ON_HELD_INCIDENT = frozenset(ev.INCIDENT_ACTIONS) | frozenset(ev.INCIDENT_NOTES)
_ON_HELD_ORDER = ev.ORDER_EVENTS - {ev.ORDER_ISSUED}
# every dispute and hazard is a record of its own (console.domain.records.record_key): once 失效 and old, nothing
# looks it up by its key again, so it may leave the state; people, houses and units are found by theirs
TRIMMED_RECORD_KINDS = (RecordKind.DISPUTE, RecordKind.HAZARD)


def holds_subject(state: State, event: ev.Event) -> bool:
    """False for an event about an incident, order or record ``state`` does not hold: closed work older than the
    state keeps (:func:`trim_closed`; the relay loads such work back before it decides a command about it)."""
    if event.type in _ON_HELD_INCIDENT and event.data.get("incident") not in state.incidents:
        return event.type == ev.INCIDENT_DISPATCHED and "brief" in event.data
    if event.type in _ON_HELD_ORDER:
        return event.data.get("order") in state.orders
    if event.type == ev.RECORD_INVALIDATED:
        return event.data.get("record") in state.records
    return True


def trim_closed(state: State, before_ms: int) -> int:
    """Drop closed work last changed before ``before_ms``; how many items were dropped:

    - closed and voided incidents (and their callers' index entries: a repeat call is only looked for within the
      risk rules' window);
    - finished orders (done, returned, cancelled), but a done 核查 stays while the duplicate-check window
      (``Rules.verify_window_ms`` before ``before_ms``) reaches it;
    - 失效 dispute and hazard records (nothing effective or under review).
    """
    old = {i for i, inc in state.incidents.items() if inc.status in TERMINAL_STATUSES and inc.updated_at < before_ms}
    for incident_id in old:
        del state.incidents[incident_id]
    state.last_call = {caller: i for caller, i in state.last_call.items() if i not in old}
    verify_since = before_ms - state.rules.verify_window_ms
    orders = [o.id for o in state.orders.values() if not o.is_open and o.updated_at < before_ms
              and not (o.status is OrderStatus.DONE and o.kind.is_verification and o.updated_at >= verify_since)]
    for order_id in orders:
        del state.orders[order_id]
    records = [r for r in state.records.values() if r.kind in TRIMMED_RECORD_KINDS and r.updated_at < before_ms
               and all(v.status is VersionStatus.INVALID for v in r.versions)]
    for record in records:
        del state.records[record.id]
        state.records_by_key.pop(record.key, None)
    return len(old) + len(orders) + len(records)


def apply_all(state: State, events: Iterable[ev.Event]) -> Changes:
    """Fold a batch into ``state``; one change set for all of it, ``events`` included."""
    changes = Changes()
    for event in events:
        apply(state, event, changes)
        changes.events.append(event)
    return changes


def apply_fixes(state: State, fixes: Iterable[Position | tuple], changes: Changes) -> None:
    """Fold positions given as rows (worker, lng, lat, at, speed, heading) or as decoded payloads, in log
    order: each is the reducer's position step, exactly as applying its ``position.reported`` event.
    (The caller moves ``state.seq``: replay folds columns, see console.replay.fixes.)"""
    step, note = put_position, changes.positions.append
    for row in fixes:
        fix = row if type(row) is Position else Position(*row)
        step(state, fix)
        note(fix)
