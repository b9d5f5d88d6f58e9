"""Turn an authorized command into the event it causes, or refuse it with a reason.

``decide`` reads the state and never changes it; the caller assigns the sequence number,
commits the event and only then folds it in with :func:`console.domain.state.apply`.
"""

from __future__ import annotations

from console.domain import (
    decide_accounts,
    decide_calls,
    decide_field,
    decide_incidents,
    decide_replay,
    decide_work,
    decide_zones,
)
from console.domain.decide_common import SYSTEM_ACTOR, Actor, grid_at
from console.domain.events import POSITION_REPORTED
from console.domain.permissions import authorize
from console.domain.state import State

__all__ = ["DECIDERS", "SYSTEM_ACTOR", "Actor", "decide", "grid_at"]

DECIDERS = {**decide_field.DECIDERS, **decide_incidents.DECIDERS, **decide_work.DECIDERS, **decide_zones.DECIDERS,
            **decide_calls.DECIDERS, **decide_replay.DECIDERS, **decide_accounts.DECIDERS}


def decide(state: State, actor: Actor, op: str, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    """Return ``(event_type, event_data)`` for the command, or raise :class:`DomainError`.

    ``seq`` is the sequence number the event will get (used to number new tickets). Every
    event but a position carries the workstation it came from (``ws``) for the audit trail.
    """
    authorize(actor.role, op)
    event_type, data = DECIDERS[op](state, actor, args, now_ms, seq)
    if actor.workstation and event_type != POSITION_REPORTED:
        data["ws"] = actor.workstation
    return event_type, data
