"""One log line per condition, not one per frame: a flood of the same failure logs once, then a count.

``ConditionLog.report("commit failed", exc)`` logs the first occurrence (with its traceback when an
exception is given) and then at most one summary line per ``interval`` seconds saying how many more
happened. Safe to call from any thread. An exception ``quiet`` admits (the database is down: not a bug)
is logged as one line without its traceback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from console.store.outage import describe


class ConditionLog:
    """Rate-limited logging keyed by condition name."""

    def __init__(self, logger: logging.Logger, interval: float = 60.0,
                 clock: Callable[[], float] = time.monotonic,
                 quiet: Callable[[BaseException], bool] = lambda exc: False) -> None:
        self._log = logger
        self._quiet = quiet
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}

    def report(self, condition: str, exc: BaseException | None = None, *, level: int = logging.WARNING) -> None:
        """Note one occurrence of ``condition``; log it if it is new or the interval has passed."""
        now = self._clock()
        with self._lock:
            last = self._last.get(condition)
            if last is not None and now - last < self._interval:
                self._suppressed[condition] = self._suppressed.get(condition, 0) + 1
                return
            self._last[condition] = now
            more = self._suppressed.pop(condition, 0)
        suffix = f" (另有 {more} 次 / {more} more since last logged)" if more else ""
        if exc is not None and self._quiet(exc):
            self._log.log(level, "%s: %s%s", condition, describe(exc), suffix)
            return
        self._log.log(level, "%s%s", condition, suffix, exc_info=exc)

    def clear(self, condition: str, message: str) -> None:
        """The condition is over: log ``message`` once if it had been reported."""
        with self._lock:
            if self._last.pop(condition, None) is None:
                return
            self._suppressed.pop(condition, None)
        self._log.info("%s", message)
