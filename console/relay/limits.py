"""What one client may cost the relay: connections, time to log in, commands and signals per second.

Every limit is a setting (``JINGWANG_LIMITS_*``, see :mod:`console.config`); a breach is refused
with a reason and a ``retry_after`` and never affects other clients.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from console import config
from console.domain.errors import DomainError
from console.domain.workers import Role

log = logging.getLogger(__name__)

FD_RESERVE = 64  # descriptors kept for the database, log files and the listening socket


@dataclass(frozen=True, slots=True)
class RelayLimits:
    """The relay's per-client budget."""

    auth_deadline_s: float = 10.0
    max_connections: int = 4000
    max_per_address: int = 256  # a station LAN behind one NAT address holds many desks and phones
    commands_per_s: float = 50.0  # per connection; a person never sends this many
    command_burst: int = 200
    gateway_commands_per_s: float = 5000.0  # a field gateway speaks for hundreds of workers
    signals_per_s: float = 50.0
    signal_burst: int = 200
    refusals_per_s: float = 5.0  # refused frames a connection may cause before it is read slowly
    refusal_burst: int = 50
    max_queued_per_connection: int = 2000
    queries_per_s: float = 5.0  # read queries (summary, replay windows) per connection
    query_burst: int = 40  # a replay seek asks for a state, its history and a window at once
    queries_in_flight: int = 4  # per connection; more are refused with E_RATE until one is answered
    query_threads: int = 2  # the relay's own read threads: queries never wait for the writer or its readers
    queue_budget_ms: float = 500.0  # a command not taken by the writer within this is refused (E_OVERLOADED)
    signal_buffer_bytes: int = 1024 * 1024  # a callee whose socket holds this much gets no more signals
    drain_timeout_s: float = 10.0  # on SIGTERM, how long queued commands may take before they are refused
    max_positions_every_s: float = 300.0  # the sparsest position decimation a subscription may ask for

    @classmethod
    def from_settings(cls) -> RelayLimits:
        return cls(
            auth_deadline_s=config.LIMIT_AUTH_DEADLINE_S.get(),
            max_connections=config.LIMIT_MAX_CONNECTIONS.get(),
            max_per_address=config.LIMIT_MAX_PER_ADDRESS.get(),
            commands_per_s=config.LIMIT_COMMANDS_PER_S.get(),
            gateway_commands_per_s=config.LIMIT_GATEWAY_COMMANDS_PER_S.get(),
            signals_per_s=config.LIMIT_SIGNALS_PER_S.get(),
            queries_per_s=config.LIMIT_QUERIES_PER_S.get(),
            queue_budget_ms=config.LIMIT_QUEUE_BUDGET_MS.get(),
            max_positions_every_s=config.LIMIT_MAX_POSITIONS_EVERY_S.get(),
        )

    def commands_rate(self, role: Role | None) -> tuple[float, int]:
        """(rate, burst) of frames for a connection, and for all connections of one account together,
        of ``role`` (None before login)."""
        if role is Role.FIELD_GATEWAY:
            return self.gateway_commands_per_s, int(self.gateway_commands_per_s)
        return self.commands_per_s, self.command_burst

    def fitted_to_descriptors(self) -> RelayLimits:
        """These limits with ``max_connections`` below the process's descriptor limit, raised to the
        hard limit first; the outcome is logged once at start."""
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < hard:
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
                soft = hard
            except (ValueError, OSError):
                pass
        room = max(soft - FD_RESERVE, 1) if soft != resource.RLIM_INFINITY else self.max_connections
        fitted = replace(self, max_connections=min(self.max_connections, room))
        log.info("connection limit %d (descriptor limit %s, %d per address)", fitted.max_connections,
                 soft, fitted.max_per_address)
        return fitted


class TokenBucket:
    """``rate`` tokens a second up to ``burst``; :meth:`take` refuses with E_RATE and a retry_after."""

    __slots__ = ("_clock", "_last", "_tokens", "burst", "rate")

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()

    def take(self, what: str, count: int = 1) -> None:
        """Take ``count`` tokens, or none (E_RATE)."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens < count:
            wait = round((count - self._tokens) / self.rate, 3)
            raise DomainError("E_RATE", f"{what} 超过每秒 {self.rate:g} 条", retry_after=wait)
        self._tokens -= count


class Slots:
    """At most ``size`` taken at once (a connection's commands in flight). Unlike an asyncio.Semaphore
    a free slot is taken without a coroutine (:meth:`try_take`); :meth:`take` waits for one."""

    __slots__ = ("_freed", "free")

    def __init__(self, size: int) -> None:
        self.free = size
        self._freed: asyncio.Event | None = None

    def try_take(self) -> bool:
        if self.free > 0:
            self.free -= 1
            return True
        return False

    async def take(self) -> None:
        while not self.try_take():
            if self._freed is None:
                self._freed = asyncio.Event()
            self._freed.clear()
            await self._freed.wait()

    def give(self) -> None:
        self.free += 1
        if self._freed is not None:
            self._freed.set()
