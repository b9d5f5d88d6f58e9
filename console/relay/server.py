"""The relay server: websockets front end, writer, fan-out, health check and clean shutdown."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import ssl
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.http11 import Request, Response

from console.domain.events import Event
from console.domain.geofence import GeofenceConfig
from console.domain.sla import LimitTable
from console.protocol.messages import MAX_MESSAGE_BYTES, encode
from console.relay.connection import ClientConnection
from console.relay.fanout import Fanout
from console.relay.presence import Presence
from console.relay.static import StaticSite
from console.relay.watchdog import Watchdog
from console.relay.writer import Writer
from console.store.store import Store

log = logging.getLogger(__name__)

# Frames up to HARD_LIMIT are read and, past MAX_MESSAGE_BYTES, refused with E_TOO_LARGE while the
# connection lives on; beyond HARD_LIMIT websockets closes the connection (1009).
HARD_LIMIT = 4 * MAX_MESSAGE_BYTES


class Relay:
    """Serves clients on ``host:port`` (0 picks a free port) over the database at ``store``."""

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = 8765, *, max_batch: int = 1000,
                 clock: Callable[[], float] = time.time, geofence: GeofenceConfig | None = None,
                 limits: LimitTable | None = None, tls: ssl.SSLContext | None = None) -> None:
        self.store = store
        self.tls = tls  # wss:// and https:// (the web field client needs a secure page on phones)
        self.clock = clock
        self.geofence = geofence
        self.limits = limits
        self.host = host
        self.requested_port = port
        self.readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="relay-read")
        self.fanout = Fanout(lambda: self.writer.state)
        self.presence = Presence(clock)
        self.writer: Writer | None = None
        self.max_batch = max_batch
        self.stats: Counter[str] = Counter()
        self._server: Server | None = None
        self._writer_task: asyncio.Task | None = None
        self._stopped = asyncio.Event()
        self.site = StaticSite()

    @property
    def port(self) -> int:
        """The port actually bound."""
        return self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self.host}:{self.port}"

    async def start(self) -> None:
        """Take the writer lock, load state from the database and start listening."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.readers, self.store.acquire_writer_lock)
        state = await loop.run_in_executor(self.readers, self.store.load_state)
        self.writer = Writer(self.store, state, max_batch=self.max_batch, clock=self.clock,
                             watchdog=lambda st, now: Watchdog(st, now, geofence=self.geofence, limits=self.limits,
                                                               absent_since=self.presence.absent_since))
        self._writer_task = asyncio.create_task(self.writer.run(self._publish), name="relay-writer")
        self._server = await serve(
            self._handle, self.host, self.requested_port,
            process_request=self._process_request,
            ssl=self.tls,
            compression=None,  # permessage-deflate costs 32-39% CPU on small frames (DESIGN.md)
            max_size=HARD_LIMIT,
            max_queue=64,
            ping_interval=20, ping_timeout=20,
        )
        log.info("relay listening on %s (head seq %d, %s)", self.url, state.seq, self.store.dialect)

    def stop_on_signals(self) -> None:
        """Make SIGTERM and SIGINT stop the relay cleanly (call before announcing readiness)."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(self.stop()))

    async def serve_forever(self) -> None:
        """Run until :meth:`stop` (or a signal, after :meth:`stop_on_signals`)."""
        await self._stopped.wait()

    async def stop(self) -> None:
        """Stop accepting, close connections, finish queued commands, release the database."""
        if self._stopped.is_set():
            return
        if self._server is not None:
            self._server.server.close()  # stop listening only; the (idempotent) Server.close() below closes clients
        if self.writer is not None:
            await self.writer.drain()
            self._writer_task.cancel()
            await asyncio.gather(self._writer_task, return_exceptions=True)
            self.writer.shutdown()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.readers, self.store.release_writer_lock)
        self.readers.shutdown(wait=True)
        log.info("relay stopped at head seq %d", self.writer.state.seq if self.writer else 0)
        self._stopped.set()

    def send_now(self, ws: ServerConnection, frame: dict) -> None:
        """Queue one frame to one connection without awaiting (used for acks from the writer)."""
        broadcast([ws], encode(frame))

    def health(self) -> dict:
        return {
            "status": "ok",
            "head": self.writer.state.seq if self.writer else 0,
            "connections": self.fanout.connection_count,
            "queued": self.writer.queue.qsize() if self.writer else 0,
            "committed": self.writer.committed_events if self.writer else 0,
            "refused": self.stats["refused"],
            "database": self.store.dialect,
        }

    async def _handle(self, ws: ServerConnection) -> None:
        await ClientConnection(self, ws).serve()

    def _publish(self, events: list[Event]) -> None:
        self.fanout.publish(events)

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path == "/healthz":
            response = connection.respond(HTTPStatus.OK, json.dumps(self.health()) + "\n")
            del response.headers["Content-Type"]
            response.headers["Content-Type"] = "application/json"
            return response
        return self.site.respond(request)
