"""Which incident actions the selected incident and the session's role allow, and why not.

Pure rules over the domain: :data:`console.domain.lifecycle.TRANSITIONS` (from which status),
:func:`console.domain.permissions.refusal` (which role, from the operation catalogue) and the
assignments, referral and extension request of the incident. No widgets here, so it is tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.domain import permissions
from console.domain.incidents import Incident, Status
from console.domain.lifecycle import ASSIGNMENT_STEPS, TRANSITIONS
from console.domain.workers import Role
from console.ui.texts import op_label, tr

CALLBACK_STATUSES = frozenset({Status.FEEDBACK, Status.VERIFYING, Status.CLOSED})


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One incident action: its key, its label, its shortcut and the lifecycle action it performs."""

    key: str
    label: str
    shortcut: str
    op: str
    lifecycle: str | None = None


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("accept", QT_TRANSLATE_NOOP("Actions", "受理"), "F2", "incident.accept", "accept"),
    ActionSpec("dispatch", QT_TRANSLATE_NOOP("Actions", "派遣"), "F3", "incident.dispatch", "dispatch"),
    ActionSpec("verify_close", QT_TRANSLATE_NOOP("Actions", "核查/办结"), "F4", "incident.verify"),
    ActionSpec("rework", QT_TRANSLATE_NOOP("Actions", "返工"), "F5", "incident.rework", "rework"),
    ActionSpec("refer", QT_TRANSLATE_NOOP("Actions", "转办"), "F6", "incident.refer", "refer"),
    ActionSpec("void", QT_TRANSLATE_NOOP("Actions", "作废"), "F7", "incident.void", "void"),
    ActionSpec("supervise", QT_TRANSLATE_NOOP("Actions", "督办"), "F8", "incident.supervise"),
    ActionSpec("extension", QT_TRANSLATE_NOOP("Actions", "延期"), "Ctrl+E", "incident.extend"),
    ActionSpec("callback", QT_TRANSLATE_NOOP("Actions", "回访"), "Ctrl+H", "incident.callback"),
    ActionSpec("cancel_assignment", QT_TRANSLATE_NOOP("Actions", "撤回派遣"), "F9", "incident.cancel_assignment",
               "cancel_assignment"),
    ActionSpec("note", QT_TRANSLATE_NOOP("Actions", "补充"), "Ctrl+B", "incident.note"),
    ActionSpec("recategorize", QT_TRANSLATE_NOOP("Actions", "改类"), "Ctrl+Shift+C", "incident.recategorize"),
    ActionSpec("reprioritize", QT_TRANSLATE_NOOP("Actions", "改级"), "Ctrl+Shift+L", "incident.reprioritize"),
    ActionSpec("readdress", QT_TRANSLATE_NOOP("Actions", "改址"), "Ctrl+Shift+A", "incident.readdress"),
)
CORRECTIONS = frozenset({"recategorize", "reprioritize", "readdress"})  # open incidents only
SPEC_BY_KEY = {s.key: s for s in SPECS}


@dataclass(frozen=True, slots=True)
class Availability:
    """Whether an action can be taken now; ``op`` and ``label`` may depend on the status; ``why`` if not."""

    key: str
    enabled: bool
    op: str
    label: str
    why: str = ""


def role_of(name: str) -> Role | None:
    """The :class:`Role` of a session's role string, or None before login."""
    try:
        return Role(name)
    except ValueError:
        return None


def may(role: Role | None, op: str) -> bool:
    """Whether ``role`` may send ``op`` (the domain's one rule; None before login is refused)."""
    return permissions.may(role, op)


def availability(inc: Incident | None, role: Role | None, account: str = "",
                 specs: tuple[ActionSpec, ...] = SPECS) -> dict[str, Availability]:
    """Every action of ``specs`` (the incident actions :data:`SPECS`) for ``inc`` as seen by ``role`` / ``account``."""
    return {spec.key: _one(spec, inc, role, account) for spec in specs}


def _one(spec: ActionSpec, inc: Incident | None, role: Role | None, account: str) -> Availability:
    op, label = _op_and_label(spec, inc, account)
    label = tr(label, "Actions")
    if inc is None:
        return Availability(spec.key, False, op, label, tr("未选择警情", "Actions"))
    forbidden = permissions.refusal(role, op)
    if forbidden:
        if op == "incident.extend" and may(role, "incident.decide_extension"):
            return Availability(spec.key, False, op, label, tr("没有待审批的延期申请", "Actions"))
        return Availability(spec.key, False, op, label, forbidden)
    why = _status_refusal(spec, op, inc, account)
    return Availability(spec.key, not why, op, label, why)


def _op_and_label(spec: ActionSpec, inc: Incident | None, account: str) -> tuple[str, str]:
    """F4 核查 on 已反馈, 办结 on 待核查; Ctrl+E 审批 when a request is pending, else 申请."""
    if spec.key == "verify_close":
        if inc is not None and inc.status is Status.VERIFYING:
            return "incident.close", QT_TRANSLATE_NOOP("Actions", "办结")
        if inc is not None and inc.status is Status.FEEDBACK:
            return "incident.verify", QT_TRANSLATE_NOOP("Actions", "核查")
        return spec.op, spec.label
    if spec.key == "extension":
        if inc is not None and inc.extension_request is not None:
            return "incident.decide_extension", QT_TRANSLATE_NOOP("Actions", "延期审批")
        return "incident.extend", QT_TRANSLATE_NOOP("Actions", "延期申请")
    return spec.op, spec.label


def _status_refusal(spec: ActionSpec, op: str, inc: Incident, account: str) -> str:
    """Why the incident's state refuses ``op`` now, or "" if it allows it."""
    status = inc.status.label
    if spec.lifecycle is not None and inc.status not in TRANSITIONS[spec.lifecycle][0]:
        return tr("{status}的警情不能{op}", "Actions").format(status=status, op=op_label(op))
    if spec.key == "verify_close" and inc.status not in (Status.FEEDBACK, Status.VERIFYING):
        return tr("仅已反馈（核查）或待核查（办结）的警情；当前{status}", "Actions").format(status=status)
    if spec.key == "cancel_assignment" and not cancellable_workers(inc):
        return tr("没有可撤回的派遣", "Actions")
    if spec.key in CORRECTIONS and not inc.is_open:
        return tr("{status}的警情不能{op}", "Actions").format(status=status, op=op_label(op))
    if spec.key == "supervise" and not inc.is_open:
        return tr("{status}的警情不能督办", "Actions").format(status=status)
    if spec.key == "callback" and inc.status not in CALLBACK_STATUSES:
        return tr("{status}的警情尚不能回访（反馈后才可回访）", "Actions").format(status=status)
    if spec.key == "extension":
        return _extension_refusal(op, inc, account)
    return ""


def _extension_refusal(op: str, inc: Incident, account: str) -> str:
    if op == "incident.decide_extension":
        if inc.extension_request.by == account:
            return tr("不能审批自己的延期申请", "Actions")
        return ""
    if not inc.is_open or inc.status is Status.NEW:
        return tr("{status}的警情不能申请延期", "Actions").format(status=inc.status.label)
    return ""


def cancellable_workers(inc: Incident) -> list[str]:
    """Workers whose assignment on ``inc`` can still be withdrawn (撤回派遣)."""
    allowed = ASSIGNMENT_STEPS["cancel_assignment"][0]
    return [a.worker_id for a in inc.assignments.values() if a.status in allowed]
