"""The public e码 listener: a small HTTP/1.1 server (an ``asyncio.Protocol``) inside the relay process, on its own port.

The relay's websocket port only takes GET; this one takes the public page, its assets and the two
POSTs. It is separate so that a firewall can expose only it. Keep-alive (pipelined requests are answered
in turn), a request head of at most 16 KiB, bodies by ``Content-Length`` up to 64 KiB (more is refused
before it is read; chunked bodies are refused), deadlines for a request's arrival, the reply's delivery
and an idle connection, TLS when the relay has it.

Lean on purpose: it shares the relay's event loop (and core) with the field's positions, so a page scan
is parsed with a few byte operations and answered from ``data_received`` without a task or a timer of its
own (one sweep a second enforces every connection's deadline); only a request that waits for the writer
or the store runs as a task.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import logging
import re
import ssl
from dataclasses import dataclass

from console.ecode.api import MAX_BODY, PublicApi
from console.ecode.reply import Reply, refusal
from console.ecode.scans import FLUSH_S

log = logging.getLogger(__name__)
READ_TIMEOUT_S = 10.0  # for a request once it has started, and for its reply to be taken
IDLE_TIMEOUT_S = 30.0  # between requests of one connection
SWEEP_S = 1.0  # how often the deadlines are checked
MAX_CONNECTIONS = 1000
MAX_HEAD = 16 * 1024
TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
TARGET = re.compile(rb"/[\x21-\x7e]*")
TOO_LARGE = "提交内容过大（照片请小于约35KB）"
MALFORMED = "请求格式错误"


class PublicListener:
    """Serves :class:`PublicApi` on ``host:port`` (0 picks a free port)."""

    def __init__(self, api: PublicApi, host: str, port: int, *, tls: ssl.SSLContext | None = None) -> None:
        self.api = api
        self.host, self.requested_port, self.tls = host, port, tls
        self._server: asyncio.Server | None = None
        self._connections: set[_Connection] = set()
        self._tasks: list[asyncio.Task] = []

    @property
    def port(self) -> int:
        return self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    async def start(self) -> None:
        self.api.load()
        self.api.relay.observers.append(self.api.observe)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _Connection(self), self.host, self.requested_port,
                                                ssl=self.tls)
        self._tasks = [asyncio.create_task(self._flush_scans()), asyncio.create_task(self._sweep())]
        log.info("public e-code listener on %s", self.url)

    async def _flush_scans(self) -> None:
        """Commit the plate page views once a minute (人流热力)."""
        while True:
            await asyncio.sleep(FLUSH_S)
            await self.api.flush_scans()

    async def _sweep(self) -> None:
        """Close the connections past their deadline."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(SWEEP_S)
            now = loop.time()
            for conn in [c for c in self._connections if c.deadline < now]:
                conn.transport.abort()

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        with contextlib.suppress(Exception):  # the last minute's views, if the writer still takes them
            await asyncio.wait_for(self.api.flush_scans(), 5)
        for conn in list(self._connections):
            conn.transport.abort()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 5)
        with contextlib.suppress(ValueError):
            self.api.relay.observers.remove(self.api.observe)


@dataclass(slots=True)
class _Request:
    """A parsed request head: what :meth:`PublicApi.handle` needs and how the connection goes on."""

    method: str
    target: str
    length: int
    keep_alive: bool


class _BadRequest(Exception):
    def __init__(self, status: int, reason: str) -> None:
        self.status, self.reason = status, reason


def parse_head(head: bytes) -> _Request:
    """The request line and headers (without the blank line); :class:`_BadRequest` when malformed."""
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or not TOKEN.fullmatch(parts[0]) or not TARGET.fullmatch(parts[1]) \
            or parts[2] not in (b"HTTP/1.1", b"HTTP/1.0"):
        raise _BadRequest(400, MALFORMED)
    length: bytes | None = None
    connection = b""
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not TOKEN.fullmatch(name):
            raise _BadRequest(400, MALFORMED)
        name, value = name.lower(), value.strip(b" \t")
        if name == b"content-length":
            if not value.isdigit() or (length is not None and value != length):
                raise _BadRequest(400, MALFORMED)
            length = value
        elif name == b"transfer-encoding":
            raise _BadRequest(411, "请求须注明内容长度（Content-Length）")
        elif name == b"connection":
            connection = value.lower()
    size = int(length) if length is not None else 0
    if size > MAX_BODY:
        raise _BadRequest(400, TOO_LARGE)
    keep_alive = b"close" not in connection if parts[2] == b"HTTP/1.1" else b"keep-alive" in connection
    return _Request(parts[0].decode("ascii"), parts[1].decode("ascii"), size, keep_alive)


