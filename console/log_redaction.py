"""Keep message contents out of logs: at DEBUG the websockets library logs every frame it sends and
receives ("< TEXT '{...}'"), and an ``auth`` frame carries a password.

The filter rewrites data frames (text, binary, continuation) to their type and size before any handler
sees them; control frames (ping, pong, close with its reason) are logged as before.
"""

from __future__ import annotations

import logging

from websockets.frames import Frame, Opcode

WEBSOCKETS_LOGGERS = ("websockets.server", "websockets.client")
_DATA = frozenset({Opcode.TEXT, Opcode.BINARY, Opcode.CONT})


class FramePayloadFilter(logging.Filter):
    """Replace the payload of every data frame in a log record by its size."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(_is_data(a) for a in record.args):
            record.args = tuple(f"{a.opcode.name} [{len(a.data)} bytes, content not logged]" if _is_data(a) else a
                                for a in record.args)
        return True


def _is_data(arg: object) -> bool:
    return isinstance(arg, Frame) and arg.opcode in _DATA


def redact_websocket_frames() -> None:
    """Install :class:`FramePayloadFilter` on the websockets loggers (once; later calls do nothing)."""
    for name in WEBSOCKETS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, FramePayloadFilter) for f in logger.filters):
            logger.addFilter(FramePayloadFilter())
