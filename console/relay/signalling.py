"""Routing of WebRTC signal frames (offer, answer, ICE) between the parties of a live call.

Signals are not logged: the relay checks the sender speaks for a party of a ringing or active call
and that the target is another party still in it, then forwards the frame to every connection
serving the target (see :mod:`console.relay.presence`).
"""

from __future__ import annotations

from collections.abc import Hashable

from console.domain import calls
from console.domain.errors import DomainError
from console.domain.state import State
from console.protocol import messages as m
from console.relay.presence import Presence


def route(state: State, presence: Presence, conn: Hashable, msg: m.Signal) -> tuple[list[Hashable], dict]:
    """The connections to forward ``msg`` to and the frame to send them, or a DomainError
    (E_NOT_FOUND, E_CALL_OVER, E_NOT_PARTY, E_FIELD, E_UNREACHABLE)."""
    call = state.calls.get(msg.call)
    if call is None:
        raise DomainError("E_NOT_FOUND", f"通话 {msg.call}")
    if not calls.is_live(call):
        raise DomainError("E_CALL_OVER", f"通话 {msg.call}")
    sender = _sender(call, presence, conn, msg)
    if msg.to == sender or msg.to not in calls.live_parties(call):
        raise DomainError("E_NOT_PARTY", f"{msg.to} 不在通话 {msg.call} 中")
    targets = [c for c in presence.connections(calls.presence_id(call, msg.to)) if c is not conn]
    if not targets:
        raise DomainError("E_UNREACHABLE", msg.to)
    return targets, m.signal_out(msg, sender)


def _sender(call: dict, presence: Presence, conn: Hashable, msg: m.Signal) -> str:
    """The party ``conn`` speaks for: the one it serves (``from`` picks among several, as a field
    gateway serving two workers of one group call must)."""
    mine = [p for p in calls.live_parties(call) if presence.serves(conn, calls.presence_id(call, p))]
    if msg.sender is not None:
        if msg.sender not in mine:
            raise DomainError("E_NOT_PARTY", f"{msg.sender} 不是通话 {msg.call} 的参与方")
        return msg.sender
    mine = [p for p in mine if p != msg.to]
    if not mine:
        raise DomainError("E_NOT_PARTY", f"不是通话 {msg.call} 的参与方")
    if len(mine) > 1:
        raise DomainError("E_FIELD", f"本连接代表多个参与方 {sorted(mine)}，请用 from 指明")
    return mine[0]
