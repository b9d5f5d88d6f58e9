"""A standby's door: while it waits for the writer lease it still listens on its port.

``/healthz`` answers 503 ``{"status": "standby", "writer": URL}``, and a client that connects is sent one
``redirect`` frame naming where the writer serves (the URL the writer put in its lease), then the
connection closes; with no live writer the connection just closes, to be retried. So a console or phone
given any relay's address finds the writer, and nobody is served by a relay that may not write. When the
standby takes the lease the door closes and the relay listens on the same port.

A client names its partition in the path (``/p/CODE``, :mod:`console.store.partition`); a writing relay sends
a client of a partition it does not write to that partition's writer the same way (:func:`send_to_writer`).
"""

from __future__ import annotations

import asyncio
import json
import ssl
from concurrent.futures import Executor
from http import HTTPStatus

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from console.domain.errors import DomainError
from console.protocol import messages as m
from console.store.partition import client_url, requested
from console.store.store import Store

TRY_AGAIN_LATER = 1013  # RFC 6455 close code: no writer right now
POLICY_VIOLATION = 1008  # RFC 6455 close code: no such partition


class StandbyDoor:
    """Listens on ``host``:``port`` (0: any free port) until :meth:`close`."""

    def __init__(self, store: Store, executor: Executor | None, host: str, port: int,
                 tls: ssl.SSLContext | None) -> None:
        self.store, self.executor = store, executor
        self.host, self.requested_port, self.tls = host, port, tls
        self._server: Server | None = None

    async def open(self) -> int:
        """Start listening; the port bound."""
        self._server = await serve(self._handle, self.host, self.requested_port, ssl=self.tls, compression=None,
                                   process_request=self._process_request, max_size=4096)
        return self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _writer_url(self) -> str:
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, self.store.writer_url)
        except Exception:  # the database is unreachable: no writer to name
            return ""

    async def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path != "/healthz":
            return None
        body = json.dumps({"status": "standby", "writer": await self._writer_url()})
        response = connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, body + "\n")
        del response.headers["Content-Type"]
        response.headers["Content-Type"] = "application/json"
        return response

    async def _handle(self, ws: ServerConnection) -> None:
        await send_to_writer(ws, self.store, self.executor, requested(ws.request.path) or self.store.partition)


async def send_to_writer(ws: ServerConnection, store: Store, executor: Executor | None, code: str) -> None:
    """Answer a client of partition ``code``, which this relay does not write: one ``redirect`` frame to where
    that partition's writer serves, then close; with no live writer just close (to be retried); a partition the
    database does not have is refused (``E_PARTITION``)."""
    try:
        url = await asyncio.get_running_loop().run_in_executor(executor, store.partition_writer_url, code)
    except Exception:  # the database is unreachable: no writer to name
        url = ""
    if url is None:
        await ws.send(m.encode(m.error(None, DomainError("E_PARTITION", code))))
        await ws.close(POLICY_VIOLATION, "no such partition")
    elif url:
        await ws.send(m.encode(m.redirect(client_url(url, code))))
        await ws.close(1000, "redirect")
    else:
        await ws.close(TRY_AGAIN_LATER, "standby: no writer")
