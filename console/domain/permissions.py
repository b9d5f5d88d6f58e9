"""Who may give which operation: one rule, read from the catalogue, for the relay and every console check.

Anything unknown is refused: an op not in the catalogue, a role that is not a :class:`Role`, nobody
logged in. Rules beyond the role (ownership) are the deciders' (see :mod:`console.domain.catalogue`).
"""

from __future__ import annotations

from console.domain.catalogue import OPERATIONS, Operation
from console.domain.errors import DomainError
from console.domain.workers import Role

# Roles that receive the whole live event stream (everyone else: console.domain.visibility).
WATCH_ALL_ROLES = frozenset({Role.DISPATCHER, Role.OFFICER, Role.STATION_CHIEF, Role.TRAINER, Role.ADMIN})


def refusal(role: Role | str | None, op: str) -> str:
    """Why ``role`` may not send ``op``, in Chinese for a tooltip; "" when it may.

    ``role`` is a :class:`Role`, a session's role string, or None/"" before login."""
    declared = OPERATIONS.get(op)
    if declared is None:
        return f"未知操作 {op}"
    if role is None or role == "":
        return f"未登录，不能{declared.label}"
    try:
        known = Role(role)
    except ValueError:
        return f"未知角色 {role} 无权{declared.label}"
    if known not in declared.roles:
        return f"{known.label}无权{declared.label}"
    return ""


def may(role: Role | str | None, op: str) -> bool:
    """Whether ``role`` may send ``op`` (see :func:`refusal`)."""
    return not refusal(role, op)


def authorize(role: Role | str | None, op: str) -> Operation:
    """The declaration of ``op`` if ``role`` may send it; else E_UNKNOWN_TYPE (no such op) or E_FORBIDDEN."""
    declared = OPERATIONS.get(op)
    if declared is None:
        raise DomainError("E_UNKNOWN_TYPE", f"op={op!r}")
    if isinstance(role, Role) and role in declared.roles:  # the relay's hot path: a known role, allowed
        return declared
    why = refusal(role, op)
    if why:
        raise DomainError("E_FORBIDDEN", f"{why} ({op})")
    return declared
