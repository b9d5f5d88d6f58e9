"""How each event type changes the :class:`~console.domain.state.State` (used only through ``apply``).

Events reaching a reducer were decided against the same state, so reducers trust them: they
change the state and record history, they do not check permissions or transitions again
(except through the lifecycle helpers, which would raise on a corrupt log rather than drift).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from console.domain import accounts, bookmarks, calls, corrections, grid_upsert, notices, reference
from console.domain import events as ev
from console.domain.accounts import fold_lock_alert
from console.domain.audit import acting_worker
from console.domain.geofence import LEFT_GRID, fold_open_alert
from console.domain.incidents import (
    Assignment,
    AssignmentStatus,
    Callback,
    ExtensionRequest,
    Incident,
    Referral,
    ReferralStatus,
    Source,
    Status,
    Supervision,
    TimelineEntry,
)
from console.domain.lifecycle import check_assignment_step, check_referral_step, derived_status, next_status
from console.domain.orders import Order, OrderKind, Verification, next_order_status, verification_key
from console.domain.outcomes import outcome_label
from console.domain.records import (
    Record,
    RecordKind,
    RecordVersion,
    Submission,
    SubmissionStatus,
    VersionStatus,
)
from console.domain.risk.model import HANDLERS as RISK_HANDLERS
from console.domain.workers import Position

if TYPE_CHECKING:
    from console.domain.state import State

HOUR_MS = 3_600_000


# -- workers --------------------------------------------------------------------------------------

def _position(state: State, e: ev.Event) -> None:
    put_position(state, e.payload)


def put_position(state: State, fix: Position) -> None:
    """The one position step: live events and replay's columns both end here."""
    state.positions[fix.worker_id] = fix


def _duty(state: State, e: ev.Event) -> None:
    if e.data["on"]:
        state.on_duty.add(e.data["worker"])
    else:
        state.on_duty.discard(e.data["worker"])
        state.geofence_alerts.pop((LEFT_GRID, e.data["worker"]), None)  # off duty: nobody expects them in the grid


def _sos(state: State, e: ev.Event) -> None:
    state.sos.setdefault(e.data["worker"], e.at)


def _sos_cleared(state: State, e: ev.Event) -> None:
    state.sos.pop(e.data["worker"], None)


def _geofence_alert(state: State, e: ev.Event) -> None:
    fold_open_alert(state.geofence_alerts, e.data)


def _account_lock(state: State, e: ev.Event) -> None:
    fold_lock_alert(state.geofence_alerts, e)


def _zone_set(state: State, e: ev.Event) -> None:
    state.zones[e.data["zone"]] = {"name": e.data["name"], "polygon": e.data["polygon"]}


def _zone_removed(state: State, e: ev.Event) -> None:
    state.zones.pop(e.data["zone"], None)


# -- incidents ------------------------------------------------------------------------------------

def _log(inc: Incident, e: ev.Event, action: str, note: str | None = None) -> None:
    """Stamp the incident with this event and add it to the timeline (after the status change)."""
    inc.version = e.seq
    inc.updated_at = e.at
    inc.timeline.append(TimelineEntry(e.seq, e.at, action, e.actor, inc.status,
                                      e.data.get("note", "") if note is None else note, e.data.get("ws", ""),
                                      acting_worker(e.type, e.data)))


def _reported(state: State, e: ev.Event) -> None:
    d = e.data
    inc = Incident(
        id=d["incident"], category=d["category"], priority=d["priority"], source=Source(d["source"]),
        status=Status.NEW, lng=d["lng"], lat=d["lat"], grid_code=d["grid"], address=d["address"],
        narrative=d["narrative"], caller=d["caller"], reporter=e.actor, reported_at=e.at, version=e.seq,
        address_code=d.get("address_code", ""), reporter_worker=d.get("reporter_worker"),
        repeat_of=d.get("repeat_of", ""), photo=d.get("photo", ""), public=dict(d.get("public") or {}),
    )
    _log(inc, e, "report", d["narrative"][:80])
    if d.get("accepted"):  # the call taker accepted it on submit (受理 in the same event)
        inc.status, inc.accepted_at = Status.ACCEPTED, e.at
        _log(inc, e, "accept", "接警即受理")
    if d.get("on_scene"):  # 巡逻发现: the unit that found it is there already, and has taken it
        a = Assignment(inc.reporter_worker, AssignmentStatus.ON_SCENE, e.at, e.actor, signed_at=e.at, arrived_at=e.at)
        inc.assignments[a.worker_id] = a
        inc.status, inc.accepted_at = derived_status(inc, inc.status), e.at
        _index(state, inc, a)
        _log(inc, e, "arrive", "巡逻发现，已在现场")
    state.incidents[inc.id] = inc
    if inc.caller:
        state.last_call[inc.caller] = inc.id


