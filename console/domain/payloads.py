"""Typed event payloads: one frozen type per event type, decoded (and checked) from the wire ``data``.

The wire form stays the plain JSON dict (``Event.data``): consoles, the phone page and stored events
read it unchanged. :func:`decode` turns it into the payload type of the event's type, refusing a
missing key or a value of the wrong kind with :class:`MalformedEvent`; keys a payload does not name
(audience hints such as ``workers`` or ``department``) stay in ``data`` only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from console.domain.workers import Position


class MalformedEvent(ValueError):
    """An event whose data does not fit its type's payload."""


def _wire(key: str, default: Any = dataclasses.MISSING) -> Any:
    """A payload field stored under another ``key`` on the wire."""
    return field(default=default, metadata={"wire": key})


# -- workers --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DutySet:
    worker: str
    on: bool


@dataclass(frozen=True, slots=True)
class WorkerFlag:
    """worker.sos / worker.sos_cleared."""

    worker: str
    note: str = ""


# -- incidents ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class IncidentReported:
    incident: str
    category: str
    priority: int
    source: str
    lng: float
    lat: float
    grid: str
    address: str
    narrative: str
    caller: str
    address_code: str = ""
    reporter_worker: Any = None
    repeat_of: str = ""
    photo: str = ""
    public: Any = None  # 群众扫码: the reporter's receipt and sender (console.ecode)
    accepted: bool = False  # 接警即受理: accepted in the same event
    on_scene: bool = False  # 巡逻发现: the reporting unit (reporter_worker) is already there (到场)


@dataclass(frozen=True, slots=True)
class IncidentStep:
    """A lifecycle step of an incident (accept, dispatch, sign … void); ``worker`` for one assignment."""

    incident: str
    worker: str = ""
    note: str = ""
    ws: str = ""
    duplicate_of: str = ""
    brief: Any = None  # a field connection's first sight of a dispatched incident (console.domain.visibility)
    outcome: str = ""  # 办结: the 处理结果 (console.domain.outcomes)


@dataclass(frozen=True, slots=True)
class IncidentReferred:
    incident: str
    department: str
    ticket: str = _wire("order")  # the referral's work order number (ZB…), not an Order
    note: str = ""
    ws: str = ""


@dataclass(frozen=True, slots=True)
class ReferralStep:
    incident: str
    note: str = ""
    unit: str = ""
    ws: str = ""


@dataclass(frozen=True, slots=True)
class ExtensionRequested:
    incident: str
    hours: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class ExtensionDecided:
    incident: str
    approve: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class Supervised:
    incident: str
    level: str
    note: str = ""
    auto: Any = ""


@dataclass(frozen=True, slots=True)
class CallbackMade:
    incident: str
    satisfaction: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class PublicReplied:
    """The desk's answer to a 群众扫码 reporter."""

    incident: str
    note: str


@dataclass(frozen=True, slots=True)
class AbuseMarked:
    """A 群众扫码 report marked 恶意/垃圾 (its sender is blocked for a while)."""

    incident: str
    note: str = ""
    client: str = ""
    addr: str = ""


@dataclass(frozen=True, slots=True)
class IncidentNoted:
    """补充: a note added to the history."""

    incident: str
    note: str = ""
    ws: str = ""


@dataclass(frozen=True, slots=True)
class Recategorized:
    """改类: ``category`` now, ``was`` before."""

    incident: str
    category: str
    was: str = _wire("from", "")
    note: str = ""
    ws: str = ""


@dataclass(frozen=True, slots=True)
class Reprioritized:
    """改级: ``priority`` now, ``was`` before."""

    incident: str
    priority: int
    was: int = _wire("from", 0)
    note: str = ""
    ws: str = ""


@dataclass(frozen=True, slots=True)
class Readdressed:
    """改址: the place (and so the grid) corrected; ``was``/``from_grid`` before."""

    incident: str
    address: str
    lng: float
    lat: float
    grid: str
    address_code: str = ""
    was: str = _wire("from", "")
    from_grid: str = ""
    note: str = ""
    ws: str = ""


# -- orders, submissions, records -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OrderIssued:
    order: str
    kind: str
    worker: str
    grid: str
    target: str
    due_at: int
    target_text: str = ""
    note: str = ""
    incident_link: str = ""
    declaration: str = ""  # a 居住登记's 核查: the submission it checks (console.domain.privacy)


