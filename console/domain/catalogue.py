"""The operation catalogue: every command declared once.

One :class:`Operation` per op: its name, its Chinese label, its arguments, the roles that may send it,
its decider and the event types it can emit. Everything else is derived from here: the relay's
argument check (:func:`validate_args`), authorization and the console's enabled actions
(:mod:`console.domain.permissions`), ``decide()`` (:mod:`console.domain.decide`), the console's op
labels and the operations table of ``docs/PROTOCOL.md`` (:mod:`console.domain.catalogue_doc`).

Rules beyond the role (the assigned worker, the liaison's department, the officer's 警格, the parties
of a call, not the last admin) are the decider's job; ``rule`` says which, for the doc.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.domain import decide_accounts as da
from console.domain import decide_calls as dc
from console.domain import decide_corrections as dcor
from console.domain import decide_field as df
from console.domain import decide_grids as dg
from console.domain import decide_incidents as di
from console.domain import decide_notices as dn
from console.domain import decide_public as dp
from console.domain import decide_reference as dref
from console.domain import decide_replay as dr
from console.domain import decide_risk as dk
from console.domain import decide_work as dw
from console.domain import decide_zones as dz
from console.domain import events as ev
from console.domain.accounts import ASSIGNABLE_ROLES
from console.domain.args import (
    CALL_REASON,
    ID,
    LAT,
    LNG,
    NOTE,
    NUMBER,
    OPTIONAL_ID,
    PHOTO,
    REASON,
    VERSION,
    Field,
    check_args,
)
from console.domain.errors import DomainError
from console.domain.incidents import Source
from console.domain.notices import MAX_TEXT, Audience, Priority
from console.domain.orders import OrderKind
from console.domain.outcomes import OUTCOMES
from console.domain.password_policy import MAX_LENGTH
from console.domain.records import RecordKind
from console.domain.reference import RefKind
from console.domain.risk import model as rm
from console.domain.workers import Role

if TYPE_CHECKING:
    from console.domain.decide_common import Actor
    from console.domain.state import State

Decider = Callable[["State", "Actor", dict, int, int], tuple[str, dict]]


@dataclass(frozen=True, slots=True)
class Operation:
    """One command: ``args`` None means only the relay itself gives it (no client may send it)."""

    name: str
    label: str  # Chinese, as the console names it
    args: Mapping[str, Field] | None
    roles: frozenset[Role]
    decider: Decider
    emits: tuple[str, ...]
    rule: str = ""  # who, beyond the role, the decider lets through (for the doc)
    doc: str = ""  # anything else the protocol doc should say about it


DESK = frozenset({Role.DISPATCHER, Role.OFFICER})
FIELD = frozenset({Role.GRID_WORKER, Role.FIELD_GATEWAY})  # a grid worker, or the gateway naming `worker`
UNITS = FIELD | {Role.POLICE_UNIT}  # … or a police unit's own phone: duty, position, SOS, dispatches, calls
UNIT = frozenset({Role.POLICE_UNIT})  # a police unit's own phone
GATEWAY = frozenset({Role.FIELD_GATEWAY})  # a field gateway speaking for many workers
CONSOLES = DESK | {Role.STATION_CHIEF}
OFFICER = frozenset({Role.OFFICER})
LIAISON = frozenset({Role.LIAISON})
TRAINER = frozenset({Role.TRAINER})
ADMIN = frozenset({Role.ADMIN})
RELAY = frozenset({Role.SYSTEM})
PUBLIC = frozenset({Role.PUBLIC})  # the relay's public e码 listener, for an anonymous scan
PEOPLE = frozenset(ASSIGNABLE_ROLES)  # every role an account can hold

INCIDENT = {"incident": ID, "version": VERSION, "note": NOTE}
FIELD_STEP = {"incident": ID, "worker": OPTIONAL_ID, "version": VERSION, "note": NOTE}
ORDER_STEP = {"order": ID, "worker": OPTIONAL_ID, "note": NOTE}
ACCOUNT = {"account": ID, "note": NOTE}
ROLE = Field(str, max_len=32)  # a code or Chinese name: the decider names the choices when it is unknown
PASSWORD = Field(str, max_len=MAX_LENGTH)  # the relay checks the policy and hashes it before any decider
SCOPE = Field(dict, required=False, max_len=5)
CALL_PARTY = {"call": ID, "worker": OPTIONAL_ID}

OUTCOME = Field(str, choices=frozenset(OUTCOMES))  # 处理结果 of 办结

ASSIGNED = "the assigned worker"
ORDER_HOLDER = "the worker it was given to"
DEPARTMENT = "of the incident's department (`*` = all)"
CALL_PARTY_RULE = "a party of the call"
WARNING_RECIPIENT = "a worker it was pushed to"
OWN_STATION = "of the address's station"

_DECLARED = (
    # -- the field: positions, duty, SOS ----------------------------------------------------------
    Operation("position.report", "上报定位", {
        "worker": OPTIONAL_ID, "lng": LNG, "lat": LAT, "at": Field(int, required=False, low=0),  # window: decider
        "speed": Field(NUMBER, required=False, low=0, high=100), "heading": Field(NUMBER, False, 0, 360),
    }, UNITS, df.position, (ev.POSITION_REPORTED,)),
    Operation("position.batch", "批量上报定位", {"fixes": Field(list, max_len=df.MAX_FIXES)}, GATEWAY,
              df.position_batch, (ev.POSITION_REPORTED,),
              doc=f"≤ {df.MAX_FIXES} fixes, each the args of `position.report` and decided as one (its own event, "
                  "seq and key `<id>#<i>`); one ack: `seq` the highest accepted (0: none), `refused` "
                  "[{i, worker, code, zh, en}] the fixes not accepted"),
    Operation("worker.duty", "上下岗", {"worker": OPTIONAL_ID, "on": Field(bool)}, UNITS, df.duty,
              (ev.DUTY_SET,)),
    Operation("worker.sos", "紧急求助", {"worker": OPTIONAL_ID}, UNITS, df.sos, (ev.WORKER_SOS,)),
    Operation("worker.sos_clear", "解除求助", {"worker": ID, "note": NOTE}, CONSOLES, df.sos_clear,
              (ev.WORKER_SOS_CLEARED,)),
    # -- incidents ----------------------------------------------------------------------------------
    Operation("incident.report", "接警", {
        "worker": OPTIONAL_ID, "category": Field(str, max_len=6), "priority": Field(int, False, 1, 4),
        "source": Field(str, required=False, choices=frozenset(s.value for s in Source)),
        "lng": Field(NUMBER, False, -180, 180), "lat": Field(NUMBER, False, -90, 90),
        "address_code": Field(str, required=False, max_len=32), "address": Field(str, required=False, max_len=200),
        "narrative": Field(str, required=False, max_len=4000), "caller": Field(str, required=False, max_len=32),
        "photo": PHOTO, "accept": Field(bool, required=False),
    }, DESK | FIELD | LIAISON, df.report, (ev.INCIDENT_REPORTED,), rule="`accept`: roles that may 受理",
        doc="needs address_code or lng+lat; `source`: see below; `repeat_of` for a repeat caller; "
            "`accept` true: the taker accepts it in the same event (`accepted`)"),
    Operation("incident.discover", "巡逻发现", {
        "category": Field(str, max_len=6), "priority": Field(int, False, 1, 4),
        "narrative": Field(str, max_len=1000), "lng": LNG, "lat": LAT,
        "address_code": Field(str, required=False, max_len=32), "on_scene": Field(bool, required=False),
    }, UNIT, df.discover, (ev.INCIDENT_REPORTED,), rule="category of the patrol subset (`patrol` in the table)",
        doc="source patrol (巡逻发现), the unit as `reporter_worker`; `on_scene` true: the unit is there (到场) "
            "and the incident starts 处置中; a unit already on another incident: E_BUSY naming it"),
    Operation("incident.accept", "受理", INCIDENT, DESK, di.accept, (ev.INCIDENT_ACCEPTED,)),
    Operation("incident.dispatch", "派遣", {**INCIDENT, "worker": ID, "force": Field(bool, required=False)}, DESK,
              di.dispatch, (ev.INCIDENT_DISPATCHED,), doc="one more assignment"),
    Operation("incident.cancel_assignment", "撤回派遣", {**INCIDENT, "worker": ID, "note": REASON}, DESK,
              di.cancel_assignment, (ev.ASSIGNMENT_CANCELLED,)),
    Operation("incident.sign", "签收", FIELD_STEP, UNITS, di.sign, (ev.INCIDENT_SIGNED,), rule=ASSIGNED,
              doc="a police unit: 出发"),
    Operation("incident.arrive", "到场", FIELD_STEP, UNITS, di.arrive, (ev.INCIDENT_ARRIVED,), rule=ASSIGNED),
    Operation("incident.feedback", "反馈", FIELD_STEP, UNITS, di.feedback, (ev.INCIDENT_FEEDBACK,), rule=ASSIGNED,
              doc="a police unit: 处置完毕"),
    Operation("incident.return", "退回", {**FIELD_STEP, "note": REASON}, UNITS, di.give_back,
              (ev.INCIDENT_RETURNED,), rule=ASSIGNED),
    Operation("incident.verify", "核查", INCIDENT, DESK, di.verify, (ev.INCIDENT_VERIFYING,), doc="待核查"),
    Operation("incident.rework", "返工", {**INCIDENT, "note": REASON}, DESK, di.rework, (ev.INCIDENT_REWORKED,)),
    Operation("incident.close", "办结", {**INCIDENT, "outcome": OUTCOME, "note": REASON}, DESK,
              dcor.close, (ev.INCIDENT_CLOSED,), doc="处理结果 `outcome`: " + " ".join(OUTCOMES)),
    Operation("incident.refer", "转办", {**INCIDENT, "department": Field(str, max_len=6), "note": REASON}, DESK,
              di.refer, (ev.INCIDENT_REFERRED,), doc="department 60xxxx; work order `ZB…`"),
    Operation("incident.void", "作废", {**INCIDENT, "duplicate_of": OPTIONAL_ID, "note": REASON}, DESK, di.void,
              (ev.INCIDENT_VOIDED,)),
    Operation("incident.extend", "申请延期", {**FIELD_STEP, "hours": Field(NUMBER, low=0.5, high=720), "note": REASON},
              DESK | UNITS, di.extend, (ev.EXTENSION_REQUESTED,), rule="field: only " + ASSIGNED),
    Operation("incident.decide_extension", "延期审批", {**INCIDENT, "approve": Field(bool)},
              OFFICER | {Role.STATION_CHIEF}, di.decide_extension, (ev.EXTENSION_DECIDED,),
              rule="not the requester"),
    Operation("incident.supervise", "督办", {
        **INCIDENT, "level": Field(str, choices=frozenset({"normal", "yellow", "red"})), "note": REASON,
        "auto": Field(str, required=False, max_len=32),
    }, CONSOLES | RELAY, di.supervise, (ev.INCIDENT_SUPERVISED,), doc="`auto` when the relay gives it"),
    Operation("incident.callback", "回访", {**INCIDENT, "satisfaction": Field(int, low=1, high=5)}, DESK,
              di.callback, (ev.INCIDENT_CALLBACK,)),
    Operation("incident.public_reply", "回复群众", {**INCIDENT, "note": Field(str, max_len=dp.MAX_TEXT, visible=True)},
              DESK, dp.public_reply, (ev.PUBLIC_REPLIED,), rule="群众扫码 reports only",
              doc="shown on the reporter's receipt"),
    Operation("incident.mark_abuse", "标记恶意", {**INCIDENT, "note": REASON}, DESK, dp.mark_abuse,
              (ev.ABUSE_MARKED,), rule="群众扫码 reports only",
              doc="the sender's device token and address are refused for `ecode.block_hours`"),
    # -- 补充 and corrections after intake (each with its reason in the timeline) ---------------------
    Operation("incident.note", "补充", {**INCIDENT, "note": REASON}, CONSOLES, dcor.note, (ev.INCIDENT_NOTED,),
              doc="any status, closed included"),
    Operation("incident.recategorize", "改类", {**INCIDENT, "category": Field(str, max_len=6), "note": REASON},
              CONSOLES, dcor.recategorize, (ev.INCIDENT_RECATEGORIZED,), doc="open incidents; `from` the old code"),
    Operation("incident.reprioritize", "改级", {**INCIDENT, "priority": Field(int, low=1, high=4), "note": REASON},
              CONSOLES, dcor.reprioritize, (ev.INCIDENT_REPRIORITIZED,), doc="open incidents; `from` the old one"),
    Operation("incident.readdress", "改址", {
        **INCIDENT, "address_code": Field(str, required=False, max_len=32),
        "address": Field(str, required=False, max_len=200), "lng": Field(NUMBER, False, -180, 180),
        "lat": Field(NUMBER, False, -90, 90), "note": REASON,
    }, CONSOLES, dcor.readdress, (ev.INCIDENT_READDRESSED,),
        doc="open incidents; address_code, or address + lng/lat; the event carries the new `grid`"),
    # -- the public e码 (群众扫码): sent by the relay's public listener, never by a logged-in client ------
    Operation("ecode.report", "群众扫码上报", {
        "address_code": Field(str, max_len=32), "category": Field(str, False, choices=frozenset(dp.PUBLIC_CATEGORIES)),
        "text": Field(str, max_len=dp.MAX_TEXT, visible=True), "photo": PHOTO, "receipt": Field(str, max_len=40),
        "client": Field(str, False, max_len=40), "addr": Field(str, False, max_len=40),
    }, PUBLIC, dp.public_report, (ev.INCIDENT_REPORTED,), doc="source ecode; receipt, 警格, sender hashes in `public`"),
    Operation("ecode.declare", "居住登记", {
        "address_code": Field(str, max_len=32), "fields": Field(dict, max_len=10), "receipt": Field(str, max_len=40),
    }, PUBLIC, dp.declare, (ev.SUBMISSION_SUBMITTED,),
        doc="a 流动人口 person submission held by the address's grid worker"),
    Operation("ecode.verify", "居住登记核查", {"submission": ID}, PUBLIC, dp.verify_declaration, (ev.ORDER_ISSUED,),
              rule="its own 居住登记", doc="verify_person order to that grid worker (duplicate-check rule applies)"),
    Operation("ecode.scans", "扫码计数", None, PUBLIC, dp.scanned, (ev.ECODE_SCANNED,),
              doc="page views per door plate in one clock hour (`hour_at`, `counts`), for 人流热力; no sender data"),
    # -- referrals to departments (转办) -----------------------------------------------------------
    Operation("referral.sign", "转办签收", INCIDENT, LIAISON, di.referral_sign, (ev.REFERRAL_SIGNED,),
              rule=DEPARTMENT),
    Operation("referral.feedback", "转办反馈", {**INCIDENT, "note": REASON, "unit": Field(str, False, max_len=100)},
              LIAISON, di.referral_feedback, (ev.REFERRAL_FEEDBACK,), rule=DEPARTMENT),
    Operation("referral.return", "转办退回", {**INCIDENT, "note": REASON}, LIAISON, di.referral_return,
              (ev.REFERRAL_RETURNED,), rule=DEPARTMENT),
    # -- orders to grid workers (派单) ---------------------------------------------------------------
    Operation("order.issue", "派单", {
        "worker": ID, "kind": Field(str, choices=frozenset(k.value for k in OrderKind)),
        "target": Field(str, max_len=64), "due_hours": Field(NUMBER, low=0.1, high=24 * 90), "note": NOTE,
        "incident": OPTIONAL_ID, "force": Field(bool, required=False),
    }, DESK, dw.issue_order, (ev.ORDER_ISSUED,), doc="order `PD…`"),
    Operation("order.sign", "任务签收", ORDER_STEP, FIELD, dw.sign_order, (ev.ORDER_SIGNED,), rule=ORDER_HOLDER),
    Operation("order.feedback", "任务反馈", {**ORDER_STEP, "note": REASON, "confirmed": Field(bool, required=False)},
              FIELD, dw.order_feedback, (ev.ORDER_DONE,), rule=ORDER_HOLDER),
    Operation("order.return", "任务退回", {**ORDER_STEP, "note": REASON}, FIELD, dw.return_order,
              (ev.ORDER_RETURNED,), rule=ORDER_HOLDER),
    Operation("order.cancel", "撤销任务", {"order": ID, "note": REASON}, DESK, dw.cancel_order,
              (ev.ORDER_CANCELLED,)),
    # -- submissions and records (采集, 审核入库) -----------------------------------------------------
    Operation("submission.submit", "提交采集", {
        "worker": OPTIONAL_ID, "kind": Field(str, choices=frozenset(k.value for k in RecordKind)),
        "fields": Field(dict, max_len=30), "record": OPTIONAL_ID, "note": NOTE, "photo": PHOTO,
    }, FIELD, dw.submit, (ev.SUBMISSION_SUBMITTED,)),
    Operation("submission.accept", "审核入库", {"submission": ID, "note": NOTE}, OFFICER, dw.accept_submission,
              (ev.SUBMISSION_ACCEPTED,), rule="of that 警格"),
    Operation("submission.return", "审核退回", {"submission": ID, "note": REASON}, OFFICER, dw.return_submission,
              (ev.SUBMISSION_RETURNED,), rule="of that 警格"),
    Operation("record.invalidate", "记录失效", {"record": ID, "note": REASON}, OFFICER, dw.invalidate,
              (ev.RECORD_INVALIDATED,)),
    # -- 信息推送: notices to grid workers --------------------------------------------------------------
    Operation("notice.send", "信息推送", {
        "text": Field(str, max_len=MAX_TEXT, visible=True),
        "priority": Field(str, required=False, choices=frozenset(p.value for p in Priority)),
        "audience": Field(str, choices=frozenset(a.value for a in Audience)), "code": OPTIONAL_ID, "photo": PHOTO,
        "officers": Field(bool, required=False), "file": Field(str, required=False, max_len=64),
        "file_name": Field(str, required=False, max_len=120),
    }, CONSOLES, dn.send, (ev.NOTICE_SENT,),
        doc="to the grid workers of a grid, community, 警格 (`code`) or `all`, with `officers` their 社区民警 too; "
            "`file`: the SHA-256 of a PDF uploaded with `att.put` (`file_name`); notice `TZ…`; the 值班长 pushes "
            "the 研判 (`jingwang analysis --push`)"),
    Operation("notice.read", "通知已读", {"notice": ID, "worker": OPTIONAL_ID}, FIELD | OFFICER, dn.read,
              (ev.NOTICE_READ,), rule="a recipient of the notice"),
    # -- 预警: the relay's risk rules raise and grade; recipients sign and feed back; a desk closes -------
    Operation("warning.raise", "发布预警", None, RELAY, dk.raise_warning, (rm.WARNING_RAISED,),
              doc="rule, title, evidence (incidents), records, subject; pushed to the grid's workers and officer "
                  "(`workers`); warning `YJ…` with `due_at`"),
    Operation("risk.grade", "调处分级", None, RELAY, dk.grade, (rm.DISPUTE_GRADED,),
              doc="a dispute record's grade red/orange/yellow/green; `quiet_since` when it steps down after quiet "
                  "days"),
    Operation("warning.sign", "预警签收", {"warning": ID, "worker": OPTIONAL_ID, "note": NOTE}, FIELD | OFFICER,
              dk.sign, (rm.WARNING_SIGNED,), rule=WARNING_RECIPIENT),
    Operation("warning.feedback", "预警反馈", {"warning": ID, "worker": OPTIONAL_ID, "note": REASON},
              FIELD | OFFICER, dk.feedback, (rm.WARNING_FEEDBACK,), rule=WARNING_RECIPIENT + ", after 签收"),
    Operation("warning.close", "预警办结", {"warning": ID, "note": REASON}, CONSOLES, dk.close,
              (rm.WARNING_CLOSED,), doc="any open warning"),
    Operation("warning.supervise", "预警督办", {
        "warning": ID, "level": Field(str, choices=frozenset({"normal", "yellow", "red"})), "note": REASON,
        "auto": Field(str, required=False, max_len=32),
    }, CONSOLES | RELAY, dk.supervise, (rm.WARNING_SUPERVISED,),
        doc="any open warning; `auto` (`due:yellow` past `due_at`, `due:red` past twice its limit) when the relay "
            "gives it"),
    Operation("keyperson.add", "登记重点人员", {
        "name": Field(str, max_len=40, visible=True), "id_number": Field(str, required=False, max_len=18),
        "kind": Field(str, required=False, max_len=40), "address_code": Field(str, max_len=32), "note": NOTE,
    }, OFFICER | {Role.STATION_CHIEF}, dk.add_key_person, (rm.KEY_PERSON_ADDED,), rule=OWN_STATION,
        doc="person `ZD…`; seen only by the officers and chiefs of the address's station"),
    Operation("keyperson.remove", "撤销重点人员", {"key_person": ID, "note": REASON}, OFFICER | {Role.STATION_CHIEF},
              dk.remove_key_person, (rm.KEY_PERSON_REMOVED,), rule=OWN_STATION),
    # -- watched zones --------------------------------------------------------------------------------
    Operation("zone.set", "设置关注区域", {
        "zone": OPTIONAL_ID, "name": Field(str, max_len=64, visible=True), "polygon": Field(list, max_len=200),
    }, DESK, dz.set_zone, (ev.ZONE_SET,), doc="polygon [[lng, lat], …]"),
    Operation("zone.remove", "删除关注区域", {"zone": ID}, DESK, dz.remove_zone, (ev.ZONE_REMOVED,)),
    # -- replay bookmarks (all a trainer may do) -----------------------------------------------------
    Operation("replay.bookmark_add", "添加书签", {
        "at": Field(int, low=0), "note": Field(str, max_len=500, visible=True), "incident": OPTIONAL_ID,
    }, TRAINER, dr.add_bookmark, (ev.BOOKMARK_ADDED,), doc="`at` ≤ now; bookmark `BM…`, incident_link?"),
    Operation("replay.bookmark_remove", "删除书签", {"bookmark": ID}, TRAINER, dr.remove_bookmark,
              (ev.BOOKMARK_REMOVED,)),
    # -- calls (docs/CALLS.md) ------------------------------------------------------------------------
    Operation("call.dial", "发起呼叫", {
        "call": ID, "to": Field(list, max_len=64), "media": Field(str, choices=frozenset({"video", "audio"})),
        "group": Field(str, required=False, max_len=32), "worker": OPTIONAL_ID,
    }, CONSOLES | UNITS, dc.dial, (ev.CALL_RINGING,), rule='field: to `["desk"]` only', doc="call `C` + 12 hex"),
    Operation("call.accept", "接听", CALL_PARTY, CONSOLES | UNITS, dc.accept, (ev.CALL_ACCEPTED,),
              rule=CALL_PARTY_RULE),
    Operation("call.decline", "拒接", {**CALL_PARTY, "reason": CALL_REASON}, CONSOLES | UNITS, dc.decline,
              (ev.CALL_DECLINED,), rule=CALL_PARTY_RULE),
    Operation("call.hangup", "挂断", {**CALL_PARTY, "reason": CALL_REASON}, CONSOLES | UNITS, dc.hangup,
              (ev.CALL_ENDED, ev.CALL_LEFT), rule=CALL_PARTY_RULE),
    Operation("call.fail", "通话失败", {**CALL_PARTY, "reason": Field(str, max_len=200)}, CONSOLES | UNITS, dc.fail,
              (ev.CALL_FAILED,), rule=CALL_PARTY_RULE),
    Operation("call.recorded", "通话录制", {
        "call": ID, "file": Field(str, max_len=512), "bytes": Field(int, low=0), "duration_ms": Field(int, low=0),
        "started_at": Field(int, low=0),
    }, CONSOLES, dc.recorded, (ev.CALL_RECORDED,), rule="the console that recorded it"),
    Operation("call.stored", "录音已存储", None, RELAY, dc.stored, (ev.CALL_STORED,),
              doc="after an upload whose SHA-256 the relay verified (`rec.begin`/`rec.put`, docs/CALLS.md)"),
    # -- accounts: administration, and the relay's own login audit -----------------------------------
    Operation("account.create", "新建账户", {
        **ACCOUNT, "role": ROLE, "password": PASSWORD, "display_name": Field(str, required=False, max_len=64),
        "worker": OPTIONAL_ID, "scope": SCOPE,
    }, ADMIN, da.create, (ev.ACCOUNT_CREATED,), rule="role, roster link and scope must exist and fit",
        doc="to change the password at first login; the hash goes to the `accounts` table, never into an event"),
    Operation("account.set_password", "重置密码", {**ACCOUNT, "password": PASSWORD}, ADMIN, da.set_password,
              (ev.ACCOUNT_PASSWORD_SET,), doc="to change at the next login; the account's connections are closed"),
    Operation("account.change_own_password", "修改本人密码", {"old": PASSWORD, "new": PASSWORD}, PEOPLE,
              da.change_own_password, (ev.ACCOUNT_PASSWORD_CHANGED,), rule="the old password",
              doc="the only op an account with an initial password may send"),
    Operation("account.set_role", "修改角色", {**ACCOUNT, "role": ROLE}, ADMIN, da.set_role, (ev.ACCOUNT_ROLE_SET,),
              rule="not the last enabled admin", doc="`from` the old role; the account's connections are closed"),
    Operation("account.set_scope", "修改范围", {**ACCOUNT, "scope": Field(dict, max_len=5), "worker": OPTIONAL_ID},
              ADMIN, da.set_scope, (ev.ACCOUNT_SCOPE_SET,), rule="codes must exist and fit the role",
              doc="station, police_grids, grids, workers, department; the account's connections are closed"),
    Operation("account.unlock", "解锁账户", ACCOUNT, ADMIN | RELAY, da.unlock, (ev.ACCOUNT_UNLOCKED,),
              doc="reason admin, or expired from the relay"),
    Operation("account.disable", "停用账户", ACCOUNT, ADMIN, da.disable, (ev.ACCOUNT_DISABLED,),
              rule="not the last enabled admin", doc="the `accounts` table keeps the flag"),
    Operation("account.enable", "启用账户", ACCOUNT, ADMIN, da.enable, (ev.ACCOUNT_ENABLED,)),
    # -- reference data: the station's own roster, addresses and 三实 records (jingwang import) -------
    Operation("reference.upsert", "导入基础数据", {
        "kind": Field(str, choices=frozenset(k.value for k in RefKind)), "rows": Field(list, max_len=dref.MAX_ROWS),
        "source": Field(str, required=False, max_len=128),
    }, ADMIN, dref.upsert, (ev.REFERENCE_UPSERTED,),
        doc="rows (kind worker/unit/address/person/house/org/grid/grid_role) upserted by code, all checked again, "
            "any bad row refuses the chunk; the event carries only the rows that change something"),
    Operation("grids.upsert", "导入网格", {
        **{layer: Field(list, required=False, max_len=dg.MAX_ROWS) for layer in dg.LAYERS},
        "source": Field(str, required=False, max_len=128),
    }, ADMIN, dg.upsert, (ev.GRIDS_UPSERTED,),
        doc="stations, communities, grids, police_grids (jingwang import-grids --relay) upserted by code; a grid's "
            "community, a 警格's station and grids must exist; the event carries only what changes"),
    Operation("account.login", "登录", None, RELAY, da.login, (ev.ACCOUNT_LOGIN,)),
    Operation("account.login_failed", "登录失败", None, RELAY, da.login_failed, (ev.ACCOUNT_LOGIN_FAILED,)),
    Operation("account.lock", "锁定账户", None, RELAY, da.lock, (ev.ACCOUNT_LOCKED,)),
)


def _index(declared: tuple[Operation, ...]) -> dict[str, Operation]:
    by_name: dict[str, Operation] = {}
    for op in declared:
        if op.name in by_name:
            raise ValueError(f"{op.name} is declared twice")
        by_name[op.name] = op
    return by_name


OPERATIONS: dict[str, Operation] = _index(_DECLARED)


def operation(name: str) -> Operation | None:
    """The declaration of op ``name``, or None if there is none."""
    return OPERATIONS.get(name)


def client_ops() -> list[str]:
    """Every op a client may send (those with an argument schema), in catalogue order."""
    return [name for name, op in OPERATIONS.items() if op.args is not None]


def validate_args(op: str, args: object) -> dict:
    """Return ``args`` if it fits the schema of ``op``; raise E_UNKNOWN_TYPE or E_FIELD otherwise.

    An op only the relay gives (``args`` None) is as unknown to a client as one never declared."""
    declared = OPERATIONS.get(op)
    if declared is None or declared.args is None:
        raise DomainError("E_UNKNOWN_TYPE", f"op={op!r}")
    return check_args(declared.args, args)
