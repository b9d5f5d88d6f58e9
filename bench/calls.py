"""Video wall under load: 9 simultaneous 640×360 @ 15 fps calls from simulated workers.

    python -m bench.calls [--seconds 20] [--feeds 9] [--no-record]

Three processes on loopback: the relay, the simulated workers (the field simulator answering with
synthetic cameras, which encode VP8 on the other core) and this console: session, CallService,
MediaEngine and the real ``VideoWall`` on the offscreen platform. Measured here:

- frames shown per second per tile (distinct frames painted, via an event filter on each tile)
  against the frames the worker's camera produced in the same window (baseline, from the sender);
- the GUI thread's longest stall: the largest gap between ticks of a 10 ms timer, during the calls
  and, as a baseline, for a few seconds with no call;
- call set-up: dial → first frame painted, for single calls on an idle wall and for the 9-call burst;
- camera-to-screen latency: the frame's time code (the sender's clock when it drew it) against the
  clock when the tile painted it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time

from bench.common import percentile, seeded_sqlite, start_child, stop_child
from console.domain import clock
from console.media.synthetic import read_time_code

SEED, WORKERS = 7, 40


# -- the simulated workers (child process) -----------------------------------------------------------

async def field_main(url: str) -> None:
    """Simulated workers answering at once; prints ``SENT <wall time> {worker: frames}`` every second."""
    from console.field.call_answer import AnswerPolicy
    from console.field.district import generate_district
    from console.field.simulator import FieldSimulator
    from console.net.client import RelayClient

    demo = generate_district(seed=SEED, workers=WORKERS)
    client = RelayClient(url, "fieldsim", "fieldsim")
    sim = FieldSimulator(client, demo, seed=SEED, interval_s=1.0, report_interval_s=1e9, submission_interval_s=1e9)
    calls = sim.answer_calls(AnswerPolicy(ring_delay_s=0.0))
    client.start()
    runner = asyncio.ensure_future(sim.run())
    await client.wait_live(60)
    started = time.monotonic()
    while any(s.last_step <= started for s in sim.workers.values()):  # every worker has reported a position
        await asyncio.sleep(0.05)
    print(f"READY {url}", flush=True)
    while not runner.done():
        await asyncio.sleep(1.0)
        sent = {worker: peer.camera.frames for (_, worker), peer in list(calls.peers.items()) if peer.camera}
        print(f"SENT {time.time():.3f} {json.dumps(sent)}", flush=True)


# -- the console (this process) --------------------------------------------------------------------

class SenderLog:
    """Reads the sender's ``SENT`` lines in a thread: (wall time, {worker: frames}) samples."""

    def __init__(self, stream) -> None:
        self.samples: list[tuple[float, dict]] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            if line.startswith("SENT "):
                _, at, counts = line.split(" ", 2)
                self.samples.append((float(at), json.loads(counts)))

    def frames_between(self, worker: str, t0: float, t1: float) -> tuple[int, float]:
        """Frames the worker's camera produced between the samples nearest to t0 and t1, and that span."""
        first = min(self.samples, key=lambda s: abs(s[0] - t0))
        last = min(self.samples, key=lambda s: abs(s[0] - t1))
        return last[1].get(worker, 0) - first[1].get(worker, 0), last[0] - first[0]


class PaintCounter:
    """Distinct frames painted per call on the wall's tiles, and when each call's first one was painted
    (an event filter sees every tile's paint event before the tile draws)."""

    def __init__(self, tiles) -> None:
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class _Filter(QObject):
            def eventFilter(self, tile, event) -> bool:
                if event.type() == QEvent.Type.Paint and tile.call_id and tile._image is not None:
                    counter.painted(tile.call_id, tile._image)
                return False

        self.frames: dict[str, int] = {}
        self.latencies: list[float] = []  # camera drew it → painted, ms (from the frame's time code)
        self.measuring = False
        self.first: dict[str, float] = {}
        self._last: dict[str, object] = {}
        self._filter = _Filter()
        for tile in tiles:
            tile.installEventFilter(self._filter)

    def painted(self, call_id: str, image) -> None:
        if self._last.get(call_id) is image:
            return  # a repaint of the same frame (overlay, stats)
        self._last[call_id] = image
        self.frames[call_id] = self.frames.get(call_id, 0) + 1
        self.first.setdefault(call_id, time.monotonic())
        if self.measuring:
            now_ms = clock.now_ms()
            self.latencies.append(now_ms - read_time_code(_pixels(image), now_ms))


