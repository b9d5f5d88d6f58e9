"""Client and relay messages: parse and validate incoming frames, build outgoing ones.

Every frame is a JSON object ``{"v": 1, "t": <type>, ...}``. Clients send ``auth`` first, then
``subscribe``, ``cmd``, ``query`` and ``signal``; the relay answers with ``auth.ok``, ``snapshot``, ``events``,
``ack``, ``result``, ``signal.ok`` and ``error``, and forwards ``signal`` frames. Every ``cmd`` carries an
idempotency key in ``id``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from console.domain.catalogue import validate_args
from console.domain.errors import DomainError
from console.domain.queries import validate_query_args
from console.domain.text import printable, text_problem
from console.protocol import attachments as att
from console.protocol import jsoncodec
from console.protocol import recordings as rec

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
MAX_KEY_LEN = 64


@dataclass(frozen=True, slots=True)
class Auth:
    """Log in; ``workstation`` names the machine, recorded with every change for the audit trail. A client
    resuming after a lost connection sends the relay's ``ticket`` instead of the password."""

    id: str
    user: str
    password: str
    workstation: str = ""
    ticket: str = ""


@dataclass(frozen=True, slots=True)
class Subscribe:
    """``after`` is the last seq the client holds; ``None`` asks for a snapshot first. A desk may narrow
    it to ``stations`` and to one position per worker every ``positions_every_s`` (see
    :mod:`console.domain.subscription`)."""

    id: str
    after: int | None
    stations: tuple[str, ...] | None = None
    positions_every_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Command:
    id: str  # idempotency key
    op: str
    args: dict


@dataclass(frozen=True, slots=True)
class Ping:
    id: str


@dataclass(frozen=True, slots=True)
class Signal:
    """WebRTC signalling for a live call (offer, answer, ICE), relayed to ``to`` and not logged.
    ``sender`` (wire ``from``) picks the worker a field gateway speaks for when it serves several."""

    id: str
    call: str
    to: str
    kind: str
    sdp: str | None = None
    candidate: dict | None = None
    sender: str | None = None


@dataclass(frozen=True, slots=True)
class Focus:
    """A desk has ``incident`` open (None: nothing any more). A presence marker, never logged."""

    id: str
    incident: str | None


@dataclass(frozen=True, slots=True)
class Query:
    """A read-only query of the catalogue :mod:`console.domain.queries`, answered by ``result`` or ``error``."""

    id: str
    name: str
    args: dict


ClientMessage = (Auth | Subscribe | Command | Ping | Signal | Focus | Query | rec.RecBegin | rec.RecPut | rec.RecGet
                 | att.AttPut)

NEED_OFFER = "need_offer"  # a callee that lost the caller's offer (its page reloaded) asks for it again
SIGNAL_KINDS = frozenset({"offer", "answer", "ice", NEED_OFFER})
MAX_SDP_BYTES = 16 * 1024
MAX_CANDIDATE_BYTES = 2048
_SIGNAL_KEYS = frozenset({"v", "t", "id", "call", "to", "kind", "sdp", "candidate", "from"})


class ProtocolError(DomainError):
    """A refused frame; ``message_id`` is the frame's ``id`` when it could be read."""

    def __init__(self, code: str, detail: str = "", message_id: str | None = None) -> None:
        super().__init__(code, detail)
        self.message_id = message_id


