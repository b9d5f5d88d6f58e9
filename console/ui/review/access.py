"""What the logged-in role may do."""

from __future__ import annotations

from console.domain.permissions import may as role_may


def may(session, op: str) -> bool:
    """Whether the session's role may send ``op``; no role (not logged in) or an unknown one may not."""
    return role_may(getattr(session, "role", None), op)
