"""The relay's lease keeper: a failed renewal marks the store unavailable only until something renews the
lease again — its own next renewal, or a commit (each commit renews the lease in its own transaction)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from console.relay.lease_keeper import LeaseKeeper


class _Store:
    def __init__(self) -> None:
        self.down = True
        self.renewals = 0

    def renew_writer_lock(self) -> None:
        self.renewals += 1
        if self.down:
            raise ConnectionError("server closed the connection")


def test_a_commit_after_a_failed_renewal_clears_the_outage():
    store, commits = _Store(), [0]

    async def scenario() -> list[bool]:
        with ThreadPoolExecutor(1) as pool:
            keeper = LeaseKeeper(store, pool, ttl_ms=3, on_fenced=lambda why: None, commits=lambda: commits[0])
            task = asyncio.create_task(keeper.keep())  # renews every millisecond
            while not keeper.failing:
                await asyncio.sleep(0.001)
            task.cancel()  # no renewal from here on
            await asyncio.gather(task, return_exceptions=True)
            seen = [keeper.failing]
            commits[0] += 5  # the writer committed: the lease was renewed inside that commit
            seen.append(keeper.failing)
            return seen

    assert asyncio.run(scenario()) == [True, False]
