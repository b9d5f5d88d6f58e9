"""Events: everything that happened, in one log ordered by a global sequence number."""

from __future__ import annotations

from dataclasses import dataclass, field

POSITION_REPORTED = "position.reported"
DUTY_SET = "worker.duty_set"
WORKER_SOS = "worker.sos"
WORKER_SOS_CLEARED = "worker.sos_cleared"

INCIDENT_REPORTED = "incident.reported"
INCIDENT_ACCEPTED = "incident.accepted"
INCIDENT_DISPATCHED = "incident.dispatched"
ASSIGNMENT_CANCELLED = "incident.assignment_cancelled"
INCIDENT_SIGNED = "incident.signed"
INCIDENT_ARRIVED = "incident.arrived"
INCIDENT_FEEDBACK = "incident.feedback"
INCIDENT_RETURNED = "incident.returned"
INCIDENT_VERIFYING = "incident.verifying"
INCIDENT_REWORKED = "incident.reworked"
INCIDENT_CLOSED = "incident.closed"
INCIDENT_REFERRED = "incident.referred"
INCIDENT_VOIDED = "incident.voided"
EXTENSION_REQUESTED = "incident.extension_requested"
EXTENSION_DECIDED = "incident.extension_decided"
INCIDENT_SUPERVISED = "incident.supervised"
INCIDENT_CALLBACK = "incident.callback"
PUBLIC_REPLIED = "incident.public_replied"  # the desk's answer to a 群众扫码 reporter (read on the receipt)
ABUSE_MARKED = "incident.abuse_marked"  # a 群众扫码 report marked 恶意/垃圾: its sender is blocked for a while

REFERRAL_SIGNED = "referral.signed"
REFERRAL_FEEDBACK = "referral.feedback"
REFERRAL_RETURNED = "referral.returned"

ORDER_ISSUED = "order.issued"
ORDER_SIGNED = "order.signed"
ORDER_DONE = "order.done"
ORDER_RETURNED = "order.returned"
ORDER_CANCELLED = "order.cancelled"

GEOFENCE_ALERT = "geofence.alert"
ZONE_SET = "geofence.zone_set"
ZONE_REMOVED = "geofence.zone_removed"

SUBMISSION_SUBMITTED = "submission.submitted"
SUBMISSION_ACCEPTED = "submission.accepted"
SUBMISSION_RETURNED = "submission.returned"
RECORD_INVALIDATED = "record.invalidated"

CALL_RINGING = "call.ringing"
CALL_ACCEPTED = "call.accepted"
CALL_DECLINED = "call.declined"
CALL_LEFT = "call.left"
CALL_ENDED = "call.ended"
CALL_FAILED = "call.failed"
CALL_RECORDED = "call.recorded"

BOOKMARK_ADDED = "replay.bookmark_added"
BOOKMARK_REMOVED = "replay.bookmark_removed"

NOTICE_SENT = "notice.sent"  # 信息推送 to grid workers
NOTICE_READ = "notice.read"

# the login audit and account administration (actor: the relay, ``system``, or an administrator)
ACCOUNT_LOGIN = "account.login"
ACCOUNT_LOGIN_FAILED = "account.login_failed"
ACCOUNT_LOCKED = "account.locked"
ACCOUNT_UNLOCKED = "account.unlocked"
ACCOUNT_DISABLED = "account.disabled"
ACCOUNT_ENABLED = "account.enabled"

# event type -> the lifecycle action it performs on an incident (see console.domain.lifecycle)
INCIDENT_ACTIONS = {
    INCIDENT_ACCEPTED: "accept",
    INCIDENT_DISPATCHED: "dispatch",
    ASSIGNMENT_CANCELLED: "cancel_assignment",
    INCIDENT_SIGNED: "sign",
    INCIDENT_ARRIVED: "arrive",
    INCIDENT_FEEDBACK: "feedback",
    INCIDENT_RETURNED: "return",
    INCIDENT_VERIFYING: "verify",
    INCIDENT_REWORKED: "rework",
    INCIDENT_CLOSED: "close",
    INCIDENT_REFERRED: "refer",
    INCIDENT_VOIDED: "void",
    REFERRAL_SIGNED: "referral_sign",
    REFERRAL_FEEDBACK: "referral_feedback",
    REFERRAL_RETURNED: "referral_return",
}

# incident events that add to the history without changing the status
INCIDENT_NOTES = {
    EXTENSION_REQUESTED: "extension_request",
    EXTENSION_DECIDED: "extension_decision",
    INCIDENT_SUPERVISED: "supervise",
    INCIDENT_CALLBACK: "callback",
    PUBLIC_REPLIED: "public_reply",
    ABUSE_MARKED: "abuse",
}

ORDER_EVENTS = frozenset({ORDER_ISSUED, ORDER_SIGNED, ORDER_DONE, ORDER_RETURNED, ORDER_CANCELLED})
SUBMISSION_EVENTS = frozenset({SUBMISSION_SUBMITTED, SUBMISSION_ACCEPTED, SUBMISSION_RETURNED, RECORD_INVALIDATED})
CALL_EVENTS = frozenset({CALL_RINGING, CALL_ACCEPTED, CALL_DECLINED, CALL_LEFT, CALL_ENDED, CALL_FAILED, CALL_RECORDED})
ACCOUNT_EVENTS = frozenset({ACCOUNT_LOGIN, ACCOUNT_LOGIN_FAILED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED, ACCOUNT_DISABLED,
                            ACCOUNT_ENABLED})
ACCOUNT_FLAG_EVENTS = frozenset({ACCOUNT_DISABLED, ACCOUNT_ENABLED})  # change ``accounts.disabled``

EVENT_TYPES = frozenset({
    POSITION_REPORTED, DUTY_SET, WORKER_SOS, WORKER_SOS_CLEARED, INCIDENT_REPORTED,
    *INCIDENT_ACTIONS, *INCIDENT_NOTES, *ORDER_EVENTS, *SUBMISSION_EVENTS, GEOFENCE_ALERT, ZONE_SET, ZONE_REMOVED,
    *CALL_EVENTS, BOOKMARK_ADDED, BOOKMARK_REMOVED, *ACCOUNT_EVENTS, NOTICE_SENT, NOTICE_READ,
})
GEOFENCE_EVENTS = frozenset({GEOFENCE_ALERT, ZONE_SET, ZONE_REMOVED})
# events that change the relay's open alerts (``State.geofence_alerts``): an account lock is one too
ALERT_EVENTS = GEOFENCE_EVENTS | {ACCOUNT_LOCKED, ACCOUNT_UNLOCKED}


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
