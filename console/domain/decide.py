"""Turn an authorized command into the event it causes, or refuse it with a reason.

``decide`` reads the state and never changes it; the caller assigns the sequence number,
commits the event and only then folds it in with :func:`console.domain.state.apply`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from console.domain import events as ev
from console.domain.errors import DomainError
from console.domain.geo import bbox, centroid, point_in_polygon
from console.domain.incidents import Incident, Source, categories, next_status
from console.domain.permissions import authorize
from console.domain.state import State
from console.domain.workers import Role

CHINA_TZ = timedelta(hours=8)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who sends a command: account name, role and, for a grid worker's own account, the worker id."""

    account: str
    role: Role
    worker_id: str | None = None


def decide(state: State, actor: Actor, op: str, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """Return ``(event_type, event_data)`` for the command, or raise :class:`DomainError`.

    ``seq`` is the sequence number the event will get (used to number new incidents).
    """
    authorize(actor.role, op)
    return _DECIDERS[op](state, actor, args, now_ms, seq)


def _acting_worker(state: State, actor: Actor, args: dict) -> str:
    """The worker a field command is for: the account's own, or ``args['worker']`` for a gateway."""
    if actor.role is Role.FIELD_GATEWAY:
        worker_id = args.get("worker")
        if not worker_id:
            raise DomainError("E_FIELD", "外勤网关必须指明 worker / gateway commands need 'worker'")
    else:
        worker_id = actor.worker_id
        if args.get("worker") not in (None, worker_id):
            raise DomainError("E_FORBIDDEN", "只能以本人身份操作 / may only act as yourself")
    if worker_id not in state.workers:
        raise DomainError("E_NOT_FOUND", f"人员 {worker_id}")
    return worker_id


def _incident(state: State, args: dict) -> Incident:
    inc = state.incidents.get(args["incident"])
    if inc is None:
        raise DomainError("E_NOT_FOUND", f"警情 {args['incident']}")
    expected = args.get("version")
    if expected is not None and expected != inc.version:
        raise DomainError(
            "E_CONFLICT", f"警情 {inc.id} 已被他人更新 / changed by someone else", incident=inc.to_dict()
        )
    return inc


EDGE_TOLERANCE_DEG = 0.0005  # about 50 m: a fix on a boundary road, pushed out by GPS noise


def grid_at(state: State, lng: float, lat: float) -> str:
    """Code of the grid containing the point; else the nearest grid within ~50 m; else ""."""
    near: list[tuple[float, str]] = []
    for grid in state.district.grids:
        x0, y0, x1, y1 = bbox(grid.polygon)
        if x0 <= lng <= x1 and y0 <= lat <= y1 and point_in_polygon((lng, lat), grid.polygon):
            return grid.code
        t = EDGE_TOLERANCE_DEG
        if x0 - t <= lng <= x1 + t and y0 - t <= lat <= y1 + t:
            cx, cy = centroid(grid.polygon)
            near.append(((cx - lng) ** 2 + (cy - lat) ** 2, grid.code))
    return min(near)[1] if near else ""


def _position(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    worker_id = _acting_worker(state, actor, args)
    data = {"worker": worker_id, "lng": args["lng"], "lat": args["lat"], "at": args.get("at", now_ms)}
    for key in ("speed", "heading"):
        if key in args:
            data[key] = args[key]
    return ev.POSITION_REPORTED, data


def _duty(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    return ev.DUTY_SET, {"worker": _acting_worker(state, actor, args), "on": bool(args["on"])}


def _report(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    if args["category"] not in categories():
        raise DomainError("E_FIELD", f"未知警情类别 / unknown category {args['category']}")
    lng, lat = args["lng"], args["lat"]
    day = (datetime.fromtimestamp(now_ms / 1000, UTC) + CHINA_TZ).strftime("%Y%m%d")
    if actor.role in (Role.GRID_WORKER, Role.FIELD_GATEWAY):
        reporter_worker = _acting_worker(state, actor, args)
        source = args.get("source", Source.GRID_WORKER.value)
    else:
        reporter_worker = None
        source = args.get("source", Source.CALL_110.value)
    return ev.INCIDENT_REPORTED, {
        "incident": f"JQ{day}{seq:08d}",
        "category": args["category"],
        "priority": args.get("priority", 3),
        "source": Source(source).value,
        "lng": lng,
        "lat": lat,
        "grid": grid_at(state, lng, lat),
        "address": args.get("address", ""),
        "narrative": args.get("narrative", ""),
        "caller": args.get("caller", ""),
        "reporter_worker": reporter_worker,
    }


def _simple_transition(action: str, event_type: str):
    def decide_transition(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
        inc = _incident(state, args)
        next_status(inc.status, action)
        return event_type, {"incident": inc.id, "note": args.get("note", "")}

    return decide_transition


def _dispatch(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = _incident(state, args)
    next_status(inc.status, "dispatch")
    worker_id = args["worker"]
    if worker_id not in state.workers:
        raise DomainError("E_NOT_FOUND", f"人员 {worker_id}")
    busy_with = state.active_incident_of(worker_id)
    if busy_with is not None and not args.get("force", False):
        raise DomainError("E_BUSY", f"{state.workers[worker_id].name} 正在处置 {busy_with.id}", incident=busy_with.id)
    return ev.INCIDENT_DISPATCHED, {"incident": inc.id, "worker": worker_id, "note": args.get("note", "")}


def _field_transition(action: str, event_type: str):
    def decide_field(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
        worker_id = _acting_worker(state, actor, args)
        inc = _incident(state, args)
        if inc.worker_id != worker_id:
            raise DomainError("E_FORBIDDEN", f"警情 {inc.id} 未派给 {worker_id}")
        next_status(inc.status, action)
        return event_type, {"incident": inc.id, "worker": worker_id, "note": args.get("note", "")}

    return decide_field


_DECIDERS = {
    "position.report": _position,
    "worker.duty": _duty,
    "incident.report": _report,
    "incident.accept": _simple_transition("accept", ev.INCIDENT_ACCEPTED),
    "incident.dispatch": _dispatch,
    "incident.close": _simple_transition("close", ev.INCIDENT_CLOSED),
    "incident.sign": _field_transition("sign", ev.INCIDENT_SIGNED),
    "incident.arrive": _field_transition("arrive", ev.INCIDENT_ARRIVED),
    "incident.feedback": _field_transition("feedback", ev.INCIDENT_FEEDBACK),
}
