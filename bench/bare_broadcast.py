"""Baselines for relay_throughput: bare websockets servers that broadcast what they get.

``--batch`` coalesces frames that arrive in one loop iteration into one JSON-array frame (what
the relay's group commit does); without it every frame is broadcast on its own. No validation,
no persistence, no acks: the ceiling a relay could reach.
"""

from __future__ import annotations

import asyncio
import sys

from websockets.asyncio.server import broadcast, serve

listeners = set()
pending: list[str] = []


def flush() -> None:
    broadcast(listeners, "[" + ",".join(pending) + "]")
    pending.clear()


async def handler(ws, batch: bool) -> None:
    role = await ws.recv()
    if role == "listen":
        listeners.add(ws)
        await ws.send("ok")  # registered: the bench starts its clock once every listener has this
        try:
            await ws.wait_closed()
        finally:
            listeners.discard(ws)
        return
    loop = asyncio.get_running_loop()
    async for frame in ws:
        if not batch:
            broadcast(listeners, frame)
            continue
        if not pending:
            loop.call_soon(flush)
        pending.append(frame)


async def main(batch: bool) -> None:
    async with serve(lambda ws: handler(ws, batch), "127.0.0.1", 0, compression=None, max_size=2**20) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"READY ws://127.0.0.1:{port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main("--batch" in sys.argv))
