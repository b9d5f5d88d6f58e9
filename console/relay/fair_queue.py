"""A bounded queue that serves its senders in turn, commands before positions, and no item for long.

Items wait in one FIFO per owner (a connection) in one of two lanes: commands (urgent) and positions
(bulk). :meth:`FairQueue.take` empties the command lane first, one item from each owner in rotation,
then fills the batch from the position lane the same way, so a desk's command never waits behind a
flood of positions. A bulk item may carry a coalescing key (a worker): under pressure a newer item
with the same key takes the older one's place instead of queueing behind it, and the older is handed
back to the caller (without pressure every fix is kept: a phone's offline track is replayed whole).

Time bounds the queue: an item that has waited longer than ``budget_s`` when the writer would take it
is returned as expired instead (the writer refuses it, undecided). Pressure is the positions' wait
(the oldest of the last batch, or how long since the writer last took while positions wait) or their
depth against what the writer drains in the same time. A connection that sends positions is read
while no more than a batch is waiting or its oldest waiting position has waited less than ``HOLD_S``,
and the queue is not under pressure (:meth:`held`): each sender is read in turn as the writer takes its
positions, and the rest waits in its socket. Past a quarter of the budget what the senders do send
coalesces (:meth:`pressed`); past half of it new positions are refused before they are queued
(:meth:`overloaded`). Once the drain rate is known, a batch holds at most ``BATCH_S`` of positions, so
a command that arrives while the writer is busy waits for that long at most, and a quarter of it for
the positions of its own batch.

A sender that has queued ``per_owner`` items is refused (E_RATE) while everyone else still gets in;
the total is bounded by ``maxsize`` (E_OVERLOADED). Used on the event loop only.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from console.domain.errors import DomainError

T = TypeVar("T")
RATE_WEIGHT = 0.2  # weight of the newest drain-rate sample in the moving average
BATCH_S = 0.05  # the positions of one batch take about this long to process
MIN_BATCH = 100
HOLD_S = 1.5 * BATCH_S  # a sender of positions is read while its oldest waiting one has waited less than this


@dataclass(slots=True)
class _Slot(Generic[T]):
    item: T
    since: float  # when the item now in the slot arrived (monotonic seconds)
    key: Hashable | None = None


class _Lane(Generic[T]):
    """Per-owner FIFOs served round-robin."""

    def __init__(self) -> None:
        self.owners: OrderedDict[Hashable, deque[_Slot[T]]] = OrderedDict()
        self.size = 0

    def take(self, limit: int, keep: Callable[[_Slot[T]], bool], out: list[T], expired: list[T]) -> float:
        """Move up to ``limit - len(out)`` kept items to ``out`` (the rest to ``expired``), one per owner
        in turn; returns the longest wait among them (an arrival time difference is the caller's)."""
        oldest = math.inf
        while self.owners and len(out) < limit:
            for owner in list(self.owners):
                queue = self.owners[owner]
                slot = queue.popleft()
                self.size -= 1
                if keep(slot):
                    out.append(slot.item)
                    oldest = min(oldest, slot.since)
                else:
                    expired.append(slot.item)
                if queue:
                    self.owners.move_to_end(owner)
                else:
                    del self.owners[owner]
                if len(out) >= limit:
                    break
        return oldest


class FairQueue(Generic[T]):
    """Two lanes round-robin over owners; ``join`` waits until every taken item has been marked done."""

    def __init__(self, maxsize: int, per_owner: int, *, budget_s: float = math.inf,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.maxsize = maxsize
        self.per_owner = per_owner
        self.budget_s = budget_s
        self._clock = clock
        self._urgent: _Lane[T] = _Lane()
        self._bulk: _Lane[T] = _Lane()
        self._by_key: dict[Hashable, _Slot[T]] = {}
        self._unfinished = 0
        self._ready = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self.lag_s = 0.0  # how long the oldest position of the last batch had waited
        self.rate = 0.0  # positions taken per second while the writer was busy (moving average)
        self._last_take: tuple[float, int] | None = None  # (time, positions taken) when more were left waiting
        self._taken_at = clock()  # when the writer last took a batch, or positions began to wait
        self._took = asyncio.Event()  # set by each take (senders held back look again), then replaced
        self._batch = MIN_BATCH  # the positions the last take could hold: a sender is held only beyond them

    def qsize(self) -> int:
        return self._urgent.size + self._bulk.size

    def empty(self) -> bool:
        return self.qsize() == 0

    def queued(self, key: Hashable) -> T | None:
        """The newest bulk item waiting under coalescing ``key``, if any."""
        slot = self._by_key.get(key)
        return slot.item if slot is not None else None

    def pressed(self) -> bool:
        """Whether positions should coalesce: they wait past a quarter of the budget, or the position
        lane holds more than the writer drains in a quarter of it."""
        return self._pressure(4)

    def overloaded(self) -> bool:
        """Whether a new position should be refused before queueing: positions wait past half the
        budget, or the position lane holds more than the writer drains in half of it."""
        return self._pressure(2)

    def held(self, owner: Hashable) -> bool:
        """Whether ``owner``, a sender of positions, should not be read now: more positions wait than the
        writer's next batch takes and its oldest has waited ``HOLD_S``, or the queue is under pressure. The
        writer takes the senders' positions in turn, so each is read again as its own are taken and the rest
        waits in its socket; a writer that waits on its commits (PostgreSQL) still gets full batches."""
        mine = self._bulk.owners.get(owner)
        if mine is None:
            return False
        if self._bulk.size > self._batch and self._clock() - mine[0].since > HOLD_S:
            return True
        return self.pressed()

    async def relieved(self, owner: Hashable, timeout: float) -> None:
        """Return once ``owner`` is not :meth:`held` (looked at after each take), or after ``timeout`` s."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self.held(owner):
                    await self._took.wait()

    def _pressure(self, fraction: int) -> bool:
        if not self._bulk.size:
            return False
        waited = max(self.lag_s, self._clock() - self._taken_at)
        return waited > self.budget_s / fraction or 0 < self.rate * self.budget_s / fraction < self._bulk.size

    def put(self, owner: Hashable, item: T, *, bulk: bool = False, key: Hashable | None = None,
            coalesce: bool = False) -> T | None:
        """Queue ``item`` for ``owner`` (in the position lane when ``bulk``) or refuse: E_RATE past the
        owner's share, E_OVERLOADED when full. With ``coalesce``, a bulk item whose ``key`` is already
        waiting takes that slot instead; the item it replaced is returned (answer it), else None."""
        now = self._clock()
        if coalesce and key is not None:
            slot = self._by_key.get(key)
            if slot is not None:
                replaced, slot.item, slot.since = slot.item, item, now
                return replaced
        if self.qsize() >= self.maxsize:
            raise DomainError("E_OVERLOADED", f"队列已满 {self.maxsize}", retry_after=1.0)
        lane = self._bulk if bulk else self._urgent
        if bulk and not lane.size:  # the positions had all been taken: whatever they waited is over
            self.lag_s, self._taken_at = 0.0, now
        queue = lane.owners.get(owner)
        if queue is None:
            queue = lane.owners[owner] = deque()
        elif len(queue) >= self.per_owner:
            raise DomainError("E_RATE", f"待处理命令过多 (>{self.per_owner})", retry_after=1.0)
        slot = _Slot(item, now, key if bulk else None)
        queue.append(slot)
        if slot.key is not None:
            self._by_key[slot.key] = slot
        lane.size += 1
        self._unfinished += 1
        self._idle.clear()
        self._ready.set()
        return None

    async def wait(self, timeout: float | None) -> None:
        """Return when an item is waiting, or after ``timeout`` seconds (None: no limit)."""
        if self.qsize():
            return
        self._ready.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout)

    def take(self, limit: int, *, paced: bool = True) -> tuple[list[T], list[T]]:
        """Up to ``limit`` items, commands first, one per owner in turn (owners with more wait for the
        next round), at most ``BATCH_S`` of positions when ``paced``; and every item met on the way that
        waited longer than the budget (expired)."""
        now = self._clock()
        fresh = now - self.budget_s
        self._taken_at = now

        def keep(slot: _Slot[T]) -> bool:
            if slot.key is not None and self._by_key.get(slot.key) is slot:
                del self._by_key[slot.key]
            return slot.since >= fresh

        batch: list[T] = []
        expired: list[T] = []
        self._urgent.take(limit, keep, batch, expired)
        commands = len(batch)
        if paced and self.rate:  # a batch with commands takes fewer positions: their acks wait for all of it
            share = BATCH_S / 4 if commands else BATCH_S
            limit = min(limit, commands + max(MIN_BATCH, int(self.rate * share)))
        self._batch = limit - commands
        oldest = self._bulk.take(limit, keep, batch, expired)
        self._measure(now, len(batch) - commands, oldest)
        self._took.set()
        self._took = asyncio.Event()
        return batch, expired

    def _measure(self, now: float, positions: int, oldest: float) -> None:
        """Update the lag and the drain rate from one take."""
        self.lag_s = now - oldest if positions else 0.0
        if self._last_take is not None:
            then, count = self._last_take
            if now > then:
                sample = count / (now - then)
                self.rate = sample if self.rate == 0 else (1 - RATE_WEIGHT) * self.rate + RATE_WEIGHT * sample
        self._last_take = (now, positions) if self._bulk.size else None

    def drain_all(self) -> list[T]:
        """Remove and return everything still waiting (shutdown refuses them)."""
        batch, expired = self.take(self.qsize(), paced=False)
        return batch + expired

    def done(self, count: int) -> None:
        """``count`` taken items are finished."""
        self._unfinished -= count
        if self._unfinished <= 0:
            self._unfinished = 0
            self._idle.set()

    async def join(self) -> None:
        """Wait until every queued item has been taken and finished."""
        await self._idle.wait()
