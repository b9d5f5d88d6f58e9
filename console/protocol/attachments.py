"""Notice attachment frames: a console uploads a PDF (the 研判 report) to the relay before the notice naming it.

One binary frame per chunk, framed like a recording chunk (:func:`console.protocol.recordings.pack`):

- ``att.put {v, t, id, sha256, bytes, offset}`` + at most :data:`~console.protocol.recordings.CHUNK_BYTES`
  → ``att.ok {id, have, done}``: the relay holds ``have`` bytes; ``done`` once the whole file is stored and
  verified (its SHA-256, and that it is a PDF). A file the relay holds already is ``done`` at the first chunk.

The file is named by its SHA-256 only, so nothing a client sends becomes a path; a notice names it with
``file`` and the relay serves it at ``/files/<notice>`` to the notice's recipients (``console.relay.attachments``).
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.errors import DomainError
from console.protocol.recordings import CHUNK_BYTES, SHA256

PUT = "att.put"
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True, slots=True)
class AttPut:
    """``data`` of the file ``sha256`` (``bytes`` long) at ``offset``."""

    id: str
    sha256: str
    bytes: int
    offset: int
    data: bytes


def parse_put(header: dict, data: bytes, message_id: str) -> AttPut:
    sha = header.get("sha256")
    if not isinstance(sha, str) or not SHA256.fullmatch(sha):
        raise DomainError("E_FIELD", "sha256 须为 64 位小写十六进制 / sha256 must be 64 lowercase hex digits")
    if not data or len(data) > CHUNK_BYTES:
        raise DomainError("E_TOO_LARGE", f"数据块须为 1..{CHUNK_BYTES} 字节 / chunk of {len(data)} bytes")
    size, offset = header.get("bytes"), header.get("offset")
    for key, value, low in (("bytes", size, 1), ("offset", offset, 0)):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise DomainError("E_FIELD", f"{key} 须为不小于 {low} 的整数 / {key} must be an integer ≥ {low}")
    if offset == 0 and not data.startswith(PDF_MAGIC):
        raise DomainError("E_FIELD", "附件只接受 PDF 文件 / only PDF files may be attached")
    return AttPut(message_id, sha, size, offset, data)


def ok(message_id: str, have: int, done: bool) -> dict:
    return {"t": "att.ok", "id": message_id, "have": have, "done": done}
