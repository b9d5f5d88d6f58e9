"""Reducers of 补充, 改类, 改级 and 改址: the incident's facts change, its status does not, and the
timeline says what it was, what it is now, who changed it and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.domain import events as ev
from console.domain.incidents import PRIORITY_LABELS, Incident, TimelineEntry, category_name

if TYPE_CHECKING:
    from console.domain.state import State


def _stamp(inc: Incident, e: ev.Event, action: str, note: str) -> None:
    inc.version = e.seq
    inc.updated_at = e.at
    inc.timeline.append(TimelineEntry(e.seq, e.at, action, e.actor, inc.status, note, e.data.get("ws", "")))


def _why(e: ev.Event) -> str:
    return e.data.get("note", "")


def _noted(state: State, e: ev.Event) -> None:
    inc = state.incidents.get(e.data["incident"])
    if inc is not None:
        _stamp(inc, e, "note", _why(e))


def _recategorized(state: State, e: ev.Event) -> None:
    inc = state.incidents.get(e.data["incident"])
    if inc is None:
        return
    old, inc.category = inc.category, e.data["category"]
    change = f"{old} {category_name(old)} → {inc.category} {category_name(inc.category)}"
    _stamp(inc, e, "recategorize", f"{change}：{_why(e)}")


def _reprioritized(state: State, e: ev.Event) -> None:
    inc = state.incidents.get(e.data["incident"])
    if inc is None:
        return
    old, inc.priority = inc.priority, e.data["priority"]
    change = f"{PRIORITY_LABELS.get(old, old)} → {PRIORITY_LABELS.get(inc.priority, inc.priority)}"
    _stamp(inc, e, "reprioritize", f"{change}：{_why(e)}")


def _readdressed(state: State, e: ev.Event) -> None:
    d = e.data
    inc = state.incidents.get(d["incident"])
    if inc is None:
        return
    old = inc.address
    inc.address, inc.address_code = d["address"], d.get("address_code", "")
    inc.lng, inc.lat, inc.grid_code = d["lng"], d["lat"], d["grid"]
    _stamp(inc, e, "readdress", f"{old} → {inc.address}：{_why(e)}")


HANDLERS = {
    ev.INCIDENT_NOTED: _noted,
    ev.INCIDENT_RECATEGORIZED: _recategorized,
    ev.INCIDENT_REPRIORITIZED: _reprioritized,
    ev.INCIDENT_READDRESSED: _readdressed,
}
