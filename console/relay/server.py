"""The relay server: websockets front end, writer, fan-out, health check and clean shutdown."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import socket
import ssl
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from console.domain.calls import DESK
from console.domain.changes import Changes
from console.domain.clock import now_s
from console.domain.decide import Actor
from console.domain.events import Event
from console.domain.geofence import GeofenceConfig
from console.domain.sla import LimitTable
from console.domain.state import DAY_MS
from console.log_redaction import redact_websocket_frames
from console.protocol.messages import MAX_MESSAGE_BYTES, encode_utf8
from console.relay.accounts import AccountGate
from console.relay.ack_writer import AckWriter
from console.relay.attachment_store import AttachmentStore
from console.relay.attachments import PREFIX as FILES
from console.relay.attachments import AttachmentDesk
from console.relay.auth_guard import AuthPolicy
from console.relay.connection import ClientConnection
from console.relay.desk_focus import DeskFocus
from console.relay.fanout import Fanout
from console.relay.lease_keeper import LeaseKeeper
from console.relay.limits import RelayLimits, TokenBucket
from console.relay.presence import Presence
from console.relay.reads import ReadBackend, RelayReads
from console.relay.recording_desk import RecordingDesk
from console.relay.recording_store import RecordingStore
from console.relay.standby_door import StandbyDoor, send_to_writer
from console.relay.static import StaticSite
from console.relay.watchdog import Watchdog
from console.relay.writer import Writer
from console.store.partition import requested
from console.store.secrets import shared_secret
from console.store.store import Store

log = logging.getLogger(__name__)

# Frames up to HARD_LIMIT are read and, past MAX_MESSAGE_BYTES, refused with E_TOO_LARGE while the
# connection lives on; beyond HARD_LIMIT websockets closes the connection (1009).
HARD_LIMIT = 4 * MAX_MESSAGE_BYTES
PRUNE_EVERY_S = 3600.0  # recordings past their retention are deleted at start and hourly


class Relay:
    """Serves clients on ``host:port`` (0 picks a free port) over the database at ``store``."""

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = 8765, *, max_batch: int = 1000,
                 clock: Callable[[], float] = now_s, geofence: GeofenceConfig | None = None,
                 limits: LimitTable | None = None, tls: ssl.SSLContext | None = None,
                 budget: RelayLimits | None = None, monotonic: Callable[[], float] = time.monotonic,
                 auth: AuthPolicy | None = None, log_logins: bool = True, housekeeping_s: float = 1.0,
                 risk: bool = True, lease_ms: int = 3000, reads: ReadBackend | None = None,
                 recordings: RecordingStore | None = None, closed_days: float | None = None,
                 attachments: AttachmentStore | None = None, advertise: str = "") -> None:
        """``closed_days``: a snapshot, and the writer's state, carry open incidents and those closed in the last
        that many days (None: all); the risk rules index older ones they reach from the projection's columns."""
        redact_websocket_frames()
        self.store = store
        self.budget = (budget or RelayLimits.from_settings()).fitted_to_descriptors()
        self.monotonic = monotonic  # rate limits
        self.by_address: Counter[str] = Counter()  # open connections per client address
        self._account_buckets: dict[str, TokenBucket] = {}
        self.tls = tls  # wss:// and https:// (the web field client needs a secure page on phones)
        self.clock = clock
        self.geofence = geofence
        self.limits = limits
        self.risk = risk  # the risk rules (预警) run in the writer
        self.closed_days = closed_days
        self.host = host
        self.requested_port = port
        self.advertise = advertise  # where clients reach this relay (standbys redirect there); "": from host/port
        self.readers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="relay-read")
        self.reads = RelayReads(reads, self.budget.query_threads)  # queries: their own threads and connection
        self.fanout = Fanout(lambda: self.writer.state)
        self.acks = AckWriter()
        self.presence = Presence(clock)
        self.desk_focus = DeskFocus(lambda: int(self.clock() * 1000))  # which desk has which incident open
        self.accounts = AccountGate(self, auth or AuthPolicy.from_settings(), clock, log_logins=log_logins)
        self.housekeeping_s = housekeeping_s  # how often expired sessions and locks are looked for
        self.writer: Writer | None = None
        self.max_batch = max_batch
        self.stats: Counter[str] = Counter()
        self.observers: list[Callable[[list[Event]], None]] = []  # more followers of committed batches (e码)
        self._server: Server | None = None
        self._writer_task: asyncio.Task | None = None
        self._housekeeping_task: asyncio.Task | None = None
        self.lease = LeaseKeeper(store, self.readers, lease_ms, self._fenced,
                                 commits=lambda: self.writer.committed_events if self.writer else 0)
        self.fenced = ""  # why the relay stopped writing: another relay took the writer lease
        self._lease_task: asyncio.Task | None = None
        self._fencing: asyncio.Future | None = None
        self._stopped = asyncio.Event()
        self.site = StaticSite()
        self.recordings = RecordingDesk(self, recordings)  # uploaded call recordings (None: kept nowhere)
        self.attachments = AttachmentDesk(self, attachments)  # notices' PDFs (None: kept nowhere)

    @property
    def port(self) -> int:
        """The port actually bound."""
        return self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self.host}:{self.port}"

    @property
    def advertised_url(self) -> str:
        """Where clients reach this relay: ``advertise``, else its URL (this machine's name for every address)."""
        if self.advertise:
            return self.advertise
        host = socket.getfqdn() if self.host in ("", "0.0.0.0", "::") else self.host
        return f"{'wss' if self.tls else 'ws'}://{host}:{self.port}"

    async def start(self, standby: bool = False) -> None:
        """Take the writer lock (a ``standby`` waits for it, redirecting clients to the writer meanwhile), load
        state from the database and start listening."""
        loop = asyncio.get_running_loop()
        door = StandbyDoor(self.store, self.readers, self.host, self.requested_port, self.tls) if standby else None
        if door is not None:
            self.requested_port = await door.open()  # the relay listens on the same port once it writes
        try:
            await self.lease.acquire(standby)
        finally:
            if door is not None:
                await door.close()
        self.store.checkpoint_in_background()  # SQLite: no commit of the writer's waits for a checkpoint
        self._lease_task = asyncio.create_task(self.lease.keep(), name="relay-lease")
        state = await loop.run_in_executor(self.readers, self.store.load_state, self.snapshot_since())
        self.accounts.secret = await loop.run_in_executor(self.readers, shared_secret, self.store.engine)
        self.fanout.published_seq = state.seq
        self.writer = Writer(self.store, state, max_batch=self.max_batch, clock=self.clock,
                             per_connection=self.budget.max_queued_per_connection,
                             watchdog=lambda st, now: Watchdog(st, now, geofence=self.geofence, limits=self.limits,
                                                               absent_since=self.presence.absent_since),
                             risk=self.risk, queue_budget_s=self.budget.queue_budget_ms / 1000,
                             monotonic=self.monotonic, closed_since=self.snapshot_since)
        self.writer.on_fenced = self._fenced
        self._writer_task = asyncio.create_task(self.writer.run(self._publish), name="relay-writer")
        self._housekeeping_task = asyncio.create_task(self._housekeeping(), name="relay-housekeeping")
        self._server = await serve(
            self._handle, self.host, self.requested_port,
            process_request=self._process_request,
            ssl=self.tls,
            compression=None,  # permessage-deflate costs 32-39% CPU on small frames (DESIGN.md)
            max_size=HARD_LIMIT,
            max_queue=64,
            ping_interval=20, ping_timeout=20,
        )
        await loop.run_in_executor(self.readers, self.store.advertise_writer, self.advertised_url)
        log.info("relay listening on %s (head seq %d, %s)", self.url, state.seq, self.store.dialect)

    def snapshot_since(self) -> int | None:
        """Closed incidents changed since then (ms) go into a snapshot and the writer's state; None: every one."""
        return None if self.closed_days is None else int(self.clock() * 1000) - int(self.closed_days * DAY_MS)

    def stop_on_signals(self) -> None:
        """Make SIGTERM and SIGINT stop the relay cleanly (call before announcing readiness)."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(self.stop()))

    async def serve_forever(self) -> None:
        """Run until :meth:`stop` (or a signal, after :meth:`stop_on_signals`)."""
        await self._stopped.wait()

    async def stop(self) -> None:
        """Stop accepting, close connections, finish queued commands, release the database — within a
        bounded time whatever state the writer or the database is in."""
        if self._stopped.is_set():
            return
        if self._server is not None:
            self._server.server.close()  # stop listening only; the (idempotent) Server.close() below closes clients
        for task in (self._housekeeping_task, self._lease_task):
            if task is not None:
                task.cancel()
        if self.writer is not None:
            await self._stop_writer()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(self.readers, self.store.release_writer_lock),
                                   self.budget.drain_timeout_s)
        except Exception as exc:  # the database is gone: the lock goes with its session or lock file
            log.warning("could not release the writer lock: %s", exc)
        self.readers.shutdown(wait=False, cancel_futures=True)
        self.reads.close()
        log.info("relay stopped at head seq %d", self.writer.state.seq if self.writer else 0)
        for sig in (signal.SIGTERM, signal.SIGINT):  # before the loop closes its wakeup socket under a late signal
            loop.remove_signal_handler(sig)
        self._stopped.set()

    async def _stop_writer(self) -> None:
        """Let queued commands finish for ``drain_timeout_s``, refuse what is left, stop the thread."""
        try:
            await asyncio.wait_for(self.writer.drain(), self.budget.drain_timeout_s)
        except TimeoutError:
            log.warning("shutdown: %d queued commands refused after %.0f s", self.writer.queue.qsize(),
                        self.budget.drain_timeout_s)
        self._writer_task.cancel()
        await asyncio.gather(self._writer_task, return_exceptions=True)
        loop = asyncio.get_running_loop()
        try:
            # the relay's own pool: under qasync the loop's default executor is made of QThreads
            stopping = loop.run_in_executor(self.readers, self.writer.shutdown)
            await asyncio.wait_for(stopping, self.budget.drain_timeout_s)
        except TimeoutError:
            log.warning("shutdown: the writer thread is still busy; leaving it")

    def account_bucket(self, actor: Actor) -> TokenBucket:
        """The frame budget all connections of one account share (one person, several windows)."""
        bucket = self._account_buckets.get(actor.account)
        if bucket is None:
            bucket = TokenBucket(*self.budget.commands_rate(actor.role), clock=self.monotonic)
            self._account_buckets[actor.account] = bucket
        return bucket

    def send_now(self, ws: ServerConnection, frame: dict) -> None:
        """Queue one frame to one connection without awaiting (used for acks from the writer): the
        frames of one loop turn leave together (:class:`AckWriter`)."""
        self.acks.send(ws, encode_utf8(frame))

    def health(self) -> dict:
        """``status`` is ok, ``degraded`` (the database failed; commands are refused until it is back)
        or ``error`` (the writer stopped: nothing will be committed); ``store`` says whether the database
        answered the last batch and lease renewal (``ok``) or not (``unavailable``)."""
        writer_done = self._writer_task is not None and self._writer_task.done()
        down = self.lease.failing or (self.writer is not None and (self.writer.stale or self.writer.store_down))
        status = "error" if writer_done else "degraded" if down else "ok"
        return {
            "status": status,
            "store": "unavailable" if down else "ok",
            "writer": (self.writer.stopped or "stopped") if writer_done else "running",
            "head": self.writer.state.seq if self.writer else 0,
            "connections": self.fanout.connection_count,
            "desks": len(self.presence.connections(DESK)),  # consoles (dispatcher, officer, chief) connected
            "queued": self.writer.queue.qsize() if self.writer else 0,
            "committed": self.writer.committed_events if self.writer else 0,
            "refused": self.stats["refused"],
            **({"overload": self.writer.overload, "queue_lag_ms": round(self.writer.queue.lag_s * 1000),
                "batches": self.writer.batches} if self.writer else {}),
            "database": self.store.dialect,
            "partition": self.store.partition,
        }

    async def _handle(self, ws: ServerConnection) -> None:
        code = requested(ws.request.path)
        if code is not None and code != self.store.partition:  # another partition's client: to its writer
            await send_to_writer(ws, self.store, self.readers, code)
            return
        address = _address(ws)
        self.by_address[address] += 1
        try:
            await ClientConnection(self, ws).serve()
        finally:
            self.by_address[address] -= 1
            if not self.by_address[address]:
                del self.by_address[address]

    def _publish(self, events: list[Event], changes: Changes) -> None:
        self.fanout.publish(events, changes)
        self.accounts.observe(events)
        for observe in self.observers:
            observe(events)

    def _fenced(self, why: str) -> None:
        """Another relay holds the writer lease now: drop every client at once, unanswered (they resend
        what is unacknowledged to the relay that writes now), and stop."""
        if self.fenced:
            return
        self.fenced = why
        if self._server is not None:
            for conn in list(self._server.connections):
                if conn.transport is not None:
                    conn.transport.abort()
        self._fencing = asyncio.ensure_future(self.stop())

    async def _housekeeping(self) -> None:
        pruned_at = -PRUNE_EVERY_S
        while True:
            if self.recordings.store is not None and self.monotonic() - pruned_at >= PRUNE_EVERY_S:
                pruned_at = self.monotonic()
                await asyncio.get_running_loop().run_in_executor(self.readers, self.recordings.store.prune)
            await asyncio.sleep(self.housekeeping_s)
            self.accounts.tick()

    def _process_request(self, connection: ServerConnection,
                         request: Request) -> Response | Awaitable[Response] | None:
        if request.path == "/healthz":
            health = self.health()
            code = HTTPStatus.OK if health["status"] == "ok" else HTTPStatus.SERVICE_UNAVAILABLE
            response = connection.respond(code, json.dumps(health) + "\n")
            del response.headers["Content-Type"]
            response.headers["Content-Type"] = "application/json"
            return response
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return self._admit(connection)
        if request.path.startswith(FILES):
            return self.attachments.respond(request)
        return self.site.respond(request)

    def _admit(self, connection: ServerConnection) -> Response | None:
        """Refuse a new websocket (503) past the total or the per-address connection cap."""
        total = sum(self.by_address.values())
        if total >= self.budget.max_connections:
            why = f"连接数已达上限 {self.budget.max_connections} / relay is full"
        elif self.by_address[_address(connection)] >= self.budget.max_per_address:
            why = f"该地址连接数已达上限 {self.budget.max_per_address} / too many connections from your address"
        else:
            return None
        self.stats["connections_refused"] += 1
        return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, why + "\n")


def _address(ws: ServerConnection) -> str:
    """The client's IP address (the port differs for every connection)."""
    remote = ws.remote_address
    return str(remote[0]) if remote else "?"
