"""Events: everything that happened, in one log ordered by a global sequence number."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from console.domain import payloads as pl
from console.domain.risk import model as risk
from console.domain.workers import Position

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
INCIDENT_NOTED = "incident.noted"  # 补充: a note added to the history
INCIDENT_RECATEGORIZED = "incident.recategorized"  # 改类
INCIDENT_REPRIORITIZED = "incident.reprioritized"  # 改级
INCIDENT_READDRESSED = "incident.readdressed"  # 改址: the place (and so the grid) corrected

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
CALL_STORED = "call.stored"  # the relay holds a verified copy of a recording

BOOKMARK_ADDED = "replay.bookmark_added"
BOOKMARK_REMOVED = "replay.bookmark_removed"

NOTICE_SENT = "notice.sent"  # 信息推送 to grid workers
NOTICE_READ = "notice.read"

# 预警 and 重点人员 (console.domain.risk.model declares them with their reducers)
WARNING_RAISED = risk.WARNING_RAISED
WARNING_SIGNED = risk.WARNING_SIGNED
WARNING_FEEDBACK = risk.WARNING_FEEDBACK
WARNING_CLOSED = risk.WARNING_CLOSED
WARNING_SUPERVISED = risk.WARNING_SUPERVISED
DISPUTE_GRADED = risk.DISPUTE_GRADED
KEY_PERSON_ADDED = risk.KEY_PERSON_ADDED
KEY_PERSON_REMOVED = risk.KEY_PERSON_REMOVED

# the login audit and account administration (actor: the relay, ``system``, or an administrator)
ACCOUNT_LOGIN = "account.login"
ACCOUNT_LOGIN_FAILED = "account.login_failed"
ACCOUNT_LOCKED = "account.locked"
ACCOUNT_UNLOCKED = "account.unlocked"
ACCOUNT_DISABLED = "account.disabled"
ACCOUNT_ENABLED = "account.enabled"
ACCOUNT_CREATED = "account.created"
ACCOUNT_PASSWORD_SET = "account.password_set"  # an administrator's reset: to be changed at the next login
ACCOUNT_PASSWORD_CHANGED = "account.password_changed"  # the account's own change (old + new)
ACCOUNT_ROLE_SET = "account.role_set"
ACCOUNT_SCOPE_SET = "account.scope_set"

REFERENCE_UPSERTED = "reference.upserted"  # imported roster entries, standard addresses or 三实 records
GRIDS_UPSERTED = "grids.upserted"  # imported 派出所, 社区, 网格 and 警格 with their outlines
ECODE_SCANNED = "ecode.scanned"  # e码 page views per door plate in one clock hour (人流热力; no sender data)

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
    INCIDENT_NOTED: "note",
    INCIDENT_RECATEGORIZED: "recategorize",
    INCIDENT_REPRIORITIZED: "reprioritize",
    INCIDENT_READDRESSED: "readdress",
}

ORDER_EVENTS = frozenset({ORDER_ISSUED, ORDER_SIGNED, ORDER_DONE, ORDER_RETURNED, ORDER_CANCELLED})
SUBMISSION_EVENTS = frozenset({SUBMISSION_SUBMITTED, SUBMISSION_ACCEPTED, SUBMISSION_RETURNED, RECORD_INVALIDATED})
CALL_EVENTS = frozenset({CALL_RINGING, CALL_ACCEPTED, CALL_DECLINED, CALL_LEFT, CALL_ENDED, CALL_FAILED, CALL_RECORDED,
                         CALL_STORED})
ACCOUNT_AUDIT_EVENTS = frozenset({ACCOUNT_LOGIN_FAILED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED, ACCOUNT_DISABLED,
                                  ACCOUNT_ENABLED, ACCOUNT_PASSWORD_SET, ACCOUNT_PASSWORD_CHANGED})
# events that change a row of the ``accounts`` table (State.accounts): all but failures, locks and unlocks
ACCOUNT_ROW_EVENTS = frozenset({ACCOUNT_LOGIN, ACCOUNT_DISABLED, ACCOUNT_ENABLED, ACCOUNT_CREATED,
                                ACCOUNT_PASSWORD_SET, ACCOUNT_PASSWORD_CHANGED, ACCOUNT_ROLE_SET, ACCOUNT_SCOPE_SET})
ACCOUNT_EVENTS = ACCOUNT_AUDIT_EVENTS | ACCOUNT_ROW_EVENTS

EVENT_TYPES = frozenset({
    POSITION_REPORTED, DUTY_SET, WORKER_SOS, WORKER_SOS_CLEARED, INCIDENT_REPORTED,
    *INCIDENT_ACTIONS, *INCIDENT_NOTES, *ORDER_EVENTS, *SUBMISSION_EVENTS, GEOFENCE_ALERT, ZONE_SET, ZONE_REMOVED,
    *CALL_EVENTS, BOOKMARK_ADDED, BOOKMARK_REMOVED, *ACCOUNT_EVENTS, NOTICE_SENT, NOTICE_READ, REFERENCE_UPSERTED,
    GRIDS_UPSERTED, *risk.RISK_EVENTS, ECODE_SCANNED,
})
GEOFENCE_EVENTS = frozenset({GEOFENCE_ALERT, ZONE_SET, ZONE_REMOVED})
# events that change the relay's open alerts (``State.geofence_alerts``): an account lock is one too
ALERT_EVENTS = GEOFENCE_EVENTS | {ACCOUNT_LOCKED, ACCOUNT_UNLOCKED}


# event type -> the one type of its payload (console.domain.payloads)
PAYLOADS: dict[str, type] = {
    POSITION_REPORTED: Position,
    DUTY_SET: pl.DutySet,
    WORKER_SOS: pl.WorkerFlag,
    WORKER_SOS_CLEARED: pl.WorkerFlag,
    INCIDENT_REPORTED: pl.IncidentReported,
    **dict.fromkeys(INCIDENT_ACTIONS, pl.IncidentStep),
    INCIDENT_REFERRED: pl.IncidentReferred,
    **dict.fromkeys((REFERRAL_SIGNED, REFERRAL_FEEDBACK, REFERRAL_RETURNED), pl.ReferralStep),
    EXTENSION_REQUESTED: pl.ExtensionRequested,
    EXTENSION_DECIDED: pl.ExtensionDecided,
    INCIDENT_SUPERVISED: pl.Supervised,
    INCIDENT_CALLBACK: pl.CallbackMade,
    PUBLIC_REPLIED: pl.PublicReplied,
    ABUSE_MARKED: pl.AbuseMarked,
    INCIDENT_NOTED: pl.IncidentNoted,
    INCIDENT_RECATEGORIZED: pl.Recategorized,
    INCIDENT_REPRIORITIZED: pl.Reprioritized,
    INCIDENT_READDRESSED: pl.Readdressed,
    NOTICE_SENT: pl.NoticeSent,
    NOTICE_READ: pl.NoticeRead,
    ORDER_ISSUED: pl.OrderIssued,
    **dict.fromkeys(ORDER_EVENTS - {ORDER_ISSUED}, pl.OrderStep),
    SUBMISSION_SUBMITTED: pl.SubmissionSubmitted,
    SUBMISSION_ACCEPTED: pl.SubmissionReviewed,
    SUBMISSION_RETURNED: pl.SubmissionReviewed,
    RECORD_INVALIDATED: pl.RecordInvalidated,
    GEOFENCE_ALERT: pl.GeofenceAlert,
    ZONE_SET: pl.ZoneSet,
    ZONE_REMOVED: pl.ZoneRemoved,
    CALL_RINGING: pl.CallRinging,
    **dict.fromkeys(CALL_EVENTS - {CALL_RINGING, CALL_RECORDED, CALL_STORED}, pl.CallParty),
    CALL_RECORDED: pl.CallRecorded,
    CALL_STORED: pl.CallStored,
    BOOKMARK_ADDED: pl.BookmarkAdded,
    BOOKMARK_REMOVED: pl.BookmarkRemoved,
    **dict.fromkeys(ACCOUNT_AUDIT_EVENTS - {ACCOUNT_PASSWORD_SET} | {ACCOUNT_LOGIN}, pl.AccountEvent),
    ACCOUNT_CREATED: pl.AccountCreated,
    ACCOUNT_PASSWORD_SET: pl.PasswordSet,
    ACCOUNT_ROLE_SET: pl.AccountRoleSet,
    ACCOUNT_SCOPE_SET: pl.AccountScopeSet,
    REFERENCE_UPSERTED: pl.ReferenceUpserted,
    GRIDS_UPSERTED: pl.GridsUpserted,
    risk.WARNING_RAISED: pl.WarningRaised,
    **dict.fromkeys(risk.WARNING_EVENTS - {risk.WARNING_RAISED, risk.WARNING_SUPERVISED}, pl.WarningStep),
    risk.WARNING_SUPERVISED: pl.WarningSupervised,
    risk.DISPUTE_GRADED: pl.DisputeGraded,
    risk.KEY_PERSON_ADDED: pl.KeyPersonAdded,
    risk.KEY_PERSON_REMOVED: pl.KeyPersonRemoved,
    ECODE_SCANNED: pl.EcodeScanned,
}
_DECODERS = pl.decoders(PAYLOADS)


def register_payload(event_type: str, payload_type: type) -> None:
    """Give a new event type (one an operation declares only in the catalogue) its payload type."""
    PAYLOADS[event_type] = payload_type
    _DECODERS.update(pl.decoders({event_type: payload_type}))


def unregister_payload(event_type: str) -> None:
    PAYLOADS.pop(event_type, None)
    _DECODERS.pop(event_type, None)


@dataclass(frozen=True, slots=True)
class Event:
    """One committed fact. ``at`` is the relay's clock in ms; ``actor`` the account that caused it.

    ``data`` is the wire form; :attr:`payload` the same data as the type's payload (decoded once).
    """

    seq: int
    at: int
    type: str
    actor: str
    data: dict = field(default_factory=dict)
    _payload: Any = field(default=None, repr=False, compare=False)

    @property
    def payload(self) -> Any:
        """The typed payload (see :data:`PAYLOADS`); raises :class:`MalformedEvent` if ``data`` does not fit."""
        p = self._payload
        if p is None:
            decode = _DECODERS.get(self.type)
            if decode is None:
                raise pl.MalformedEvent(f"unknown event type {self.type!r}")
            p = decode(self.data)
            object.__setattr__(self, "_payload", p)
        return p

    def to_wire(self) -> dict:
        """The dict sent to clients and stored as the event body."""
        return {"seq": self.seq, "at": self.at, "type": self.type, "actor": self.actor, "data": self.data}

    @classmethod
    def decided(cls, seq: int, at: int, type_: str, actor: str, data: dict) -> Event:
        """An event the relay's writer just decided: its data is valid by construction, so a position
        (the hot path) gets its payload without the wire checks."""
        if type_ != POSITION_REPORTED:
            return cls(seq, at, type_, actor, data)
        payload = Position(data["worker"], data["lng"], data["lat"], data["at"], data.get("speed", 0.0),
                           data.get("heading", 0.0))
        return cls(seq, at, type_, actor, data, payload)

    @classmethod
    def from_wire(cls, d: dict) -> Event:
        """Inverse of :meth:`to_wire`, checked: a malformed event raises :class:`MalformedEvent` here."""
        try:
            event = cls(int(d["seq"]), int(d["at"]), d["type"], d["actor"], d.get("data") or {})
        except (KeyError, TypeError, ValueError) as e:
            raise pl.MalformedEvent(f"event frame: {e!r:.80}") from None
        event.payload  # noqa: B018 -- decode now: a bad event fails here, not in a reducer later
        return event
