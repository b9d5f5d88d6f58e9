"""The incident state machine: which action is allowed from which status, and where it leads.

Three machines work together:

* the incident itself (受理, 核查, 办结, 转办, 作废 …), in :data:`TRANSITIONS`;
* each worker's assignment (派遣 → 签收 → 到场 → 反馈, or 退回 / 撤回), in :data:`ASSIGNMENT_STEPS`;
  while workers are assigned, the incident's status is *derived* from theirs by :func:`derived_status`;
* a referral's department side (推送 → 签收 → 反馈, or 退回), in :data:`REFERRAL_STEPS`.
"""

from __future__ import annotations

from console.domain.errors import DomainError
from console.domain.incidents import AssignmentStatus, Incident, ReferralStatus, Status

A = AssignmentStatus
R = ReferralStatus

ASSIGNMENT_PHASE = frozenset({Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE})
DERIVED = None  # target marker: the status follows from the assignments

# action -> (incident statuses it may start from, status it leads to or DERIVED)
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "accept": (frozenset({Status.NEW}), Status.ACCEPTED),
    "dispatch": (frozenset({Status.ACCEPTED, Status.RETURNED}) | ASSIGNMENT_PHASE, DERIVED),
    "cancel_assignment": (ASSIGNMENT_PHASE, DERIVED),
    "sign": (ASSIGNMENT_PHASE, DERIVED),
    "arrive": (ASSIGNMENT_PHASE, DERIVED),
    "feedback": (ASSIGNMENT_PHASE, DERIVED),
    "return": (ASSIGNMENT_PHASE, DERIVED),
    "verify": (frozenset({Status.FEEDBACK}), Status.VERIFYING),
    "rework": (frozenset({Status.FEEDBACK, Status.VERIFYING}), DERIVED),
    "close": (frozenset({Status.VERIFYING}), Status.CLOSED),
    "refer": (frozenset({Status.NEW, Status.ACCEPTED, Status.RETURNED}), Status.REFERRED),
    "referral_sign": (frozenset({Status.REFERRED}), Status.REFERRED),
    "referral_feedback": (frozenset({Status.REFERRED}), Status.FEEDBACK),
    "referral_return": (frozenset({Status.REFERRED}), Status.RETURNED),
    "void": (frozenset({Status.NEW, Status.ACCEPTED, Status.RETURNED}), Status.VOID),
}

# assignment action -> (assignment statuses it may start from, status it leads to)
ASSIGNMENT_STEPS: dict[str, tuple[frozenset[AssignmentStatus], AssignmentStatus]] = {
    "sign": (frozenset({A.DISPATCHED}), A.SIGNED),
    "arrive": (frozenset({A.SIGNED}), A.ON_SCENE),
    "feedback": (frozenset({A.ON_SCENE}), A.DONE),
    "return": (frozenset({A.DISPATCHED, A.SIGNED}), A.RETURNED),
    "cancel_assignment": (frozenset({A.DISPATCHED, A.SIGNED, A.ON_SCENE}), A.CANCELLED),
}

REFERRAL_STEPS: dict[str, tuple[frozenset[ReferralStatus], ReferralStatus]] = {
    "referral_sign": (frozenset({R.PUSHED}), R.SIGNED),
    "referral_feedback": (frozenset({R.SIGNED}), R.DONE),
    "referral_return": (frozenset({R.PUSHED, R.SIGNED}), R.RETURNED),
}


def step(table: dict, current, action: str, what: str = ""):
    """The status ``action`` leads to from ``current`` in a ``{action: (allowed_from, target)}`` table;
    raises E_TRANSITION, naming ``what`` moves (任务, 转办, 工单 …), if it is not allowed."""
    allowed_from, target = table[action]
    if current not in allowed_from or target is DERIVED:
        raise _refusal(current, action, what)
    return target


def check_action(inc: Incident, action: str) -> None:
    """Raise E_TRANSITION unless ``action`` is allowed from the incident's status (derived targets too)."""
    if inc.status not in TRANSITIONS[action][0]:
        raise _refusal(inc.status, action)


def _refusal(current, action: str, what: str = "") -> DomainError:
    return DomainError("E_TRANSITION", f"{what}{current.label}({current.value}) 不能执行 {action}",
                       status=current.value)


def next_status(current: Status, action: str) -> Status:
    """The status a non-derived ``action`` leads to from ``current``; raises E_TRANSITION if not allowed."""
    return step(TRANSITIONS, current, action)


def check_assignment_step(status: AssignmentStatus, action: str) -> AssignmentStatus:
    """The assignment status ``action`` leads to; raises E_TRANSITION if not allowed from ``status``."""
    return step(ASSIGNMENT_STEPS, status, action, "任务")


def check_referral_step(status: ReferralStatus, action: str) -> ReferralStatus:
    """The referral status ``action`` leads to; raises E_TRANSITION if not allowed from ``status``."""
    return step(REFERRAL_STEPS, status, action, "转办")


def derived_status(inc: Incident, when_none_live: Status) -> Status:
    """The incident status its live assignments imply; ``when_none_live`` if none is left.

    All live workers fed back → 已反馈; anyone on scene (or done) → 处置中; anyone signed →
    已签收; otherwise 已派遣.
    """
    live = [a.status for a in inc.assignments.values() if a.is_live]
    if not live:
        return when_none_live
    if all(s is A.DONE for s in live):
        return Status.FEEDBACK
    if any(s in (A.ON_SCENE, A.DONE) for s in live):
        return Status.ON_SCENE
    if any(s is A.SIGNED for s in live):
        return Status.SIGNED
    return Status.DISPATCHED
