"""Acknowledgements leave in one socket write per connection per loop turn.

A committed batch resolves every command in it at once; answering each with its own write costs one
``send()`` system call per command, the largest single cost of a relay under a stream of positions.
:class:`AckWriter` queues the encoded frames of one loop turn per connection and writes them together
on the next turn: the same WebSocket frames, in the same order, in one write. Connections that are no
longer open are skipped, as :func:`websockets.asyncio.server.broadcast` does.
"""

from __future__ import annotations

import asyncio
import logging

from websockets.asyncio.server import ServerConnection
from websockets.protocol import State

log = logging.getLogger(__name__)


class AckWriter:
    """Frames queued with :meth:`send` during one loop turn go out in one write per connection."""

    def __init__(self) -> None:
        self._pending: dict[ServerConnection, list[bytes]] = {}
        self.writes = 0  # socket writes made (tests and benches compare it with frames sent)

    def send(self, ws: ServerConnection, text: bytes) -> None:
        """Queue ``text`` (UTF-8) as one text frame to ``ws``; written on the next loop turn."""
        if not self._pending:
            asyncio.get_running_loop().call_soon(self.flush)
        self._pending.setdefault(ws, []).append(text)

    def flush(self) -> None:
        """Write every queued frame now."""
        pending, self._pending = self._pending, {}
        for ws, frames in pending.items():
            if ws.protocol.state is not State.OPEN or ws.send_in_progress is not None or ws.transport is None:
                continue
            try:
                for frame in frames:
                    ws.protocol.send_text(frame)
                data = ws.protocol.data_to_send()
                ws.transport.write(b"".join(data))
                self.writes += 1
            except Exception as exc:  # as broadcast: one broken connection does not stop the others
                log.warning("acknowledgements to %s not written: %s", ws.remote_address, exc)
