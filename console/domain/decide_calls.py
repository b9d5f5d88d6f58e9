"""Deciders for calls (视频连线 / 语音点调): dial, accept, decline, hang up, fail, recorded.

Whether a worker is reachable is not in the log: the relay checks its live connections before a
``call.dial`` reaches the writer and passes those it could not reach in ``args["unreachable"]``
(a relay-only argument; the wire schema refuses it from clients).
"""

from __future__ import annotations

from console.domain import calls as c
from console.domain import events as ev
from console.domain.decide_common import Actor, acting_worker
from console.domain.errors import DomainError
from console.domain.state import State
from console.domain.workers import FIELD_ROLES, Role

CONSOLE_ROLES = frozenset({Role.DISPATCHER, Role.OFFICER, Role.STATION_CHIEF})


def find_call(state: State, args: dict) -> dict:
    """The call named in ``args``; E_NOT_FOUND if there is none, E_CALL_OVER if it is over."""
    call = state.calls.get(args["call"])
    if call is None:
        raise DomainError("E_NOT_FOUND", f"通话 {args['call']}")
    if not c.is_live(call):
        raise DomainError("E_CALL_OVER", f"通话 {call['id']} 已{'结束' if call['status'] == c.ENDED else '失败'}")
    return call


def party_of(state: State, actor: Actor, call: dict, args: dict) -> str:
    """The party of ``call`` the actor speaks for, or E_NOT_PARTY.

    A console is its account (as caller) or the desk (as the command centre a worker called, until
    another console answered); a grid worker is its worker id; the field gateway names ``worker``.
    """
    if actor.role in FIELD_ROLES:
        candidates = [acting_worker(state, actor, args)]
    else:
        candidates = [actor.account, actor.worker_id]
        if actor.role in CONSOLE_ROLES and call["answered_by"] in ("", actor.account):
            candidates.insert(1, c.DESK)
    for party in candidates:
        if party and (party == call["caller_party"] or party in call["parties"]):
            return party
    raise DomainError("E_NOT_PARTY", f"{actor.account} 不是通话 {call['id']} 的参与方")


def _event(call: dict, status: str, **data) -> dict:
    return {"call": call["id"], **data, "status": status, "workers": c.workers_of(call)}


