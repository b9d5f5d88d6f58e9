"""Turn an authorized command into the event it causes, or refuse it with a reason.

``decide`` reads the state and never changes it; the caller assigns the sequence number,
commits the event and only then folds it in with :func:`console.domain.state.apply`. Which
decider answers an op, and which events it may emit, is declared in :mod:`console.domain.catalogue`.
"""

from __future__ import annotations

from console.domain.decide_common import SYSTEM_ACTOR, Actor, grid_at
from console.domain.events import POSITION_REPORTED
from console.domain.permissions import authorize
from console.domain.scope_check import check_scope
from console.domain.state import State

__all__ = ["SYSTEM_ACTOR", "Actor", "UndeclaredEvent", "decide", "grid_at"]


class UndeclaredEvent(RuntimeError):
    """A decider returned an event type its catalogue declaration does not list (a bug, not a refusal)."""


def decide(state: State, actor: Actor, op: str, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """Return ``(event_type, event_data)`` for the command, or raise :class:`DomainError`.

    ``seq`` is the sequence number the event will get (used to number new tickets). Every
    event but a position carries the workstation it came from (``ws``) for the audit trail.
    """
    operation = authorize(actor.role, op)
    check_scope(state, actor, args)
    event_type, data = operation.decider(state, actor, args, now_ms, seq)
    if event_type not in operation.emits:
        raise UndeclaredEvent(f"{op} emitted {event_type}, declared {operation.emits}")
    if actor.workstation and event_type != POSITION_REPORTED:
        data["ws"] = actor.workstation
    return event_type, data