@dataclass(frozen=True, slots=True)
class OrderStep:
    order: str
    worker: str = ""
    note: str = ""
    confirmed: Any = None


@dataclass(frozen=True, slots=True)
class SubmissionSubmitted:
    submission: str
    kind: str
    worker: str
    grid: str
    record: str
    key: str
    fields: dict
    note: str = ""
    photo: str = ""


@dataclass(frozen=True, slots=True)
class SubmissionReviewed:
    submission: str
    worker: str = ""
    record: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class RecordInvalidated:
    record: str
    note: str = ""


# -- geofence -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GeofenceAlert:
    kind: str
    subject: str
    at: int = 0
    message: str = ""
    zone: Any = ""
    lng: Any = None
    lat: Any = None


@dataclass(frozen=True, slots=True)
class ZoneSet:
    zone: str
    name: str
    polygon: list


@dataclass(frozen=True, slots=True)
class ZoneRemoved:
    zone: str


# -- calls ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CallRinging:
    call: str
    caller_party: str
    media: str
    group: Any
    to: list
    skipped: Any = None


@dataclass(frozen=True, slots=True)
class CallParty:
    """call.accepted / declined / left / ended / failed: ``party`` moved (or the call ended, ``reason``)."""

    call: str
    party: str = ""
    account: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CallRecorded:
    call: str
    file: str
    bytes: int
    duration_ms: int
    started_at: int
    account: str
    workers: list = field(default_factory=list)


# -- e码 page views (人流热力) ------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EcodeScanned:
    """Door-plate page views in the clock hour starting ``hour_at``: address code -> count, nothing else."""

    hour_at: int
    counts: dict


@dataclass(frozen=True, slots=True)
class CallStored:
    """call.stored: the relay verified (SHA-256) and keeps a recording of ``call`` (``part``: the member of a
    group call, else ``""``); ``account`` uploaded it."""

    call: str
    part: str
    bytes: int
    sha256: str
    duration_ms: int
    started_at: int
    account: str
    workers: list = field(default_factory=list)


# -- notices (信息推送) ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NoticeSent:
    notice: str
    text: str
    priority: str
    audience: str
    workers: list
    code: str = ""
    photo: str = ""
    file: str = ""
    file_name: str = ""


@dataclass(frozen=True, slots=True)
class NoticeRead:
    notice: str
    worker: str


# -- risk warnings (预警), dispute grades and key persons (console.domain.risk) -------------------------

@dataclass(frozen=True, slots=True)
class WarningRaised:
    warning: str
    rule: str
    level: str
    title: str
    subject: str
    grid: str
    lng: float
    lat: float
    evidence: list
    workers: list
    due_at: int
    address_code: str = ""
    address: str = ""
    records: list = field(default_factory=list)
    grade: str = ""
    key_persons: list = field(default_factory=list)  # 触圈预警 by name: cleared connections only (privacy)
    station: str = ""


@dataclass(frozen=True, slots=True)
class WarningSupervised:
    """warning.supervised: 督办 normal/yellow/red; ``auto`` when the relay gives it past the time limit."""

    warning: str
    workers: list
    level: str
    note: str = ""
    auto: str = ""


@dataclass(frozen=True, slots=True)
class WarningStep:
    """warning.signed / warning.feedback / warning.closed; ``workers`` are the warning's recipients."""

    warning: str
    workers: list
    worker: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class DisputeGraded:
    record: str
    grade: str
    address_code: str = ""
    evidence: list = field(default_factory=list)
    quiet_since: int = 0  # a step down (消退): the last event at its address or of its parties


@dataclass(frozen=True, slots=True)
class KeyPersonAdded:
    key_person: str
    name: str
    address_code: str
    station: str
    id_number: str = ""
    kind: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class KeyPersonRemoved:
    key_person: str
    station: str
    note: str = ""


# -- replay bookmarks and accounts ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BookmarkAdded:
    bookmark: str
    at: int
    note: str
    incident_link: str = ""


@dataclass(frozen=True, slots=True)
class BookmarkRemoved:
    bookmark: str


