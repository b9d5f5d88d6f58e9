"""Which role may give which operation."""

from __future__ import annotations

from console.domain.errors import DomainError
from console.domain.workers import Role

FIELD_OPS = frozenset({
    "position.report", "worker.duty", "worker.sos", "incident.report", "incident.sign", "incident.arrive",
    "incident.feedback", "incident.return", "incident.extend", "order.sign", "order.feedback", "order.return",
    "submission.submit",
})
DISPATCH_OPS = frozenset({
    "incident.report", "incident.accept", "incident.dispatch", "incident.cancel_assignment", "incident.verify",
    "incident.rework", "incident.close", "incident.refer", "incident.void", "incident.extend",
    "incident.supervise", "incident.callback", "order.issue", "order.cancel", "worker.sos_clear",
    "zone.set", "zone.remove",
})
REVIEW_OPS = frozenset({"submission.accept", "submission.return", "record.invalidate", "incident.decide_extension"})
CHIEF_OPS = frozenset({"incident.supervise", "incident.decide_extension", "worker.sos_clear"})
LIAISON_OPS = frozenset({"referral.sign", "referral.feedback", "referral.return", "incident.report"})
# calls: consoles call workers (and record); workers answer, and may call the command centre (desk)
FIELD_CALL_OPS = frozenset({"call.dial", "call.accept", "call.decline", "call.hangup", "call.fail"})
CALL_OPS = FIELD_CALL_OPS | {"call.recorded"}

REPLAY_OPS = frozenset({"replay.bookmark_add", "replay.bookmark_remove"})  # all a trainer may do
ACCOUNT_ADMIN_OPS = frozenset({"account.unlock", "account.disable", "account.enable"})
# the relay's own login audit (never sent by a client: there is no schema for them)
AUDIT_OPS = frozenset({"account.login", "account.login_failed", "account.lock", "account.unlock"})

ROLE_OPS: dict[Role, frozenset[str]] = {
    Role.DISPATCHER: DISPATCH_OPS | CALL_OPS,
    Role.OFFICER: DISPATCH_OPS | REVIEW_OPS | CALL_OPS,
    Role.GRID_WORKER: FIELD_OPS | FIELD_CALL_OPS,
    Role.FIELD_GATEWAY: FIELD_OPS | FIELD_CALL_OPS,
    Role.STATION_CHIEF: CHIEF_OPS | CALL_OPS,
    Role.TRAINER: REPLAY_OPS,
    Role.LIAISON: LIAISON_OPS,
    Role.ADMIN: ACCOUNT_ADMIN_OPS,
    Role.SYSTEM: frozenset({"incident.supervise"}) | AUDIT_OPS,
}

# Roles that receive the whole live event stream (everyone else: console.domain.visibility).
WATCH_ALL_ROLES = frozenset({Role.DISPATCHER, Role.OFFICER, Role.STATION_CHIEF, Role.TRAINER, Role.ADMIN})

ALL_OPS = frozenset().union(*ROLE_OPS.values())


def authorize(role: Role, op: str) -> None:
    """Raise E_FORBIDDEN unless ``role`` may give ``op``."""
    if op not in ROLE_OPS.get(role, frozenset()):
        raise DomainError("E_FORBIDDEN", f"角色 {role.label}({role.value}) 不能执行 {op}")
