"""``RecordingStore``: the relay's copy of call recordings, uploaded in chunks and verified by SHA-256.

Layout under ``root`` (``JINGWANG_RECORDING_STORE``): ``<YYYY-MM-DD>/<name>.mkv`` with ``<name>.json`` beside it
(call, part, bytes, sha256, duration_ms, started_at, account), and ``incoming/<name>.part`` + ``.json`` while
an upload is under way. ``name`` is ``<call id>`` or ``<call id>-<part>``, both checked by the protocol
(:mod:`console.protocol.recordings`), so no upload can name a path. Blocking file I/O: the relay runs these
methods on its read threads.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from console.domain.errors import DomainError
from console.domain.recording_days import day_folder, prune_recordings, sha256_of

INCOMING = "incoming"


def file_name(call: str, part: str) -> str:
    return f"{call}-{part}" if part else call


class RecordingStore:
    """Recordings the relay keeps; ``max_bytes`` bounds one recording, ``retention_days`` (0: forever) the age."""

    def __init__(self, root: Path, max_bytes: int, retention_days: float = 0) -> None:
        self.root, self.max_bytes, self.retention_days = Path(root), max_bytes, retention_days
        self.incoming = self.root / INCOMING

    # -- upload --------------------------------------------------------------------------------

    def begin(self, meta: dict) -> tuple[int, bool]:
        """Start or resume the upload ``meta`` describes; ``(bytes held, whole file stored)``."""
        if meta["bytes"] > self.max_bytes:
            raise DomainError("E_TOO_LARGE",
                              f"录音 {meta['bytes']} 字节，超过上限 {self.max_bytes} 字节 / recording too large")
        name = file_name(meta["call"], meta["part"])
        stored = self.find(meta["call"], meta["part"])
        if stored is not None:
            if stored[1]["sha256"] != meta["sha256"]:
                raise DomainError("E_CONFLICT", f"中继已存有 {name} 的另一份录音 / a different recording is stored")
            return stored[1]["bytes"], True
        part, manifest = self._incoming(name)
        if _read_json(manifest) == meta and part.is_file():
            return part.stat().st_size, False
        self.incoming.mkdir(parents=True, exist_ok=True)
        part.write_bytes(b"")
        _write_json(manifest, meta)
        return 0, False

    def put(self, call: str, part: str, offset: int, data: bytes) -> tuple[int, dict]:
        """Append ``data`` at ``offset`` (which must be what is held); ``(bytes held, the upload's meta)``."""
        path, manifest = self._incoming(file_name(call, part))
        meta = _read_json(manifest)
        if meta is None or not path.is_file():
            raise DomainError("E_NOT_FOUND", "没有进行中的上传，请先发送 rec.begin / no upload under way")
        have = path.stat().st_size
        if offset != have:
            raise DomainError("E_OFFSET", f"数据块位置 {offset} 不符，中继已有 {have} 字节 / offset mismatch",
                              have=have)
        if have + len(data) > meta["bytes"]:
            raise DomainError("E_TOO_LARGE", f"数据超出声明的 {meta['bytes']} 字节 / more than announced")
        with path.open("ab") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        return have + len(data), meta

    def finish(self, call: str, part: str) -> tuple[Path, dict]:
        """Verify the complete upload's SHA-256 and move it into its day folder; a mismatch discards it."""
        name = file_name(call, part)
        path, manifest = self._incoming(name)
        meta = _read_json(manifest)
        actual = sha256_of(path)
        if actual != meta["sha256"]:
            path.unlink(missing_ok=True)
            manifest.unlink(missing_ok=True)
            raise DomainError("E_CHECKSUM", f"SHA-256 不符（收到 {actual[:12]}…），已丢弃，请重新上传 / "
                                            "upload discarded")
        day = self.root / day_folder(meta["started_at"])
        day.mkdir(parents=True, exist_ok=True)
        final = day / f"{name}.mkv"
        os.replace(path, final)
        os.replace(manifest, day / f"{name}.json")
        return final, meta

    # -- reading -------------------------------------------------------------------------------

    def find(self, call: str, part: str) -> tuple[Path, dict] | None:
        """The stored file and its meta, or None."""
        name = file_name(call, part)
        for day in sorted(self.root.glob("????-??-??"), reverse=True):
            meta = _read_json(day / f"{name}.json")
            if meta is not None and (day / f"{name}.mkv").is_file():
                return day / f"{name}.mkv", meta
        return None

    def read(self, path: Path, offset: int, size: int) -> bytes:
        with path.open("rb") as f:
            f.seek(offset)
            return f.read(size)

    def prune(self) -> list[Path]:
        """Drop day folders past the retention (and uploads abandoned as long)."""
        removed = prune_recordings(self.root, self.retention_days)
        if self.retention_days > 0 and self.incoming.is_dir():
            cutoff = time.time() - self.retention_days * 86400
            for stale in self.incoming.iterdir():
                if stale.stat().st_mtime < cutoff:
                    stale.unlink(missing_ok=True)
                    removed.append(stale)
        return removed

    def _incoming(self, name: str) -> tuple[Path, Path]:
        return self.incoming / f"{name}.part", self.incoming / f"{name}.json"


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, value: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
