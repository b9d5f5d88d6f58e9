"""Events: everything that happened, in one log ordered by a global sequence number."""

from __future__ import annotations

from dataclasses import dataclass, field

POSITION_REPORTED = "position.reported"
DUTY_SET = "worker.duty_set"
INCIDENT_REPORTED = "incident.reported"
INCIDENT_ACCEPTED = "incident.accepted"
INCIDENT_DISPATCHED = "incident.dispatched"
INCIDENT_SIGNED = "incident.signed"
INCIDENT_ARRIVED = "incident.arrived"
INCIDENT_FEEDBACK = "incident.feedback"
INCIDENT_CLOSED = "incident.closed"

# incident event type -> lifecycle action it performs
INCIDENT_ACTIONS = {
    INCIDENT_ACCEPTED: "accept",
    INCIDENT_DISPATCHED: "dispatch",
    INCIDENT_SIGNED: "sign",
    INCIDENT_ARRIVED: "arrive",
    INCIDENT_FEEDBACK: "feedback",
    INCIDENT_CLOSED: "close",
}

EVENT_TYPES = frozenset({POSITION_REPORTED, DUTY_SET, INCIDENT_REPORTED, *INCIDENT_ACTIONS})


@dataclass(frozen=True, slots=True)
class Event:
    """One committed fact. ``at`` is the relay's clock in ms; ``actor`` the account that caused it."""

    seq: int
    at: int
    type: str
    actor: str
    data: dict = field(default_factory=dict)

    def to_wire(self) -> dict:
        """The dict sent to clients and stored as the event body."""
        return {"seq": self.seq, "at": self.at, "type": self.type, "actor": self.actor, "data": self.data}

    @classmethod
    def from_wire(cls, d: dict) -> Event:
        """Inverse of :meth:`to_wire`."""
        return cls(int(d["seq"]), int(d["at"]), d["type"], d["actor"], d.get("data") or {})
