"""``Loader``: runs replay reads on one background thread and hands the results back on the GUI thread.

One worker thread, so the replay engine is never called from two threads at once; each job has a
token and a name, and its result comes back through :attr:`Loader.finished` (a queued signal).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Loader(QObject):
    """Submit ``fn`` with :meth:`submit`; :attr:`finished` (kind, token, result, error) arrives on the GUI thread."""

    finished = Signal(str, int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="replay-loader")
        self._closed = False
        self._queued: list[tuple[str, Future]] = []

    def submit(self, kind: str, token: int, fn: Callable, *args) -> None:
        """Run ``fn(*args)`` in the background; report it as ``kind`` with ``token``."""
        if self._closed:
            return
        future = self._pool.submit(fn, *args)
        self._queued = [(k, f) for k, f in self._queued if not f.done()] + [(kind, future)]
        future.add_done_callback(lambda f: self._report(kind, token, f))

    def drop_queued(self, kinds: tuple[str, ...]) -> None:
        """Cancel the jobs of these kinds that have not started (they are never reported)."""
        for kind, future in self._queued:
            if kind in kinds:
                future.cancel()

    def close(self) -> None:
        """Stop taking jobs; a running one finishes but is not reported."""
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _report(self, kind: str, token: int, future: Future) -> None:
        if self._closed or future.cancelled():
            return
        error = future.exception()
        if error is not None:
            log.error("replay %s failed", kind, exc_info=error)
        with contextlib.suppress(RuntimeError):  # the Qt object is gone (window closed while loading)
            self.finished.emit(kind, token, None if error else future.result(), error)
