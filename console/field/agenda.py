"""An agenda of things to do at simulated times, so a tick touches only what is due."""

from __future__ import annotations

import heapq
import itertools
from typing import Generic, TypeVar

T = TypeVar("T")


class Agenda(Generic[T]):
    """A min-heap of ``(when, item)``; items due at the same time come out in the order they went in."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, T]] = []
        self._order = itertools.count()

    def at(self, when: float, item: T) -> None:
        heapq.heappush(self._heap, (when, next(self._order), item))

    def due(self, now: float) -> list[T]:
        """Remove and return every item due at or before ``now``."""
        out = []
        while self._heap and self._heap[0][0] <= now:
            out.append(heapq.heappop(self._heap)[2])
        return out

    def clear(self) -> None:
        self._heap.clear()
