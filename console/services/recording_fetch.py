"""Fetch a call recording from the relay's store into a workstation's cache, for replay.

``rec.get`` reads it chunk by chunk from where the cached part ends (a cut download goes on, it does not
start over), paced like uploads (:data:`~console.services.recording_upload.CHUNK_INTERVAL_S`) so the
workstation's frame budget stays free for its queries, and waiting when the relay says ``E_RATE``; the whole
file's SHA-256 must be the one the relay verified at upload, or the copy is discarded.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

from console.domain.calls import CALL_ID
from console.domain.recording_days import day_folder, sha256_of
from console.net.client import CommandRefused, RelayClient
from console.protocol.recordings import PART
from console.services.recording_upload import CHUNK_INTERVAL_S


class FetchFailed(Exception):
    """The recording could not be fetched; ``str()`` is the Chinese reason to show."""


async def fetch_recording(client: RelayClient, call: str, part: str, cache: Path, started_at: int, *,
                          interval_s: float = CHUNK_INTERVAL_S,
                          progress: Callable[[int, int], None] | None = None) -> Path:
    """The recording of ``call`` (member ``part``) as a verified local file under ``cache``, in the day folder
    of ``started_at`` (pruned with the retention like the desk's own recordings). ``progress(bytes, total)`` is
    called after every chunk."""
    if not CALL_ID.fullmatch(call) or not PART.fullmatch(part):
        raise FetchFailed(f"录音编号无效：{call} {part}")
    target = cache / day_folder(started_at) / (f"{call}-{part}.mkv" if part else f"{call}.mkv")
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    offset = partial.stat().st_size if partial.is_file() else 0
    loop = asyncio.get_running_loop()
    with partial.open("ab") as f:
        while True:
            due = loop.time() + interval_s
            try:
                header, data = await client.transfer({"t": "rec.get", "call": call, "part": part, "offset": offset})
            except CommandRefused as refused:
                if refused.code != "E_RATE":
                    raise
                await asyncio.sleep(float(refused.error.get("retry_after") or 1.0))
                continue
            if header["offset"] != offset or (not data and offset < header["total"]):
                raise FetchFailed("中继返回的录音数据不连续")
            f.write(data)
            offset += len(data)
            if progress is not None:
                progress(offset, header["total"])
            if offset >= header["total"]:
                break
            await asyncio.sleep(max(0.0, due - loop.time()))
    if sha256_of(partial) != header["sha256"]:
        partial.unlink(missing_ok=True)
        raise FetchFailed("下载的录音校验失败（SHA-256 不符），已丢弃，请重试")
    os.replace(partial, target)
    return target
