"""Helpers for relay tests: a seeded database, an in-process relay on port 0, clients, waiting."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from contextlib import asynccontextmanager

from websockets.asyncio.client import connect

from console.domain.events import Event
from console.net.client import RelayClient
from console.relay.server import Relay
from console.services.demo_seed import DEMO_PASSWORD
from console.services.relay_reads import StoreReads
from console.store.store import Store


def run(coro, timeout: float = 60.0):
    """Run one coroutine to completion with a deadline."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    """Poll ``predicate`` on the loop until it holds; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.005)


@asynccontextmanager
async def running_relay(db_url: str, port: int = 0, *, log_logins: bool = False, **kwargs):
    """An in-process relay over ``db_url`` listening on 127.0.0.1 (a free port by default).

    Logins are not logged as events unless ``log_logins``: most tests count the events they cause. Queries
    are answered by a :class:`StoreReads` of its own over ``db_url`` unless ``reads`` says otherwise.
    """
    store = Store(db_url)
    kwargs.setdefault("reads", StoreReads(db_url))
    relay = Relay(store, "127.0.0.1", port, log_logins=log_logins, **kwargs)
    await relay.start()
    try:
        yield relay
    finally:
        await relay.stop()
        store.dispose()


class Recorder:
    """A RelayClient plus everything it received."""

    def __init__(self, url: str, user: str, password: str = DEMO_PASSWORD, last_seq: int | None = None) -> None:
        self.events: list[Event] = []
        self.snapshots: list[dict] = []
        self.client = RelayClient(url, user, password, on_events=self.events.extend,
                                  on_snapshot=self.snapshots.append, last_seq=last_seq)

    async def __aenter__(self) -> Recorder:
        self.client.start()
        await self.client.wait_live()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.close()

    @property
    def seqs(self) -> list[int]:
        return [e.seq for e in self.events]

    def of_type(self, event_type: str) -> list[Event]:
        return [e for e in self.events if e.type == event_type]

    async def cmd(self, op: str, **args) -> dict:
        return await self.client.request(op, args)


@asynccontextmanager
async def raw_socket(url: str, user: str | None = None, password: str = DEMO_PASSWORD, workstation: str = ""):
    """A bare websocket, optionally authenticated (from ``workstation``), for sending hand-made frames."""
    async with connect(url, max_size=None, compression=None) as ws:
        if user is not None:
            await ws.send(json.dumps({"v": 1, "t": "auth", "id": "a", "user": user, "password": password,
                                      "workstation": workstation}))
            reply = json.loads(await ws.recv())
            assert reply["t"] == "auth.ok", reply
        yield ws


async def exchange(ws, frame: dict | str | bytes) -> dict:
    """Send one frame and return the next reply."""
    await ws.send(frame if isinstance(frame, str | bytes) else json.dumps(frame, ensure_ascii=False))
    return json.loads(await ws.recv())
