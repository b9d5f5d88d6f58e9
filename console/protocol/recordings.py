"""Recording transfer frames: a desk uploads a call's recording to the relay in chunks; a console reads it back.

Text frames (JSON, like every other frame):

- ``rec.begin {id, call, part, bytes, sha256, duration_ms, started_at}`` → ``rec.ok {id, have, done}``: the
  relay says how many bytes of that upload it already holds (``have``; the upload goes on from there);
  ``done`` when it holds the whole verified file.
- ``rec.get {id, call, part, offset}`` → a binary ``rec.data`` frame (or ``error``).

Binary frames: :data:`BINARY_MARK`, a 4-byte big-endian header length, the JSON header, the bytes:

- ``rec.put {v, t, id, call, part, offset}`` + at most :data:`CHUNK_BYTES` → ``rec.ok {id, have, done, seq?}``.
- ``rec.data {v, t, id, offset, total, sha256, duration_ms, started_at}`` + at most :data:`CHUNK_BYTES`.

``part`` names the member of a group call whose recording it is (``""`` for a 1:1 call). The relay
names the stored file itself; nothing the client sends becomes a path.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass

from console.domain.calls import CALL_ID
from console.domain.errors import DomainError

CHUNK_BYTES = 192 * 1024  # a chunk and its header fit the relay's largest websocket frame (256 KiB)
BINARY_MARK = b"\x00"  # no JSON text starts with NUL: a binary frame is never read as JSON
MAX_HEADER_BYTES = 1024
MAX_BINARY_BYTES = len(BINARY_MARK) + 4 + MAX_HEADER_BYTES + CHUNK_BYTES
PART = re.compile(r"[A-Za-z0-9_-]{0,64}")
SHA256 = re.compile(r"[0-9a-f]{64}")
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class RecBegin:
    """Start or resume the upload of one recording; the relay answers how much it has."""

    id: str
    call: str
    part: str
    bytes: int
    sha256: str
    duration_ms: int
    started_at: int


@dataclass(frozen=True, slots=True)
class RecPut:
    """``data`` of the upload at ``offset`` (which must be what the relay holds so far)."""

    id: str
    call: str
    part: str
    offset: int
    data: bytes


@dataclass(frozen=True, slots=True)
class RecGet:
    """Read a stored recording from ``offset``."""

    id: str
    call: str
    part: str
    offset: int


def is_binary(raw: str | bytes) -> bool:
    return isinstance(raw, bytes) and raw[:1] == BINARY_MARK


def pack(header: dict, data: bytes) -> bytes:
    """One binary frame: mark, header length, JSON header, bytes."""
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    return BINARY_MARK + _LENGTH.pack(len(head)) + head + data


def unpack(raw: bytes) -> tuple[dict, bytes]:
    """The header and bytes of a binary frame; DomainError E_MALFORMED for anything else."""
    if not is_binary(raw) or len(raw) < 5:
        raise DomainError("E_MALFORMED", "二进制帧格式错误 / not a recording frame")
    (size,) = _LENGTH.unpack_from(raw, 1)
    if size > MAX_HEADER_BYTES or 5 + size > len(raw):
        raise DomainError("E_MALFORMED", "二进制帧头长度错误 / bad header length")
    try:
        header = json.loads(raw[5:5 + size])
    except ValueError:
        raise DomainError("E_MALFORMED", "二进制帧头不是 JSON / header is not JSON") from None
    if not isinstance(header, dict):
        raise DomainError("E_MALFORMED", "二进制帧头须为对象 / header must be an object")
    return header, raw[5 + size:]


def parse_begin(obj: dict, message_id: str) -> RecBegin:
    sha = obj.get("sha256")
    if not isinstance(sha, str) or not SHA256.fullmatch(sha):
        raise DomainError("E_FIELD", "sha256 须为 64 位小写十六进制 / sha256 must be 64 lowercase hex digits")
    return RecBegin(message_id, _call(obj), _part(obj), _count(obj, "bytes", 1), sha,
                    _count(obj, "duration_ms", 0), _count(obj, "started_at", 0))


def parse_put(header: dict, data: bytes, message_id: str) -> RecPut:
    if header.get("t") != "rec.put":
        raise DomainError("E_UNKNOWN_TYPE", f"二进制帧只能是 rec.put / t={header.get('t')!r}")
    if not data or len(data) > CHUNK_BYTES:
        raise DomainError("E_TOO_LARGE", f"数据块须为 1..{CHUNK_BYTES} 字节 / chunk of {len(data)} bytes")
    return RecPut(message_id, _call(header), _part(header), _count(header, "offset", 0), data)


def parse_get(obj: dict, message_id: str) -> RecGet:
    return RecGet(message_id, _call(obj), _part(obj), _count(obj, "offset", 0))


def ok(message_id: str, have: int, done: bool, seq: int | None = None) -> dict:
    """The relay holds ``have`` bytes of the upload (``done``: all of them, verified; ``seq`` of ``call.stored``)."""
    return {"t": "rec.ok", "id": message_id, "have": have, "done": done, **({"seq": seq} if seq is not None else {})}


def _call(obj: dict) -> str:
    call = obj.get("call")
    if not isinstance(call, str) or not CALL_ID.fullmatch(call):
        raise DomainError("E_FIELD", "call 须为通话编号 C + 12 位十六进制 / call must be a call id")
    return call


def _part(obj: dict) -> str:
    part = obj.get("part", "")
    if not isinstance(part, str) or not PART.fullmatch(part):
        raise DomainError("E_FIELD", "part 须为组呼成员编号（字母、数字、_ -） / part must be a worker id or empty")
    return part


def _count(obj: dict, key: str, low: int) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise DomainError("E_FIELD", f"{key} 须为不小于 {low} 的整数 / {key} must be an integer ≥ {low}")
    return value
