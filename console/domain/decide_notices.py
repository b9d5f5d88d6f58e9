"""Deciders for 信息推送: a desk sends a notice to grid workers; a recipient marks it read."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor, acting_worker, ticket
from console.domain.errors import DomainError
from console.domain.notices import Audience, Priority
from console.domain.state import State
from console.domain.text import is_blank
from console.domain.workers import WorkerKind


def recipients(state: State, audience: Audience, code: str) -> list[str]:
    """The grid workers a notice to ``audience`` ``code`` reaches, by id; E_NOT_FOUND for an unknown code."""
    district = state.district
    if audience is Audience.ALL:
        grids = None
    elif audience is Audience.GRID:
        grids = {g.code for g in district.grids if g.code == code}
    elif audience is Audience.COMMUNITY:
        grids = {g.code for g in district.grids if g.community_code == code}
    else:
        grids = {g for pg in district.police_grids if pg.code == code for g in pg.grid_codes}
    if grids is not None and not grids:
        raise DomainError("E_NOT_FOUND", f"{audience.label} {code}")
    return sorted(w.id for w in state.workers.values()
                  if w.kind is WorkerKind.GRID_WORKER and (grids is None or w.grid_code in grids))


def send(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    text = args["text"].strip()
    if is_blank(text):
        raise DomainError("E_FIELD", "请填写推送内容 / the notice needs text")
    audience = Audience(args["audience"])
    code = "" if audience is Audience.ALL else args.get("code", "")
    if audience is not Audience.ALL and not code:
        raise DomainError("E_FIELD", f"请选择{audience.label} / code required")
    workers = recipients(state, audience, code)
    if not workers:
        raise DomainError("E_NOT_FOUND", f"{audience.label} {code} 没有网格员 / no grid workers there")
    data = {"notice": ticket("TZ", now_ms, seq), "text": text, "priority": args.get("priority", Priority.NORMAL.value),
            "audience": audience.value, "code": code, "workers": workers}
    if args.get("photo"):
        data["photo"] = args["photo"]
    return ev.NOTICE_SENT, data


def read(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    worker_id = acting_worker(state, actor, args)
    notice = state.notices.get(args["notice"])
    if notice is None or worker_id not in notice.workers:
        raise DomainError("E_NOT_FOUND", f"通知 {args['notice']}")
    if worker_id in notice.read:
        raise DomainError("E_CONFLICT", "已读 / already read")
    return ev.NOTICE_READ, {"notice": notice.id, "worker": worker_id}
