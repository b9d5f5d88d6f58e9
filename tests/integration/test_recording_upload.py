"""Recordings that travel: a desk uploads a call's recording to a real relay in chunks, resumes after a cut
connection and after a restart, the relay verifies the SHA-256 and logs ``call.stored``; another account
fetches the same bytes. Bad uploads are refused with a Chinese reason and leave nothing behind."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os

import pytest

from console.domain import events as ev
from console.net.client import CommandRefused
from console.protocol.recordings import CHUNK_BYTES, pack
from console.relay.recording_store import RecordingStore
from console.services.recording_fetch import fetch_recording
from console.services.recording_upload import RecordingUploader, describe
from tests.integration.harness import Recorder, raw_socket, run, running_relay, wait_until

SIZE = 3 * CHUNK_BYTES + 12_345  # four chunks, the last one short
STARTED = 1_800_000_000_000


class Crash(Exception):
    """The console dies in the middle of an upload."""


class Tap:
    """A relay client that notes every ``rec.ok`` and can cut the connection or crash before a chunk."""

    def __init__(self, client, cut_before: int | None = None, crash_before: int | None = None) -> None:
        self.client, self.cut_before, self.crash_before = client, cut_before, crash_before
        self.puts = 0
        self.begins: list[int] = []  # ``have`` the relay answered to each rec.begin

    async def transfer(self, frame, data=None, timeout=60.0):
        if frame["t"] == "rec.put":
            self.puts += 1
            if self.puts == self.crash_before:
                raise Crash
            if self.puts == self.cut_before:
                self.client.drop_connection()
        reply, body = await self.client.transfer(frame, data, timeout)
        if frame["t"] == "rec.begin":
            self.begins.append(reply["have"])
        return reply, body


async def ended_call(desk: Recorder, worker: Recorder, call: str = "C0000000000a1") -> str:
    await desk.cmd("call.dial", call=call, to=[worker.client.account["worker"]], media="video")
    await wait_until(lambda: any(e.data.get("call") == call for e in worker.events), what="worker rings")
    await worker.cmd("call.accept", call=call)
    await desk.cmd("call.hangup", call=call)
    return call


def recording(tmp_path, call: str, size: int = SIZE) -> dict:
    path = tmp_path / "desk" / f"{call}.mkv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(size))
    return describe(path, call, "", 61_000, STARTED)


def test_upload_resumes_after_a_cut_and_a_restart_and_another_account_fetches_the_same_bytes(seeded_db, tmp_path):
    db_url, _ = seeded_db
    store = RecordingStore(tmp_path / "relay-store", max_bytes=4 * SIZE)
    pending = tmp_path / "desk" / "pending-uploads.json"

    async def scenario():
        async with running_relay(db_url, recordings=store) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker, Recorder(relay.url, "t01") as trainer, \
                Recorder(relay.url, "d02") as other_desk:
            call = await ended_call(desk, worker)
            item = recording(tmp_path, call)
            original = (tmp_path / "desk" / f"{call}.mkv").read_bytes()

            # first run: the connection is cut before chunk 2, the upload goes on; the console dies before chunk 4
            tap = Tap(desk.client, cut_before=2, crash_before=5)
            first = RecordingUploader(tap, pending, backoff=(0.05, 0.2))
            first.add(item)
            assert json.loads(pending.read_text())[0]["sha256"] == hashlib.sha256(original).hexdigest()
            task = first.start()
            with pytest.raises(Crash):
                await asyncio.wait_for(task, 20)
            assert tap.begins == [0, CHUNK_BYTES]  # after the cut the relay said it had chunk 1 only
            assert desk.client.reconnects == 1
            assert store.find(call, "") is None and not desk.of_type(ev.CALL_STORED)

            # the console starts again: the pending list on disk resumes where the relay is
            tap2 = Tap(desk.client)
            second = RecordingUploader(tap2, pending, on_stored=lambda i, seq: stored.append(seq))
            stored: list[int] = []
            assert [p["call"] for p in second.pending] == [call]
            second.start()
            await second.idle()
            await second.close()
            assert tap2.begins == [3 * CHUNK_BYTES] and tap2.puts == 1
            assert json.loads(pending.read_text()) == []

            path, meta = store.find(call, "")
            assert path.read_bytes() == original
            assert meta["sha256"] == item["sha256"] and meta["account"] == "d01"
            await wait_until(lambda: trainer.of_type(ev.CALL_STORED), what="every console hears of it")
            event = trainer.of_type(ev.CALL_STORED)[0]
            assert event.seq == stored[0]
            assert (event.data["call"], event.data["bytes"], event.data["sha256"], event.data["duration_ms"]) == (
                call, SIZE, item["sha256"], 61_000)
            assert trainer.client.account["role"] == "trainer"

            # replay on another workstation and account: the trainer fetches the bytes from the relay
            cached = await fetch_recording(trainer.client, call, "", tmp_path / "trainer-cache", STARTED)
            assert cached.read_bytes() == original
            # a dispatcher who had nothing to do with the call may not
            with pytest.raises(CommandRefused) as refused:
                await fetch_recording(other_desk.client, call, "", tmp_path / "other-cache", STARTED)
            assert refused.value.code == "E_FORBIDDEN" and "无权" in refused.value.error["zh"]
            # uploading the same recording again changes nothing
            again, _ = await desk.client.transfer({"t": "rec.begin", **{k: item[k] for k in (
                "call", "part", "bytes", "sha256", "duration_ms", "started_at")}})
            assert again["done"] and again["have"] == SIZE
            await desk.cmd("call.dial", call="C0000000000a2", to=[worker.client.account["worker"]], media="audio")
            assert len(desk.of_type(ev.CALL_STORED)) == 1

    run(scenario())


def begin_frame(item: dict, **override) -> dict:
    return {"t": "rec.begin", **{k: item[k] for k in ("call", "part", "bytes", "sha256", "duration_ms",
                                                      "started_at")}, **override}


async def refused(future) -> dict:
    with pytest.raises(CommandRefused) as info:
        await asyncio.wait_for(future, 10)
    return info.value.error


def test_bad_uploads_are_refused_in_chinese_and_leave_nothing(seeded_db, tmp_path):
    db_url, _ = seeded_db
    store = RecordingStore(tmp_path / "relay-store", max_bytes=SIZE)

    async def scenario():
        async with running_relay(db_url, recordings=store) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker, Recorder(relay.url, "d02") as other_desk:
            call = await ended_call(desk, worker)
            item = recording(tmp_path, call, 2 * CHUNK_BYTES)
            data = (tmp_path / "desk" / f"{call}.mkv").read_bytes()

            # not the desk that recorded it, nor the worker on the other end
            for who in (other_desk, worker):
                err = await refused(who.client.transfer(begin_frame(item)))
                assert err["code"] == "E_FORBIDDEN" and "只有录制该通话的席位可上传录音" in err["zh"]
            # larger than the relay's limit
            err = await refused(desk.client.transfer(begin_frame(item, bytes=SIZE + 1)))
            assert err["code"] == "E_TOO_LARGE" and "超过上限" in err["zh"]
            # a name that tries to leave the store
            err = await refused(desk.client.transfer(begin_frame(item, part="../../etc")))
            assert err["code"] == "E_FIELD" and "组呼成员" in err["zh"]
            # a wrong checksum: every chunk is taken, the whole file is refused at the end and discarded
            wrong = hashlib.sha256(b"something else").hexdigest()
            ok, _ = await desk.client.transfer(begin_frame(item, sha256=wrong))
            assert ok == {"v": 1, "t": "rec.ok", "id": ok["id"], "have": 0, "done": False}
            put = {"t": "rec.put", "call": call, "part": ""}
            # a chunk at the wrong offset is refused, saying where the relay is
            err = await refused(desk.client.transfer({**put, "offset": 5}, data[:CHUNK_BYTES]))
            assert err["code"] == "E_OFFSET" and err["have"] == 0 and "续传" in err["zh"]
            await desk.client.transfer({**put, "offset": 0}, data[:CHUNK_BYTES])
            err = await refused(desk.client.transfer({**put, "offset": CHUNK_BYTES}, data[CHUNK_BYTES:]))
            assert err["code"] == "E_CHECKSUM" and "校验失败" in err["zh"] and "SHA-256 不符" in err["zh"]
            # a chunk larger than allowed is refused before anything is written
            async with raw_socket(relay.url, "d01") as ws:
                await ws.send(pack({"v": 1, "t": "rec.put", "id": "big", "call": call, "part": "", "offset": 0},
                                   bytes(CHUNK_BYTES + 1)))
                reply = json.loads(await ws.recv())
                assert reply["code"] == "E_TOO_LARGE" and reply["id"] == "big"
            assert store.find(call, "") is None
            assert not list((tmp_path / "relay-store").rglob("*.mkv")) and not list(store.incoming.iterdir())
            assert not desk.of_type(ev.CALL_STORED)
            # nothing stored, nothing to fetch
            err = await refused(desk.client.transfer({"t": "rec.get", "call": call, "part": "", "offset": 0}))
            assert err["code"] == "E_NOT_FOUND" and "中继上没有" in err["zh"]

    run(scenario())


def test_a_relay_without_a_recording_store_refuses_uploads(seeded_db, tmp_path):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker:
            call = await ended_call(desk, worker)
            err = await refused(desk.client.transfer(begin_frame(recording(tmp_path, call, 10))))
            assert err["code"] == "E_UNAVAILABLE" and "未配置录音存储" in err["zh"]

    run(scenario())
