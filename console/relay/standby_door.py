"""A standby's door: while it waits for the writer lease it still listens on its port.

``/healthz`` answers 503 ``{"status": "standby", "writer": URL}``, and a client that connects is sent one
``redirect`` frame naming where the writer serves (the URL the writer put in its lease), then the
connection closes; with no live writer the connection just closes, to be retried. So a console or phone
given any relay's address finds the writer, and nobody is served by a relay that may not write. When the
standby takes the lease the door closes and the relay listens on the same port.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from concurrent.futures import Executor
from http import HTTPStatus

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from console.protocol import messages as m
from console.store.store import Store

TRY_AGAIN_LATER = 1013  # RFC 6455 close code: no writer right now


class StandbyDoor:
    """Listens on ``host``:``port`` (0: any free port) until :meth:`close`."""

    def __init__(self, store: Store, executor: Executor, host: str, port: int, tls: ssl.SSLContext | None) -> None:
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
        url = await self._writer_url()
        if url:
            await ws.send(m.encode(m.redirect(url)))
            await ws.close(1000, "redirect")
        else:
            await ws.close(TRY_AGAIN_LATER, "standby: no writer")
