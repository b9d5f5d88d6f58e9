"""Read queries at the relay: run off the writer, on the relay's own threads and database connection.

The relay checks a query at its edge (:mod:`console.relay.connection`: catalogue, arguments, role, rate);
what answers it is a :class:`ReadBackend` the relay is given (``jingwang relay`` hands it
``console.services.relay_reads.StoreReads`` over its own read-only connection: the engines that compute
summaries and replay sit above the relay's layer). The backend runs on :attr:`RelayReads.pool`, never on
the event loop, the writer thread or the pool the writer's snapshots use.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from console.domain.decide import Actor
from console.domain.errors import DomainError


class ReadBackend(Protocol):
    def run(self, actor: Actor, name: str, args: dict): ...  # blocking; JSON-ready data or DomainError

    def close(self) -> None: ...


class RelayReads:
    """Answers queries with ``backend`` on ``threads`` threads of its own (none configured: E_UNAVAILABLE)."""

    def __init__(self, backend: ReadBackend | None, threads: int) -> None:
        self.backend = backend
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="relay-query")

    async def answer(self, actor: Actor, name: str, args: dict):
        if self.backend is None:
            raise DomainError("E_UNAVAILABLE", "本中继未配置查询服务 / this relay answers no queries")
        return await asyncio.get_running_loop().run_in_executor(self.pool, self.backend.run, actor, name, args)

    def close(self) -> None:
        """Stop taking queries; the running ones finish on their threads, then the backend is closed."""
        if self.backend is not None:
            self.pool.submit(self.backend.close)
        self.pool.shutdown(wait=False, cancel_futures=False)
