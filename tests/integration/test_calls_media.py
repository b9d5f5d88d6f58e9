"""A real call: the console's stack (session, CallService, MediaEngine on a qasync loop, offscreen Qt)
calls a simulated worker through a real relay; WebRTC media flows on loopback and is recorded."""

from __future__ import annotations

import asyncio
from pathlib import Path

import av
import numpy as np
import pytest
import qasync
from aiortc import RTCPeerConnection, RTCSessionDescription
from PySide6.QtGui import QImage

from console.domain import events as ev
from console.domain.calls import copy_call
from console.field.call_answer import AnswerPolicy
from console.field.simulator import FieldSimulator
from console.media.engine import MediaEngine
from console.media.synthetic import SyntheticCamera, SyntheticMicrophone, id_code, read_id_code
from console.net.client import RelayClient
from console.relay.recording_store import RecordingStore
from console.relay.server import Relay
from console.services.demo_seed import DEMO_PASSWORD
from console.services.recording_upload import RecordingUploader
from console.store.store import Store
from console.ui.calls.service import CallService
from console.ui.session import ConsoleSession
from tests.integration.harness import wait_until

FRAMES = 30


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * image.height())
    return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3)


class Field:
    """The relay and the field simulator on a thread of their own, as separate processes would be."""

    def __init__(self, db_url: str, demo, recordings: RecordingStore | None = None) -> None:
        self.thread = MediaEngine("field").start()
        self.db_url, self.demo, self.recordings = db_url, demo, recordings

    def start(self) -> None:
        self.thread.submit(self._start()).result(60)

    async def _start(self) -> None:
        self.store = Store(self.db_url)
        self.relay = Relay(self.store, "127.0.0.1", 0, recordings=self.recordings)
        await self.relay.start()
        self.client = RelayClient(self.relay.url, "fieldsim", "fieldsim")
        self.sim = FieldSimulator(self.client, self.demo, seed=3, interval_s=1.0, report_interval_s=1e9,
                                  submission_interval_s=1e9)
        self.sim.answer_calls(AnswerPolicy(ring_delay_s=0.0))
        self.client.start()
        self.task = asyncio.ensure_future(self.sim.run())

    def stop(self) -> None:
        self.thread.submit(self._stop()).result(30)
        self.thread.stop()

    async def _stop(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.sim.calls.close()
        await self.client.close()
        await self.relay.stop()
        self.store.dispose()


@pytest.fixture
def stack(seeded_db, qapp, tmp_path):
    """Relay (keeping recordings under ``tmp_path``) and simulator on their thread, the console's media engine,
    and ``run(coro)`` on a qasync loop."""
    db_url, demo = seeded_db
    field = Field(db_url, demo, RecordingStore(tmp_path / "relay-recordings", max_bytes=64 << 20))
    field.start()
    engine = MediaEngine().start()
    loop = qasync.QEventLoop(qapp)
    yield field, engine, lambda coro: loop.run_until_complete(asyncio.wait_for(coro, 120))
    engine.stop()
    field.stop()
    loop.close()


async def _console(field: Field, engine: MediaEngine, recordings=None) -> tuple[ConsoleSession, CallService]:
    session = ConsoleSession(field.relay.url, "d01", DEMO_PASSWORD)
    uploader = None
    if recordings is not None:
        uploader = RecordingUploader(session.client, recordings / "pending-uploads.json")
        uploader.start()
    service = CallService(session, engine, recordings=recordings, uploader=uploader)
    session.start()
    await wait_until(lambda: session.state is not None and set(field.sim.workers) <= set(session.state.positions),
                     timeout=30, what="the simulator reported every worker's position")
    return session, service


def test_console_calls_a_simulated_worker_and_sees_its_camera(stack, tmp_path):
    field, engine, run = stack

    async def scenario():
        session, service = await _console(field, engine, recordings=tmp_path / "recordings")
        seen: list[ev.Event] = []
        session.events_applied.connect(seen.extend)
        worker = next(iter(field.sim.workers))
        call_id = service.dial([worker], "video")
        media = service.media(call_id)[worker]
        frames: list[QImage] = []
        media.frame.connect(frames.append)
        await wait_until(lambda: len(frames) >= FRAMES, timeout=30, what=f"{FRAMES} frames shown")
        await wait_until(lambda: session.state.calls[call_id]["status"] == "active", what="accepted")

        service.hangup(call_id)
        await wait_until(lambda: session.state.calls[call_id]["recordings"], timeout=30, what="call.recorded")
        await wait_until(lambda: not field.sim.calls.peers, what="the worker hung up too")
        await service.uploader.idle()
        await wait_until(lambda: "stored" in session.state.calls[call_id]["recordings"][0], what="call.stored")
        await service.uploader.close()
        await session.async_close()
        return worker, frames, [e for e in seen if e.data.get("call") == call_id], service.recorded

    worker, frames, events, recorded = run(scenario())
    assert {(f.width(), f.height()) for f in frames} == {(640, 360)}
    assert read_id_code(_pixels(frames[-1])) == id_code(worker), "the worker's own camera, overlay included"
    assert [e.type for e in events] == [ev.CALL_RINGING, ev.CALL_ACCEPTED, ev.CALL_ENDED, ev.CALL_RECORDED,
                                        ev.CALL_STORED]
    assert events[2].data["reason"] == "hangup"
    (recording,) = recorded
    assert events[3].data["file"] == recording.file and recording.duration_ms > 0
    stored_path, meta = field.recordings.find(events[0].data["call"], "")
    assert stored_path.read_bytes() == Path(recording.file).read_bytes(), "the relay keeps the very same file"
    assert events[4].data["sha256"] == meta["sha256"] and events[4].data["bytes"] == recording.bytes
    with av.open(recording.file) as container:
        assert container.metadata["JINGWANG_SEQ"] == str(events[1].seq)  # Matroska tag names are upper case
        assert next(container.decode(video=0)).width == 640


def test_group_voice_calls_reach_every_member_and_push_to_talk_opens_the_mic(stack):
    field, engine, run = stack

    async def talk(session, service, call_id):
        peers = service.media(call_id)
        await wait_until(lambda: all(p.audio_out.frames >= 25 for p in peers.values()), timeout=30,
                         what="half a second of audio from every member")
        connected = all(p.current_state == "connected" for p in peers.values())
        silent = [p.mic_track.live for p in peers.values()]
        service.push_to_talk(True)
        talking = [p.mic_track.live for p in peers.values()]
        service.push_to_talk(False)
        service.hangup(call_id)
        await wait_until(lambda: session.state.calls[call_id]["status"] == "ended", what="the group call ended")
        await wait_until(lambda: not field.sim.calls.peers, what="every member hung up")
        return sorted(peers), session.state.calls[call_id], connected, silent, talking

    async def scenario():
        session, service = await _console(field, engine)
        grid = session.state.workers[next(iter(field.sim.workers))].grid_code
        on_duty = sorted(w for w in field.sim.workers if session.state.workers[w].grid_code == grid)
        by_grid = await talk(session, service, service.group_call(grid))  # 语音点调 of one grid
        several = sorted(field.sim.workers)[:3]
        by_list = await talk(session, service, service.dial(several, "audio"))  # several workers at once
        await session.async_close()
        return grid, on_duty, by_grid, several, by_list

    grid, on_duty, by_grid, several, by_list = run(scenario())
    assert by_grid[0] == on_duty and by_grid[1]["group"] == grid and by_grid[1]["media"] == "audio"
    assert by_list[0] == several and sorted(by_list[1]["parties"]) == several
    for _, _, connected, silent, talking in (by_grid, by_list):
        assert connected, "media to every member"
        assert not any(silent) and all(talking), "the dispatcher's microphone only goes out while talking"


def test_a_worker_calling_the_desk_is_answered_by_the_console(stack):
    """The other direction (a phone's 一键呼叫): the worker offers, the console accepts and answers."""
    field, engine, run = stack

    async def scenario():
        session, service = await _console(field, engine)
        phone = RelayClient(field.relay.url, "w0002", DEMO_PASSWORD)
        offers = []
        phone.on_signal = offers.append
        phone.start()
        await phone.wait_live()
        worker = phone.account["worker"]
        camera = SyntheticCamera(worker, "手机", fps=15)
        pc = RTCPeerConnection()
        pc.addTrack(camera)
        pc.addTrack(SyntheticMicrophone(worker))
        await pc.setLocalDescription(await pc.createOffer())
        await phone.request("call.dial", {"call": "C00000000d35c", "to": ["desk"], "media": "video"})
        await phone.send_signal("C00000000d35c", "desk", "offer", sdp=pc.localDescription.sdp)
        await wait_until(lambda: "C00000000d35c" in session.state.calls, what="the desk rings")
        service.accept("C00000000d35c")
        media = service.media("C00000000d35c")[worker]
        frames: list[QImage] = []
        media.frame.connect(frames.append)
        await wait_until(lambda: offers, timeout=30, what="the console's answer")
        await pc.setRemoteDescription(RTCSessionDescription(offers[0]["sdp"], "answer"))
        await wait_until(lambda: len(frames) >= 10, timeout=30, what="the phone's video on the console")
        call = copy_call(session.state.calls["C00000000d35c"])
        await phone.request("call.hangup", {"call": "C00000000d35c"})
        await wait_until(lambda: not service.calls, what="the console closed the call")
        # the peer's "closed" state crosses from the media thread by a queued signal: wait for it
        await wait_until(lambda: media.current_state == "closed", what="the console closed the media")
        await pc.close()
        await phone.close()
        await session.async_close()
        return worker, call, offers[0], media, frames[-1]

    worker, call, answer, media, frame = run(scenario())
    assert call["answered_by"] == "d01" and call["parties"] == {"desk": "accepted"}
    assert answer["from"] == "desk" and answer["kind"] == "answer"
    assert read_id_code(_pixels(frame)) == id_code(worker), "the phone's own camera"
    assert media.current_state == "closed"


def test_media_failure_is_reported_as_call_fail(stack):
    field, engine, run = stack

    async def scenario():
        session, service = await _console(field, engine)
        worker = next(iter(field.sim.workers))
        call_id = service.dial([worker], "audio")
        media = service.media(call_id)[worker]
        await wait_until(lambda: media.current_state == "connected", timeout=30, what="media connected")
        media._on_event("state", "failed")  # what ICE reports when the path is lost (takes ~30 s for real)
        await wait_until(lambda: session.state.calls[call_id]["status"] == "failed", what="call.failed")
        await wait_until(lambda: not service.calls and not field.sim.calls.peers, what="both ends closed")
        await session.async_close()
        return session.state.calls[call_id]

    call = run(scenario())
    assert call["reason"].startswith("媒体连接失败")