@dataclass(frozen=True, slots=True)
class AccountEvent:
    """account.login / login_failed / locked / unlocked / disabled / enabled / password_changed.

    ``addr`` is the client address of whoever caused it (the relay's login audit, or the administrator)."""

    account: Any  # a name; None for a failed login under an unknown user name
    addr: str = ""
    role: str = ""
    reason: str = ""
    failures: int = 0
    until: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class AccountCreated:
    """An administrator created ``account`` (its password hash is in the accounts table only)."""

    account: str
    role: str
    addr: str = ""
    display_name: str = ""
    worker_id: str = ""
    scope: dict = field(default_factory=dict)
    must_change: bool = True  # False only from the server's CLI (the operator's own password)
    note: str = ""


@dataclass(frozen=True, slots=True)
class PasswordSet:
    """An administrator set ``account``'s password (the hash is in the accounts table only)."""

    account: str
    addr: str = ""
    must_change: bool = True
    note: str = ""


@dataclass(frozen=True, slots=True)
class AccountRoleSet:
    account: str
    role: str
    from_role: str = _wire("from", "")
    addr: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class AccountScopeSet:
    account: str
    scope: dict
    worker_id: str = ""
    addr: str = ""
    note: str = ""


# -- reference data imports -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReferenceUpserted:
    """reference.upserted: the rows of one import chunk that change something (console.domain.reference);
    ``received`` rows were sent, ``source`` names the file."""

    kind: str
    rows: list
    received: int = 0
    source: str = ""
    ws: str = ""


@dataclass(frozen=True, slots=True)
class GridsUpserted:
    """grids.upserted: the places of one grid-import chunk that change something (console.domain.grid_upsert),
    each layer a list of wire rows; ``received`` rows were sent, ``source`` names the file."""

    stations: list = field(default_factory=list)
    communities: list = field(default_factory=list)
    grids: list = field(default_factory=list)
    police_grids: list = field(default_factory=list)
    received: int = 0
    source: str = ""


# -- decoding -------------------------------------------------------------------------------------

def _number(v: Any) -> bool:
    return (type(v) is float or type(v) is int) and v is not True and v is not False


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: type(v) is str,
    "int": lambda v: type(v) is int,
    "float": _number,
    "bool": lambda v: type(v) is bool,
    "dict": lambda v: type(v) is dict,
    "list": lambda v: type(v) is list,
}


def _decoder(cls: type) -> Callable[[dict], Any]:
    """A checking decoder for ``cls``, built once from its fields."""
    spec = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        spec.append((f.metadata.get("wire", f.name), _CHECKS.get(f.type), required, f.default, f.default_factory))
    spec = tuple(spec)
    missing = dataclasses.MISSING

    def decode(data: dict) -> Any:
        values = []
        for key, check, required, default, factory in spec:
            v = data.get(key, missing)
            if v is missing:
                if required:
                    raise MalformedEvent(f"{cls.__name__}: {key} missing")
                v = default if factory is missing else factory()
            elif check is not None and not check(v) and not (v is None and not required):
                raise MalformedEvent(f"{cls.__name__}.{key}: {type(v).__name__} {v!r:.40}")
            values.append(v)
        return cls(*values)

    return decode


def _optional_number(v: Any) -> Any:
    if v is None:
        return 0.0
    if not _number(v):
        raise MalformedEvent(f"Position: speed/heading {v!r:.40}")
    return v


def decode_position(data: dict) -> Position:
    """``position.reported`` data as the :class:`Position` the reducer keeps (the hot path: no generic loop)."""
    try:
        worker, lng, lat, at = data["worker"], data["lng"], data["lat"], data["at"]
    except KeyError as e:
        raise MalformedEvent(f"Position: {e.args[0]} missing") from None
    if type(worker) is not str or not _number(lng) or not _number(lat) or type(at) is not int:
        raise MalformedEvent(f"Position: {worker!r:.20} {lng!r:.20} {lat!r:.20} {at!r:.20}")
    return Position(worker, lng, lat, at, _optional_number(data.get("speed", 0.0)),
                    _optional_number(data.get("heading", 0.0)))


def decoders(payload_types: dict[str, type]) -> dict[str, Callable[[dict], Any]]:
    """Event type -> its data decoder (positions decode by hand, the rest from their dataclass fields)."""
    return {t: decode_position if cls is Position else _decoder(cls) for t, cls in payload_types.items()}
