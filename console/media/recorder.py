"""Recording calls: both sides of a call into Matroska with aiortc's MediaRecorder.

The file holds the far end's video and one audio track in which the far end's audio and the desk's
microphone (what this console sent, so nothing while it was muted) are mixed: the far end's frames set the
pace and each takes as many samples of the microphone as it carries.

Files go to ``<data dir>/recordings/<YYYY-MM-DD>/<call id>.mkv`` (``<call id>-<party>.mkv`` for a
member of a group call), VP8 + Opus in a WebM-profile Matroska container, with the tags
``jingwang_call``, ``jingwang_seq`` (seq of ``call.accepted``) and ``jingwang_start`` (ISO wall clock
of the file's time zero). Received frames carry RTP-derived timestamps with unrelated origins per
track; :class:`CallRecorder` puts both tracks on one clock that starts when recording starts.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from aiortc.contrib.media import MediaRecorder
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from console.domain import station_time
from console.domain.clock import now_s
from console.domain.recording_days import day_folder, prune_recordings
from console.media.audio import RATE as MIC_RATE
from console.media.engine import MediaEngine

log = logging.getLogger(__name__)

__all__ = ["CallRecorder", "Recording", "prune_recordings", "recording_path"]

VIDEO_TB = fractions.Fraction(1, 90_000)
MIC_BACKLOG = 48_000  # samples of the desk's microphone waiting to be mixed (1 s): older ones are dropped


@dataclass(frozen=True, slots=True)
class Recording:
    """A finished recording, as ``call.recorded`` reports it."""

    file: str
    bytes: int
    duration_ms: int
    started_at: int  # ms since epoch


def recording_path(root: Path, call_id: str, party: str = "", when: float | None = None) -> Path:
    """``root/<YYYY-MM-DD>/<call id>[-<party>].mkv`` for a recording starting at ``when``."""
    day = day_folder(int((now_s() if when is None else when) * 1000))
    return root / day / (f"{call_id}-{party}.mkv" if party else f"{call_id}.mkv")


class _Feed(MediaStreamTrack):
    """A track the recorder reads, fed frame by frame by the call's receiving pump."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=64)

    async def recv(self):
        frame = await self.queue.get()
        self.queue.task_done()  # the caller encodes it before it awaits again
        if frame is None:
            raise MediaStreamError
        return frame


class _TunedRecorder(MediaRecorder):
    """MediaRecorder with real-time VP8 settings and container tags.

    MediaRecorder keeps its container and streams private and picks slow encoder defaults;
    this subclass is the one place that reaches into them (aiortc 1.x layout).
    """

    def __init__(self, path: Path, tags: dict[str, str]) -> None:
        super().__init__(str(path), format="webm")
        self._MediaRecorder__container.metadata.update(tags)

    def addTrack(self, track: MediaStreamTrack) -> None:
        super().addTrack(track)
        stream = self._MediaRecorder__tracks[track].stream
        if track.kind == "video":
            stream.codec_context.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
            stream.codec_context.bit_rate = 600_000


class CallRecorder:
    """Records one peer's remote tracks. Encoding and writing run on ``writer``'s loop (a thread of its
    own), so a busy encoder never holds up the media loop that receives RTP; :meth:`video` and
    :meth:`audio` are called from the media loop and only stamp and hand over frames. When the writer
    falls behind, frames are dropped from the recording (:attr:`dropped`), never from the call."""

    def __init__(self, path: Path, call_id: str, seq: int, *, video: bool, writer: MediaEngine,
                 wall=now_s) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self._writer = path, writer
        self.started_at = int(wall() * 1000)
        start_iso = station_time.local(self.started_at).isoformat(timespec="milliseconds")
        self._t0 = time.monotonic()
        self._recorder = _TunedRecorder(path, {"jingwang_call": call_id, "jingwang_seq": str(seq),
                                               "jingwang_start": start_iso})
        self._video = _Feed("video") if video else None
        self._audio = _Feed("audio")
        for feed in (self._video, self._audio):
            if feed is not None:
                self._recorder.addTrack(feed)
        self._origin: dict[str, tuple[int, int]] = {}  # kind -> (first frame's pts, its pts on our clock)
        self._last: dict[str, int] = {}
        self._started = False
        self._end_s = 0.0
        self._mic = np.zeros(0, np.int16)  # the desk's microphone (48 kHz mono) not mixed in yet
        self.mixed = 0  # far-end audio frames the microphone was mixed into
        self.dropped = 0

    async def start(self) -> None:
        await self._writer.run(self._recorder.start())
        self._started = True

    def video(self, frame: av.VideoFrame) -> None:
        if self._video is not None:
            self._feed(self._video, frame)

    def audio(self, frame: av.AudioFrame) -> None:
        """The far end's audio, with the desk's microphone mixed in."""
        if self._video is not None and "video" not in self._origin:
            return  # the container's header needs the video size: start both with the first picture
        self._feed(self._audio, self._mixed(frame))

    def local_audio(self, frame: av.AudioFrame) -> None:
        """A frame the desk's microphone sent (48 kHz mono s16), to be mixed into the far end's audio."""
        if self._started and frame.format.name == "s16" and len(frame.layout.channels) == 1:
            self._mic = np.concatenate((self._mic, frame.to_ndarray().reshape(-1)))[-MIC_BACKLOG:]

    def _mixed(self, frame: av.AudioFrame) -> av.AudioFrame:
        if not self._mic.size or frame.format.name != "s16" or frame.sample_rate != MIC_RATE:
            return frame
        n, channels = frame.samples, len(frame.layout.channels)
        mic = np.zeros(n, np.int32)
        take = self._mic[:n]
        mic[:take.size] = take
        self._mic = self._mic[take.size:]
        pcm = frame.to_ndarray().reshape(n, channels).astype(np.int32) + mic[:, None]
        out = av.AudioFrame.from_ndarray(np.clip(pcm, -32768, 32767).astype(np.int16).reshape(1, -1),
                                         format="s16", layout=frame.layout.name)
        out.sample_rate, out.pts, out.time_base = frame.sample_rate, frame.pts, frame.time_base
        self.mixed += 1
        return out

    def _feed(self, feed: _Feed, frame) -> None:
        """Put the frame on the recording's clock (time since recording started) and hand it over."""
        if not self._started:
            return
        kind = feed.kind
        if kind not in self._origin:
            self._origin[kind] = (frame.pts, round((time.monotonic() - self._t0) / frame.time_base))
        first, offset = self._origin[kind]
        pts = frame.pts - first + offset
        order = int(pts * frame.time_base * 30) if kind == "video" else pts  # VP8 stream ticks at 1/30 s
        if order <= self._last.get(kind, -1):
            return  # the muxer needs increasing timestamps
        self._last[kind] = order
        frame.pts = pts
        self._end_s = max(self._end_s, float(pts * frame.time_base))
        self._writer.call_soon(self._put, feed, frame)

    def _put(self, feed: _Feed, frame) -> None:
        if feed.queue.full():
            self.dropped += 1
        else:
            feed.queue.put_nowait(frame)

    async def stop(self) -> Recording:
        """Finish the file; returns what ``call.recorded`` should report."""
        return await self._writer.run(self._finish())

    async def _finish(self) -> Recording:
        for feed in (self._video, self._audio):
            if feed is not None and self._started:
                try:  # let the recorder write what it was given (unless its task died)
                    await asyncio.wait_for(feed.queue.join(), 10)
                except TimeoutError:
                    log.warning("recording %s: frames left unwritten", self.path.name)
        await self._recorder.stop()
        return Recording(str(self.path), self.path.stat().st_size, round(self._end_s * 1000), self.started_at)