def _pixels(image):
    """A numpy view (height × width × 4) of an RGB32 QImage, without copying."""
    import numpy as np

    raw = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * image.height())
    return raw.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].reshape(
        image.height(), image.width(), 4)


class Ticker:
    """A 10 ms timer on the GUI thread; records the largest gap between ticks since :meth:`reset`."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.max_gap = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now


async def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


async def console_main(url: str, sender: SenderLog, feeds: int, seconds: float, record: bool,
                       children: dict[str, int]) -> dict:
    import tempfile
    from pathlib import Path

    from console.media.engine import MediaEngine
    from console.services.demo_seed import DEMO_PASSWORD
    from console.ui.calls.service import CallService
    from console.ui.calls.wall import VideoWall
    from console.ui.session import ConsoleSession

    engine = MediaEngine().start()
    session = ConsoleSession(url, "d01", DEMO_PASSWORD)
    recordings = Path(tempfile.mkdtemp(prefix="jingwang-calls-")) if record else None
    service = CallService(session, engine, recordings=recordings)
    wall = VideoWall(session, service, linger_ms=1)  # ended calls leave the wall at once
    wall.resize(1600, 900)
    wall.set_layout(9)
    wall.show()
    ticker = Ticker()
    painted = PaintCounter(wall.tiles)
    session.start()
    await wait_for(lambda: session.state is not None, 30, "the snapshot")
    workers = sorted(w for w in session.state.positions if w in session.state.on_duty)[:feeds]
    out: dict = {"workers": len(workers)}

    ticker.reset()
    await asyncio.sleep(3.0)  # baseline: the idle console for three seconds
    out["idle_stall_ms"] = ticker.max_gap * 1000

    setups = []
    for worker in workers[:3]:  # call set-up on an idle wall, one call at a time
        started = time.monotonic()
        call_id = wall.call_worker(worker, "video")
        await wait_for(lambda c=call_id: c in painted.first, 15, "first frame")
        setups.append(painted.first[call_id] - started)
        wall.hangup(call_id)
        await wait_for(lambda c=call_id: session.state.calls.get(c, {}).get("status") == "ended" and not service.calls,
                       15, "hang-up")
    out["setup_s"] = statistics.median(setups)

    started = time.monotonic()
    calls = {wall.call_worker(w, "video"): w for w in workers}
    await wait_for(lambda: all(c in painted.first for c in calls), 30, "first frames of every call")
    out["burst_setup_max_s"] = max(painted.first[c] for c in calls) - started
    await asyncio.sleep(5.0)  # warm-up: bitrate ramps up, decoders settle

    medias = {c: service.media(c)[w] for c, w in calls.items()}
    shown0 = {c: painted.frames[c] for c in calls}
    decoded0 = {c: medias[c].decoded for c in calls}
    t0, cpu0, gui0, media0 = time.time(), time.process_time(), time.thread_time(), _thread_cpu(engine.native_id)
    child0 = {name: _child_cpu(pid) for name, pid in children.items()}
    ticker.reset()
    painted.measuring = True
    await asyncio.sleep(seconds)  # the measurement window
    painted.measuring = False
    t1, cpu1, gui1, media1 = time.time(), time.process_time(), time.thread_time(), _thread_cpu(engine.native_id)
    child1 = {name: _child_cpu(pid) for name, pid in children.items()}
    stall = ticker.max_gap
    await asyncio.sleep(1.2)  # the sender's next SENT line covers the window's end
    span = t1 - t0
    rows = []
    for c, w in calls.items():
        sent, sent_span = sender.frames_between(w, t0, t1)
        rows.append({"worker": w, "sent_fps": sent / sent_span, "decoded_fps": (medias[c].decoded - decoded0[c]) / span,
                     "shown_fps": (painted.frames[c] - shown0[c]) / span,
                     "dropped": medias[c].dropped})
    out.update(rows=rows, latency=sorted(painted.latencies), stall_ms=stall * 1000, window_s=span,
               console_cpu=(cpu1 - cpu0) / span, gui_cpu=(gui1 - gui0) / span, media_cpu=(media1 - media0) / span,
               **{f"{n}_cpu": (child1[n] - child0[n]) / span for n in children})
    for c in calls:
        wall.hangup(c)
    await service.async_close()
    await session.async_close()
    engine.stop()
    return out


def _thread_cpu(tid: int) -> float:
    """CPU seconds used so far by one thread of this process."""
    return _child_cpu(f"{os.getpid()}/task/{tid}")


def _child_cpu(pid: int | str) -> float:
    """CPU seconds used so far by a process (user + system)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--no-record", dest="record", action="store_false", help="do not record the calls")
    parser.add_argument("--field", metavar="URL", help=argparse.SUPPRESS)  # internal: run the senders
    args = parser.parse_args()
    if args.field:
        asyncio.run(field_main(args.field))
        return

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync

    from console.ui.app import create_app

    db_url = seeded_sqlite(workers=WORKERS, seed=SEED)
    relay, url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0"])
    field, _ = start_child(["bench.calls", "--field", url])
    sender = SenderLog(field.stdout)
    app = create_app([])
    try:
        out = qasync.run(console_main(url, sender, args.feeds, args.seconds, args.record,
                                      {"sender": field.pid, "relay": relay.pid}))
    finally:
        stop_child(field)
        stop_child(relay)
    del app
    _report(out, args)


