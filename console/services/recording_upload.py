"""``RecordingUploader``: a desk's finished recordings go to the relay's store, chunk by chunk.

Each upload asks the relay first how much of it it holds (``rec.begin``) and goes on from there with
``rec.put`` chunks of :data:`~console.protocol.recordings.CHUNK_BYTES`; the relay checks every offset and, at
the end, the file's SHA-256, then logs ``call.stored``. The list of uploads still to do is a JSON file
(``pending-uploads.json`` in the data folder), rewritten on every change, so a dropped connection or a
restarted console resumes where the relay stopped. Chunks are paced (:data:`CHUNK_INTERVAL_S`) so that an
upload never uses up the frame budget the desk's commands share. A refusal that cannot change by trying again (not the
sender's call, too large, the call gone) drops the upload with its reason (:attr:`failed`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from console.domain.recording_days import sha256_of
from console.net.client import CommandRefused, RelayClient
from console.protocol.recordings import CHUNK_BYTES

log = logging.getLogger(__name__)

CHUNK_INTERVAL_S = 0.05  # at most 20 chunks (3.75 MiB) a second: the desk's frame budget (50/s) stays free for work
RETRY_CODES = frozenset({"E_RATE", "E_OVERLOADED", "E_STORE", "E_OFFSET", "E_CHECKSUM", "E_INTERNAL"})
MAX_CHECKSUM_FAILURES = 3  # the same file failing verification this often is dropped (it changed on disk)
KEYS = ("call", "part", "file", "bytes", "sha256", "duration_ms", "started_at")


def describe(file: Path, call: str, part: str, duration_ms: int, started_at: int) -> dict:
    """The pending-upload entry of a finished recording: its size and SHA-256 read from disk."""
    return {"call": call, "part": part, "file": str(file), "bytes": file.stat().st_size,
            "sha256": sha256_of(file), "duration_ms": duration_ms, "started_at": started_at}


class RecordingUploader:
    """Uploads over ``client``, one recording at a time, in the order they were added; :meth:`start` runs it."""

    def __init__(self, client: RelayClient, pending_file: Path, *, backoff: tuple[float, float] = (0.5, 30.0),
                 interval_s: float = CHUNK_INTERVAL_S, on_stored: Callable[[dict, int], None] | None = None) -> None:
        self.client, self.pending_file, self.backoff = client, Path(pending_file), backoff
        self.interval_s = interval_s
        self.on_stored = on_stored or (lambda item, seq: None)  # (entry, seq of call.stored)
        self.pending: list[dict] = _load(self.pending_file)
        self.failed: list[tuple[dict, str]] = []  # (entry, Chinese reason) of dropped uploads
        self.sent_chunks = 0
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._idle = asyncio.Event()

    def add(self, item: dict) -> None:
        """Queue one recording (see :func:`describe`); kept on disk at once."""
        self.pending.append({k: item[k] for k in KEYS})
        self._save()
        self._idle.clear()
        self._wake.set()

    def start(self) -> asyncio.Task:
        self._task = asyncio.create_task(self._run(), name="recording-upload")
        return self._task

    async def idle(self, timeout: float = 30.0) -> None:
        """Wait until nothing is left to upload."""
        await asyncio.wait_for(self._idle.wait(), timeout)

    async def close(self) -> None:
        """Stop (what is left stays in the pending file for the next start)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        delay = self.backoff[0]
        checksum_failures = 0
        while True:
            if not self.pending:
                self._idle.set()
                self._wake.clear()
                await self._wake.wait()
                continue
            item = self.pending[0]
            try:
                reply = await self.upload(item)
            except (ConnectionError, TimeoutError, OSError) as exc:
                if isinstance(exc, FileNotFoundError):
                    self._drop(item, f"本地录音文件不存在：{item['file']}")
                    continue
                log.info("recording upload of %s interrupted (%s); resuming", item["call"], exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.backoff[1])
                continue
            except CommandRefused as refused:
                code = refused.code
                checksum_failures += code == "E_CHECKSUM"
                if code not in RETRY_CODES or checksum_failures >= MAX_CHECKSUM_FAILURES:
                    self._drop(item, refused.error.get("zh", code))
                    checksum_failures = 0
                elif code != "E_OFFSET":  # after an offset refusal, ask where the relay is and go on at once
                    await asyncio.sleep(float(refused.error.get("retry_after") or delay))
                continue
            delay, checksum_failures = self.backoff[0], 0
            self.pending.pop(0)
            self._save()
            self.on_stored(item, int(reply.get("seq", 0)))

    async def upload(self, item: dict) -> dict:
        """Upload one recording from where the relay is to its end; the final ``rec.ok``."""
        meta = {k: item[k] for k in ("call", "part", "bytes", "sha256", "duration_ms", "started_at")}
        reply, _ = await self.client.transfer({"t": "rec.begin", **meta})
        have = reply["have"]
        loop = asyncio.get_running_loop()
        with open(item["file"], "rb") as f:
            while not reply["done"]:
                due = loop.time() + self.interval_s
                f.seek(have)
                chunk = f.read(CHUNK_BYTES)
                if not chunk:
                    raise OSError(f"{item['file']} is shorter than announced")
                reply, _ = await self.client.transfer(
                    {"t": "rec.put", "call": item["call"], "part": item["part"], "offset": have}, chunk)
                self.sent_chunks += 1
                have = reply["have"]
                await asyncio.sleep(max(0.0, due - loop.time()))
        return reply

    def _drop(self, item: dict, why: str) -> None:
        log.warning("recording upload of %s dropped: %s", item["call"], why)
        self.failed.append((item, why))
        self.pending.remove(item)
        self._save()

    def _save(self) -> None:
        self.pending_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.pending_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.pending, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.pending_file)


def _load(path: Path) -> list[dict]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [i for i in items if isinstance(i, dict) and all(k in i for k in KEYS)] if isinstance(items, list) else []
