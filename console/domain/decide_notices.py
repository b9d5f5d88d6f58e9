"""Deciders for 信息推送: a desk sends a notice to grid workers (and officers); a recipient marks it read."""

from __future__ import annotations

import re

from console.domain import events as ev
from console.domain.decide_common import Actor, acting_worker, ticket
from console.domain.errors import DomainError
from console.domain.notices import Audience, Priority
from console.domain.state import State
from console.domain.text import is_blank
from console.domain.workers import WorkerKind

FILE_SHA256 = re.compile(r"[0-9a-f]{64}")
FILE_NAME = re.compile(r"[^/\\\x00-\x1f]{1,100}\.pdf")  # a bare PDF name: no folder, no control character


def recipients(state: State, audience: Audience, code: str, officers: bool = False) -> list[str]:
    """The grid workers a notice to ``audience`` ``code`` reaches, by id, and with ``officers`` the community
    officers (社区民警) of those grids; E_NOT_FOUND for an unknown code."""
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
    out = {w.id for w in state.workers.values()
           if w.kind is WorkerKind.GRID_WORKER and (grids is None or w.grid_code in grids)}
    if officers:
        out.update(o for g, ids in state.officers_of_grid.items() if grids is None or g in grids for o in ids)
    return sorted(out)


def send(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    text = args["text"].strip()
    if is_blank(text):
        raise DomainError("E_FIELD", "请填写推送内容 / the notice needs text")
    audience = Audience(args["audience"])
    code = "" if audience is Audience.ALL else args.get("code", "")
    if audience is not Audience.ALL and not code:
        raise DomainError("E_FIELD", f"请选择{audience.label} / code required")
    workers = recipients(state, audience, code, bool(args.get("officers")))
    if not workers:
        raise DomainError("E_NOT_FOUND", f"{audience.label} {code} 没有网格员 / no grid workers there")
    data = {"notice": ticket("TZ", now_ms, seq), "text": text, "priority": args.get("priority", Priority.NORMAL.value),
            "audience": audience.value, "code": code, "workers": workers}
    if args.get("photo"):
        data["photo"] = args["photo"]
    data.update(_attachment(args))
    return ev.NOTICE_SENT, data


def _attachment(args: dict) -> dict:
    """``file`` (the SHA-256 of a PDF uploaded to the relay) and its ``file_name``, both or neither."""
    sha, name = args.get("file", ""), args.get("file_name", "")
    if not sha and not name:
        return {}
    if not FILE_SHA256.fullmatch(sha):
        raise DomainError("E_FIELD", "附件须为 64 位小写十六进制 SHA-256 / file must be a SHA-256")
    if not FILE_NAME.fullmatch(name):
        raise DomainError("E_FIELD", "附件名须为 .pdf 文件名，不含路径 / file_name must be a bare .pdf name")
    return {"file": sha, "file_name": name}


def read(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    worker_id = acting_worker(state, actor, args)
    notice = state.notices.get(args["notice"])
    if notice is None or worker_id not in notice.workers:
        raise DomainError("E_NOT_FOUND", f"通知 {args['notice']}")
    if worker_id in notice.read:
        raise DomainError("E_CONFLICT", "已读 / already read")
    return ev.NOTICE_READ, {"notice": notice.id, "worker": worker_id}
