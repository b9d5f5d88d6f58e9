"""Call audio: remote audio to the speakers, the dispatcher's microphone to the peers.

Speakers are a QtMultimedia ``QAudioSink`` pulling from a small thread-safe PCM buffer that the
media thread fills (decoded and resampled there); with no output device (CI, a headless machine)
a null sink takes the same frames and drops them. The microphone is a ``QAudioSource`` whose
chunks fan out to one :class:`MicTrack` per call; without an input device, or muted, a track sends
nothing. Both QtMultimedia objects live in the GUI thread; only bytes cross threads.
"""

from __future__ import annotations

import asyncio
import fractions
import logging
import threading
import time

import av
import numpy as np
from aiortc.mediastreams import AUDIO_PTIME, MediaStreamTrack
from PySide6.QtCore import QByteArray, QIODevice, QObject

log = logging.getLogger(__name__)

RATE = 48_000
SAMPLES_PER_FRAME = int(RATE * AUDIO_PTIME)  # 20 ms
MAX_BUFFER_S = 0.3  # more than this waiting means we fell behind: drop the oldest audio
IDLE_POLL_S = 0.1  # how often a muted microphone track checks whether to send again


class PcmBuffer:
    """Bytes of interleaved s16 PCM passed between threads; keeps at most ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self._data = bytearray()
        self._lock = threading.Lock()
        self.max_bytes = max_bytes
        self.written = 0

    def write(self, data: bytes) -> None:
        with self._lock:
            self._data += data
            self.written += len(data)
            excess = len(self._data) - self.max_bytes
            if excess > 0:
                del self._data[:excess + (excess & 1)]

    def read(self, size: int) -> bytes:
        with self._lock:
            chunk = bytes(self._data[:size])
            del self._data[:size]
        return chunk

    def __len__(self) -> int:
        return len(self._data)


def _multimedia():
    """QtMultimedia, or None when PySide6-Addons is missing."""
    try:
        from PySide6 import QtMultimedia
    except ImportError:  # pragma: no cover - the Addons wheel is a dependency
        return None
    return QtMultimedia


def _pcm_format(qm, device):
    """48 kHz signed 16-bit in the device's channel count, if the device takes it, else None."""
    fmt = qm.QAudioFormat()
    fmt.setSampleRate(RATE)
    fmt.setChannelCount(2 if device.maximumChannelCount() >= 2 else 1)
    fmt.setSampleFormat(qm.QAudioFormat.SampleFormat.Int16)
    return fmt if device.isFormatSupported(fmt) else None


