"""The wall clock in epoch milliseconds, one for the whole program and replaceable in tests.

Code that needs "now" calls :func:`now_ms`; a test installs a :class:`ManualClock` with
:func:`use_clock` and moves it by hand. Deciders and the reducer never read the clock: they are
given ``now_ms`` by whoever calls them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Clock(Protocol):
    def now_ms(self) -> int: ...


class SystemClock:
    """The computer's clock."""

    def now_ms(self) -> int:
        return int(time.time() * 1000)


class ManualClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at_ms: int = 0) -> None:
        self.at_ms = at_ms

    def now_ms(self) -> int:
        return self.at_ms

    def advance(self, ms: int) -> None:
        self.at_ms += ms


_clock: Clock = SystemClock()


def now_ms() -> int:
    """Milliseconds since the epoch, by the installed clock."""
    return _clock.now_ms()


def now_s() -> float:
    """Seconds since the epoch, by the installed clock (for APIs counted in seconds)."""
    return _clock.now_ms() / 1000


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """Install ``clock`` for the duration of the ``with`` block."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield clock
    finally:
        _clock = previous
