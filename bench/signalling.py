"""Call signalling through the relay: dial → ringing at the worker, and offer forwarding, against ping.

    python -m bench.signalling [--calls 100] [--signals 500]

A real relay runs as a child process over a seeded SQLite database. A console (d01) and a grid
worker (w0001) connect with the real RelayClient. Measured in the same run:

- baseline: ping → pong round trip of a bare socket to that relay;
- dial: ``call.dial`` sent → ``call.ringing`` applied at the worker (a committed event, fanned out);
- forward: a 4 KiB SDP ``offer`` sent by the console → received by the worker (not logged).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

from websockets.asyncio.client import connect

from bench.common import percentile, seeded_sqlite, start_child, stop_child
from console.domain import events as ev
from console.net.client import RelayClient
from console.services.demo_seed import DEMO_PASSWORD

SDP = "v=0\r\n" + "a=candidate:1 1 udp 2130706431 192.168.1.20 50000 typ host\r\n" * 64  # ~4 KiB, aiortc-like


async def ping_rtts(url: str, n: int) -> list[float]:
    async with connect(url, compression=None) as ws:
        out = []
        for i in range(n):
            t0 = time.perf_counter()
            await ws.send(json.dumps({"v": 1, "t": "ping", "id": f"p{i}"}))
            await ws.recv()
            out.append((time.perf_counter() - t0) * 1000)
        return out


async def run(url: str, calls: int, signals: int) -> dict[str, list[float]]:
    arrived: dict[str, asyncio.Event] = {}

    def on_events(events) -> None:
        for e in events:
            if e.type == ev.CALL_RINGING and e.data["call"] in arrived:
                arrived[e.data["call"]].set()

    def on_signal(frame: dict) -> None:
        arrived[frame["sdp"][-12:]].set()

    desk = RelayClient(url, "d01", DEMO_PASSWORD)
    worker = RelayClient(url, "w0001", DEMO_PASSWORD, on_events=on_events, on_signal=on_signal)
    for client in (desk, worker):
        client.start()
        await client.wait_live(60)
    wid = worker.account["worker"]
    dial, forward = [], []
    for i in range(calls):
        call = f"C{i:012x}"
        arrived[call] = asyncio.Event()
        t0 = time.perf_counter()
        await desk.request("call.dial", {"call": call, "to": [wid], "media": "video"})
        await asyncio.wait_for(arrived[call].wait(), 10)
        dial.append((time.perf_counter() - t0) * 1000)
        if i == calls - 1:
            break
        await desk.request("call.hangup", {"call": call})
    for i in range(signals):
        tag = f"#{i:011d}"
        arrived[tag] = asyncio.Event()
        t0 = time.perf_counter()
        ok = desk.send_signal(call, wid, "offer", sdp=SDP + tag)
        await asyncio.wait_for(arrived[tag].wait(), 10)
        forward.append((time.perf_counter() - t0) * 1000)
        await ok
    await desk.request("call.hangup", {"call": call})
    await asyncio.gather(desk.close(), worker.close())
    return {"ping": await ping_rtts(url, signals), "dial": dial, "forward": forward}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--signals", type=int, default=500)
    args = parser.parse_args()
    db_url = seeded_sqlite(workers=50)
    relay, url = start_child(["console", "--log-level", "WARNING", "relay", "--db", db_url, "--port", "0"])
    try:
        figures = asyncio.run(run(url, args.calls, args.signals))
    finally:
        stop_child(relay)
    p50 = {k: percentile(sorted(v), 50) for k, v in figures.items()}
    p95 = {k: percentile(sorted(v), 95) for k, v in figures.items()}
    for key in ("ping", "dial", "forward"):
        print(f"{key:8s} p50 {p50[key]:7.2f} ms  p95 {p95[key]:7.2f} ms  (n={len(figures[key])})")
    print(f"RESULT ping_p50_ms={p50['ping']:.2f} dial_to_ringing_p50_ms={p50['dial']:.2f} "
          f"dial_to_ringing_p95_ms={p95['dial']:.2f} offer_forward_p50_ms={p50['forward']:.2f} "
          f"offer_forward_p95_ms={p95['forward']:.2f} dial_vs_ping={p50['dial'] / p50['ping']:.1f}x "
          f"forward_vs_ping={p50['forward'] / p50['ping']:.1f}x")


if __name__ == "__main__":
    main()
