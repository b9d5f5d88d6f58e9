"""A bounded queue that serves its senders in turn, so one flooding connection cannot delay the rest.

Items wait in one FIFO per owner (a connection); :meth:`FairQueue.take` builds a batch by taking
one item from each owner in rotation. A sender that has queued ``per_owner`` items is refused
(E_RATE) while everyone else still gets in; the total is bounded by ``maxsize`` (E_OVERLOADED).
Used on the event loop only.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict, deque
from collections.abc import Hashable
from typing import Generic, TypeVar

from console.domain.errors import DomainError

T = TypeVar("T")


class FairQueue(Generic[T]):
    """Round-robin over owners; ``join`` waits until every taken item has been marked done."""

    def __init__(self, maxsize: int, per_owner: int) -> None:
        self.maxsize = maxsize
        self.per_owner = per_owner
        self._queues: OrderedDict[Hashable, deque[T]] = OrderedDict()
        self._size = 0
        self._unfinished = 0
        self._ready = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()

    def qsize(self) -> int:
        return self._size

    def empty(self) -> bool:
        return self._size == 0

    def put(self, owner: Hashable, item: T) -> None:
        """Queue ``item`` for ``owner`` or refuse: E_RATE past the owner's share, E_OVERLOADED when full."""
        if self._size >= self.maxsize:
            raise DomainError("E_OVERLOADED", f"队列已满 {self.maxsize}", retry_after=1.0)
        queue = self._queues.get(owner)
        if queue is None:
            queue = self._queues[owner] = deque()
        elif len(queue) >= self.per_owner:
            raise DomainError("E_RATE", f"待处理命令过多 (>{self.per_owner})", retry_after=1.0)
        queue.append(item)
        self._size += 1
        self._unfinished += 1
        self._idle.clear()
        self._ready.set()

    async def wait(self, timeout: float | None) -> None:
        """Return when an item is waiting, or after ``timeout`` seconds (None: no limit)."""
        if self._size:
            return
        self._ready.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout)

    def take(self, limit: int) -> list[T]:
        """Up to ``limit`` items, one per owner in turn (owners with more wait for the next round)."""
        batch: list[T] = []
        while self._queues and len(batch) < limit:
            for owner in list(self._queues):
                queue = self._queues[owner]
                batch.append(queue.popleft())
                if queue:
                    self._queues.move_to_end(owner)
                else:
                    del self._queues[owner]
                if len(batch) >= limit:
                    break
        self._size -= len(batch)
        return batch

    def drain_all(self) -> list[T]:
        """Remove and return everything still waiting (shutdown refuses them)."""
        return self.take(self._size)

    def done(self, count: int) -> None:
        """``count`` taken items are finished."""
        self._unfinished -= count
        if self._unfinished <= 0:
            self._unfinished = 0
            self._idle.set()

    async def join(self) -> None:
        """Wait until every queued item has been taken and finished."""
        await self._idle.wait()