def parse_client(raw: str | bytes) -> ClientMessage:
    """Parse one frame from a client, raising :class:`ProtocolError` with a reason if it is refused."""
    if rec.is_binary(raw):
        return _binary(raw)
    # a str is at most 4 bytes a character: only a long one is measured in bytes
    size = len(raw) if not isinstance(raw, str) or len(raw) * 4 <= MAX_MESSAGE_BYTES else len(raw.encode("utf-8"))
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError("E_TOO_LARGE", f"{size} > {MAX_MESSAGE_BYTES} bytes")
    try:
        obj = jsoncodec.loads(raw)
    except (ValueError, UnicodeError) as exc:
        raise ProtocolError("E_MALFORMED", f"JSON: {exc}") from None
    except RecursionError:
        raise ProtocolError("E_MALFORMED", "JSON 嵌套过深 / nested too deep") from None
    if not isinstance(obj, dict):
        raise ProtocolError("E_MALFORMED", "frame must be a JSON object")
    message_id = obj.get("id")
    if not isinstance(message_id, str) or not 0 < len(message_id) <= MAX_KEY_LEN or text_problem(message_id):
        raise ProtocolError("E_FIELD", f"id must be a text string of 1..{MAX_KEY_LEN} chars")
    if obj.get("v") != PROTOCOL_VERSION:
        raise ProtocolError("E_VERSION", f"v={obj.get('v')!r}, expected {PROTOCOL_VERSION}", message_id)
    kind = obj.get("t")
    try:
        match kind:
            case "auth":
                workstation = obj.get("workstation", "")
                if not isinstance(workstation, str) or len(workstation) > 64 or text_problem(workstation):
                    raise DomainError("E_FIELD", "workstation must be a string of at most 64 chars")
                if obj.get("ticket") is not None:
                    return Auth(message_id, _string(obj, "user", 64), "", workstation, _string(obj, "ticket", 512))
                return Auth(message_id, _string(obj, "user", 64), _string(obj, "password", 256), workstation)
            case "subscribe":
                after = obj.get("after")
                if after is not None and (not isinstance(after, int) or isinstance(after, bool) or after < 0):
                    raise DomainError("E_FIELD", "after must be a non-negative integer or null")
                return _subscribe(obj, message_id, after)
            case "cmd":
                op = _string(obj, "op", 64)
                return Command(message_id, op, validate_args(op, obj.get("args", {})))
            case "query":
                name = _string(obj, "name", 64)
                return Query(message_id, name, validate_query_args(name, obj.get("args", {})))
            case "ping":
                return Ping(message_id)
            case "signal":
                return _signal(obj, message_id)
            case "focus":
                incident = obj.get("incident")
                if incident is not None:
                    incident = _string(obj, "incident", MAX_KEY_LEN)
                return Focus(message_id, incident)
            case "rec.begin":
                return rec.parse_begin(obj, message_id)
            case "rec.get":
                return rec.parse_get(obj, message_id)
            case _:
                raise DomainError("E_UNKNOWN_TYPE", f"t={kind!r}")
    except ProtocolError:
        raise
    except DomainError as exc:
        raise ProtocolError(exc.code, exc.detail, message_id) from None


def _subscribe(obj: dict, message_id: str, after: int | None) -> Subscribe:
    stations = obj.get("stations")
    if stations is not None and (not isinstance(stations, list) or len(stations) > 200
                                 or not all(isinstance(s, str) and 0 < len(s) <= 32 for s in stations)):
        raise DomainError("E_FIELD", "stations 应为派出所代码列表 / stations must be a list of station codes")
    every = obj.get("positions_every_s", 0)
    if not isinstance(every, int | float) or isinstance(every, bool) or not math.isfinite(every):
        raise DomainError("E_FIELD", "positions_every_s 应为秒数 / positions_every_s must be a number of seconds")
    return Subscribe(message_id, after, None if stations is None else tuple(stations), float(every))


def _binary(raw: bytes) -> rec.RecPut | att.AttPut:
    """A chunk of a recording upload (:mod:`console.protocol.recordings`) or of a notice's attachment
    (:mod:`console.protocol.attachments`)."""
    if len(raw) > rec.MAX_BINARY_BYTES:
        raise ProtocolError("E_TOO_LARGE", f"{len(raw)} > {rec.MAX_BINARY_BYTES} bytes")
    header, data = rec.unpack(raw)
    message_id = header.get("id")
    if not isinstance(message_id, str) or not 0 < len(message_id) <= MAX_KEY_LEN or text_problem(message_id):
        raise ProtocolError("E_FIELD", f"id must be a text string of 1..{MAX_KEY_LEN} chars")
    if header.get("v") != PROTOCOL_VERSION:
        raise ProtocolError("E_VERSION", f"v={header.get('v')!r}, expected {PROTOCOL_VERSION}", message_id)
    try:
        if header.get("t") == att.PUT:
            return att.parse_put(header, data, message_id)
        return rec.parse_put(header, data, message_id)
    except DomainError as exc:
        raise ProtocolError(exc.code, exc.detail, message_id) from None


def _signal(obj: dict, message_id: str) -> Signal:
    """Check a signal frame's shape: offer/answer carry ``sdp`` (≤ 16 KiB), ice a ``candidate`` object
    (or null: end of candidates), need_offer neither."""
    unknown = set(obj) - _SIGNAL_KEYS
    if unknown:
        raise DomainError("E_FIELD", f"unknown fields: {sorted(unknown)}")
    kind = obj.get("kind")
    if kind not in SIGNAL_KINDS:
        raise DomainError("E_FIELD", f"kind must be one of {sorted(SIGNAL_KINDS)}")
    sdp, candidate = obj.get("sdp"), obj.get("candidate")
    if kind == "ice":
        if sdp is not None or (candidate is not None and not isinstance(candidate, dict)):
            raise DomainError("E_FIELD", "ice carries a candidate object (or null), no sdp")
        if candidate is not None and len(json.dumps(candidate)) > MAX_CANDIDATE_BYTES:
            raise DomainError("E_TOO_LARGE", f"candidate > {MAX_CANDIDATE_BYTES} bytes")
    elif kind == NEED_OFFER:
        if sdp is not None or candidate is not None:
            raise DomainError("E_FIELD", "need_offer carries neither sdp nor candidate")
    else:
        if not isinstance(sdp, str) or not sdp or candidate is not None:
            raise DomainError("E_FIELD", f"{kind} carries a non-empty sdp string, no candidate")
        size = len(sdp.encode("utf-8"))
        if size > MAX_SDP_BYTES:
            raise DomainError("E_TOO_LARGE", f"sdp {size} > {MAX_SDP_BYTES} bytes")
    sender = obj.get("from")
    if sender is not None:
        sender = _string(obj, "from", 64)
    return Signal(message_id, _string(obj, "call", 64), _string(obj, "to", 64), kind, sdp, candidate, sender)


