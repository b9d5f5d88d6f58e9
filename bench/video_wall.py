"""The video wall's paint path alone: 9 tiles fed 640×360 frames at 15 fps each, no network, no decoding.

    python -m bench.video_wall [--seconds 10]

Frames (the simulated workers' synthetic camera, rendered once up front) are pushed into the real
``VideoWall`` through stand-in ``CallMedia`` objects by one timer per feed. Measured, against a
baseline of the obvious alternative in the same run (a ``QLabel`` per feed given a smoothly scaled
``QPixmap`` per frame):

- frames painted per tile vs frames sent (latest frame wins, so a slow GUI would drop some);
- the GUI thread's CPU per second and its longest stall (largest gap between ticks of a 10 ms timer).
"""

from __future__ import annotations

import argparse
import os
import time

FEEDS, FPS, FRAMES = 9, 15, 30


def _frames(n_feeds: int) -> list[list]:
    from console.media.frames import to_qimage
    from console.media.synthetic import SyntheticCamera

    return [[to_qimage(SyntheticCamera(f"W{i:03d}", f"网格员{i}").draw(k / FPS)) for k in range(FRAMES)]
            for i in range(n_feeds)]


class Feeds:
    """One timer per feed emitting the next frame at ``FPS``; counts what was sent."""

    def __init__(self, frames: list[list], emit) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.sent = [0] * len(frames)
        self.timers = []
        for i, images in enumerate(frames):
            timer = QTimer()
            timer.setTimerType(Qt.TimerType.PreciseTimer)
            timer.setInterval(1000 // FPS)
            timer.timeout.connect(lambda i=i, images=images: self._next(i, images, emit))
            self.timers.append(timer)

    def _next(self, i: int, images: list, emit) -> None:
        emit(i, images[self.sent[i] % len(images)])
        self.sent[i] += 1

    def start(self) -> None:
        for timer in self.timers:
            timer.start()

    def stop(self) -> None:
        for timer in self.timers:
            timer.stop()


def _run(app, widget, frames, emit, painted, seconds: float) -> dict:
    """Feed ``widget`` for ``seconds``; returns sent/painted per feed, GUI CPU share and the longest stall."""
    from bench.calls import Ticker

    widget.resize(1600, 900)
    widget.show()
    feeds = Feeds(frames, emit)
    ticker = Ticker()
    deadline = time.monotonic() + 1.0
    feeds.start()
    while time.monotonic() < deadline:  # warm-up
        app.processEvents()
    sent0, painted0 = list(feeds.sent), painted()
    ticker.reset()
    t0, cpu0 = time.monotonic(), time.thread_time()
    while time.monotonic() < t0 + seconds:
        app.processEvents()
    span, cpu = time.monotonic() - t0, time.thread_time() - cpu0
    feeds.stop()
    shown = [p - p0 for p, p0 in zip(painted(), painted0, strict=True)]
    sent = [s - s0 for s, s0 in zip(feeds.sent, sent0, strict=True)]
    widget.close()
    return {"sent_fps": sum(sent) / len(sent) / span, "shown_fps": sum(shown) / len(shown) / span,
            "gui_cpu": cpu / span, "stall_ms": ticker.max_gap * 1000}


def wall_run(app, frames, seconds: float) -> dict:
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtGui import QImage

    from console.domain.state import State
    from console.testing.sample_state import build_district, build_roster
    from console.ui.calls.wall import VideoWall
    from console.ui.demo_session import DemoSession

    class Media(QObject):
        frame = Signal(QImage)
        stats = Signal(dict)
        state = Signal(str)

    class Service(QObject):
        media_added = Signal(str, object)

        def dial(self, worker_ids, media):
            return f"C{int(worker_ids[0][1:]):012x}"

    district = build_district(2, 2)
    session = DemoSession(State(district, build_roster(district, len(frames))))
    wall = VideoWall(session, Service())
    medias = []
    for worker in sorted(session.state.workers):
        call_id = wall.call_worker(worker, "video")
        medias.append(Media())
        wall.service.media_added.emit(call_id, medias[-1])
    wall.set_layout(9)
    tiles = [wall.tile_of(wall.book.tiles()[i].call_id) for i in range(len(frames))]
    return _run(app, wall, frames, lambda i, image: medias[i].frame.emit(image),
                lambda: [t.frames_painted for t in tiles], seconds)


def label_run(app, frames, seconds: float) -> dict:
    """Baseline: a QLabel per feed, a smoothly scaled QPixmap set on it for every frame."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

    widget = QWidget()
    grid = QGridLayout(widget)
    labels = [QLabel() for _ in frames]
    for i, label in enumerate(labels):
        label.setMinimumSize(160, 100)
        grid.addWidget(label, i // 3, i % 3)
    counts = [0] * len(frames)

    def show(i: int, image) -> None:
        label = labels[i]
        label.setPixmap(QPixmap.fromImage(image).scaled(label.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                        Qt.TransformationMode.SmoothTransformation))
        counts[i] += 1

    return _run(app, widget, frames, show, lambda: list(counts), seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from console.ui.app import create_app

    app = create_app([])
    frames = _frames(FEEDS)
    base = label_run(app, frames, args.seconds)
    wall = wall_run(app, frames, args.seconds)
    for name, r in (("baseline QLabel+smooth QPixmap", base), ("VideoWall", wall)):
        print(f"  {name}: sent {r['sent_fps']:.1f} fps/tile, shown {r['shown_fps']:.1f}, "
              f"GUI CPU {r['gui_cpu']:.0%}, longest stall {r['stall_ms']:.0f} ms")
    print(f"RESULT wall_shown_vs_sent={wall['shown_fps'] / wall['sent_fps']:.3f} "
          f"wall_gui_cpu={wall['gui_cpu']:.3f} baseline_gui_cpu={base['gui_cpu']:.3f} "
          f"gui_cpu_vs_baseline={wall['gui_cpu'] / base['gui_cpu']:.2f} wall_stall_max_ms={wall['stall_ms']:.0f} "
          f"baseline_stall_max_ms={base['stall_ms']:.0f}")


if __name__ == "__main__":
    main()
