"""Recording a call: a Matroska file with VP8 video that decodes, a duration and the log's tags;
old day folders are pruned."""

from __future__ import annotations

import datetime as dt

import av
import pytest

from console.domain import station_time
from console.media.engine import MediaEngine
from console.media.recorder import prune_recordings, recording_path
from tests.unit.test_media_call import _connect, engines  # noqa: F401 - fixture


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
