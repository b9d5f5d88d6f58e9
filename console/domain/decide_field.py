"""Deciders for what comes from the field and the phone lines: positions, duty, SOS, new incidents."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor, acting_worker, check_in_region, find_address, grid_at, ticket
from console.domain.errors import DomainError
from console.domain.incidents import Incident, Source, categories
from console.domain.state import State
from console.domain.text import is_blank
from console.domain.workers import Role

MAX_FIX_AGE_MS = 7 * 24 * 3600 * 1000  # a phone that queued positions offline for up to a week
MAX_FIX_AHEAD_MS = 5 * 60 * 1000  # a device clock running ahead
MAX_FIXES = 500  # fixes in one position.batch frame


def position(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    worker_id = acting_worker(state, actor, args)
    at = args.get("at", now_ms)
    if not now_ms - MAX_FIX_AGE_MS <= at <= now_ms + MAX_FIX_AHEAD_MS:
        raise DomainError("E_FIELD", f"定位时间 at 与服务器时间相差过大 / at is {(at - now_ms) // 1000} s off")
    check_in_region(state, args["lng"], args["lat"])
    data = {"worker": worker_id, "lng": args["lng"], "lat": args["lat"], "at": at}
    for key in ("speed", "heading"):
        if key in args:
            data[key] = args[key]
    return ev.POSITION_REPORTED, data


def position_batch(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """Never decided whole: the relay decides each of its fixes as a ``position.report`` (console.relay.fixes)."""
    raise DomainError("E_FIELD", "批量定位须逐条判定 / a position batch is decided fix by fix")


def duty(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    return ev.DUTY_SET, {"worker": acting_worker(state, actor, args), "on": bool(args["on"])}


def sos(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    worker_id = acting_worker(state, actor, args)
    if worker_id in state.sos:
        raise DomainError("E_CONFLICT", "求助已在处理中 / SOS already raised")
    data = {"worker": worker_id}
    pos = state.positions.get(worker_id)
    if pos is not None:
        data.update(lng=pos.lng, lat=pos.lat)
    return ev.WORKER_SOS, data


def sos_clear(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    worker_id = args["worker"]
    if worker_id not in state.sos:
        raise DomainError("E_TRANSITION", f"{worker_id} 没有未处理的求助 / no open SOS")
    return ev.WORKER_SOS_CLEARED, {"worker": worker_id, "note": args.get("note", "")}


def report(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    category = args["category"]
    if category not in categories():
        raise DomainError("E_FIELD", f"未知警情类别 / unknown category {category}")
    field = actor.role in (Role.GRID_WORKER, Role.FIELD_GATEWAY)
    reporter_worker = acting_worker(state, actor, args) if field else None
    caller = args.get("caller", "")
    pushed_by = {"department": actor.department} if actor.role is Role.LIAISON and actor.department else {}
    photo = {"photo": args["photo"]} if args.get("photo") else {}
    return ev.INCIDENT_REPORTED, {
        **pushed_by,
        **photo,
        **_taken_by_desk(actor, args),
        "incident": ticket("JQ", now_ms, seq),
        "category": category,
        "priority": args.get("priority", 3),
        "source": source_of(actor, args.get("source")).value,
        **_place(state, args),
        "narrative": args.get("narrative", ""),
        "caller": caller,
        "reporter_worker": reporter_worker,
        "repeat_of": earlier.id if (earlier := repeat_call(state, caller, category, now_ms)) else "",
    }


def discover(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """巡逻发现: a police unit reports what it comes across (a category of the patrol subset, what it sees, where
    it is), and with ``on_scene`` takes it at once (到场): the incident starts 处置中 with the unit on scene. A unit
    already on another incident (派遣/途中/到场) cannot be on scene here too: E_BUSY names that incident."""
    unit = acting_worker(state, actor, args)
    problems = []
    found = categories().get(args["category"])
    if found is None or not found.patrol:
        problems.append(f"category: 巡逻发现不能上报此类别 {args['category']}")
    if is_blank(args["narrative"]):
        problems.append("narrative: 请填写现场情况")
    if problems:
        raise DomainError("E_FIELD", "；".join(p.split(": ", 1)[1] for p in problems), problems=problems)
    if args.get("on_scene") and (busy_with := state.active_incident_of(unit)) is not None:
        why = f"正在处置 {busy_with.id}，不能同时到场；取消“已在现场”可只上报"  # a unit cannot be in two places
        raise DomainError("E_BUSY", f"{state.workers[unit].name} {why}", incident=busy_with.id,
                          problems=[f"on_scene: {why}"])
    return ev.INCIDENT_REPORTED, {
        "incident": ticket("JQ", now_ms, seq),
        "category": found.code,
        "priority": args.get("priority", 3),
        "source": Source.PATROL.value,
        **_place(state, args),
        "narrative": args["narrative"].strip(),
        "caller": "",
        "reporter_worker": unit,
        **({"on_scene": True} if args.get("on_scene") else {}),
    }


def _place(state: State, args: dict) -> dict:
    """Where a report is: a standard address (coordinates may refine it), or coordinates in the district."""
    address_code = args.get("address_code", "")
    address = args.get("address", "")
    if address_code:
        found = find_address(state, address_code)
        if found is None:
            raise DomainError("E_NOT_FOUND", f"标准地址 {address_code}")
        lng, lat = args.get("lng", found.lng), args.get("lat", found.lat)
        return {"lng": lng, "lat": lat, "grid": found.grid_code, "address": address or found.text,
                "address_code": address_code}
    if "lng" in args and "lat" in args:
        check_in_region(state, args["lng"], args["lat"])
        return {"lng": args["lng"], "lat": args["lat"], "grid": grid_at(state, args["lng"], args["lat"]),
                "address": address, "address_code": ""}
    raise DomainError("E_FIELD", "需要标准地址或坐标 / address_code or lng+lat required")


def _taken_by_desk(actor: Actor, args: dict) -> dict:
    """``accepted`` when the desk taking the call accepts it on submit (首接负责: the taker is the acceptor)."""
    if not args.get("accept"):
        return {}
    from console.domain.permissions import may  # the catalogue imports this module

    if not may(actor.role, "incident.accept"):
        raise DomainError("E_FORBIDDEN", f"{actor.role.label}无权受理 / may not accept on report")
    return {"accepted": True}


def source_of(actor: Actor, asked: str | None) -> Source:
    """Where a report comes from is the sender's role: 12345 转入 from a liaison, 网格员上报 from the
    field; only a dispatch desk names the source (110 by default). A source a liaison or the field
    sends is ignored."""
    if actor.role is Role.LIAISON:
        return Source.HOTLINE_12345
    if actor.role in (Role.GRID_WORKER, Role.FIELD_GATEWAY):
        return Source.GRID_WORKER
    return Source(asked) if asked else Source.CALL_110


def repeat_call(state: State, caller: str, category: str, now_ms: int) -> Incident | None:
    """The earlier incident from ``caller`` inside the repeat-call window (重复警情), if any.

    The window is the 重复警情 rule's (``risk_rules.json``), or the longer dispute window when the earlier
    call or this one is a dispute (治安纠纷, 家庭暴力). The relay's risk rules raise the warning from the
    ``repeat_of`` this sets (console.domain.risk.engine), so the two never disagree.
    """
    caller = caller.strip()
    earlier = state.incidents.get(state.last_call.get(caller, "")) if caller else None
    if earlier is None:
        return None
    risk = state.rules.risk
    disputes = risk.is_dispute(category) or risk.is_dispute(earlier.category)
    window = risk.dispute_repeat_window_ms if disputes else risk.repeat_call.window_ms
    return earlier if now_ms - earlier.reported_at <= window else None
