"""Recording a call: a Matroska file with VP8 video that decodes, a duration and the log's tags;
old day folders are pruned."""

from __future__ import annotations

import datetime as dt

import av
import numpy as np
import pytest

from console.domain import station_time
from console.media.audio import RATE, MicTrack
from console.media.call_media import CallMedia
from console.media.engine import MediaEngine
from console.media.recorder import prune_recordings, recording_path
from tests.unit.test_media_call import _connect, _make_peer, engines  # noqa: F401 - fixture

DESK_TONE_HZ = 1000  # the desk's microphone; the simulated worker hums at 220 and 330 Hz


class _ToneBuffer:
    """Stands in for the microphone's PCM buffer: a steady loud 1 kHz tone."""

    def __init__(self) -> None:
        self.t = 0

    def read(self, size: int) -> bytes:
        n = size // 2
        wave = 4000 * np.sin(2 * np.pi * DESK_TONE_HZ * (self.t + np.arange(n)) / RATE)
        self.t += n
        return wave.astype(np.int16).tobytes()


class _DeskMicrophone:
    """A present microphone whose track sends the tone."""

    present = True

    def track(self) -> MicTrack:
        track = MicTrack(self)
        track.buffer = _ToneBuffer()
        return track

    def release(self, track: MicTrack) -> None:
        pass


def _first_channel(frame: av.AudioFrame) -> np.ndarray:
    samples = frame.to_ndarray()
    if not frame.format.is_planar:
        samples = samples.reshape(-1, len(frame.layout.channels)).T
    return samples[0].astype(np.float64)


def _band_energy(samples: np.ndarray, hz: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    freqs = np.fft.rfftfreq(samples.size, 1 / RATE)
    return float(spectrum[(freqs > hz - 20) & (freqs < hz + 20)].sum())


def test_a_recorded_call_plays_back_with_its_tags(qtbot, tmp_path, engines):  # noqa: F811
    console, field = engines
    call, worker = _connect(qtbot, console, field)
    path = recording_path(tmp_path / "recordings", "C0123456789ab")
    qtbot.waitUntil(lambda: call.shown >= 1, timeout=20_000)
    writer = MediaEngine("recorder").start()
    console.submit(call._media_record(path, 42, writer)).result(10)
    start = call.decoded
    qtbot.waitUntil(lambda: call.decoded >= start + 30, timeout=20_000)  # two seconds of video
    recording = console.submit(call._media_close()).result(20)
    field.submit(worker.close()).result(10)
    writer.stop()

    assert recording is not None and recording.file == str(path)
    assert path.parent.name == station_time.day_of(recording.started_at).isoformat()  # the station's day
    assert path.suffix == ".mkv"
    assert recording.bytes == path.stat().st_size > 10_000
    assert 1_000 <= recording.duration_ms <= 10_000
    with av.open(str(path)) as container:
        tags = container.metadata  # Matroska keeps tag names in upper case
        assert tags["JINGWANG_CALL"] == "C0123456789ab" and tags["JINGWANG_SEQ"] == "42"
        assert abs(dt.datetime.fromisoformat(tags["JINGWANG_START"]).timestamp() * 1000 - recording.started_at) < 1
        assert container.duration and container.duration > 0
        video = container.streams.video[0]
        assert video.codec_context.name == "vp8" and (video.width, video.height) == (640, 360)
        assert container.streams.audio, "the worker's audio is recorded too"
        pictures = [f for f in container.decode(video=0)]
    assert len(pictures) >= 20
    assert pictures[-1].time > pictures[0].time


@pytest.mark.parametrize(("days", "kept"), [(90, ["2026-09-01", "2026-11-20", "notes"]), (1, ["2026-11-20", "notes"])])
def test_pruning_removes_day_folders_past_retention(tmp_path, days, kept):
    root = tmp_path / "recordings"
    for name in ("2026-01-02", "2026-09-01", "2026-11-20", "notes"):
        (root / name).mkdir(parents=True)
        (root / name / "C0123456789ab.mkv").write_bytes(b"x")
    removed = prune_recordings(root, days, today=dt.date(2026, 11, 21))
    assert sorted(p.name for p in root.iterdir()) == kept
    assert all(not p.exists() for p in removed)


def test_both_sides_are_in_the_recording(qtbot, tmp_path, engines):  # noqa: F811
    """The desk's microphone is mixed into the far end's audio: the file has the worker's hum and the desk's tone."""
    console, field = engines
    call = CallMedia(console, "C0123456789ab", "W0007", "audio", mic=_DeskMicrophone())
    worker = field.submit(_make_peer("audio")).result(10)
    offer = console.submit(call._media_offer()).result(10)
    console.submit(call._media_set_answer(field.submit(worker.answer(offer)).result(10))).result(10)
    qtbot.waitUntil(lambda: call.audio_out.frames >= 10, timeout=20_000)
    path = recording_path(tmp_path / "recordings", "C0123456789ab")
    writer = MediaEngine("recorder").start()
    console.submit(call._media_record(path, 7, writer)).result(10)
    recorder = call._recorder
    start = call.audio_out.frames
    qtbot.waitUntil(lambda: call.audio_out.frames >= start + 100, timeout=20_000)  # two seconds
    console.submit(call._media_close()).result(20)
    field.submit(worker.close()).result(10)
    writer.stop()

    assert recorder.mixed >= 50
    with av.open(str(path)) as container:
        assert len(container.streams.audio) == 1 and not container.streams.video
        pcm = np.concatenate([_first_channel(f) for f in container.decode(audio=0)])
    assert pcm.size >= RATE  # at least a second
    floor = float(np.median([_band_energy(pcm, hz) for hz in range(1500, 6000, 500)]))  # no tone up there
    assert _band_energy(pcm, DESK_TONE_HZ) > 20 * floor, "the desk's microphone is in the file"
    assert _band_energy(pcm, 220) > 4 * floor, "the worker's audio is in the file"
