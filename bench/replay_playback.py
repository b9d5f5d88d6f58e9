"""The replay window playing a recorded day at 60x: does it keep up, and what does each frame cost?

    QT_QPA_PLATFORM=offscreen python -m bench.replay_playback [--db FILE] [--workers 2000 --hours 1] [--seconds 20]

Uses (or first writes, with ``python -m bench.replay``) a recorded day in SQLite, opens the real
:class:`ReplayWindow` (map, queue, event log, detail, timeline) offscreen on a :class:`ReplaySession`,
seeks to a random moment and plays at 60x for ``--seconds`` of wall time on the real QTimer. Prints:

- ``seek_ms``: seek to the state shown (engine read on the loader thread + every widget's reset);
- ``speed``: replay seconds advanced per wall second (60 means it kept up) and ``stalls`` (frames that
  had to wait for the next window of events);
- ``frame_ms``: one playback frame (fold the frame's events with the reducer and run every widget's
  slot), p50/p99, against the same frames of a session with no widgets attached (baseline, same run).
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

from PySide6.QtCore import QEventLoop, QSettings

from bench.common import percentile
from console.replay import Replay
from console.replay.ranges import day_range
from console.store.store import Store
from console.ui.app import create_app
from console.ui.replay.session import ReplaySession
from console.ui.replay.window import ReplayWindow


def pump_until(app, predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    return True


def play(app, session: ReplaySession, t0: int, seconds: float) -> dict:
    """Seek to ``t0``, play at 60x for ``seconds`` of wall time; frame costs and how far it got."""
    started = time.perf_counter()
    session.seek(t0)
    assert pump_until(app, lambda: session.t == t0 and not session.is_loading(), 60), "seek did not land"
    seek_ms = (time.perf_counter() - started) * 1000
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
    wall0 = time.perf_counter()
    session.play()
    pump_until(app, lambda: time.perf_counter() - wall0 >= seconds or not session.playing, seconds + 5)
    session.pause()
    wall = time.perf_counter() - wall0
    frames.sort()
    return {"seek_ms": seek_ms, "speed": (session.t - t0) / 1000 / wall, "stalls": session.stalls - stalls,
            "p50": percentile(frames, 50), "p99": percentile(frames, 99), "frames": len(frames)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a day written by bench.replay (written first when missing)")
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--hours", type=float, default=1)
    parser.add_argument("--seconds", type=float, default=20, help="wall seconds of 60x playback")
    args = parser.parse_args()
    path = Path(args.db or f"/tmp/jingwang-bench-replay-w{args.workers}-h{args.hours:g}.db")
    if not path.exists():
        subprocess.run([sys.executable, "-m", "bench.replay", "--workers", str(args.workers), "--hours",
                        str(args.hours), "--db", str(path), "--seeks", "1", "--ticks", "1"], check=False)
    app = create_app([])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(path.parent / "bench-settings"))
    store = Store(f"sqlite:///{path}")
    start = day_range(date(2025, 11, 21))[0]
    with store.engine.connect() as conn:
        end = conn.exec_driver_sql("SELECT MAX(at) FROM position_log").scalar()
        positions = conn.exec_driver_sql("SELECT COUNT(*) FROM position_log").scalar()
    replay = Replay(store, start, end)
    t0 = random.Random(5).randrange(start, max(start + 1, end - int(args.seconds * 60_000)))

    bare = ReplaySession(replay, start, end)  # baseline: the same frames with nothing listening
    base = play(app, bare, t0, args.seconds)
    bare.close()
    session = ReplaySession(replay, start, end, account="bench")
    window = ReplayWindow(session)
    window.resize(1600, 1000)
    window.show()
    full = play(app, session, t0, args.seconds)
    window.close()
    store.dispose()
    print(f"RESULT positions={positions} workers={args.workers} seconds={args.seconds:g} frames={full['frames']}")
    print(f"RESULT seek_ms={full['seek_ms']:.0f} seek_ms_baseline_no_widgets={base['seek_ms']:.0f} target_ms=300")
    print(f"RESULT speed={full['speed']:.1f} speed_baseline={base['speed']:.1f} target=60 stalls={full['stalls']} "
          f"stalls_baseline={base['stalls']}")
    print(f"RESULT frame_ms_p50={full['p50']:.1f} frame_ms_p99={full['p99']:.1f} "
          f"baseline_p50={base['p50']:.1f} baseline_p99={base['p99']:.1f} "
          f"ratio_p50={full['p50'] / max(base['p50'], 1e-6):.2f}")


if __name__ == "__main__":
    main()
