"""Deciders for the incident lifecycle: accept, dispatch, field steps, verification, branches, referral."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor, acting_worker, find_incident, reason, ticket
from console.domain.errors import DomainError
from console.domain.incidents import OPEN_STATUSES, Incident, Status, Supervision, departments
from console.domain.lifecycle import check_action, check_assignment_step, check_referral_step
from console.domain.state import State
from console.domain.workers import FIELD_ROLES, Role


def _simple(action: str, event_type: str, needs_reason: bool = False):
    """accept / verify / rework: allowed by the lifecycle table, with an optional or required note.

    The event names the incident's workers and department so their own connections hear of it.
    """

    def decide_simple(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
        inc = find_incident(state, args)
        check_action(inc, action)
        return event_type, {"incident": inc.id, "note": reason(args) if needs_reason else args.get("note", ""),
                            **_audience(inc)}

    return decide_simple


def _audience(inc: Incident) -> dict:
    """``workers`` and ``department`` for an event's data, so the incident's own people hear of it."""
    data: dict = {}
    workers = [a.worker_id for a in inc.live_assignments()]
    if workers:
        data["workers"] = workers
    if inc.referral is not None:
        data["department"] = inc.referral.department
    return data


def dispatch(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    check_action(inc, "dispatch")
    worker_id = args["worker"]
    worker = state.workers.get(worker_id)
    if worker is None:
        raise DomainError("E_NOT_FOUND", f"人员 {worker_id}")
    current = inc.assignments.get(worker_id)
    if current is not None and current.is_live:
        raise DomainError("E_CONFLICT", f"{worker.name} 已在处置本警情 / already assigned")
    busy_with = state.active_incident_of(worker_id)
    if busy_with is not None and not args.get("force", False):
        raise DomainError("E_BUSY", f"{worker.name} 正在处置 {busy_with.id}", incident=busy_with.id,
                          load=state.load_of(worker_id))
    return ev.INCIDENT_DISPATCHED, {"incident": inc.id, "worker": worker_id, "note": args.get("note", "")}


def cancel_assignment(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    check_action(inc, "cancel_assignment")
    assignment = inc.assignments.get(args["worker"])
    if assignment is None:
        raise DomainError("E_NOT_FOUND", f"警情 {inc.id} 没有派给 {args['worker']}")
    check_assignment_step(assignment.status, "cancel_assignment")
    return ev.ASSIGNMENT_CANCELLED, {"incident": inc.id, "worker": assignment.worker_id, "note": reason(args)}


def _field_step(action: str, event_type: str, needs_reason: bool = False):
    """sign / arrive / feedback / return by the assigned worker (or the gateway acting for them)."""

    def decide_field(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
        worker_id = acting_worker(state, actor, args)
        inc = find_incident(state, args)
        assignment = inc.assignments.get(worker_id)
        if assignment is None or not assignment.is_live:
            raise DomainError("E_FORBIDDEN", f"警情 {inc.id} 未派给 {worker_id}")
        check_action(inc, action)
        check_assignment_step(assignment.status, action)
        note = reason(args) if needs_reason else args.get("note", "")
        return event_type, {"incident": inc.id, "worker": worker_id, "note": note}

    return decide_field


def refer(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    check_action(inc, "refer")
    department = args["department"]
    if department not in departments():
        raise DomainError("E_FIELD", f"未知职能部门 / unknown department {department}")
    return ev.INCIDENT_REFERRED, {"incident": inc.id, "department": department, "order": ticket("ZB", now_ms, seq),
                                  "note": reason(args)}


def void(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    check_action(inc, "void")
    original_id = args.get("duplicate_of", "")
    if original_id:
        original = state.incidents.get(original_id)
        if original is None:
            raise DomainError("E_NOT_FOUND", f"原警情 {original_id}")
        if original.id == inc.id or original.status is Status.VOID:
            raise DomainError("E_FIELD", f"{original_id} 不能作为原警情 / cannot be the original")
    return ev.INCIDENT_VOIDED, {"incident": inc.id, "duplicate_of": original_id, "note": reason(args)}


def extend(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    if actor.role in FIELD_ROLES:
        worker_id = acting_worker(state, actor, args)
        assignment = inc.assignments.get(worker_id)
        if assignment is None or not assignment.is_active:
            raise DomainError("E_FORBIDDEN", f"警情 {inc.id} 未派给 {worker_id}")
    if inc.status not in OPEN_STATUSES or inc.status is Status.NEW:
        raise DomainError("E_TRANSITION", f"{inc.status.label} 不能申请延期", status=inc.status.value)
    if inc.extension_request is not None:
        raise DomainError("E_CONFLICT", "已有待审批的延期申请 / an extension request is pending")
    return ev.EXTENSION_REQUESTED, {"incident": inc.id, "hours": args["hours"], "note": reason(args),
                                    **_audience(inc)}


def decide_extension(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    request = inc.extension_request
    if request is None:
        raise DomainError("E_TRANSITION", "没有待审批的延期申请 / no pending extension request")
    if request.by == actor.account:
        raise DomainError("E_FORBIDDEN", "不能审批自己的延期申请 / cannot approve your own request")
    return ev.EXTENSION_DECIDED, {"incident": inc.id, "approve": args["approve"], "note": args.get("note", ""),
                                  **_audience(inc)}


def supervise(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    if not inc.is_open:
        raise DomainError("E_TRANSITION", f"{inc.status.label} 不能督办", status=inc.status.value)
    data = {"incident": inc.id, "level": Supervision.parse(args["level"]).name.lower(), "note": reason(args),
            **_audience(inc)}
    auto = args.get("auto")
    if auto:
        if actor.role is not Role.SYSTEM:
            raise DomainError("E_FORBIDDEN", "自动督办只能由系统发起 / only the relay raises automatic supervision")
        if auto in inc.auto_supervised:
            raise DomainError("E_CONFLICT", f"已自动督办 {auto}")
        data["auto"] = auto
    return ev.INCIDENT_SUPERVISED, data


def callback(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    inc = find_incident(state, args)
    if inc.status not in (Status.FEEDBACK, Status.VERIFYING, Status.CLOSED):
        raise DomainError("E_TRANSITION", f"{inc.status.label} 尚不能回访", status=inc.status.value)
    return ev.INCIDENT_CALLBACK, {"incident": inc.id, "satisfaction": args["satisfaction"],
                                  "note": args.get("note", ""), **_audience(inc)}


def _referral_step(action: str, event_type: str, needs_reason: bool):
    """The department liaison signs for, answers or returns a referral of their own department."""

    def decide_referral(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
        inc = find_incident(state, args)
        _check_department(inc, actor)
        check_action(inc, action)
        check_referral_step(inc.referral.status, action)
        data = {"incident": inc.id, "department": inc.referral.department,
                "note": reason(args) if needs_reason else args.get("note", "")}
        if "unit" in args:
            data["unit"] = args["unit"]
        return event_type, data

    return decide_referral


def _check_department(inc: Incident, actor: Actor) -> None:
    if inc.referral is None:
        raise DomainError("E_TRANSITION", f"警情 {inc.id} 未转办 / not referred", status=inc.status.value)
    if actor.department not in ("*", inc.referral.department):
        raise DomainError("E_FORBIDDEN", f"转办给 {inc.referral.department}，不是 {actor.department or '本部门'}")


accept = _simple("accept", ev.INCIDENT_ACCEPTED)
verify = _simple("verify", ev.INCIDENT_VERIFYING)
rework = _simple("rework", ev.INCIDENT_REWORKED, needs_reason=True)
sign = _field_step("sign", ev.INCIDENT_SIGNED)
arrive = _field_step("arrive", ev.INCIDENT_ARRIVED)
feedback = _field_step("feedback", ev.INCIDENT_FEEDBACK)
give_back = _field_step("return", ev.INCIDENT_RETURNED, needs_reason=True)  # incident.return (退回)
referral_sign = _referral_step("referral_sign", ev.REFERRAL_SIGNED, needs_reason=False)
referral_feedback = _referral_step("referral_feedback", ev.REFERRAL_FEEDBACK, needs_reason=True)
referral_return = _referral_step("referral_return", ev.REFERRAL_RETURNED, needs_reason=True)
