"""Deciders for what a desk adds to or corrects on an incident after intake, and for closing it.

补充 (a note), 改类 (category), 改级 (priority) and 改址 (address, which regrids the incident) each
need a reason and leave the status alone; 办结 needs a 处理结果 (outcome category) and a note. Every
event names the incident's workers and department so their own connections hear of the change.
"""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor, check_in_region, find_address, find_incident, grid_at, reason
from console.domain.decide_incidents import _audience
from console.domain.errors import DomainError
from console.domain.incidents import Incident, categories
from console.domain.lifecycle import check_action
from console.domain.outcomes import OUTCOMES
from console.domain.state import State


def _open(state: State, args: dict, what: str) -> Incident:
    inc = find_incident(state, args)
    if not inc.is_open:
        raise DomainError("E_TRANSITION", f"{inc.status.label}的警情不能{what}", status=inc.status.value)
    return inc


def close(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """办结 with a 处理结果: an outcome of :data:`OUTCOMES` and a note are required."""
    inc = find_incident(state, args)
    check_action(inc, "close")
    outcome = args.get("outcome", "")
    if outcome not in OUTCOMES:
        raise DomainError("E_FIELD", "请选择处理结果 / an outcome is required: " + "、".join(OUTCOMES.values()))
    return ev.INCIDENT_CLOSED, {"incident": inc.id, "outcome": outcome, "note": reason(args), **_audience(inc)}


def note(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """补充: append a note to any incident, closed ones included (a later finding)."""
    inc = find_incident(state, args)
    return ev.INCIDENT_NOTED, {"incident": inc.id, "note": reason(args), **_audience(inc)}


def recategorize(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """改类: a category of the shipped table, other than the current one."""
    inc = _open(state, args, "改类")
    category = args["category"]
    if category not in categories():
        raise DomainError("E_FIELD", f"未知警情类别 / unknown category {category}")
    if category == inc.category:
        raise DomainError("E_FIELD", "类别未改变 / the category is unchanged")
    return ev.INCIDENT_RECATEGORIZED, {"incident": inc.id, "category": category, "from": inc.category,
                                       "note": reason(args), **_audience(inc)}


def reprioritize(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """改级: priority 1–4, other than the current one."""
    inc = _open(state, args, "改级")
    priority = args["priority"]
    if not isinstance(priority, int) or not 1 <= priority <= 4:
        raise DomainError("E_FIELD", "优先级应为 1–4 / priority must be 1-4")
    if priority == inc.priority:
        raise DomainError("E_FIELD", "优先级未改变 / the priority is unchanged")
    return ev.INCIDENT_REPRIORITIZED, {"incident": inc.id, "priority": priority, "from": inc.priority,
                                       "note": reason(args), **_audience(inc)}


def readdress(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """改址: a standard address code, or address text with coordinates; the grid follows the new place."""
    inc = _open(state, args, "改址")
    code = args.get("address_code", "")
    text = (args.get("address") or "").strip()
    if code:
        found = find_address(state, code)
        if found is None:
            raise DomainError("E_NOT_FOUND", f"标准地址 {code}")
        lng, lat, text, grid = found.lng, found.lat, text or found.text, found.grid_code
    elif text and "lng" in args and "lat" in args:
        lng, lat = args["lng"], args["lat"]
        check_in_region(state, lng, lat)
        grid = grid_at(state, lng, lat)
    else:
        raise DomainError("E_FIELD", "需要标准地址，或地址文字加坐标 / address_code, or address with lng+lat")
    if code == inc.address_code and text == inc.address and (lng, lat) == (inc.lng, inc.lat):
        raise DomainError("E_FIELD", "地址未改变 / the address is unchanged")
    return ev.INCIDENT_READDRESSED, {
        "incident": inc.id, "address": text, "address_code": code, "lng": lng, "lat": lat, "grid": grid,
        "from": inc.address, "from_grid": inc.grid_code, "note": reason(args), **_audience(inc),
    }
