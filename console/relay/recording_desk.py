"""The relay's side of recording transfer (``rec.begin`` / ``rec.put`` / ``rec.get``, docs/CALLS.md).

Who may upload a call's recording: the console that made or answered it (its account is the call's ``caller``
or ``answered_by``), a station chief or an admin, while the call is in the relay's state (a day after it
ended). Who may read one: a trainer, a station chief, or the dispatcher of the call. A complete upload is
verified (SHA-256) and then recorded in the log by the relay's own ``call.stored``.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import TYPE_CHECKING

from console.domain.decide import SYSTEM_ACTOR, Actor
from console.domain.errors import DomainError
from console.domain.workers import Role
from console.protocol import recordings as rec
from console.relay.recording_store import RecordingStore, file_name

if TYPE_CHECKING:
    from console.relay.server import Relay

UPLOADERS = frozenset({Role.STATION_CHIEF, Role.ADMIN})  # besides the console that recorded the call
READERS = frozenset({Role.TRAINER, Role.STATION_CHIEF})  # besides the dispatcher of the call


class RecordingDesk:
    """Answers recording frames from ``store`` (None: the relay keeps no recordings, every frame is refused)."""

    def __init__(self, relay: Relay, store: RecordingStore | None) -> None:
        self.relay, self.store = relay, store
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def answer(self, actor: Actor, msg: rec.RecBegin | rec.RecPut | rec.RecGet) -> dict | bytes:
        """The reply frame: ``rec.ok`` (a dict) for an upload, a binary ``rec.data`` for a read."""
        if self.store is None:
            raise DomainError("E_UNAVAILABLE", "中继未配置录音存储 / the relay keeps no recordings")
        if isinstance(msg, rec.RecGet):
            return await self._get(actor, msg)
        self._may_upload(actor, msg.call, msg.part)
        async with self._locks[file_name(msg.call, msg.part)]:
            if isinstance(msg, rec.RecBegin):
                return await self._begin(actor, msg)
            return await self._put(msg)

    def _may_upload(self, actor: Actor, call_id: str, part: str) -> None:
        call = self.relay.writer.state.calls.get(call_id)
        if call is None:
            raise DomainError("E_NOT_FOUND", f"通话 {call_id}（不存在或已结束超过一天） / no such call")
        if actor.role not in UPLOADERS and actor.account not in (call["caller"], call["answered_by"]):
            raise DomainError("E_FORBIDDEN",
                              f"只有录制该通话的席位可上传录音 / {actor.account} did not record {call_id}")
        if part and part not in call["parties"]:
            raise DomainError("E_FIELD", f"{part} 不是通话 {call_id} 的成员 / not a member of the call")

    async def _begin(self, actor: Actor, msg: rec.RecBegin) -> dict:
        meta = {"call": msg.call, "part": msg.part, "bytes": msg.bytes, "sha256": msg.sha256,
                "duration_ms": msg.duration_ms, "started_at": msg.started_at, "account": actor.account}
        have, done = await self._io(self.store.begin, meta)
        seq = await self._stored(meta) if done else None
        return rec.ok(msg.id, have, done, seq)

    async def _put(self, msg: rec.RecPut) -> dict:
        have, meta = await self._io(self.store.put, msg.call, msg.part, msg.offset, msg.data)
        if have < meta["bytes"]:
            return rec.ok(msg.id, have, False)
        _final, meta = await self._io(self.store.finish, msg.call, msg.part)
        # should the writer refuse for now (busy), the file stays: the desk's next rec.begin logs it then
        return rec.ok(msg.id, have, True, await self._stored(meta))

    async def _stored(self, meta: dict) -> int:
        """Log ``call.stored`` (the same upload twice is one event: the key names file and checksum)."""
        key = f"stored-{file_name(meta['call'], meta['part'])}-{meta['sha256'][:16]}"[:64]
        seq, _duplicate = await self.relay.writer.submit(SYSTEM_ACTOR, key, "call.stored", dict(meta))
        self.relay.stats["recordings_stored"] += 1
        return seq

    async def _get(self, actor: Actor, msg: rec.RecGet) -> bytes:
        found = await self._io(self.store.find, msg.call, msg.part)
        if found is None:
            raise DomainError("E_NOT_FOUND", f"中继上没有通话 {msg.call} 的录音（未上传或已过保留期） / not stored")
        path, meta = found
        call = self.relay.writer.state.calls.get(msg.call) or {}
        dispatchers = {meta["account"], call.get("caller"), call.get("answered_by")}
        if actor.role not in READERS and actor.account not in dispatchers:
            raise DomainError("E_FORBIDDEN", f"{actor.account} 无权调阅通话 {msg.call} 的录音 / may not read it")
        if msg.offset > meta["bytes"]:
            raise DomainError("E_FIELD", f"offset {msg.offset} 超过文件大小 {meta['bytes']}")
        data = await self._io(self.store.read, path, msg.offset, rec.CHUNK_BYTES)
        return rec.pack({"v": 1, "t": "rec.data", "id": msg.id, "offset": msg.offset, "total": meta["bytes"],
                         "sha256": meta["sha256"], "duration_ms": meta["duration_ms"],
                         "started_at": meta["started_at"]}, data)

    async def _io(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self.relay.readers, fn, *args)
