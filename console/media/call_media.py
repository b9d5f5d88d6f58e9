"""``CallMedia``: the console's side of one peer connection, with Qt signals for the GUI.

The peer connection, the receiving pumps, frame conversion, statistics and recording all run on
the :class:`~console.media.engine.MediaEngine` loop. The object itself lives in the GUI thread:
results cross over by queued signals, and frames through a one-frame mailbox, so a slow GUI skips
frames instead of building a queue.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from aiortc.sdp import candidate_from_sdp
from aiortc.stats import RTCRemoteInboundRtpStreamStats, RTCTransportStats
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage

from console.media.audio import AudioOut, Microphone, MicTrack
from console.media.engine import MediaEngine
from console.media.frames import FrameConverter, LatestFrame
from console.media.recorder import CallRecorder, Recording

log = logging.getLogger(__name__)

STATS_INTERVAL_S = 1.0
CONNECT_TIMEOUT_S = 20.0  # aiortc can stay "connecting" for good (e.g. ICE checks refused): call it failed


class CallMedia(QObject):
    """Media of one call with one peer. ``media`` is ``"video"`` (we receive video + audio and send
    audio) or ``"audio"``. Signals: :attr:`frame` (QImage, latest wins), :attr:`stats` (``fps`` shown,
    ``kbps``, ``rtt_ms``, ``received`` frames/s, ``dropped``), :attr:`state` (``new``, ``connecting``,
    ``connected``, ``failed``, ``closed``)."""

    frame = Signal(QImage)
    stats = Signal(dict)
    state = Signal(str)
    _frame_ready = Signal()
    _event = Signal(str, object)

    def __init__(self, engine: MediaEngine, call_id: str, peer: str, media: str = "video", *,
                 mic: Microphone | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine, self.call_id, self.peer, self.media = engine, call_id, peer, media
        self.current_state = "new"
        self.shown = 0
        self.decoded = 0
        self.first_frame_at: float | None = None  # time.monotonic() of the first frame shown
        self.recording: Recording | None = None
        self.audio_out = AudioOut(self)
        self.mic_track: MicTrack = mic.track() if mic is not None else MicTrack()
        self._mailbox = LatestFrame(self._frame_ready.emit)
        self._frame_ready.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._event.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        self.connect_timeout_s = CONNECT_TIMEOUT_S
        self._pc: RTCPeerConnection | None = None
        self._tasks: list[asyncio.Task] = []
        self._recorder: CallRecorder | None = None

    # -- GUI-thread API (awaitables run on the media loop) ------------------------------------

    @property
    def dropped(self) -> int:
        return self._mailbox.dropped

    async def offer(self) -> str:
        """Create the peer connection and our offer (all candidates gathered); returns the SDP."""
        return await self.engine.run(self._media_offer())

    async def answer(self, offer_sdp: str) -> str:
        """Answer a peer's offer (a worker called the desk); returns our answer SDP."""
        return await self.engine.run(self._media_answer(offer_sdp))

    async def set_answer(self, answer_sdp: str) -> None:
        """Apply the peer's answer to our offer: media starts flowing."""
        await self.engine.run(self._media_set_answer(answer_sdp))

    async def add_ice(self, candidate: dict) -> None:
        """Add a trickled ICE candidate (``{candidate, sdpMid, sdpMLineIndex}``, as browsers send them)."""
        await self.engine.run(self._media_add_ice(candidate))

    async def record(self, path: Path, seq: int, writer: MediaEngine) -> None:
        """Record the call into ``path`` from now on: the remote video, the remote audio mixed with our
        microphone (``seq``: the call's ``call.accepted``), encoding on ``writer``'s thread."""
        await self.engine.run(self._media_record(path, seq, writer))

    async def close(self) -> Recording | None:
        """Hang up the media; returns the finished recording, if any."""
        self.recording = await self.engine.run(self._media_close())
        self.audio_out.close()
        self._set_state("closed")
        return self.recording

    def set_talking(self, on: bool) -> None:
        """Send the microphone (True) or silence (False) to this peer (mute / push-to-talk)."""
        self.mic_track.live = on

    def set_speaker_muted(self, muted: bool) -> None:
        """Stop (or resume) playing this peer's audio."""
        self.audio_out.muted = muted

    # -- GUI-thread slots ------------------------------------------------------------------

    def _deliver(self) -> None:
        image = self._mailbox.take()
        if image is None:
            return
        self.shown += 1
        if self.first_frame_at is None:
            self.first_frame_at = time.monotonic()
        self.frame.emit(image)

    def _on_event(self, kind: str, value) -> None:
        if kind == "state":
            self._set_state(value)
        elif kind == "stats":
            self.stats.emit(value)

    def _set_state(self, state: str) -> None:
        if state != self.current_state:
            self.current_state = state
            self.state.emit(state)

    # -- media loop -----------------------------------------------------------------------

    def _media_peer(self) -> RTCPeerConnection:
        pc = RTCPeerConnection()
        self._pc = pc

        @pc.on("connectionstatechange")
        def _changed() -> None:
            self._event.emit("state", pc.connectionState)

        @pc.on("track")
        def _track(track: MediaStreamTrack) -> None:
            pump = self._media_pump_video if track.kind == "video" else self._media_pump_audio
            self._tasks.append(asyncio.ensure_future(pump(track)))

        self._tasks.append(asyncio.ensure_future(self._media_stats(pc)))
        return pc

    async def _media_offer(self) -> str:
        pc = self._media_peer()
        pc.addTransceiver(self.mic_track, direction="sendrecv")
        if self.media == "video":
            pc.addTransceiver("video", direction="recvonly")
        await pc.setLocalDescription(await pc.createOffer())
        return pc.localDescription.sdp

    async def _media_answer(self, offer_sdp: str) -> str:
        pc = self._media_peer()
        await pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        for transceiver in pc.getTransceivers():
            if transceiver.kind == "audio":
                transceiver.sender.replaceTrack(self.mic_track)
                transceiver.direction = "sendrecv"
        await pc.setLocalDescription(await pc.createAnswer())
        self._media_watch_connect()
        return pc.localDescription.sdp

    async def _media_set_answer(self, answer_sdp: str) -> None:
        await self._pc.setRemoteDescription(RTCSessionDescription(answer_sdp, "answer"))
        self._media_watch_connect()

    def _media_watch_connect(self) -> None:
        """Report ``failed`` if the connection is not up within :attr:`connect_timeout_s`."""
        pc = self._pc

        def check() -> None:
            if pc.connectionState not in ("connected", "closed"):
                self._event.emit("state", "failed")

        asyncio.get_running_loop().call_later(self.connect_timeout_s, check)

    async def _media_add_ice(self, candidate: dict) -> None:
        line = (candidate or {}).get("candidate", "")
        if not line or self._pc is None or self._pc.remoteDescription is None:
            return  # end of candidates, or nothing to add them to yet (aiortc's own SDP carries them all)
        ice = candidate_from_sdp(line.removeprefix("candidate:"))
        ice.sdpMid, ice.sdpMLineIndex = candidate.get("sdpMid"), candidate.get("sdpMLineIndex")
        await self._pc.addIceCandidate(ice)

    async def _media_record(self, path: Path, seq: int, writer: MediaEngine) -> None:
        recorder = CallRecorder(path, self.call_id, seq, video=self.media == "video", writer=writer)
        await recorder.start()
        self._recorder = recorder
        self.mic_track.tap = recorder.local_audio  # what the desk says goes into the same file

    async def _media_pump_video(self, track: MediaStreamTrack) -> None:
        to_qimage = FrameConverter()
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            self.decoded += 1
            self._mailbox.put(to_qimage(frame))
            if self._recorder is not None:
                self._recorder.video(frame)

    async def _media_pump_audio(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            self.audio_out.write(frame)
            if self._recorder is not None:
                self._recorder.audio(frame)

    async def _media_stats(self, pc: RTCPeerConnection) -> None:
        last_t, last_bytes, last_shown, last_decoded = time.monotonic(), 0, 0, 0
        while True:
            await asyncio.sleep(STATS_INTERVAL_S)
            report = await pc.getStats()
            now = time.monotonic()
            received = sum(s.bytesReceived for s in report.values() if isinstance(s, RTCTransportStats))
            rtts = [s.roundTripTime for s in report.values()
                    if isinstance(s, RTCRemoteInboundRtpStreamStats) and s.roundTripTime is not None]
            span = now - last_t
            shown, decoded = self.shown, self.decoded
            self._event.emit("stats", {
                "fps": round((shown - last_shown) / span, 1),
                "received": round((decoded - last_decoded) / span, 1),
                "kbps": round((received - last_bytes) * 8 / 1000 / span, 1),
                "rtt_ms": round(min(rtts) * 1000, 1) if rtts else None,
                "dropped": self._mailbox.dropped,
            })
            last_t, last_bytes, last_shown, last_decoded = now, received, shown, decoded

    async def _media_close(self) -> Recording | None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        recording = None
        self.mic_track.tap = None
        if self._recorder is not None:
            try:
                recording = await self._recorder.stop()
            except Exception:  # a broken file must not keep the call open
                log.exception("recording of call %s failed", self.call_id)
            self._recorder = None
        self.mic_track.stop()
        if self._pc is not None:
            await self._pc.close()
        return recording
