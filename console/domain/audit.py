"""Who did it, and through what: the audit trail's operator for an event or timeline entry.

A field gateway (the simulator, or a vendor's app server) logs in once and acts for many workers; its
events carry the acting ``worker``. The trail names that worker as the operator and the gateway
separately ("经 外勤网关 fieldsim"); the workstation is shown only for console sessions, since a
gateway's host name says nothing about who acted. Stored events are read as they are: nothing new is
written, the worker is already in them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from console.domain import events as ev

SYSTEM_ACCOUNT = "system"  # the relay's own events (automatic 督办, geofence alerts, risk warnings)

# events whose ``worker`` is the one acting (in a dispatch it is the one sent, and the actor is the desk)
WORKER_ACTS = frozenset({
    ev.INCIDENT_SIGNED, ev.INCIDENT_ARRIVED, ev.INCIDENT_FEEDBACK, ev.INCIDENT_RETURNED,
    ev.ORDER_SIGNED, ev.ORDER_DONE, ev.ORDER_RETURNED, ev.SUBMISSION_SUBMITTED,
    ev.DUTY_SET, ev.WORKER_SOS, ev.POSITION_REPORTED,
})


def acting_worker(event_type: str, data: Mapping) -> str:
    """The worker who did this (empty when a console or the relay did)."""
    if event_type == ev.INCIDENT_REPORTED:
        return data.get("reporter_worker") or ""
    if event_type in WORKER_ACTS:
        return data.get("worker") or ""
    return ""


@dataclass(frozen=True, slots=True)
class Operator:
    """``who`` acted (a worker's name, or the account) and ``where`` from (workstation, or the gateway)."""

    who: str
    where: str

    def one_line(self) -> str:
        return f"{self.who}（{self.where}）" if self.where and self.where != "—" else self.who


def own_login(account: str, worker_id: str) -> bool:
    """A grid worker logged in as themself (demo and field accounts are the worker id in lower case)."""
    return account.lower() == worker_id.lower()


def operator(actor: str, worker_id: str, workstation: str, names: Mapping[str, str]) -> Operator:
    """The operator of one entry: ``actor`` is the logged-in account, ``worker_id`` the acting worker (or
    empty), ``names`` worker id → name."""
    if actor == SYSTEM_ACCOUNT:
        return Operator("系统", "中继自动")
    if not worker_id:
        return Operator(actor, workstation or "—")
    name = names.get(worker_id) or worker_id
    if own_login(actor, worker_id):
        return Operator(name, "外勤终端")
    return Operator(name, f"经 外勤网关 {actor}")


def event_operator(event: ev.Event, names: Mapping[str, str]) -> Operator:
    """:func:`operator` of a logged event."""
    return operator(event.actor, acting_worker(event.type, event.data), event.data.get("ws", ""), names)
