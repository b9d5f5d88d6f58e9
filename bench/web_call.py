"""Call set-up to the web field client in headless Chromium, against a simulated worker as baseline.

    python -m bench.web_call [--rounds 5] [--seconds 3]

One relay on loopback; the console's own stack (ConsoleSession, CallService, MediaEngine on a qasync
loop, offscreen Qt) dials, in turn, the browser (grid worker w0001 logged in to ``/field/``, fake
camera, accepting the moment it rings) and a simulated worker (w0002: aiortc with the synthetic
camera, answering at once). Measured per callee: dial → first frame shown (median and worst), and
frames shown per second over the next ``--seconds``. The browser's ratio to the baseline is the
figure to watch; the issue asks for set-up ≤ 1.5 s on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import seeded_sqlite

SEED, WORKERS = 7, 40
AUTO_ACCEPT = """new MutationObserver(() => {
  if (document.getElementById('call').dataset.phase === 'ringing') document.getElementById('accept-btn').click();
}).observe(document.getElementById('call'), {attributes: true})"""


class Field:
    """Relay, browser and the baseline worker on a loop of their own (a second machine, in effect)."""

    def __init__(self, url: str) -> None:
        from console.media.engine import MediaEngine
        from tests.integration.chromium import Chromium

        self.url = url
        self.thread = MediaEngine("field").start()
        self.page = Chromium()

    async def run(self, coro):
        return await self.thread.run(coro)

    def start(self, worker_at: tuple[float, float]) -> None:
        self.thread.submit(self._start(worker_at)).result(120)

    async def _start(self, worker_at: tuple[float, float]) -> None:
        from console.field.call_answer import AnswerPolicy, CallAnswerer
        from console.net.client import RelayClient
        from console.relay.server import Relay
        from console.services.demo_seed import DEMO_PASSWORD
        from console.store.store import Store

        self.store = Store(self.url)
        self.relay = Relay(self.store, "127.0.0.1", 0)
        await self.relay.start()
        origin = f"http://127.0.0.1:{self.relay.port}"
        await self.page.__aenter__()
        await self.page.grant(origin, "geolocation", "videoCapture", "audioCapture")
        await self.page.set_geolocation(worker_at[1], worker_at[0])
        await self.page.goto(origin + "/field/")
        await self.page.fill("#user", "w0001")
        await self.page.fill("#password", DEMO_PASSWORD)
        await self.page.click("#login-btn")
        await self.page.wait_for("relay && relay.live", what="page live")
        await self.page.evaluate(AUTO_ACCEPT)
        self.baseline = RelayClient(self.relay.url, "w0002", DEMO_PASSWORD)
        self.answerer = CallAnswerer(self.baseline, {"W0002": "基线"}, lambda: ["W0002"],
                                     policy=AnswerPolicy(ring_delay_s=0.0))
        self.baseline.on_events = self.answerer.on_events
        self.baseline.start()
        await self.baseline.wait_live(30)

    def stop(self) -> None:
        self.thread.submit(self._stop()).result(60)
        self.thread.stop()

    async def _stop(self) -> None:
        await self.answerer.close()
        await self.baseline.close()
        await self.page.__aexit__(None, None, None)
        await self.relay.stop()
        self.store.dispose()


async def one_call(service, session, worker: str, seconds: float) -> tuple[float, float]:
    """(dial → first frame shown in s, frames shown per second afterwards) for one video call."""
    from tests.integration.harness import wait_until

    shown: list[float] = []
    t0 = time.perf_counter()
    call_id = service.dial([worker], "video")
    await wait_until(lambda: worker in service.media(call_id), what="media opened")
    service.media(call_id)[worker].frame.connect(lambda _image: shown.append(time.perf_counter()))
    await wait_until(lambda: shown, timeout=30, what=f"first frame from {worker}")
    first = shown[0]
    await asyncio.sleep(seconds)  # the measurement window itself, not a synchronisation
    fps = sum(1 for t in shown if first < t <= first + seconds) / seconds
    service.hangup(call_id)
    await wait_until(lambda: session.state.calls[call_id]["status"] != "active", what="call over")
    return first - t0, fps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

    import qasync
    from PySide6.QtWidgets import QApplication

    from console.field.district import generate_district
    from console.media.engine import MediaEngine
    from console.services.demo_seed import DEMO_PASSWORD
    from console.ui.calls.service import CallService
    from console.ui.session import ConsoleSession
    from tests.integration.harness import wait_until

    url = seeded_sqlite(WORKERS, SEED)
    demo = generate_district(seed=SEED, workers=WORKERS)
    worker = next(w for w in demo.workers if w.id == "W0001")
    polygon = next(g.polygon for g in demo.district.grids if g.code == worker.grid_code)
    centre = (sum(p[0] for p in polygon) / len(polygon), sum(p[1] for p in polygon) / len(polygon))
    app = QApplication.instance() or QApplication(sys.argv)
    field = Field(url)
    field.start(centre)
    engine = MediaEngine().start()
    results: dict[str, list[tuple[float, float]]] = {"W0001": [], "W0002": []}

    async def scenario():
        session = ConsoleSession(field.relay.url, "d01", DEMO_PASSWORD)
        service = CallService(session, engine, recordings=None)
        session.start()
        await wait_until(lambda: session.state is not None, timeout=30, what="console live")
        for _ in range(args.rounds):
            for callee in ("W0002", "W0001"):
                results[callee].append(await one_call(service, session, callee, args.seconds))
        await service.async_close()
        await session.async_close()

    loop = qasync.QEventLoop(app)
    try:
        loop.run_until_complete(asyncio.wait_for(scenario(), 120 + args.rounds * 20 * (args.seconds + 2)))
    finally:
        engine.stop()
        field.stop()
        loop.close()

    def summary(worker_id: str) -> tuple[float, float, float]:
        setups = sorted(s for s, _ in results[worker_id])
        return statistics.median(setups) * 1000, setups[-1] * 1000, statistics.median(f for _, f in results[worker_id])

    web, sim = summary("W0001"), summary("W0002")
    print(f"browser (Chromium fake camera): set-up median {web[0]:.0f} ms, worst {web[1]:.0f} ms, {web[2]:.1f} fps")
    print(f"simulated worker (aiortc 15 fps): set-up median {sim[0]:.0f} ms, worst {sim[1]:.0f} ms, {sim[2]:.1f} fps")
    print(f"RESULT web_setup_ms_median={web[0]:.0f} web_setup_ms_worst={web[1]:.0f} sim_setup_ms_median={sim[0]:.0f} "
          f"web_vs_sim_setup={web[0] / sim[0]:.2f} web_fps={web[2]:.1f} sim_fps={sim[2]:.1f} rounds={args.rounds}")


if __name__ == "__main__":
    main()