def _index(state: State, inc: Incident, a: Assignment) -> None:
    """Keep ``state.busy`` in step with one assignment."""
    if a.is_active:
        state.busy.setdefault(a.worker_id, set()).add(inc.id)
    else:
        ids = state.busy.get(a.worker_id)
        if ids is not None:
            ids.discard(inc.id)
            if not ids:
                del state.busy[a.worker_id]


def _set_status(inc: Incident, status: Status, at: int) -> None:
    if status is Status.FEEDBACK and inc.status is not Status.FEEDBACK:
        inc.feedback_at = at
    inc.status = status


def _simple(state: State, e: ev.Event) -> None:
    """accept / verify / close / void: a status change named by the lifecycle table."""
    inc = state.incidents[e.data["incident"]]
    action = ev.INCIDENT_ACTIONS[e.type]
    inc.status = next_status(inc.status, action)
    if action == "accept":
        inc.accepted_at = e.at
    elif action == "close":
        inc.closed_at = e.at
        inc.outcome, inc.outcome_note = e.data.get("outcome", ""), e.data.get("note", "")
        if inc.outcome:
            _log(inc, e, action, f"{outcome_label(inc.outcome)}：{inc.outcome_note}")
            return
    elif action == "void":
        inc.closed_at = e.at
        inc.duplicate_of = e.data.get("duplicate_of", "")
    _log(inc, e, action)


def _dispatched(state: State, e: ev.Event) -> None:
    inc = state.incidents.get(e.data["incident"]) or _from_brief(state, e.data["brief"])
    a = Assignment(e.data["worker"], AssignmentStatus.DISPATCHED, e.at, e.actor, note=e.data.get("note", ""))
    inc.assignments[a.worker_id] = a
    _set_status(inc, derived_status(inc, inc.status), e.at)
    _index(state, inc, a)
    _log(inc, e, "dispatch")


def _from_brief(state: State, brief: dict) -> Incident:
    """An incident a field connection first hears of when it is dispatched (see console.domain.visibility)."""
    inc = Incident.from_dict({**brief, "status": Status.ACCEPTED.value, "caller": "", "reporter": "",
                              "version": 0, "timeline": []})
    state.incidents[inc.id] = inc
    return inc


_STEP_TIME = {"sign": "signed_at", "arrive": "arrived_at", "feedback": "done_at"}
_WHEN_NONE_LIVE = {"return": Status.RETURNED, "cancel_assignment": Status.ACCEPTED}


def _assignment_step(state: State, e: ev.Event) -> None:
    """sign / arrive / feedback / return / cancel_assignment: one worker's part moves on."""
    inc = state.incidents[e.data["incident"]]
    action = ev.INCIDENT_ACTIONS[e.type]
    a = inc.assignments[e.data["worker"]]
    a.status = check_assignment_step(a.status, action)
    if action in _STEP_TIME:
        setattr(a, _STEP_TIME[action], e.at)
    _set_status(inc, derived_status(inc, _WHEN_NONE_LIVE.get(action, inc.status)), e.at)
    _index(state, inc, a)
    _log(inc, e, action)