def _report(out: dict, args) -> None:
    rows = out["rows"]
    for r in rows:
        print(f"  {r['worker']}: sent {r['sent_fps']:.1f} fps, decoded {r['decoded_fps']:.1f}, shown "
              f"{r['shown_fps']:.1f} ({r['shown_fps'] / r['sent_fps']:.0%}), dropped for a slow GUI {r['dropped']}")
    ratios = [r["shown_fps"] / r["sent_fps"] for r in rows]
    sent = statistics.mean(r["sent_fps"] for r in rows)
    shown = statistics.mean(r["shown_fps"] for r in rows)
    decoded = sum(r["decoded_fps"] for r in rows)
    print(f"feeds={len(rows)} window={out['window_s']:.1f}s record={args.record} load={os.getloadavg()[0]:.1f} "
          f"cpu: console {out['console_cpu']:.0%} (GUI thread {out['gui_cpu']:.0%}, media loop {out['media_cpu']:.0%}, "
          f"decoders and the rest {out['console_cpu'] - out['gui_cpu'] - out['media_cpu']:.0%}), "
          f"senders {out['sender_cpu']:.0%}, "
          f"relay {out['relay_cpu']:.0%} of one core")
    console_ms = out["console_cpu"] * 1000 / max(decoded, 1e-9)
    sender_ms = out["sender_cpu"] * 1000 / max(sent * len(rows), 1e-9)
    need = (console_ms + sender_ms) * 15 * len(rows) / 1000
    print(f"RESULT console_cpu_ms_per_frame={console_ms:.1f} sender_cpu_ms_per_frame={sender_ms:.1f} "
          f"cores_needed_for_{len(rows)}x15fps={need:.2f} (console+senders; this machine has {os.cpu_count()})")
    print(f"RESULT shown_fps_per_tile={shown:.1f} sent_fps_per_tile={sent:.1f} shown_vs_sent={shown / sent:.3f} "
          f"worst_tile_vs_sent={min(ratios):.3f} target>=0.90 feeds={len(rows)}")
    print(f"RESULT gui_stall_max_ms={out['stall_ms']:.0f} idle_baseline_ms={out['idle_stall_ms']:.0f} "
          f"ratio={out['stall_ms'] / max(out['idle_stall_ms'], 1e-3):.2f} target<100")
    lat = out["latency"]
    print(f"RESULT camera_to_screen_ms_p50={percentile(lat, 50):.0f} p95={percentile(lat, 95):.0f} "
          f"max={lat[-1]:.0f} frames={len(lat)}")
    print(f"RESULT setup_dial_to_first_frame_s={out['setup_s']:.2f} burst_of_{len(rows)}_max_s="
          f"{out['burst_setup_max_s']:.2f} target<=1.5")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
