"""Group commit: one writer thread owns the relay's State and turns commands into committed events.

Commands from every connection queue up; the writer takes whatever is waiting (up to
``max_batch``), drops already-committed idempotency keys, decides each command against the
state, commits all resulting events in one transaction and only then resolves the senders'
futures and hands the events to the fan-out.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from console.domain.decide import SYSTEM_ACTOR, Actor, decide
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.state import State, apply
from console.relay.watchdog import Watchdog
from console.store.store import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Pending:
    """A command waiting for the writer; ``future`` gets ``(seq, duplicate)`` or a DomainError."""

    actor: Actor
    key: str
    op: str
    args: dict
    future: asyncio.Future = field(repr=False)


@dataclass(slots=True)
class BatchResult:
    """What one batch produced: the committed events and each command's outcome."""

    events: list[Event]
    outcomes: list[tuple[Pending, tuple[int, bool] | DomainError]]


class Writer:
    """Owns the authoritative in-memory State; only its thread touches it."""

    def __init__(self, store: Store, state: State, *, max_batch: int = 1000, queue_size: int = 20_000,
                 clock: Callable[[], float] = time.time, watchdog: Callable[[State, int], Watchdog] | None = None,
                 tick_s: float = 1.0) -> None:
        self.store = store
        self.state = state
        self._make_watchdog = watchdog
        self.watchdog = watchdog(state, int(clock() * 1000)) if watchdog else None
        self.tick_s = tick_s
        self.max_batch = max_batch
        self.queue: asyncio.Queue[Pending] = asyncio.Queue(maxsize=queue_size)
        self._clock = clock
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relay-writer")
        self.committed_events = 0
        self.batches = 0

    def submit(self, actor: Actor, key: str, op: str, args: dict) -> asyncio.Future:
        """Queue a command; raises E_OVERLOADED when the queue is full (the sender may retry)."""
        future = asyncio.get_running_loop().create_future()
        try:
            self.queue.put_nowait(Pending(actor, key, op, args, future))
        except asyncio.QueueFull:
            raise DomainError("E_OVERLOADED", f"queue {self.queue.maxsize}") from None
        return future

    async def run(self, publish: Callable[[list[Event]], None]) -> None:
        """Process batches until cancelled; ``publish`` gets each committed batch in seq order."""
        loop = asyncio.get_running_loop()
        while True:
            try:
                batch = [await asyncio.wait_for(self.queue.get(), self.tick_s if self.watchdog else None)]
            except TimeoutError:
                batch = []  # nothing to do but let the watchdog look at the clock
            while len(batch) < self.max_batch and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            result = await loop.run_in_executor(self._thread, self._process, batch)
            for pending, outcome in result.outcomes:
                if pending.future.done():
                    continue
                if isinstance(outcome, DomainError):
                    pending.future.set_exception(outcome)
                else:
                    pending.future.set_result(outcome)
            if result.events:
                publish(result.events)
            for _ in batch:
                self.queue.task_done()

    async def drain(self) -> None:
        """Wait until every queued command has been processed (used on shutdown)."""
        await self.queue.join()

    def shutdown(self) -> None:
        self._thread.shutdown(wait=True)

    # -- writer thread -------------------------------------------------------------------------

    def _process(self, batch: list[Pending]) -> BatchResult:
        outcomes: list[tuple[Pending, tuple[int, bool] | DomainError]] = []
        try:
            committed = self.store.find_committed(list({(p.actor.account, p.key) for p in batch}))
        except Exception as exc:
            log.exception("idempotency lookup failed")
            err = DomainError("E_STORE", type(exc).__name__)
            return BatchResult([], [(p, err) for p in batch])
        events: list[tuple[Event, str]] = []
        first_in_batch: dict[tuple[str, str], Pending] = {}
        followers: list[tuple[Pending, Pending]] = []
        now_ms = int(self._clock() * 1000)
        for pending in batch:
            ident = (pending.actor.account, pending.key)
            if ident in committed:
                outcomes.append((pending, (committed[ident], True)))
                continue
            if ident in first_in_batch:
                followers.append((pending, first_in_batch[ident]))
                continue
            first_in_batch[ident] = pending
            seq = self.state.seq + 1
            try:
                event_type, data = decide(self.state, pending.actor, pending.op, pending.args, now_ms, seq)
            except DomainError as err:
                outcomes.append((pending, err))
                continue
            event = Event(seq, now_ms, event_type, pending.actor.account, data)
            apply(self.state, event)
            events.append((event, pending.key))
            outcomes.append((pending, (seq, False)))
            self._follow(event, now_ms, events)
        if self.watchdog is not None and self.watchdog.due(now_ms):
            for event_type, data in self.watchdog.sweep(self.state, now_ms, lambda: self.state.seq + 1):
                self._system_event(event_type, data, now_ms, events)
        if events:
            try:
                self.store.commit(events, self.state)
            except Exception as exc:
                log.exception("commit of %d events failed; reloading state", len(events))
                self.state = self.store.load_state()
                if self._make_watchdog is not None:
                    self.watchdog = self._make_watchdog(self.state, now_ms)
                err = DomainError("E_STORE", type(exc).__name__)
                outcomes = [(p, err if not isinstance(o, DomainError) and not o[1] else o) for p, o in outcomes]
                events = []
        by_first = {id(p): o for p, o in outcomes}
        for follower, first in followers:
            outcome = by_first[id(first)]
            outcomes.append((follower, outcome if isinstance(outcome, DomainError) else (outcome[0], True)))
        self.committed_events += len(events)
        self.batches += 1
        return BatchResult([e for e, _ in events], outcomes)

    def _follow(self, event: Event, now_ms: int, events: list[tuple[Event, str | None]]) -> None:
        """Add the system events that follow from ``event`` (geofence alerts)."""
        if self.watchdog is not None:
            for event_type, data in self.watchdog.after(event):
                self._system_event(event_type, data, now_ms, events)

    def _system_event(self, event_type: str, data: dict, now_ms: int,
                      events: list[tuple[Event, str | None]]) -> None:
        event = Event(self.state.seq + 1, now_ms, event_type, SYSTEM_ACTOR.account, data)
        apply(self.state, event)
        events.append((event, None))
        self.watchdog.after(event)