def _reworked(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    inc.rework_count += 1
    inc.feedback_at = 0
    if inc.referral is not None and inc.referral.status is ReferralStatus.DONE:
        inc.referral.status = ReferralStatus.SIGNED
        inc.status = Status.REFERRED
    else:
        for a in inc.assignments.values():
            if a.status is AssignmentStatus.DONE:
                a.status = AssignmentStatus.ON_SCENE
                _index(state, inc, a)
        inc.status = derived_status(inc, Status.RETURNED)
    _log(inc, e, "rework")


def _referred(state: State, e: ev.Event) -> None:
    d = e.data
    inc = state.incidents[d["incident"]]
    inc.status = next_status(inc.status, "refer")
    inc.accepted_at = inc.accepted_at or e.at  # 首接负责: referring is taking the call
    inc.referral = Referral(d["order"], d["department"], e.at, d.get("note", ""), e.actor)
    _log(inc, e, "refer")


def _referral_step(state: State, e: ev.Event) -> None:
    d = e.data
    inc = state.incidents[d["incident"]]
    action = ev.INCIDENT_ACTIONS[e.type]
    ref = inc.referral
    ref.status = check_referral_step(ref.status, action)
    if action == "referral_sign":
        ref.signed_at, ref.signed_by = e.at, e.actor
    elif action == "referral_feedback":
        ref.done_at, ref.feedback, ref.unit = e.at, d.get("note", ""), d.get("unit", "")
    else:
        ref.returned_at, ref.return_opinion = e.at, d.get("note", "")
    _set_status(inc, next_status(inc.status, action), e.at)
    _log(inc, e, action)


def _extension_requested(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    inc.extension_request = ExtensionRequest(e.at, e.actor, e.data["hours"], e.data.get("note", ""))
    _log(inc, e, "extension_request", f"申请延期 {e.data['hours']:g} 小时: {e.data.get('note', '')}")


def _extension_decided(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    hours = inc.extension_request.hours if inc.extension_request else 0
    inc.extension_request = None
    approved = e.data["approve"]
    if approved:
        inc.extension_ms += int(hours * HOUR_MS)
    verdict = f"批准延期 {hours:g} 小时" if approved else "不予延期"
    _log(inc, e, "extension_decision", f"{verdict}: {e.data.get('note', '')}".rstrip(": "))


def _supervised(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    level = Supervision.parse(e.data["level"])
    inc.supervision = max(inc.supervision, level)
    if e.data.get("auto"):
        inc.auto_supervised.append(e.data["auto"])
    _log(inc, e, "supervise", f"{level.label}: {e.data.get('note', '')}")


def _callback(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    inc.callbacks.append(Callback(e.at, e.actor, e.data["satisfaction"], e.data.get("note", "")))
    _log(inc, e, "callback", f"满意度 {e.data['satisfaction']}: {e.data.get('note', '')}")


def _public_replied(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    inc.public = {**inc.public, "reply": e.data["note"], "reply_at": e.at}
    _log(inc, e, "public_reply")


def _abuse_marked(state: State, e: ev.Event) -> None:
    inc = state.incidents[e.data["incident"]]
    inc.public = {**inc.public, "abuse_at": e.at}
    _log(inc, e, "abuse")


# -- orders ---------------------------------------------------------------------------------------

def _index_order(state: State, order: Order) -> None:
    ids = state.open_orders.setdefault(order.worker_id, set())
    if order.is_open:
        ids.add(order.id)
    else:
        ids.discard(order.id)
    if not ids:
        del state.open_orders[order.worker_id]


def _order_issued(state: State, e: ev.Event) -> None:
    d = e.data
    order = Order(
        id=d["order"], kind=OrderKind(d["kind"]), worker_id=d["worker"], grid_code=d["grid"], target=d["target"],
        target_text=d.get("target_text", ""), due_at=d["due_at"], issued_at=e.at, by=e.actor, version=e.seq,
        note=d.get("note", ""), incident_id=d.get("incident_link", ""), updated_at=e.at,
        declaration=d.get("declaration", ""),
    )
    state.orders[order.id] = order
    _index_order(state, order)


_ORDER_ACTIONS = {ev.ORDER_SIGNED: "sign", ev.ORDER_DONE: "feedback", ev.ORDER_RETURNED: "return",
                  ev.ORDER_CANCELLED: "cancel"}


def _order_step(state: State, e: ev.Event) -> None:
    d = e.data
    order = state.orders[d["order"]]
    action = _ORDER_ACTIONS[e.type]
    order.status = next_order_status(order.status, action)
    order.version, order.updated_at = e.seq, e.at
    if action == "sign":
        order.signed_at = e.at
    elif action == "feedback":
        order.done_at, order.result, order.confirmed = e.at, d.get("note", ""), d.get("confirmed")
        if order.kind.is_verification:
            key = verification_key(order.kind, order.target)
            state.note_verification(Verification(key, e.at, order.worker_id, "order", order.id, order.result))
    else:
        order.returned_reason = d.get("note", "")
    _index_order(state, order)


# -- submissions and records ----------------------------------------------------------------------

def _submitted(state: State, e: ev.Event) -> None:
    d = e.data
    kind = RecordKind(d["kind"])
    record = state.records.get(d["record"])
    if record is None:
        record = Record(d["record"], kind, d["key"], d["grid"])
        state.records[record.id] = record
        state.records_by_key[record.key] = record.id
    record.versions.append(RecordVersion(d["submission"], d["fields"], VersionStatus.PENDING, e.at, e.actor))
    record.version, record.updated_at = e.seq, e.at
    state.submissions[d["submission"]] = Submission(
        id=d["submission"], kind=kind, worker_id=d["worker"], grid_code=d["grid"], fields=d["fields"],
        submitted_at=e.at, by=e.actor, record_id=record.id, version=e.seq, note=d.get("note", ""), updated_at=e.at,
        photo=d.get("photo", ""), receipt=d.get("receipt", ""),
    )


def _reviewed(state: State, e: ev.Event) -> None:
    sub = state.submissions[e.data["submission"]]
    record = state.records[sub.record_id]
    accepted = e.type == ev.SUBMISSION_ACCEPTED
    sub.status = SubmissionStatus.ACCEPTED if accepted else SubmissionStatus.RETURNED
    sub.reviewer, sub.reviewed_at, sub.reason = e.actor, e.at, e.data.get("note", "")
    sub.version, sub.updated_at = e.seq, e.at
    record.version, record.updated_at = e.seq, e.at
    if accepted:
        for v in record.versions:
            if v.status is VersionStatus.EFFECTIVE:
                v.status = VersionStatus.INVALID
            elif v.submission_id == sub.id:
                v.status = VersionStatus.EFFECTIVE
        if sub.kind in (RecordKind.PERSON, RecordKind.HOUSE):
            state.note_verification(Verification(record.key, e.at, sub.worker_id, "record", sub.id, "审核入库"))
        return
    record.versions = [v for v in record.versions if v.submission_id != sub.id]
    if not record.versions:
        del state.records[record.id]
        del state.records_by_key[record.key]


def _invalidated(state: State, e: ev.Event) -> None:
    record = state.records[e.data["record"]]
    current = record.current()
    if current is not None:
        current.status = VersionStatus.INVALID
    record.version, record.updated_at = e.seq, e.at


# -- calls ----------------------------------------------------------------------------------------

def _unindex_call(state: State, call: dict, party: str | None = None) -> None:
    """Free ``party`` (or everyone in ``call``) from ``state.call_of``."""
    for worker_id in [party] if party else calls.workers_of(call):
        if state.call_of.get(worker_id) == call["id"]:
            del state.call_of[worker_id]


def _call_ringing(state: State, e: ev.Event) -> None:
    d = e.data
    stale = e.at - calls.KEEP_ENDED_MS
    for old in [k for k, v in state.calls.items() if not calls.is_live(v) and v["ended_at"] < stale]:
        del state.calls[old]
    call = calls.new_call(d["call"], e.actor, d["caller_party"], d["media"], d["group"], d["to"], e.at,
                          d.get("skipped"))
    state.calls[call["id"]] = call
    for worker_id in calls.busy_workers(call):
        state.call_of[worker_id] = call["id"]


def _call_accepted(state: State, e: ev.Event) -> None:
    call = state.calls[e.data["call"]]
    call["parties"][e.data["party"]] = calls.ACCEPTED
    call["status"] = calls.ACTIVE
    if not call["answered_at"]:
        call["answered_at"], call["answered_seq"] = e.at, e.seq
    if e.data["party"] == calls.DESK:
        call["answered_by"] = e.data["account"]


def _call_party_out(state: State, e: ev.Event) -> None:
    """call.declined / call.left: one callee is out; the call ends when no callee is left."""
    call = state.calls[e.data["call"]]
    party = e.data["party"]
    call["parties"][party] = calls.DECLINED if e.type == ev.CALL_DECLINED else calls.LEFT
    _unindex_call(state, call, party)
    if not calls.live_callees(call):
        _call_over(state, e)
    else:
        call["status"] = calls.end_status(call)


def _call_over(state: State, e: ev.Event) -> None:
    """call.ended / call.failed (and the last callee out): everyone still in leaves."""
    call = state.calls[e.data["call"]]
    _unindex_call(state, call)
    call["status"] = calls.FAILED if e.type == ev.CALL_FAILED else calls.ENDED
    call["ended_at"], call["reason"] = e.at, e.data.get("reason", "")
    for party, status in call["parties"].items():
        if status in calls.PARTY_LIVE:
            call["parties"][party] = calls.LEFT


def _call_recorded(state: State, e: ev.Event) -> None:
    d = e.data
    state.calls[d["call"]]["recordings"].append({
        "file": d["file"], "bytes": d["bytes"], "duration_ms": d["duration_ms"], "started_at": d["started_at"],
        "account": d["account"], "seq": e.seq,
    })


def _call_stored(state: State, e: ev.Event) -> None:
    """Mark the recording the relay now keeps (matched by its start); one not reported before is added."""
    d = e.data
    recordings = state.calls[d["call"]]["recordings"]
    entry = next((r for r in recordings if r["started_at"] == d["started_at"] and r["account"] == d["account"]), None)
    if entry is None:
        entry = {"file": "", "bytes": d["bytes"], "duration_ms": d["duration_ms"], "started_at": d["started_at"],
                 "account": d["account"], "seq": e.seq}
        recordings.append(entry)
    entry["stored"] = {"part": d["part"], "bytes": d["bytes"], "sha256": d["sha256"], "seq": e.seq}


HANDLERS: dict[str, Callable[[State, ev.Event], None]] = {
    ev.POSITION_REPORTED: _position,
    ev.DUTY_SET: _duty,
    ev.WORKER_SOS: _sos,
    ev.WORKER_SOS_CLEARED: _sos_cleared,
    ev.INCIDENT_REPORTED: _reported,
    ev.INCIDENT_ACCEPTED: _simple,
    ev.INCIDENT_VERIFYING: _simple,
    ev.INCIDENT_CLOSED: _simple,
    ev.INCIDENT_VOIDED: _simple,
    ev.INCIDENT_DISPATCHED: _dispatched,
    ev.ASSIGNMENT_CANCELLED: _assignment_step,
    ev.INCIDENT_SIGNED: _assignment_step,
    ev.INCIDENT_ARRIVED: _assignment_step,
    ev.INCIDENT_FEEDBACK: _assignment_step,
    ev.INCIDENT_RETURNED: _assignment_step,
    ev.INCIDENT_REWORKED: _reworked,
    ev.INCIDENT_REFERRED: _referred,
    ev.REFERRAL_SIGNED: _referral_step,
    ev.REFERRAL_FEEDBACK: _referral_step,
    ev.REFERRAL_RETURNED: _referral_step,
    ev.EXTENSION_REQUESTED: _extension_requested,
    ev.EXTENSION_DECIDED: _extension_decided,
    ev.INCIDENT_SUPERVISED: _supervised,
    ev.INCIDENT_CALLBACK: _callback,
    ev.PUBLIC_REPLIED: _public_replied,
    ev.ABUSE_MARKED: _abuse_marked,
    ev.ORDER_ISSUED: _order_issued,
    **dict.fromkeys(_ORDER_ACTIONS, _order_step),
    ev.SUBMISSION_SUBMITTED: _submitted,
    ev.SUBMISSION_ACCEPTED: _reviewed,
    ev.SUBMISSION_RETURNED: _reviewed,
    ev.RECORD_INVALIDATED: _invalidated,
    ev.GEOFENCE_ALERT: _geofence_alert,
    ev.ACCOUNT_LOCKED: _account_lock,
    ev.ACCOUNT_UNLOCKED: _account_lock,
    ev.ZONE_SET: _zone_set,
    ev.ZONE_REMOVED: _zone_removed,
    ev.CALL_RINGING: _call_ringing,
    ev.CALL_ACCEPTED: _call_accepted,
    ev.CALL_DECLINED: _call_party_out,
    ev.CALL_LEFT: _call_party_out,
    ev.CALL_ENDED: _call_over,
    ev.CALL_FAILED: _call_over,
    ev.CALL_RECORDED: _call_recorded,
    ev.CALL_STORED: _call_stored,
    **bookmarks.HANDLERS,
    **corrections.HANDLERS,
    **notices.HANDLERS,
    **accounts.HANDLERS,
    **reference.HANDLERS,
    **grid_upsert.HANDLERS,
    **RISK_HANDLERS,
}
