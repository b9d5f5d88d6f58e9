"""A command's answer slot that calls back at once: no future per command on the hot path.

The writer answers a whole batch in one loop turn. An :class:`asyncio.Future` would schedule each
command's done-callback as its own loop callback (one ``call_soon`` each); a :class:`Reply` runs it
right there, in the writer's turn on the event loop. It offers the part of the Future interface the
writer uses (``done``, ``set_result``, ``set_exception``, ``add_done_callback``, ``cancelled``,
``exception``, ``result``) and is never awaited.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)
_UNSET = object()


class Reply:
    """Set once; callbacks added before run when it is set, those added after run at once."""

    __slots__ = ("_callbacks", "_error", "_value")

    def __init__(self) -> None:
        self._value = _UNSET
        self._error: BaseException | None = None
        self._callbacks: list[Callable[[Reply], object]] = []

    def done(self) -> bool:
        return self._value is not _UNSET or self._error is not None

    def cancelled(self) -> bool:
        return False

    def set_result(self, value: object) -> None:
        self._value = value
        self._run()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._run()

    def exception(self) -> BaseException | None:
        return self._error

    def result(self) -> object:
        if self._error is not None:
            raise self._error
        return self._value

    def add_done_callback(self, callback: Callable[[Reply], object]) -> None:
        if self.done():
            self._call(callback)
        else:
            self._callbacks.append(callback)

    def _run(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            self._call(callback)

    def _call(self, callback: Callable[[Reply], object]) -> None:
        try:
            callback(self)
        except Exception:  # as the event loop does for a future's callback: logged, the others still run
            log.exception("reply callback failed")
