"""Deciders for the two-way flow: orders to grid workers (派单) and submissions for review (审核入库)."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.decide_common import Actor, acting_worker, find_address, reason, ticket
from console.domain.errors import DomainError
from console.domain.orders import Order, OrderKind, next_order_status, verification_key
from console.domain.records import (
    RecordKind,
    Submission,
    SubmissionStatus,
    VersionStatus,
    check_fields,
    id_number_problem,
    record_key,
)
from console.domain.state import HOUR_MS, State
from console.domain.workers import Role, WorkerKind

# -- orders ---------------------------------------------------------------------------------------


def issue_order(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    kind = OrderKind(args["kind"])
    worker = state.workers.get(args["worker"])
    if worker is None:
        raise DomainError("E_NOT_FOUND", f"人员 {args['worker']}")
    if worker.kind is not WorkerKind.GRID_WORKER:
        raise DomainError("E_FIELD", f"{worker.name} 不是网格员 / orders go to grid workers")
    target, target_text, grid = _order_target(state, kind, args["target"], worker.grid_code)
    if args.get("incident") and args["incident"] not in state.incidents:
        raise DomainError("E_NOT_FOUND", f"警情 {args['incident']}")
    if kind.is_verification and not args.get("force", False):
        earlier = state.verifications.get(verification_key(kind, target))
        if earlier is not None and now_ms - earlier.at <= state.rules.verify_window_ms:
            days = state.rules.verify_window_ms // (24 * HOUR_MS)
            raise DomainError("E_RECENTLY_VERIFIED", f"{target_text} 在{days}天内已核查 ({earlier.ref})",
                              earlier=earlier.to_dict())
    data = {
        "order": ticket("PD", now_ms, seq), "kind": kind.value, "worker": worker.id, "grid": grid,
        "target": target, "target_text": target_text, "due_at": now_ms + int(args["due_hours"] * HOUR_MS),
        "note": args.get("note", ""),
    }
    if args.get("incident"):
        data["incident_link"] = args["incident"]
    return ev.ORDER_ISSUED, data


def _order_target(state: State, kind: OrderKind, target: str, worker_grid: str) -> tuple[str, str, str]:
    """(target, readable text, grid) for an order; person checks name an ID number, others an address."""
    if kind is OrderKind.VERIFY_PERSON:
        problem = id_number_problem(target)
        if problem:
            raise DomainError("E_FIELD", f"身份证号 {target}: {problem}")
        record = state.records.get(state.records_by_key.get(f"person:{target}", ""))
        current = record.current() if record else None
        name = current.fields.get("name", "") if current else ""
        return target, f"{name}({target[:6]}…{target[-4:]})" if name else target, worker_grid
    address = find_address(state, target)
    if address is not None:
        return target, address.text, address.grid_code
    if kind in (OrderKind.VERIFY_HOUSE, OrderKind.VISIT):
        raise DomainError("E_NOT_FOUND", f"标准地址 {target}")
    return target, target, worker_grid


def _find_order(state: State, args: dict) -> Order:
    order = state.orders.get(args["order"])
    if order is None:
        raise DomainError("E_NOT_FOUND", f"工单 {args['order']}")
    return order


def _order_step(action: str, event_type: str, needs_reason: bool = False):
    """sign / feedback / return by the worker the order was given to."""

    def decide_order(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
        worker_id = acting_worker(state, actor, args)
        order = _find_order(state, args)
        if order.worker_id != worker_id:
            raise DomainError("E_FORBIDDEN", f"工单 {order.id} 不是派给 {worker_id} 的")
        next_order_status(order.status, action)
        data = {"order": order.id, "worker": worker_id, "note": reason(args) if needs_reason else args.get("note", "")}
        if "confirmed" in args:
            data["confirmed"] = args["confirmed"]
        return event_type, data

    return decide_order


def cancel_order(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    order = _find_order(state, args)
    next_order_status(order.status, "cancel")
    return ev.ORDER_CANCELLED, {"order": order.id, "worker": order.worker_id, "note": reason(args)}


# -- submissions and records ----------------------------------------------------------------------


def submit(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    worker_id = acting_worker(state, actor, args)
    kind = RecordKind(args["kind"])
    fields = args["fields"]
    check_fields(kind, fields)
    submission_id = ticket("SB", now_ms, seq)
    if args.get("record"):
        record = state.records.get(args["record"])
        if record is None or record.kind is not kind:
            raise DomainError("E_NOT_FOUND", f"{kind.label}档案 {args['record']}")
        key = record.key
    else:
        key = record_key(kind, fields, submission_id)
        record = state.records.get(state.records_by_key.get(key, ""))
    if record is not None and any(v.status is VersionStatus.PENDING for v in record.versions):
        raise DomainError("E_CONFLICT", f"{record.id} 已有待审核的提交 / a submission is already under review")
    address = find_address(state, fields.get("address_code", ""))
    if fields.get("address_code") and address is None and kind in (RecordKind.PERSON, RecordKind.HOUSE):
        raise DomainError("E_NOT_FOUND", f"标准地址 {fields['address_code']}")
    return ev.SUBMISSION_SUBMITTED, {
        "submission": submission_id, "kind": kind.value, "worker": worker_id, "fields": fields, "key": key,
        "record": record.id if record else f"RK{seq:010d}",
        "grid": address.grid_code if address else state.workers[worker_id].grid_code,
        "note": args.get("note", ""), **({"photo": args["photo"]} if args.get("photo") else {}),
    }


def _review(accept: bool):
    """The community officer accepts a submission into the records, or returns it with a reason."""

    def decide_review(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
        sub = state.submissions.get(args["submission"])
        if sub is None:
            raise DomainError("E_NOT_FOUND", f"提交 {args['submission']}")
        _check_reviewer(state, actor, sub)
        if sub.status is not SubmissionStatus.PENDING:
            raise DomainError("E_TRANSITION", f"{sub.id} {sub.status.label}", status=sub.status.value)
        note = args.get("note", "") if accept else reason(args)
        event_type = ev.SUBMISSION_ACCEPTED if accept else ev.SUBMISSION_RETURNED
        return event_type, {"submission": sub.id, "worker": sub.worker_id, "record": sub.record_id, "note": note}

    return decide_review


def _check_reviewer(state: State, actor: Actor, sub: Submission) -> None:
    """An officer linked to a roster entry reviews only the grids of their own 警格, unless the account's
    scope names its places (then :mod:`console.domain.scope_check` has checked them)."""
    if actor.scope is not None and actor.scope.has_places:
        return
    if actor.role is Role.OFFICER and actor.worker_id and actor.worker_id not in state.officers_of_grid.get(
            sub.grid_code, [actor.worker_id]):
        raise DomainError("E_FORBIDDEN", f"{sub.grid_code} 不在本人警格 / not in your police grid")


def invalidate(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    record = state.records.get(args["record"])
    if record is None:
        raise DomainError("E_NOT_FOUND", f"档案 {args['record']}")
    if record.current() is None:
        raise DomainError("E_TRANSITION", f"{record.id} 没有生效版本 / nothing effective to invalidate")
    return ev.RECORD_INVALIDATED, {"record": record.id, "note": reason(args)}


sign_order = _order_step("sign", ev.ORDER_SIGNED)
order_feedback = _order_step("feedback", ev.ORDER_DONE, needs_reason=True)
return_order = _order_step("return", ev.ORDER_RETURNED, needs_reason=True)
accept_submission = _review(accept=True)
return_submission = _review(accept=False)
