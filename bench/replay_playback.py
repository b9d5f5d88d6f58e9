"""The replay window playing a recorded day at 60x: does it keep up, and what does each frame cost?

    QT_QPA_PLATFORM=offscreen python -m bench.replay_playback [--db FILE] [--workers 2000 --hours 1] [--seconds 20]
        [--seeks 6]

Uses (or first writes, with ``python -m bench.replay``) a recorded day in SQLite, opens the real
:class:`ReplayWindow` (map, queue, event log, detail, timeline) offscreen on a :class:`ReplaySession`,
seeks to random moments and plays at 60x for ``--seconds`` of wall time on the real QTimer. Prints:

- ``seek_ms``: seek to the state shown (engine read on the loader thread + every widget's reset),
  p50/max over ``--seeks`` moments, each asked for as soon as the previous one showed;
- ``speed``: replay seconds advanced per wall second (60 means it kept up) and ``stalls`` (frames that
  had to wait for the next window of events);
- ``frame_ms``: one playback frame (fold the frame's events with the reducer and run every widget's
  slot), p50/p99, against the same frames of a session with no widgets attached (baseline, same run);
- ``cpu_s_per_wall_s``: CPU seconds per wall second while playing, GUI thread and the others (loader).

The event loop idles between events as the app's does (a busy ``processEvents`` loop would starve the loader).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer

from bench.common import percentile
from console.replay import Replay
from console.replay.ranges import day_range
from console.store.store import Store
from console.ui.app import create_app
from console.ui.replay.session import ReplaySession
from console.ui.replay.window import ReplayWindow

POLL_MS = 10


def pump_until(predicate, timeout_s: float) -> bool:
    """Run the Qt event loop (idle-waiting, as the app does) until ``predicate()`` or the deadline."""
    deadline = time.monotonic() + timeout_s
    loop, poll = QEventLoop(), QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(lambda: (predicate() or time.monotonic() > deadline) and loop.quit())
    poll.start()
    if not predicate():
        loop.exec()
    poll.stop()
    return predicate()


def play(session: ReplaySession, moments: list[int], seconds: float) -> dict:
    """Seek to each of ``moments`` in turn (each as soon as the last one shows: its tracks and the events
    ahead are still loading, as when a trainer clicks along the timeline), then play at 60x from the last
    one for ``seconds`` of wall time; seek times, frame costs and how far it got."""
    seeks = []
    for t in moments:
        started = time.perf_counter()
        session.seek(t)
        assert pump_until(lambda t=t: session.t == t and not session.is_loading(), 60), "seek did not land"
        seeks.append((time.perf_counter() - started) * 1000)
    t0 = moments[-1]
    seeks.sort()
    frames: list[float] = []
    tick = session.tick

    def timed_tick() -> None:
        t = time.perf_counter()
        tick()
        frames.append((time.perf_counter() - t) * 1000)

    session._timer.timeout.disconnect()
    session._timer.timeout.connect(timed_tick)
    stalls = session.stalls
    session.set_speed(60)
    wall0, cpu0, gui0 = time.perf_counter(), time.process_time(), time.thread_time()
    session.play()
    pump_until(lambda: time.perf_counter() - wall0 >= seconds or not session.playing, seconds + 5)
    session.pause()
    wall = time.perf_counter() - wall0
    cpu, gui = time.process_time() - cpu0, time.thread_time() - gui0
    frames.sort()
    return {"seek_p50": percentile(seeks, 50), "seek_max": seeks[-1],
            "speed": (session.t - t0) / 1000 / wall, "stalls": session.stalls - stalls,
            "p50": percentile(frames, 50), "p99": percentile(frames, 99), "frames": len(frames),
            "gui_cpu": gui / wall, "other_cpu": (cpu - gui) / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a day written by bench.replay (written first when missing)")
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--hours", type=float, default=1)
    parser.add_argument("--seconds", type=float, default=20, help="wall seconds of 60x playback")
    parser.add_argument("--seeks", type=int, default=6, help="seeks to random moments before playing")
    args = parser.parse_args()
    path = Path(args.db or f"/tmp/jingwang-bench-replay-w{args.workers}-h{args.hours:g}.db")
    if not path.exists():
        subprocess.run([sys.executable, "-m", "bench.replay", "--workers", str(args.workers), "--hours",
                        str(args.hours), "--db", str(path), "--seeks", "1", "--ticks", "1"], check=False)
    _app = create_app([])  # kept alive until the end
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(path.parent / "bench-settings"))
    store = Store(f"sqlite:///{path}")
    start = day_range(date(2025, 11, 21))[0]
    with store.engine.connect() as conn:
        end = conn.exec_driver_sql("SELECT MAX(at) FROM position_log").scalar()
        positions = conn.exec_driver_sql("SELECT COUNT(*) FROM position_log").scalar()
    replay = Replay(store, start, end)
    rng = random.Random(5)
    moments = [rng.randrange(start, max(start + 1, end - int(args.seconds * 60_000))) for _ in range(args.seeks)]

    bare = ReplaySession(replay, start, end)  # baseline: the same frames with nothing listening
    base = play(bare, moments, args.seconds)
    bare.close()
    session = ReplaySession(replay, start, end, account="bench")
    window = ReplayWindow(session)
    window.resize(1600, 1000)
    window.show()
    full = play(session, moments, args.seconds)
    window.close()
    store.dispose()
    print(f"RESULT positions={positions} workers={args.workers} seconds={args.seconds:g} frames={full['frames']}")
    print(f"RESULT seek_ms_p50={full['seek_p50']:.0f} seek_ms_max={full['seek_max']:.0f} seeks={args.seeks} "
          f"baseline_no_widgets_p50={base['seek_p50']:.0f} baseline_max={base['seek_max']:.0f} target_ms=300")
    print(f"RESULT speed={full['speed']:.1f} speed_baseline={base['speed']:.1f} target=60 stalls={full['stalls']} "
          f"stalls_baseline={base['stalls']}")
    print(f"RESULT frame_ms_p50={full['p50']:.1f} frame_ms_p99={full['p99']:.1f} "
          f"baseline_p50={base['p50']:.1f} baseline_p99={base['p99']:.1f} "
          f"ratio_p50={full['p50'] / max(base['p50'], 1e-6):.2f}")
    print(f"RESULT cpu_s_per_wall_s gui_thread={full['gui_cpu']:.2f} other_threads={full['other_cpu']:.2f} "
          f"baseline_gui_thread={base['gui_cpu']:.2f} baseline_other_threads={base['other_cpu']:.2f}")


if __name__ == "__main__":
    main()