class _PullDevice(QIODevice):
    """What QAudioSink reads: the buffer's bytes, padded with silence so the sink never idles."""

    def __init__(self, buffer: PcmBuffer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buffer = buffer

    def isSequential(self) -> bool:
        return True

    def bytesAvailable(self) -> int:
        return max(len(self._buffer), 4096) + super().bytesAvailable()

    def readData(self, maxlen: int) -> bytes:
        want = min(maxlen, 4096)
        chunk = self._buffer.read(want)
        return chunk + bytes(want - len(chunk))

    def writeData(self, data) -> int:
        return -1


class AudioOut(QObject):
    """Plays one call's remote audio; :meth:`write` is called from the media thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.channels = 1
        self.muted = False
        self.device_name = ""
        self.frames = 0
        self.buffer = PcmBuffer(int(RATE * 2 * 2 * MAX_BUFFER_S))
        self._sink = None
        qm = _multimedia()
        device = qm.QMediaDevices.defaultAudioOutput() if qm is not None else None
        fmt = _pcm_format(qm, device) if device is not None and not device.isNull() else None
        if fmt is not None:
            self.channels = fmt.channelCount()
            self._sink = qm.QAudioSink(device, fmt, self)
            self._pull = _PullDevice(self.buffer, self)
            self._pull.open(QIODevice.OpenModeFlag.ReadOnly)
            self._sink.start(self._pull)
            self.device_name = device.description()
        self._resampler = av.AudioResampler(format="s16", layout="stereo" if self.channels == 2 else "mono",
                                            rate=RATE)

    @property
    def null(self) -> bool:
        """True when there is no output device and frames are consumed silently."""
        return self._sink is None

    def write(self, frame: av.AudioFrame) -> None:
        """Take one decoded remote frame (media thread): resample and queue it for the speakers."""
        self.frames += 1
        if self._sink is None or self.muted:
            return
        for out in self._resampler.resample(frame):
            self.buffer.write(bytes(out.planes[0])[: out.samples * 2 * self.channels])

    def close(self) -> None:
        if self._sink is not None:
            self._sink.stop()
            self._sink = None


class Microphone(QObject):
    """The dispatcher's microphone, fanned out to every :class:`MicTrack`; silent without a device."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tracks: set[MicTrack] = set()
        self._lock = threading.Lock()
        self._source = None
        self._io = None
        self.channels = 1
        self.rate = RATE
        self.device_name = ""

    @property
    def present(self) -> bool:
        return self._source is not None

    def track(self) -> MicTrack:
        """A new outgoing audio track fed by this microphone (starts the device on first use)."""
        self._open()
        track = MicTrack(self)
        with self._lock:
            self._tracks.add(track)
        return track

    def release(self, track: MicTrack) -> None:
        with self._lock:
            self._tracks.discard(track)

    def close(self) -> None:
        if self._source is not None:
            self._source.stop()
            self._source = None

    def _open(self) -> None:
        if self._source is not None:
            return
        qm = _multimedia()
        device = qm.QMediaDevices.defaultAudioInput() if qm is not None else None
        if device is None or device.isNull():
            return
        fmt = _pcm_format(qm, device)
        if fmt is None:
            log.warning("microphone %s does not take 48 kHz 16-bit audio; sending silence", device.description())
            return
        self.channels = fmt.channelCount()
        self._source = qm.QAudioSource(device, fmt, self)
        self._io = self._source.start()
        self._io.readyRead.connect(self._read)
        self.device_name = device.description()

    def _read(self) -> None:
        data: QByteArray = self._io.readAll()
        pcm = data.data()
        if self.channels == 2:  # the tracks send mono: keep the left channel
            pcm = np.frombuffer(pcm, dtype=np.int16)[0::2].tobytes()
        with self._lock:
            tracks = list(self._tracks)
        for track in tracks:
            if track.live:
                track.buffer.write(pcm)


class MicTrack(MediaStreamTrack):
    """An outgoing 48 kHz mono track: the microphone while :attr:`live`.

    Muted, or with no microphone at all, it sends nothing rather than encoded silence (as Opus DTX
    would): a video wall of nine calls would otherwise encode and send 450 silent packets a second.
    Timestamps follow the clock across such pauses.
    """

    kind = "audio"

    def __init__(self, mic: Microphone | None = None) -> None:
        super().__init__()
        self._mic = mic
        self.live = True
        self.buffer = PcmBuffer(int(RATE * 2 * MAX_BUFFER_S))
        self.tap = None  # called with each frame sent (the call's recorder mixes it in), on the media loop
        self._start: float | None = None
        self._pts = -SAMPLES_PER_FRAME

    @property
    def sending(self) -> bool:
        return self.live and self._mic is not None and self._mic.present

    async def recv(self) -> av.AudioFrame:
        if self._start is None:
            self._start = time.monotonic()
        while not self.sending:
            await asyncio.sleep(IDLE_POLL_S)
        now = round((time.monotonic() - self._start) * RATE) // SAMPLES_PER_FRAME * SAMPLES_PER_FRAME
        self._pts = max(self._pts + SAMPLES_PER_FRAME, now)
        wait = self._start + self._pts / RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        frame = av.AudioFrame(format="s16", layout="mono", samples=SAMPLES_PER_FRAME)
        pcm = self.buffer.read(SAMPLES_PER_FRAME * 2)
        frame.planes[0].update(pcm + bytes(SAMPLES_PER_FRAME * 2 - len(pcm)))
        frame.pts = self._pts
        frame.sample_rate = RATE
        frame.time_base = fractions.Fraction(1, RATE)
        if self.tap is not None:
            self.tap(frame)
        return frame

    def stop(self) -> None:
        super().stop()
        if self._mic is not None:
            self._mic.release(self)
