"""The media engine end to end without a relay: the console's CallMedia calls a simulated worker's
peer over real WebRTC on loopback (offer and answer handed over in process)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QImage

from console.field.call_answer import AnswerPolicy, WorkerPeer
from console.media.call_media import CallMedia
from console.media.engine import MediaEngine
from console.media.frames import LatestFrame
from console.media.synthetic import id_code, read_id_code


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * image.height())
    return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].reshape(
        image.height(), image.width(), 3)


@pytest.fixture
def engines():
    console, field = MediaEngine("media-console").start(), MediaEngine("media-field").start()
    yield console, field
    console.stop()
    field.stop()


def _connect(qtbot, console: MediaEngine, field: MediaEngine, media: str = "video"):
    call = CallMedia(console, "C0123456789ab", "W0007", media)
    worker = field.submit(_make_peer(media)).result(10)
    offer = console.submit(call._media_offer()).result(10)
    answer = field.submit(worker.answer(offer)).result(10)
    console.submit(call._media_set_answer(answer)).result(10)
    return call, worker


async def _make_peer(media: str) -> WorkerPeer:
    return WorkerPeer("W0007", "张伟", media, AnswerPolicy(ring_delay_s=0, width=640, height=360, fps=15))


def test_worker_video_arrives_as_qimages_on_the_gui_thread(qtbot, qapp, engines):
    console, field = engines
    call, worker = _connect(qtbot, console, field)
    frames, threads, stats, states = [], [], [], []
    call.frame.connect(lambda image: (frames.append(image), threads.append(QThread.currentThread())))
    call.stats.connect(stats.append)
    call.state.connect(states.append)

    qtbot.waitUntil(lambda: len(frames) >= 20, timeout=20_000)
    qtbot.waitUntil(lambda: any(s["fps"] > 0 and s["kbps"] > 0 for s in stats), timeout=10_000)
    image = frames[-1]
    assert (image.width(), image.height()) == (640, 360)
    assert read_id_code(_pixels(image)) == id_code("W0007"), "the worker's overlay is in the picture"
    assert all(t is qapp.thread() for t in threads)
    assert "connected" in states
    assert call.audio_out.frames > 0, "remote audio is consumed even without a speaker"
    assert call.shown == len(frames)

    assert console.submit(call._media_close()).result(10) is None  # nothing recorded
    field.submit(worker.close()).result(10)


def test_audio_call_sends_no_video(qtbot, engines):
    console, field = engines
    call, worker = _connect(qtbot, console, field, media="audio")
    frames = []
    call.frame.connect(frames.append)
    qtbot.waitUntil(lambda: call.audio_out.frames >= 25, timeout=20_000)  # half a second of audio
    assert frames == [] and worker.camera is None
    console.submit(call._media_close()).result(10)
    field.submit(worker.close()).result(10)


def test_media_that_never_connects_is_reported_failed(qtbot, engines):
    console, field = engines
    call = CallMedia(console, "C0123456789ab", "W0007", "audio")
    call.connect_timeout_s = 1.0
    worker = field.submit(_make_peer("audio")).result(10)
    answer = field.submit(worker.answer(console.submit(call._media_offer()).result(10))).result(10)
    wrong_password = re.sub(r"a=ice-pwd:\S+", "a=ice-pwd:" + "x" * 22, answer)  # every ICE check is refused
    with qtbot.waitSignal(call.state, timeout=10_000, check_params_cb=lambda state: state == "failed"):
        console.submit(call._media_set_answer(wrong_password)).result(10)
    console.submit(call._media_close()).result(10)
    field.submit(worker.close()).result(10)


def test_latest_frame_wins_with_one_notification():
    notes = []
    box = LatestFrame(lambda: notes.append(1))
    images = [QImage(4, 4, QImage.Format.Format_RGB32) for _ in range(3)]
    for image in images:
        box.put(image)
    assert notes == [1], "one queued delivery however many frames wait"
    assert box.take() is images[-1] and box.dropped == 2
    assert box.take() is None
    box.put(images[0])
    assert notes == [1, 1]