def encode_reply(reply: Reply, *, close: bool, head: bool) -> bytes:
    """The reply as it goes on the wire (no body for HEAD)."""
    try:
        phrase = http.HTTPStatus(reply.status).phrase
    except ValueError:
        phrase = ""
    lines = [f"HTTP/1.1 {reply.status} {phrase}", *(f"{k}: {v}" for k, v in reply.headers),
             f"Content-Length: {len(reply.body)}"]
    if close:
        lines.append("Connection: close")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return data if head else data + reply.body


class _Connection(asyncio.Protocol):
    """One client connection: requests are parsed as they arrive and answered in turn."""

    def __init__(self, listener: PublicListener) -> None:
        self.listener = listener
        self.loop = asyncio.get_running_loop()
        self.transport: asyncio.Transport | None = None
        self.client_ip = "?"
        self.buffer = bytearray()
        self.request: _Request | None = None  # its head is in; its body is awaited
        self.answering: asyncio.Task | None = None  # a reply waiting for the writer or the store
        self.blocked = False  # the client does not take what is written
        self.closing = False
        self.deadline = self.loop.time() + IDLE_TIMEOUT_S

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.client_ip = str(peer[0]) if peer else "?"
        if len(self.listener._connections) >= MAX_CONNECTIONS:
            transport.abort()
            return
        self.listener._connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closing = True
        self.listener._connections.discard(self)
        if self.answering is not None:
            self.answering.cancel()

    def data_received(self, data: bytes) -> None:
        if not self.buffer and self.request is None and self.answering is None:
            self.deadline = self.loop.time() + READ_TIMEOUT_S  # a request starts
        self.buffer += data
        self._serve()

    def pause_writing(self) -> None:
        self.blocked = True
        self.transport.pause_reading()
        self.deadline = self.loop.time() + READ_TIMEOUT_S

    def resume_writing(self) -> None:
        self.blocked = False
        if not self.closing and self.answering is None:
            self.transport.resume_reading()
            self.deadline = self.loop.time() + (READ_TIMEOUT_S if self.buffer else IDLE_TIMEOUT_S)
            self._serve()

    def _serve(self) -> None:
        """Answer the complete requests in the buffer, in turn, until one must wait."""
        while not (self.closing or self.blocked or self.answering is not None):
            if self.request is None:
                while self.buffer.startswith(b"\r\n"):  # blank lines before a request line are ignored (RFC 9112)
                    del self.buffer[:2]
                end = self.buffer.find(b"\r\n\r\n", 0, MAX_HEAD + 4)
                if end < 0:
                    if len(self.buffer) > MAX_HEAD:
                        self._finish(refusal(400, MALFORMED), close=True)
                    return
                head = bytes(self.buffer[:end])
                del self.buffer[:end + 4]
                try:
                    self.request = parse_head(head)
                except _BadRequest as why:
                    self._finish(refusal(why.status, why.reason), close=True)
                    return
            request = self.request
            if len(self.buffer) < request.length:
                return
            body = bytes(self.buffer[:request.length])
            del self.buffer[:request.length]
            self._answer(request, body)

    def _answer(self, request: _Request, body: bytes) -> None:
        try:
            reply = self.listener.api.handle(request.method, request.target, body, self.client_ip)
        except Exception:
            log.exception("public listener: unexpected error")
            self.transport.close()
            self.closing = True
            return
        if isinstance(reply, Reply):
            self._finish(reply)
            return
        self.transport.pause_reading()
        self.answering = self.loop.create_task(reply)
        self.answering.add_done_callback(self._answered)
        self.deadline = float("inf")  # the api bounds its own waits

    def _answered(self, task: asyncio.Task) -> None:
        self.answering = None
        if self.closing or task.cancelled():
            return
        if task.exception() is not None:
            log.error("public listener: unexpected error", exc_info=task.exception())
            self.transport.close()
            self.closing = True
            return
        self._finish(task.result())
        if not (self.closing or self.blocked):
            self.transport.resume_reading()
            self._serve()

    def _finish(self, reply: Reply, *, close: bool = False) -> None:
        """Send ``reply`` to the request being answered (or to a head that could not be parsed)."""
        request, self.request = self.request, None
        close = close or request is None or not request.keep_alive
        self.transport.write(encode_reply(reply, close=close, head=request is not None and request.method == "HEAD"))
        if close:
            self.closing = True
            self.transport.close()
        elif not self.blocked:
            self.deadline = self.loop.time() + (READ_TIMEOUT_S if self.buffer else IDLE_TIMEOUT_S)
