"""What the logged-in role may do: the domain's one rule (console.domain.permissions) over a session."""

from __future__ import annotations

from console.domain.permissions import refusal


def may(session, op: str) -> bool:
    """Whether the session's role may send ``op``; no role (not logged in) or an unknown one may not."""
    return not why_not(session, op)


def why_not(session, op: str) -> str:
    """Why the session's role may not send ``op``, in Chinese for a tooltip; "" when it may."""
    return refusal(getattr(session, "role", None), op)