def dial(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    call_id = args["call"]
    if not c.CALL_ID.fullmatch(call_id):
        raise DomainError("E_FIELD", "call 应为 C + 12 位十六进制 / call id must be C + 12 hex digits")
    if call_id in state.calls:
        raise DomainError("E_CONFLICT", f"通话 {call_id} 已存在 / call id already used")
    if not all(isinstance(w, str) and 0 < len(w) <= 64 for w in args["to"]):
        raise DomainError("E_FIELD", "to 应为人员编号列表 / to must list worker ids")
    to = list(dict.fromkeys(args["to"]))
    if not 0 < len(to) <= c.MAX_CALLEES:
        raise DomainError("E_FIELD", f"to 应为 1..{c.MAX_CALLEES} 个人员编号")
    group = args.get("group", "")
    skipped: dict[str, str] = {}
    if actor.role in FIELD_ROLES:
        if to != [c.DESK] or group:
            raise DomainError("E_FORBIDDEN", "网格员只能呼叫指挥中心 (to: ['desk'])")
        caller_party = acting_worker(state, actor, args)
        _check_free_to_call(state, caller_party)
        if c.DESK in args.get("unreachable", ()):
            raise DomainError("E_UNREACHABLE", "指挥中心暂无值守席位 / no console on duty")
    else:
        caller_party = actor.account
        _check_callees(state, to, group)
        skipped = _skipped(state, to, args.get("unreachable", ()))
    callees = [w for w in to if w not in skipped]
    call = c.new_call(call_id, actor.account, caller_party, args["media"], group, callees, now_ms)
    data = _event(call, c.RINGING, caller_party=caller_party, media=args["media"], group=group, to=callees)
    if skipped:
        data["skipped"] = skipped
    return ev.CALL_RINGING, data


def _check_callees(state: State, to: list[str], group: str) -> None:
    if c.DESK in to:
        raise DomainError("E_FIELD", "指挥台之间不能互相呼叫 / consoles call workers")
    if group and group not in {g.code for g in state.district.grids}:
        raise DomainError("E_NOT_FOUND", f"网格 {group}")
    for worker_id in to:
        worker = state.workers.get(worker_id)
        if worker is None:
            raise DomainError("E_NOT_FOUND", f"人员 {worker_id}")
        if group and worker.grid_code != group:
            raise DomainError("E_FIELD", f"{worker.name} 不属于网格 {group}")


def _skipped(state: State, to: list[str], unreachable) -> dict[str, str]:
    """Callees not to ring, with why. A single callee must be free and reachable (else E_GLARE,
    E_UNREACHABLE, E_BUSY); a call to several skips the busy and unreachable as long as one is left."""
    if len(to) == 1 and (glare := _ringing_us(state, to[0])) is not None:
        raise DomainError("E_GLARE", glare, call=glare)
    skipped = {w: "unreachable" for w in to if w in unreachable}
    if len(skipped) == len(to):
        raise DomainError("E_UNREACHABLE", "、".join(_name(state, w) for w in to))
    skipped |= {w: "busy" for w in to if w not in skipped and w in state.call_of}
    if len(skipped) == len(to):
        raise DomainError("E_BUSY", "、".join(f"{_name(state, w)} 正在通话" for w in to if skipped[w] == "busy"))
    return skipped


def _ringing_us(state: State, worker_id: str) -> str | None:
    """The ringing call ``worker_id`` is making to the desk, if any (dialling them back is glare)."""
    call = state.calls.get(state.call_of.get(worker_id, ""))
    if call is not None and call["caller_party"] == worker_id and call["parties"].get(c.DESK) == c.RINGING:
        return call["id"]
    return None


def _check_free_to_call(state: State, worker_id: str) -> None:
    call = state.calls.get(state.call_of.get(worker_id, ""))
    if call is None:
        return
    if call["parties"].get(worker_id) == c.RINGING and c.DESK not in call["parties"]:
        raise DomainError("E_GLARE", call["id"], call=call["id"])
    raise DomainError("E_BUSY", f"{_name(state, worker_id)} 正在通话 {call['id']}")


def _name(state: State, worker_id: str) -> str:
    worker = state.workers.get(worker_id)
    return worker.name if worker else worker_id


def accept(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    call = find_call(state, args)
    party = party_of(state, actor, call, args)
    if call["parties"].get(party) != c.RINGING:
        raise DomainError("E_TRANSITION", f"{party} 不是正在振铃的被叫 / not a ringing callee")
    extra = {"account": actor.account} if party == c.DESK else {}
    return ev.CALL_ACCEPTED, _event(call, c.ACTIVE, party=party, **extra)


def decline(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    call = find_call(state, args)
    party = party_of(state, actor, call, args)
    if call["parties"].get(party) != c.RINGING:
        raise DomainError("E_TRANSITION", f"{party} 不是正在振铃的被叫 / not a ringing callee")
    reason = args.get("reason", "") or "declined"
    return ev.CALL_DECLINED, _event(call, _status_without(call, party), party=party, reason=reason)


def hangup(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    call = find_call(state, args)
    party = party_of(state, actor, call, args)
    return drop(call, party, args.get("reason", "") or _hangup_reason(call, party))


def _hangup_reason(call: dict, party: str) -> str:
    if call["parties"].get(party) == c.RINGING:
        return "declined"
    return "cancelled" if call["status"] == c.RINGING and party == call["caller_party"] else "hangup"


def drop(call: dict, party: str, reason: str) -> tuple[str, dict]:
    """``party`` leaves the live ``call`` (hang-up or a relay timeout; ``party`` "" is the whole call):
    ``call.ended`` when that ends it, else ``call.left``."""
    if not party or c.ends_call(call, party):
        return ev.CALL_ENDED, _event(call, c.ENDED, party=party, reason=reason)
    return ev.CALL_LEFT, _event(call, _status_without(call, party), party=party, reason=reason)


def _status_without(call: dict, party: str) -> str:
    """The call's status once ``party`` (a callee) is no longer in it."""
    rest = {p: s for p, s in call["parties"].items() if p != party}
    if not any(s in c.PARTY_LIVE for s in rest.values()):
        return c.ENDED
    return c.ACTIVE if any(s == c.ACCEPTED for s in rest.values()) else call["status"]


def fail(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    call = find_call(state, args)
    party = party_of(state, actor, call, args)
    reason = args["reason"].strip()
    if not reason:
        raise DomainError("E_FIELD", "请说明失败原因 / a reason is required")
    return ev.CALL_FAILED, _event(call, c.FAILED, party=party, reason=reason)


def recorded(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    call = state.calls.get(args["call"])
    if call is None:
        raise DomainError("E_NOT_FOUND", f"通话 {args['call']}")
    if actor.account not in (call["caller"], call["answered_by"]):
        raise DomainError("E_NOT_PARTY", f"{actor.account} 没有参与通话 {call['id']}")
    return ev.CALL_RECORDED, {
        "call": call["id"], "file": args["file"], "bytes": args["bytes"], "duration_ms": args["duration_ms"],
        "started_at": args["started_at"], "account": actor.account, "workers": c.workers_of(call),
    }


def stored(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """The relay's own record that it verified and keeps an uploaded recording (``args`` come from the relay)."""
    call = state.calls.get(args["call"])
    if call is None:
        raise DomainError("E_NOT_FOUND", f"通话 {args['call']}")
    return ev.CALL_STORED, {
        "call": call["id"], "part": args["part"], "bytes": args["bytes"], "sha256": args["sha256"],
        "duration_ms": args["duration_ms"], "started_at": args["started_at"], "account": args["account"],
        "workers": c.workers_of(call),
    }
