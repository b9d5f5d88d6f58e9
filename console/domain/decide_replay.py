"""Deciders for the trainer's replay annotations: add and remove timeline bookmarks (the only ops a trainer has)."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor
from console.domain.errors import DomainError
from console.domain.state import State


def add_bookmark(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    note = args["note"].strip()
    if not note:
        raise DomainError("E_FIELD", "请填写书签说明 / a note is required")
    if args["at"] > now_ms:
        raise DomainError("E_FIELD", f"书签时间在未来 / at={args['at']} is after now")
    data = {"bookmark": f"BM{seq:010d}", "at": args["at"], "note": note}
    incident = args.get("incident", "")
    if incident:
        if incident not in state.incidents:
            raise DomainError("E_NOT_FOUND", f"警情 {incident}")
        data["incident_link"] = incident
    return ev.BOOKMARK_ADDED, data


def remove_bookmark(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    if args["bookmark"] not in state.bookmarks:
        raise DomainError("E_NOT_FOUND", f"书签 {args['bookmark']}")
    return ev.BOOKMARK_REMOVED, {"bookmark": args["bookmark"]}
