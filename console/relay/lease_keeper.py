"""Taking and keeping the writer lease: a standby waits for it; a relay that loses it stops.

On PostgreSQL the writer lease (:mod:`console.store.lease`) expires unless renewed; every commit renews
it and :class:`LeaseKeeper` renews it between commits, at a third of its life. When another relay has
taken it over (this one stalled, or could not reach the database for longer than the lease), the
relay is *fenced*: its commits are refused inside their own transaction, and the keeper stops it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import Executor

from console.relay.condlog import ConditionLog
from console.store.lease import Fenced
from console.store.outage import unavailable
from console.store.store import Store, StoreLocked

log = logging.getLogger(__name__)
conditions = ConditionLog(log, quiet=unavailable)
STANDBY_POLL_S = 0.5


class LeaseKeeper:
    """The writer lease of ``store`` for a relay, valid ``ttl_ms``; ``on_fenced`` is called once if lost."""

    def __init__(self, store: Store, executor: Executor, ttl_ms: int, on_fenced: Callable[[str], None],
                 commits: Callable[[], int] = lambda: 0) -> None:
        """``commits``: how many events the writer has committed (each commit renews the lease too)."""
        self.store = store
        self.executor = executor
        self.ttl_ms = ttl_ms
        self.on_fenced = on_fenced
        self.commits = commits
        self._failed_at: int | None = None  # commits when the last renewal could not reach the database

    @property
    def failing(self) -> bool:
        """The last renewal could not reach the database, and no commit has renewed the lease since."""
        return self._failed_at is not None and self.commits() == self._failed_at

    async def acquire(self, standby: bool) -> None:
        """Take the lease; a ``standby`` waits until it is free (the holder stopped or died). Otherwise
        wait at most one lease period (a relay restarted after a crash finds its predecessor's lease
        still running), then :class:`StoreLocked` is raised."""
        await take_lease([self.store], self.executor, self.ttl_ms, standby)

    async def keep(self) -> None:
        """Renew until cancelled; a database that cannot be reached is retried (one log line per state)."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.ttl_ms / 3000)
            try:
                await loop.run_in_executor(self.executor, self.store.renew_writer_lock)
            except Fenced as exc:
                log.error("fenced: %s", exc)
                self.on_fenced(str(exc))
                return
            except Exception as exc:
                self._failed_at = self.commits()
                conditions.report("writer lease renewal failed", exc)
                continue
            self._failed_at = None
            conditions.clear("writer lease renewal failed", "writer lease renewed again")


async def take_lease(stores: list[Store], executor: Executor | None, ttl_ms: int, standby: bool) -> Store:
    """Take the writer lease of the first of ``stores`` (partitions) whose lease is free, polling them in turn;
    which one it was. A ``standby`` waits as long as it takes; otherwise :class:`StoreLocked` after one lease
    period."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + ttl_ms / 1000 + 2 * STANDBY_POLL_S
    waited = False
    while True:
        for store in stores:
            try:
                await loop.run_in_executor(executor, store.acquire_writer_lock, ttl_ms)
            except StoreLocked as exc:
                if not standby and loop.time() > give_up:
                    raise
                if not waited:
                    log.info("waiting for the writer lease: %s", exc)
                continue
            except Exception as exc:  # the database is unreachable: a standby waits it out
                if not standby:
                    raise
                conditions.report("standby cannot reach the database", exc)
                continue
            if waited:
                log.info("took the writer lease of partition %s", store.partition)
            return store
        waited = True
        await asyncio.sleep(STANDBY_POLL_S)
