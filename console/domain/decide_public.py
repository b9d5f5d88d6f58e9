"""Deciders for the public e码 (群众扫码): anonymous reports and 居住登记 by residents, and the desk's answers.

The relay's public listener sends ``ecode.*`` as the ``public`` actor after it has checked the door
plate's signature and its rate limits; the browser only ever supplies text, a category, a photo and
the resident's own declaration. Everything else (the address, grid, 警格, source, receipt, the keyed
hashes of the sender used to block abuse) is the relay's.
"""

from __future__ import annotations

import re

from console.domain import events as ev
from console.domain.decide_common import Actor, find_address, find_incident, reason, ticket
from console.domain.decide_work import issue_order
from console.domain.errors import DomainError
from console.domain.incidents import Incident, Source
from console.domain.places import Address
from console.domain.records import RecordKind, VersionStatus, check_fields, id_number_problem, record_key
from console.domain.state import State
from console.domain.workers import Role

PUBLIC_ACTOR = Actor("public", Role.PUBLIC)
# what a passer-by may choose on the page: 110 category code -> the wording they see
PUBLIC_CATEGORIES: dict[str, str] = {
    "200200": "矛盾纠纷",
    "200300": "噪音扰民/秩序",
    "400000": "消防安全隐患",
    "600600": "市容环境",
    "500000": "求助",
    "900000": "线索举报",
    "990000": "其他",
}
DEFAULT_CATEGORY = "990000"
MAX_TEXT = 500
VERIFY_DUE_HOURS = 72.0  # a 居住登记 is checked by the grid worker within three days
_PHONE = re.compile(r"1\d{10}")


def public_address(state: State, code: str) -> Address:
    """The standard address of a door plate, or E_NOT_FOUND."""
    found = find_address(state, code)
    if found is None:
        raise DomainError("E_NOT_FOUND", f"标准地址 {code}")
    return found


def police_grid_of(state: State, grid_code: str) -> str:
    """The 警格 covering ``grid_code`` ("" if none)."""
    return next((pg.code for pg in state.district.police_grids if grid_code in pg.grid_codes), "")


def public_report(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    address = public_address(state, args["address_code"])
    text = reason({"note": args["text"]})
    public = {"receipt": args["receipt"], "police_grid": police_grid_of(state, address.grid_code),
              "client": args.get("client", ""), "addr": args.get("addr", "")}
    return ev.INCIDENT_REPORTED, {
        **({"photo": args["photo"]} if args.get("photo") else {}),
        "incident": ticket("JQ", now_ms, seq), "category": args.get("category") or DEFAULT_CATEGORY, "priority": 3,
        "source": Source.QR_CODE.value, "lng": address.lng, "lat": address.lat, "grid": address.grid_code,
        "address": address.text, "address_code": address.code, "narrative": text, "caller": "",
        "reporter_worker": None, "repeat_of": "", "public": public,
    }


def declare(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """居住登记: a 流动人口 person record for review by the 社区民警 of the address's 警格, held by its grid worker."""
    address = public_address(state, args["address_code"])
    fields = declaration_fields(args["fields"], address.code)
    key = record_key(RecordKind.PERSON, fields, "")
    record = state.records.get(state.records_by_key.get(key, ""))
    if record is not None and any(v.status is VersionStatus.PENDING for v in record.versions):
        raise DomainError("E_CONFLICT", "该身份证号已有待审核的登记 / a declaration is already under review")
    workers = sorted(state.responsible_of(address.grid_code))
    return ev.SUBMISSION_SUBMITTED, {
        "submission": ticket("SB", now_ms, seq), "kind": RecordKind.PERSON.value,
        "worker": workers[0] if workers else "",
        "fields": fields, "key": key, "record": record.id if record else f"RK{seq:010d}", "grid": address.grid_code,
        "note": "群众扫码居住登记", "receipt": args["receipt"],
    }


def declaration_fields(given: dict, address_code: str) -> dict:
    """The person record a resident's declaration becomes (sex from the ID number), or E_FIELD naming what is wrong."""
    allowed = {"name", "id_number", "phone", "move_in", "relation", "workplace"}
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise DomainError("E_FIELD", f"未知字段 {', '.join(unknown)}")
    id_number = str(given.get("id_number", "")).strip().upper()
    problem = id_number_problem(id_number)
    if problem:
        raise DomainError("E_FIELD", f"身份证号{problem}")
    phone = str(given.get("phone", "")).strip()
    if not _PHONE.fullmatch(phone):
        raise DomainError("E_FIELD", "手机号应为11位数字")
    fields = {
        "id_number": id_number, "name": str(given.get("name", "")).strip(),
        "sex": "1" if int(id_number[16]) % 2 else "2", "address_code": address_code, "floating": True,
        "phone": phone, "self_declared": True,
        **{k: str(given[k]).strip() for k in ("move_in", "relation", "workplace") if str(given.get(k, "")).strip()},
    }
    check_fields(RecordKind.PERSON, fields)
    return fields


def verify_declaration(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """A 核查 order for the grid worker holding a 居住登记; the order decider's duplicate-check rule applies."""
    sub = state.submissions.get(args["submission"])
    if sub is None or sub.by != actor.account or not sub.receipt:
        raise DomainError("E_NOT_FOUND", f"居住登记 {args['submission']}")
    if not sub.worker_id:
        raise DomainError("E_NOT_FOUND", f"网格 {sub.grid_code} 没有网格员")
    address = find_address(state, sub.fields.get("address_code", ""))
    where = address.text if address else sub.fields.get("address_code", "")
    event_type, data = issue_order(state, actor, {
        "worker": sub.worker_id, "kind": "verify_person", "target": sub.fields["id_number"],
        "due_hours": VERIFY_DUE_HOURS, "note": f"居住登记核查 {sub.id}：{where}",
    }, now_ms, seq)
    return event_type, {**data, "declaration": sub.id}


def _ecode_incident(state: State, args: dict) -> Incident:
    inc = find_incident(state, args)
    if inc.source is not Source.QR_CODE:
        raise DomainError("E_FIELD", f"{inc.id} 不是群众扫码上报 / not an e-code report")
    return inc


def public_reply(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = _ecode_incident(state, args)
    return ev.PUBLIC_REPLIED, {"incident": inc.id, "note": reason(args)[:MAX_TEXT]}


def mark_abuse(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = _ecode_incident(state, args)
    if inc.public.get("abuse_at"):
        raise DomainError("E_TRANSITION", f"{inc.id} 已标记为恶意")
    return ev.ABUSE_MARKED, {"incident": inc.id, "note": reason(args), "client": inc.public.get("client", ""),
                             "addr": inc.public.get("addr", "")}


def scanned(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """Page views per plate in one clock hour, counted by the public listener (no sender data at all)."""
    hour_at, counts = args.get("hour_at"), args.get("counts")
    if type(hour_at) is not int or hour_at % 3_600_000 or hour_at > now_ms or type(counts) is not dict or not counts:
        raise DomainError("E_FIELD", "扫码计数格式错误 / bad scan counts")
    if any(type(n) is not int or n < 1 or code not in state.address_index for code, n in counts.items()):
        raise DomainError("E_FIELD", "扫码计数含未知门牌或无效次数 / unknown plate or bad count")
    return ev.ECODE_SCANNED, {"hour_at": hour_at, "counts": dict(sorted(counts.items()))}