def focus_out(account: str, display: str, incident: str | None, at: int) -> dict:
    """The presence marker the relay passes on to the other desks."""
    return {"t": "focus", "account": account, "display": display, "incident": incident, "at": at}


def signal_out(msg: Signal, sender: str) -> dict:
    """The frame forwarded to the connections serving ``msg.to``."""
    frame = {"t": "signal", "call": msg.call, "from": sender, "to": msg.to, "kind": msg.kind}
    if msg.kind == "ice":
        frame["candidate"] = msg.candidate
    elif msg.kind != NEED_OFFER:
        frame["sdp"] = msg.sdp
    return frame


def signal_ok(message_id: str) -> dict:
    """The signal was forwarded to every connection serving its target."""
    return {"t": "signal.ok", "id": message_id}


def _string(obj: dict, key: str, max_len: int) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value or len(value) > max_len or text_problem(value):
        raise DomainError("E_FIELD", f"{key} must be a non-empty text string of at most {max_len} chars")
    return value


def encode(message: dict) -> str:
    """Serialise one outgoing frame (compact JSON text)."""
    return jsoncodec.dumps({"v": PROTOCOL_VERSION, **message})


def encode_utf8(message: dict) -> bytes:
    """:func:`encode` as the UTF-8 bytes a text frame carries (send them with ``text=True``)."""
    return jsoncodec.dumps_bytes({"v": PROTOCOL_VERSION, **message})


def ack(message_id: str, seq: int, duplicate: bool = False) -> dict:
    """The relay committed the command as event ``seq`` (or had already, when ``duplicate``)."""
    return {"t": "ack", "id": message_id, "seq": seq, "duplicate": duplicate}


def result(message_id: str, data) -> dict:
    """The answer to a ``query``."""
    return {"t": "result", "id": message_id, "data": data}


def error(message_id: str | None, err: DomainError) -> dict:
    """A refusal of one frame with code and reasons; nothing in it fails to encode as UTF-8."""
    return _encodable({"t": "error", "id": message_id, **err.to_dict()})


def _encodable(value):
    """``value`` with every string made encodable (a refusal may quote what the client sent)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {_encodable(k): _encodable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encodable(v) for v in value]
    return value


def auth_ok(message_id: str, account: str, role: str, worker_id: str | None, head: int, department: str = "",
            must_change: bool = False, ticket: str = "", files: str = "") -> dict:
    """``department``: a liaison's department code (``*`` for the 12345 platform), else empty.
    ``must_change``: the password is an initial one; only ``account.change_own_password`` is accepted.
    ``ticket``: the resume ticket to log in with after a lost connection (empty: none).
    ``files``: a page session's key to the notices' attachments (``/files/<notice>?k=…``), valid while it lives."""
    return {"t": "auth.ok", "id": message_id, "account": account, "role": role, "worker": worker_id, "head": head,
            "department": department, "must_change": must_change, "ticket": ticket,
            **({"files": files} if files else {})}


def redirect(url: str) -> dict:
    """A standby's answer to a new connection: the writer serves at ``url`` (the client goes there)."""
    return {"t": "redirect", "to": url}


def ticket_frame(ticket: str) -> dict:
    """A renewed resume ticket (the one before it still works until it expires)."""
    return {"t": "ticket", "ticket": ticket}


def events_frame(wire_events: list[dict]) -> dict:
    """A batch of committed events, in seq order."""
    return {"t": "events", "events": wire_events}


def snapshot_frame(message_id: str, snapshot: dict) -> dict:
    return {"t": "snapshot", "id": message_id, "state": snapshot}


def subscribed(message_id: str, head: int) -> dict:
    """History up to ``head`` has been sent; what follows is live."""
    return {"t": "subscribed", "id": message_id, "head": head}


def parse_server(raw: str | bytes) -> dict:
    """Parse a frame from the relay (trusted, but still checked for shape)."""
    obj = jsoncodec.loads(raw)
    if not isinstance(obj, dict) or obj.get("v") != PROTOCOL_VERSION or not isinstance(obj.get("t"), str):
        raise ProtocolError("E_MALFORMED", "unexpected frame from relay")
    return obj
