"""``AttachmentStore``: the PDFs notices name (the 研判 report), kept by the relay under their SHA-256.

Layout under ``root`` (``notice.attachment_store``): ``<sha256>.pdf`` once complete and verified, and
``incoming/<sha256>.part`` while an upload is under way. The name is the checked hex digest, so no upload can
name a path; every upload starts at offset 0 with a PDF header (:func:`console.protocol.attachments.parse_put`).
Blocking file I/O: the relay runs these methods on its read threads.
"""

from __future__ import annotations

import os
from pathlib import Path

from console.domain.errors import DomainError
from console.domain.recording_days import sha256_of


class AttachmentStore:
    """Attachments the relay keeps; ``max_bytes`` bounds one file."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root, self.max_bytes = Path(root), max_bytes
        self.incoming = self.root / "incoming"

    def put(self, sha256: str, total: int, offset: int, data: bytes) -> tuple[int, bool]:
        """Write ``data`` at ``offset`` of the upload of ``sha256`` (``total`` bytes); ``(bytes held, stored)``.
        Offset 0 starts the upload over; any other must be what is held (E_OFFSET). The last chunk verifies the
        file (E_CHECKSUM, the upload discarded) and stores it."""
        if total > self.max_bytes:
            raise DomainError("E_TOO_LARGE", f"附件 {total} 字节，超过上限 {self.max_bytes} 字节 / too large")
        if self.path(sha256) is not None:
            return total, True
        part = self.incoming / f"{sha256}.part"
        have = part.stat().st_size if offset and part.is_file() else 0
        if offset != have:
            raise DomainError("E_OFFSET", f"数据块位置 {offset} 不符，中继已有 {have} 字节 / offset mismatch",
                              have=have)
        if have + len(data) > total:
            raise DomainError("E_TOO_LARGE", f"数据超出声明的 {total} 字节 / more than announced")
        self.incoming.mkdir(parents=True, exist_ok=True)
        with part.open("ab" if offset else "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        have += len(data)
        if have < total:
            return have, False
        actual = sha256_of(part)
        if actual != sha256:
            part.unlink(missing_ok=True)
            raise DomainError("E_CHECKSUM", f"SHA-256 不符（收到 {actual[:12]}…），已丢弃，请重新上传 / "
                                            "upload discarded")
        os.replace(part, self.root / f"{sha256}.pdf")
        return have, True

    def path(self, sha256: str) -> Path | None:
        """The stored file, or None."""
        path = self.root / f"{sha256}.pdf"
        return path if path.is_file() else None
