"""The public e码 listener: a small HTTP/1.1 server (asyncio + h11) inside the relay process, on its own port.

The relay's websocket port only takes GET; this one takes the public page, its assets and the two
POSTs. It is separate so that a firewall can expose only it. Keep-alive, bodies up to 64 KiB (more is
refused before it is read), a deadline on every read, TLS when the relay has it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl

import h11

from console.ecode.api import MAX_BODY, PublicApi
from console.ecode.reply import Reply, refusal
from console.ecode.scans import FLUSH_S

log = logging.getLogger(__name__)
READ_TIMEOUT_S = 10.0  # for a request once it has started
IDLE_TIMEOUT_S = 30.0  # between requests of one connection
MAX_CONNECTIONS = 1000


class PublicListener:
    """Serves :class:`PublicApi` on ``host:port`` (0 picks a free port)."""

    def __init__(self, api: PublicApi, host: str, port: int, *, tls: ssl.SSLContext | None = None) -> None:
        self.api = api
        self.host, self.requested_port, self.tls = host, port, tls
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task] = set()
        self._flusher: asyncio.Task | None = None

    @property
    def port(self) -> int:
        return self._server.sockets[0].getsockname()[1]

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    async def start(self) -> None:
        self.api.load()
        self.api.relay.observers.append(self.api.observe)
        self._server = await asyncio.start_server(self._serve, self.host, self.requested_port, ssl=self.tls,
                                                  limit=MAX_BODY)
        self._flusher = asyncio.create_task(self._flush_scans())
        log.info("public e-code listener on %s", self.url)

    async def _flush_scans(self) -> None:
        """Commit the plate page views once a minute (人流热力)."""
        while True:
            await asyncio.sleep(FLUSH_S)
            await self.api.flush_scans()

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
            with contextlib.suppress(Exception):  # the last minute's views, if the writer still takes them
                await asyncio.wait_for(self.api.flush_scans(), 5)
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._server.wait_closed(), 5)
        with contextlib.suppress(ValueError):
            self.api.relay.observers.remove(self.api.observe)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._connections.add(task)
        peer = writer.get_extra_info("peername")
        client_ip = str(peer[0]) if peer else "?"
        try:
            if len(self._connections) > MAX_CONNECTIONS:
                return
            await _Exchange(self.api, reader, writer, client_ip).run()
        except (ConnectionError, TimeoutError, ssl.SSLError, h11.ProtocolError):
            pass
        except Exception:
            log.exception("public listener: unexpected error")
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 2)


class _Exchange:
    """One connection: requests in turn until either side closes."""

    def __init__(self, api: PublicApi, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 client_ip: str) -> None:
        self.api, self.reader, self.writer, self.client_ip = api, reader, writer, client_ip
        self.conn = h11.Connection(h11.SERVER, max_incomplete_event_size=16 * 1024)

    async def run(self) -> None:
        while True:
            try:
                event = await self._next(IDLE_TIMEOUT_S)
            except h11.RemoteProtocolError:
                await self._send(refusal(400, "请求格式错误"), close=True)
                return
            if isinstance(event, h11.ConnectionClosed) or event is None:
                return
            if not isinstance(event, h11.Request):
                return
            reply = await self._answer(event)
            await self._send(reply, close=reply.status == 400 and self.conn.their_state is not h11.DONE,
                             head=event.method == b"HEAD")
            if self.conn.our_state is h11.MUST_CLOSE or self.conn.their_state is not h11.DONE:
                return
            self.conn.start_next_cycle()

    async def _answer(self, request: h11.Request) -> Reply:
        length = next((v for k, v in request.headers if k == b"content-length"), b"0")
        if not length.isdigit() or int(length) > MAX_BODY:
            return refusal(400, "提交内容过大（照片请小于约35KB）")
        body = bytearray()
        while True:
            event = await self._next(READ_TIMEOUT_S)
            if isinstance(event, h11.Data):
                body += event.data
                if len(body) > MAX_BODY:
                    return refusal(400, "提交内容过大（照片请小于约35KB）")
            elif isinstance(event, h11.EndOfMessage):
                break
            else:
                raise ConnectionError("closed mid-request")
        target = request.target.decode("ascii", "replace")
        return await self.api.handle(request.method.decode("ascii", "replace"), target, bytes(body), self.client_ip)

    async def _next(self, timeout: float):
        while True:
            event = self.conn.next_event()
            if event is h11.NEED_DATA:
                async with asyncio.timeout(timeout):  # no task per read, as wait_for would make
                    data = await self.reader.read(16 * 1024)
                self.conn.receive_data(data)
                continue
            return event

    async def _send(self, reply: Reply, *, close: bool = False, head: bool = False) -> None:
        headers = [*reply.headers, ("Content-Length", str(len(reply.body)))]
        if close:
            headers.append(("Connection", "close"))
        data = self.conn.send(h11.Response(status_code=reply.status, headers=headers))
        if reply.body and not head:
            data += self.conn.send(h11.Data(data=reply.body))
        data += self.conn.send(h11.EndOfMessage())
        self.writer.write(data)
        async with asyncio.timeout(READ_TIMEOUT_S):
            await self.writer.drain()
