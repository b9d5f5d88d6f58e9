"""What the logged-in role may do."""

from __future__ import annotations

from console.domain.permissions import ROLE_OPS
from console.domain.workers import Role


def may(session, op: str) -> bool:
    """Whether the session's role may send ``op``; an unknown role (not yet logged in) may try."""
    try:
        role = Role(getattr(session, "role", "") or "")
    except ValueError:
        return True
    return op in ROLE_OPS.get(role, frozenset())
