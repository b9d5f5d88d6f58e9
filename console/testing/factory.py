"""Sample histories made the way the relay makes them: commands decided against a shadow state.

:class:`EventFactory` sends the command a real client would send (operation, arguments, the account
it is logged in as) through the relay's argument check and :func:`console.domain.decide.decide`
against its own shadow :class:`State`, numbers the event like the relay (seq, at), folds it into the
shadow and returns it; callers fold the returned events into their own states. A command the relay
would refuse raises its :class:`DomainError` and leaves the factory as it was.

:meth:`EventFactory.forge` is the one way to make an event no command gives (the relay's own
geofence alerts and call drops, hostile text where no client can put it), for tests that need one.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from console.domain import events as ev
from console.domain.catalogue import OPERATIONS, validate_args
from console.domain.decide import decide
from console.domain.decide_common import Actor, china_day, grid_at
from console.domain.places import Grid
from console.domain.state import HOUR_MS, State, apply
from console.domain.workers import Role, WorkerKind

GATEWAY = "fieldsim"  # the field gateway's account: it reports for police units, which have no field login
LIAISON = "hotline12345"  # the 12345 platform's liaison: every department
DESK_ACCOUNTS = {"c01": Role.STATION_CHIEF, "mj01": Role.OFFICER, "m01": Role.OFFICER, "t01": Role.TRAINER,
                 "a01": Role.ADMIN}
# who sends a desk op when the caller names nobody: the first of these roles the op allows
_SENDERS = ((Role.DISPATCHER, ""), (Role.STATION_CHIEF, "c01"), (Role.OFFICER, ""), (Role.LIAISON, LIAISON),
            (Role.TRAINER, "t01"), (Role.ADMIN, "a01"))
_FIELD = frozenset({Role.GRID_WORKER, Role.FIELD_GATEWAY})


def _client_op_of_events() -> dict[str, str]:
    """Event type -> the first declared op a logged-in client sends to get it (not the relay's, not e码's)."""
    out: dict[str, str] = {}
    for op in OPERATIONS.values():
        if op.args is not None and not op.roles <= {Role.PUBLIC, Role.SYSTEM}:
            for event_type in op.emits:
                out.setdefault(event_type, op.name)
    return out


OP_OF = _client_op_of_events()


class EventFactory:
    """Makes events with increasing seq by deciding commands against ``state``, its shadow.

    ``state`` becomes the factory's own (use :meth:`following` to start from a copy of someone's);
    its ``seq`` is where numbering continues. Every event is stamped ``step_ms`` after the previous
    one (1 s, a position 10 ms); set :attr:`at` to jump the relay's clock forward.

    ``folds=False``: the caller folds the events into ``state`` itself, as the relay's writer does with
    its watchdog's, and must do so before asking for an event that depends on an earlier one
    (:class:`console.testing.sample_load.BurstMaker` on a state too big to copy).
    """

    def __init__(self, state: State, start_ms: int, dispatcher: str = "ddy01", officer: str = "mj01", *,
                 folds: bool = True) -> None:
        self.state = state
        self.at = start_ms
        self.dispatcher = dispatcher
        self.officer = officer
        self.folds = folds
        self._seq = state.seq

    @classmethod
    def following(cls, state: State, start_ms: int, **kwargs) -> EventFactory:
        """A factory whose shadow is a copy of ``state`` (the district is shared, not copied)."""
        return cls(copy.deepcopy(state, {id(state.district): state.district}), start_ms, **kwargs)

    @property
    def seq(self) -> int:
        """The seq of the last event made (or of the state the factory started from)."""
        return max(self._seq, self.state.seq)

    # --- the one path: a command through the relay's checks ---------------------------------------
    def actor(self, op: str, account: str | None = None, worker: str | None = None) -> Actor:
        """Who the relay sees sending ``op``: ``worker`` for a field command naming one (their own grid
        worker login, or the field gateway for a police unit), else ``account``: a grid worker's login,
        one of :data:`DESK_ACCOUNTS`, or any other name as the first desk role the op allows (dispatcher,
        chief, officer, liaison for every department …); no account: that role's default login."""
        roles = OPERATIONS[op].roles if op in OPERATIONS else frozenset()
        if account is None and worker is not None and roles & _FIELD:
            w = self.state.workers.get(worker)
            if w is not None and w.kind is WorkerKind.GRID_WORKER:
                return Actor(worker.lower(), Role.GRID_WORKER, worker_id=worker)
            return Actor(GATEWAY, Role.FIELD_GATEWAY)
        own = {w.lower(): w for w, v in self.state.workers.items() if v.kind is WorkerKind.GRID_WORKER}
        if account in own:
            return Actor(account, Role.GRID_WORKER, worker_id=own[account])
        if account == GATEWAY:
            return Actor(GATEWAY, Role.FIELD_GATEWAY)
        role = DESK_ACCOUNTS.get(account or "")
        if role is None:
            role, default = next(((r, a) for r, a in _SENDERS if r in roles), _SENDERS[0])
            account = account or default or (self.dispatcher if role is Role.DISPATCHER else self.officer)
        return Actor(account, role, department="*" if role is Role.LIAISON else "")

    def command(self, op: str, *, by: Actor | str | None = None, ws: str = "", step_ms: int = 1000,
                relay_args: dict | None = None, **args) -> ev.Event:
        """The event the relay commits for ``op`` with ``args`` sent by ``by`` (an account or an
        :class:`Actor`; default :meth:`actor`) from workstation ``ws``; raises what the relay refuses with.
        ``relay_args``: what the relay itself adds after checking a client's (``unreachable`` of a dial)."""
        actor = by if isinstance(by, Actor) else self.actor(op, by, args.get("worker"))
        if ws:
            actor = replace(actor, workstation=ws)
        checked = {**validate_args(op, args), **(relay_args or {})}
        at, seq = self.at + step_ms, self.seq + 1
        event_type, data = decide(self.state, actor, op, checked, at, seq)
        return self._commit(ev.Event(seq, at, event_type, actor.account, data))

    def forge(self, type_: str, actor: str, data: dict, step_ms: int = 1000) -> ev.Event:
        """An event no command gives, numbered and folded like the rest: for tests that need the relay's
        own events (made by the domain function the relay uses, actor ``system``) or text no client could
        send. Everything else goes through :meth:`command`."""
        return self._commit(ev.Event(self.seq + 1, self.at + step_ms, type_, actor, data))

    def _commit(self, event: ev.Event) -> ev.Event:
        if self.folds:
            apply(self.state, event)
        self._seq, self.at = event.seq, event.at
        return event

    # --- ids the relay will give the next event -----------------------------------------------------
    def ticket(self, prefix: str, step_ms: int = 1000) -> str:
        """The ticket number the next event (``step_ms`` on) gets: prefix, China date, seq."""
        return f"{prefix}{china_day(self.at + step_ms)}{self.seq + 1:08d}"

    def incident_id(self) -> str:
        return self.ticket("JQ")

    # --- the field ----------------------------------------------------------------------------------
    def duty(self, worker: str, on: bool = True) -> ev.Event:
        return self.command("worker.duty", worker=worker, on=on)

    def position(self, worker: str, lng: float, lat: float, at: int | None = None) -> ev.Event:
        """A fix taken at ``at`` (default: as it reaches the relay), 10 ms after the previous event."""
        return self.command("position.report", worker=worker, lng=lng, lat=lat, step_ms=10,
                            **({} if at is None else {"at": at}))

    def sos(self, worker: str) -> ev.Event:
        return self.command("worker.sos", worker=worker)

    def sos_cleared(self, worker: str, note: str = "") -> ev.Event:
        return self.command("worker.sos_clear", worker=worker, note=note)

    # --- incidents ----------------------------------------------------------------------------------
    def report(self, grid: Grid, point: tuple[float, float], *, category: str = "200200", priority: int = 3,
               source: str = "grid", address: str = "", narrative: str = "", caller: str = "",
               actor: str | None = None, step_ms: int = 1000, **args) -> ev.Event:
        """A report at ``point``, which must lie in ``grid`` (the relay grids it), taken by the desk or sent by
        ``actor``; ``args``: what else ``incident.report`` takes (``photo``, ``accept`` …)."""
        if grid_at(self.state, *point) != grid.code:
            raise ValueError(f"{point} is not in grid {grid.code}")
        return self.command("incident.report", by=actor, step_ms=step_ms, category=category, priority=priority,
                            source=source, lng=point[0], lat=point[1], address=address, narrative=narrative,
                            caller=caller, **args)

    def step(self, incident: str, action_type: str, worker: str | None = None, note: str = "",
             **args) -> ev.Event:
        """The command giving ``action_type`` on ``incident``: by ``worker`` for a field step, naming them
        for a dispatch (forced past a busy worker, as the dispatcher confirms), else by the dispatcher.
        ``args``: what else the op takes (``outcome`` of 办结 …)."""
        op = OP_OF[action_type]
        if worker is not None:
            args["worker"] = worker
        if op == "incident.dispatch":
            args.setdefault("force", True)
        return self.command(op, incident=incident, note=note, **args)

    def act(self, incident: str, type_: str, actor: str | None = None, **args) -> ev.Event:
        """Any incident command by type of event (``note``, ``ws``, ``level`` … in ``args``), by the
        desk by default; a liaison serving ``department`` for a referral step."""
        op = OP_OF[type_]
        by: Actor | str | None = actor
        if OPERATIONS[op].roles == {Role.LIAISON}:
            by = Actor(actor or LIAISON, Role.LIAISON, department=args.pop("department", "*"))
        return self.command(op, by=by, incident=incident, **args)

    def refer(self, incident: str, department: str, note: str = "转办") -> ev.Event:
        return self.command("incident.refer", incident=incident, department=department, note=note)

    # --- two-way flow: orders, submissions, records ------------------------------------------------
    def order(self, kind: str, worker: str, target: str, *, due_in_ms: int = 3_600_000, note: str = "",
              incident: str = "") -> ev.Event:
        """``order.issue`` to ``worker``, due ``due_in_ms`` after it is issued (at least 6 minutes)."""
        return self.command("order.issue", kind=kind, worker=worker, target=target, due_hours=due_in_ms / HOUR_MS,
                            note=note, **({"incident": incident} if incident else {}))

    def order_step(self, order: str, type_: str, worker: str, note: str = "",
                   confirmed: bool | None = None) -> ev.Event:
        """sign / done / return by the worker, or cancel by the dispatcher."""
        if type_ == ev.ORDER_CANCELLED:
            return self.command("order.cancel", order=order, note=note)
        extra = {} if confirmed is None else {"confirmed": confirmed}
        return self.command(OP_OF[type_], order=order, worker=worker, note=note, **extra)

    def submission(self, kind: str, worker: str, fields: dict, *, record: str = "", note: str = "",
                   photo: str = "") -> ev.Event:
        """``submission.submit`` by ``worker``; a new record unless ``record`` is named."""
        return self.command("submission.submit", worker=worker, kind=kind, fields=fields, note=note,
                            **({"record": record} if record else {}), **({"photo": photo} if photo else {}))

    def review(self, submitted: ev.Event, *, accept: bool = True, note: str = "", actor: str | None = None) -> ev.Event:
        """The officer's verdict on the submission made by ``submitted``."""
        op = "submission.accept" if accept else "submission.return"
        return self.command(op, by=actor, submission=submitted.data["submission"], note=note)

    def invalidate(self, record: str, note: str, actor: str | None = None) -> ev.Event:
        return self.command("record.invalidate", by=actor, record=record, note=note)


def advance(inc_id: str, f: EventFactory, worker: str, stage: int) -> list[ev.Event]:
    """Events taking an incident from 新建 through ``stage`` steps (1 accept … 6 verify, 7 close 已调解)."""
    plan = [
        (ev.INCIDENT_ACCEPTED, None, "已受理", {}),
        (ev.INCIDENT_DISPATCHED, worker, "请就近处置", {}),
        (ev.INCIDENT_SIGNED, worker, "", {}),
        (ev.INCIDENT_ARRIVED, worker, "已到达现场", {}),
        (ev.INCIDENT_FEEDBACK, worker, "已调解完毕，双方签字", {}),
        (ev.INCIDENT_VERIFYING, None, "电话回访核实", {}),
        (ev.INCIDENT_CLOSED, None, "回访满意", {"outcome": "mediated"}),
    ]
    return [f.step(inc_id, t, w, note, **extra) for t, w, note, extra in plan[:stage]]
