"""``MediaEngine``: one thread with its own asyncio loop, where every WebRTC peer connection lives.

aiortc runs on asyncio; the console's loop is the GUI thread (qasync), so media gets a loop of its
own: ICE, DTLS, RTP, frame conversion and recording never run on the GUI thread. Code on the GUI
side hands coroutines over with :meth:`MediaEngine.submit` (a concurrent future) or awaits them
with :meth:`MediaEngine.run`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine

log = logging.getLogger(__name__)


class MediaEngine:
    """The media thread and its loop; start it once per process, stop it at exit."""

    def __init__(self, name: str = "media") -> None:
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> MediaEngine:
        """Start the thread and wait until its loop runs."""
        if self._thread is not None:
            return self
        ready = threading.Event()
        self._thread = threading.Thread(target=self._main, args=(ready,), name=self.name, daemon=True)
        self._thread.start()
        ready.wait()
        return self

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeError("MediaEngine not started")
        return self._loop

    @property
    def running(self) -> bool:
        return self._loop is not None and self._loop.is_running()

    @property
    def native_id(self) -> int | None:
        """The OS thread id (for CPU accounting in benchmarks)."""
        return self._thread.native_id if self._thread is not None else None

    def in_media_thread(self) -> bool:
        return threading.current_thread() is self._thread

    def submit(self, coro: Coroutine) -> concurrent.futures.Future:
        """Run ``coro`` on the media loop from any thread."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def run(self, coro: Coroutine):
        """Await ``coro`` on the media loop from another asyncio loop (e.g. the GUI's qasync loop)."""
        return await asyncio.wrap_future(self.submit(coro))

    def call_soon(self, fn: Callable, *args) -> None:
        """Call ``fn(*args)`` on the media loop."""
        self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel what still runs on the media loop, close it and join the thread."""
        if self._thread is None or self._loop is None:
            return
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._thread = None

    def _main(self, ready: threading.Event) -> None:
        # A plain asyncio loop even when the GUI installed qasync's policy (qasync.run does): Qt loops
        # belong to the GUI thread.
        loop = asyncio.DefaultEventLoopPolicy().new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        loop.call_soon(ready.set)
        try:
            loop.run_forever()
            tasks = asyncio.all_tasks(loop)
            for task in tasks:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
            self._loop = None
