"""The relay's read backend: the queries of :mod:`console.domain.queries` answered from the database.

``jingwang relay`` hands a :class:`StoreReads` to the relay, which runs it on its own query threads
(:mod:`console.relay.reads`). It reads through a read-only :class:`Store` of its own (never the writer's
connection) with the same services the server-side CLI uses: the summary and its drill-downs
(:mod:`console.services.summary`) and the replay engine (:class:`console.replay.Replay`, a few ranges
kept loaded, so a trainer's seeks and windows do not fold the log again; when it loads one it starts bringing
the persisted replay checkpoints up to date in the background, at most once a minute, through a small writable
connection of its own: :mod:`console.replay.checkpoint_log`). What it returns is what the
account would see live: replay states and events are redacted with the account's clearance; an account
bound to places (station, 警格, grids) reads the summary only of places inside them and the report and
replay of its own incidents.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import OrderedDict

from console import config
from console.domain import periods, privacy
from console.domain.clock import now_ms
from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.incidents import Incident
from console.domain.queries import QUERIES
from console.domain.state import DAY_MS
from console.domain.summary import Period, Scope, to_wire
from console.domain.visibility import snapshot_for
from console.kpi.heat import heat_days
from console.replay import Replay, checkpoint_log, incident_range
from console.replay.ranges import stored_incident
from console.services import summary as svc
from console.services.analysis import build_analysis
from console.services.assessment import assess
from console.store import history
from console.store.store import Store

log = logging.getLogger(__name__)

KEEP_REPLAYS = 4  # ranges kept loaded (a trainer's day, an incident or two)
EXTEND_EVERY_S = 60.0  # how often the persisted checkpoints are brought up to date (before a replay loads)
EXTEND_LIMIT = 200_000  # events folded per catch-up at most: a first one on years of log is spread over many
CLOSE_WAIT_S = 60.0  # how long closing waits for a checkpoint catch-up to finish
REFERENCE_KEYS = ("district", "workers")  # sent once by replay.reference, left out of every state


def incident_summary(inc: Incident, closed_since: int) -> dict:
    """A search result: what the queue shows of ``inc``; ``history`` when no snapshot carries it any more."""
    return {"id": inc.id, "status": inc.status.value, "category": inc.category, "priority": inc.priority,
            "source": inc.source.value, "address": inc.address, "caller": inc.caller, "grid_code": inc.grid_code,
            "reported_at": inc.reported_at, "updated_at": inc.updated_at, "closed_at": inc.closed_at,
            "history": not inc.is_open and inc.updated_at < closed_since}


class StoreReads:
    """Answers queries for the relay from the database at ``url`` (opened read-only on first use)."""

    def __init__(self, url: str, *, keep_replays: int = KEEP_REPLAYS, closed_days: float | None = None) -> None:
        """``closed_days``: what a snapshot carries of closed work (default ``JINGWANG_SNAPSHOT_CLOSED_DAYS``);
        a search marks older closed incidents ``history``."""
        self.url = url
        self.closed_days = config.SNAPSHOT_CLOSED_DAYS.get() if closed_days is None else closed_days
        self.keep_replays = keep_replays
        self._store: Store | None = None
        self._checkpoint_store: Store | None = None  # writable: only replay checkpoints are written through it
        self._extended_at = -EXTEND_EVERY_S
        self._extending = False  # a catch-up of the persisted checkpoints is running
        self.extension: threading.Thread | None = None  # the last one started
        self._lock = threading.Lock()
        self._replays: OrderedDict[tuple, tuple[threading.Lock, list]] = OrderedDict()
        self._answers = {
            "summary.stations": self._stations, "summary.daily": self._daily, "summary.drill": self._drill,
            "summary.assessment": self._assessment, "summary.analysis": self._analysis,
            "history.incident_range": self._incident_range, "incidents.search": self._search,
            "incidents.get": self._get, "replay.reference": self._reference,
            "replay.overview": self._overview, "replay.state": self._state, "replay.events": self._events,
            "replay.fixes": self._fixes, "heat.day": self._heat,
        }
        assert self._answers.keys() == QUERIES.keys(), "every declared query needs an answer"

    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = Store(self.url, read_only=True)
            return self._store

    def run(self, actor: Actor, name: str, args: dict):
        """The JSON-ready answer to query ``name`` (checked and authorized by the relay's edge)."""
        return self._answers[name](actor, args)

    def close(self) -> None:
        """Forget the loaded ranges and close the connections (after a catch-up under way has finished)."""
        if self.extension is not None:
            self.extension.join(CLOSE_WAIT_S)
        with self._lock:
            self._replays.clear()
            for store in (self._store, self._checkpoint_store):
                if store is not None:
                    store.dispose()
            self._store = self._checkpoint_store = None

    # -- the summary ----------------------------------------------------------------------------

    def _stations(self, actor: Actor, _args: dict) -> list[dict]:
        names = svc.station_names(self.store())
        return [{"code": c, "name": n} for c, n in sorted(names.items()) if self._may_read(actor, "station", c)]

    def _daily(self, actor: Actor, args: dict) -> dict:
        date = _date(args["date"])
        self._check_place(actor, "station", args["station"])
        return to_wire(svc.build_daily_summary(self.store(), date, args["station"]))

    def _drill(self, actor: Actor, args: dict) -> list[dict]:
        kind, code = args["scope_kind"], args["scope_code"]
        self._check_place(actor, kind, code)
        items = svc.drill_down(self.store(), args["kpi"], Scope(kind, code, args.get("scope_name", "")),
                               Period(args["start"], args["end"], args.get("label", "")),
                               args.get("part", "numerator"), now_ms=args.get("as_of"), family=args.get("family", ""))
        return to_wire(items)

    def _assessment(self, actor: Actor, args: dict) -> dict:
        station = self._station_or_district(actor, args)
        return to_wire(assess(self.store(), periods.parse(args["kind"], args["period"]), station))

    def _analysis(self, actor: Actor, args: dict) -> dict:
        if args["end"] <= args["start"]:
            raise DomainError("E_FIELD", "结束时间应晚于开始时间 / end must follow start")
        station = self._station_or_district(actor, args)
        return to_wire(build_analysis(self.store(), Period(args["start"], args["end"], args.get("label", "")), station))

    def _station_or_district(self, actor: Actor, args: dict) -> str:
        """The station a period read names ("" for the whole district), checked against the account's scope."""
        station = args.get("station", "")
        self._check_place(actor, "station" if station else "district", station)
        return station
    def _heat(self, actor: Actor, args: dict) -> dict:
        """人流热力 of the days; an account bound to places gets only the cells inside its grids."""
        first, last = (_date(args[k]) for k in ("first", "last"))
        with svc.read_snapshot(self.store()) as conn:
            day = heat_days(conn, first, last)
        scope = actor.scope
        if scope is not None and scope.has_places:
            day = day.inside(scope.grids, self.store().load_reference().district)
        return day.to_dict()

    def _may_read(self, actor: Actor, kind: str, code: str) -> bool:
        scope = actor.scope
        if scope is None or not scope.has_places:
            return True
        if kind == "district":
            return False
        grids = svc.grids_of(self.store(), kind, code)
        return bool(grids) and set(grids) <= scope.grids

    def _check_place(self, actor: Actor, kind: str, code: str) -> None:
        if not self._may_read(actor, kind, code):
            raise DomainError("E_FORBIDDEN", f"{code} 不在本账号范围内（{actor.scope.describe()}）")

    # -- history: the queue's search, replay ranges and incident reports ---------------------------

    def _search(self, actor: Actor, args: dict) -> dict:
        grids = None
        if "grid" in args:
            self._check_place(actor, "grid", args["grid"])
            grids = {args["grid"]}
        elif actor.scope is not None and actor.scope.has_places:
            grids = actor.scope.grids
        page = args.get("page", 0)
        found, more = history.search_incidents(self.store(), history.Search(
            args.get("text", ""), args.get("start"), args.get("end"), grids, page))
        since = now_ms() - int(self.closed_days * DAY_MS)
        return {"items": [incident_summary(inc, since) for inc in found], "page": page, "more": more}

    def _get(self, actor: Actor, args: dict) -> dict:
        inc = history.load_incident(self.store(), args["incident"])
        if inc is None:
            raise DomainError("E_NOT_FOUND", f"警情 {args['incident']} 不存在")
        self._check_incident(actor, inc.id)
        return inc.to_dict()

    def _incident_range(self, actor: Actor, args: dict) -> dict:
        start, end = incident_range(self.store(), args["incident"])
        self._check_incident(actor, args["incident"])
        return {"start": start, "end": end}

    def _reference(self, _actor: Actor, _args: dict) -> dict:
        snap = self.store().load_reference().to_snapshot()
        return {k: snap[k] for k in REFERENCE_KEYS}

    def _overview(self, actor: Actor, args: dict) -> dict:
        replay = self._ranged(actor, args)
        workers = replay.workers_of_incident()
        return {"marks": replay.marks(), "bookmarks": [b.to_dict() for b in replay.bookmarks()],
                "recordings": replay.recordings(), "incident_workers": None if workers is None else sorted(workers)}

    def _state(self, actor: Actor, args: dict) -> dict:
        replay = self._ranged(actor, args)
        state = replay.state_at(args["at"])
        snap = snapshot_for(state, None, actor.role, privacy.clearance_of(actor, replay.reference))
        return {k: v for k, v in snap.items() if k not in REFERENCE_KEYS}

    def _events(self, actor: Actor, args: dict) -> list[dict]:
        replay = self._ranged(actor, args)
        found = replay.events_between(args["from"], args["to"])
        return privacy.wire_all(found, privacy.clearance_of(actor, replay.reference))

    def _fixes(self, actor: Actor, args: dict) -> dict:
        replay = self._ranged(actor, args)
        return replay.fixes_between(args["from"], args["to"], incident_only=args.get("incident_only", False)).to_wire()

    def _ranged(self, actor: Actor, args: dict) -> Replay:
        incident = args.get("incident") or None
        if incident is not None:
            self._check_incident(actor, incident)
        elif actor.scope is not None and actor.scope.has_places:
            raise DomainError("E_FORBIDDEN", f"本账号只能回放本范围的警情（{actor.scope.describe()}）")
        return self._replay(args["start"], args["end"], incident)

    def _check_incident(self, actor: Actor, incident: str) -> None:
        scope = actor.scope
        if scope is None or not scope.has_places:
            return
        if stored_incident(self.store(), incident).grid_code not in scope.grids:
            raise DomainError("E_FORBIDDEN", f"警情 {incident} 不在本账号范围内（{scope.describe()}）")

    def _replay(self, start: int, end: int, incident: str | None) -> Replay:
        """The engine of one range, loaded once (by one thread; others asking for it wait) and kept."""
        key = (start, end, incident)
        with self._lock:
            entry = self._replays.get(key)
            if entry is None:
                entry = self._replays[key] = (threading.Lock(), [])
                while len(self._replays) > self.keep_replays:
                    self._replays.popitem(last=False)
            self._replays.move_to_end(key)
        lock, loaded = entry
        with lock:
            if not loaded:
                self._extend_checkpoints()
                loaded.append(Replay(self.store(), start, end, incident=incident))
            return loaded[0]

    def _extend_checkpoints(self) -> None:
        """Bring the persisted checkpoints up to the head on a thread of its own (one run at a time, at most once
        a minute); the range loads meanwhile from the checkpoints there are, so it never waits for the catch-up."""
        with self._lock:
            if self._extending or time.monotonic() - self._extended_at < EXTEND_EVERY_S:
                return
            self._extending, self._extended_at = True, time.monotonic()
        self.extension = threading.Thread(target=self._extend, name="replay-checkpoints", daemon=True)
        self.extension.start()

    def _extend(self) -> None:
        try:
            with self._lock:
                if self._checkpoint_store is None:
                    self._checkpoint_store = Store(self.url)
                store = self._checkpoint_store
            checkpoint_log.extend(store, limit=EXTEND_LIMIT)
        except Exception as exc:  # replay still loads, folding from an older checkpoint
            log.warning("replay checkpoints not extended: %s", exc)
        finally:
            with self._lock:
                self._extending = False


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DomainError("E_FIELD", f"日期应为 YYYY-MM-DD: {text!r}") from None
