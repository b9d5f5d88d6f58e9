"""Login throttling per account name and per client address, and temporary account locks.

Pure bookkeeping over an injected clock (no sockets, no database): the relay asks :meth:`AuthGuard.admit`
before it verifies a password and reports the outcome with :meth:`AuthGuard.failed` or
:meth:`AuthGuard.succeeded`. Names are tracked whether or not an account exists, so the answers
never tell a known user name from an unknown one.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter, OrderedDict
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from console import config
from console.domain.errors import DomainError
from console.domain.password_policy import PasswordPolicy

DEFAULT_PASSWORDS = PasswordPolicy()
MAX_ADDR_IN_FLIGHT = 4  # concurrent verifications from one address (a single account: one at a time)


class Turnstile:
    """At most ``limit`` holders per key at once; the others wait their turn, nobody is refused.

    Logins of one account name pass one at a time (and a few per address), so parallel guesses are
    counted one after the other, while honest consoles reconnecting together merely wait a moment."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._gates: dict[str, asyncio.Semaphore] = {}
        self._holders: Counter[str] = Counter()

    @asynccontextmanager
    async def turn(self, key: str):
        gate = self._gates.setdefault(key, asyncio.Semaphore(self.limit))
        self._holders[key] += 1
        try:
            async with gate:
                yield
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._gates[key]


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    """How hard the relay pushes back on failed logins, and how long a session may last."""

    lock_after: int = 5  # consecutive failures of one account name before it is locked
    lock_s: float = 15 * 60.0
    name_free_failures: int = 1  # failures of one account name answered at once (a typo is retried at once)
    backoff_base_s: float = 1.0  # the wait after the next failure; it doubles with each further one
    backoff_max_s: float = 5 * 60.0
    addr_free_failures: int = 10  # failures from one address before that address is slowed down too
    forget_s: float = 15 * 60.0  # a counter without a failure for this long starts over
    max_tracked: int = 50_000  # names and addresses remembered (oldest forgotten first)
    session_max_s: float = 12 * 3600.0  # a login is good for this long; then the relay closes the connection
    resume_ticket_s: float = 600.0  # a resume ticket's life, renewed while connected (console.relay.tickets); 0: none
    passwords: PasswordPolicy = DEFAULT_PASSWORDS  # what a new password must be (account ops)

    @classmethod
    def from_settings(cls) -> AuthPolicy:
        return cls(lock_after=config.AUTH_LOCK_AFTER.get(), lock_s=config.AUTH_LOCK_MIN.get() * 60,
                   addr_free_failures=config.AUTH_ADDR_FREE_FAILURES.get(),
                   session_max_s=config.SESSION_MAX_HOURS.get() * 3600, passwords=config.password_policy(),
                   resume_ticket_s=config.RESUME_TICKET_MIN.get() * 60)


@dataclass(frozen=True, slots=True)
class Lock:
    """An account name just locked: after ``failures`` failures, until ``until`` (clock seconds)."""

    failures: int
    until: float


@dataclass(slots=True)
class _Strikes:
    failures: int = 0
    last: float = 0.0
    locked_until: float = 0.0
    report_expiry: bool = False  # the lock was audited, so its end is audited too
    in_flight: int = 0


class AuthGuard:
    """Remembers failures by account name and by address and refuses attempts that come too soon."""

    def __init__(self, policy: AuthPolicy, clock: Callable[[], float]) -> None:
        self.policy = policy
        self._clock = clock
        self._names: OrderedDict[str, _Strikes] = OrderedDict()
        self._addrs: OrderedDict[str, _Strikes] = OrderedDict()

    def admit(self, name: str, addr: str) -> None:
        """Let one attempt go ahead, or raise E_AUTH_LOCKED / E_AUTH_THROTTLED with ``retry_after`` (s)."""
        now = self._clock()
        who, where = self._get(self._names, name, now), self._get(self._addrs, addr, now)
        if who.locked_until > now:
            raise _refusal("E_AUTH_LOCKED", who.locked_until - now)
        wait = max(self._wait(who, self.policy.name_free_failures, now),
                   self._wait(where, self.policy.addr_free_failures, now))
        if wait > 0:
            raise _refusal("E_AUTH_THROTTLED", wait)
        who.in_flight += 1
        where.in_flight += 1

    def succeeded(self, name: str, addr: str) -> None:
        """The admitted attempt logged in: the name starts afresh (the address keeps its record)."""
        self.release(name, addr)
        self._names.pop(name, None)

    def failed(self, name: str, addr: str, *, audited: bool) -> Lock | None:
        """The admitted attempt failed; returns the :class:`Lock` when this failure locks the name.

        ``audited`` says the lock is reported (a real account), so :meth:`expired_locks` reports its end.
        """
        self.release(name, addr)
        now = self._clock()
        who, where = self._get(self._names, name, now), self._get(self._addrs, addr, now)
        for strikes in (who, where):
            strikes.failures += 1
            strikes.last = now
        if who.failures < self.policy.lock_after:
            return None
        lock = Lock(who.failures, now + self.policy.lock_s)
        who.failures, who.locked_until, who.report_expiry = 0, lock.until, audited
        return lock

    def release(self, name: str, addr: str) -> None:
        """End an admitted attempt without an outcome (the check itself failed)."""
        for table, key in ((self._names, name), (self._addrs, addr)):
            strikes = table.get(key)
            if strikes is not None and strikes.in_flight:
                strikes.in_flight -= 1

    def unlock(self, name: str) -> None:
        """Forget everything about ``name``: an administrator unlocked it."""
        self._names.pop(name, None)

    def expired_locks(self) -> list[str]:
        """Audited locks that have run out since the last call (each reported once)."""
        now = self._clock()
        ended = [n for n, s in self._names.items() if s.report_expiry and s.locked_until <= now]
        for name in ended:
            self._names[name].report_expiry = False
        return ended

    def _wait(self, strikes: _Strikes, free: int, now: float) -> float:
        over = strikes.failures - free
        if over <= 0:
            return 0.0
        delay = min(self.policy.backoff_base_s * 2 ** (over - 1), self.policy.backoff_max_s)
        return max(0.0, strikes.last + delay - now)

    def _get(self, table: OrderedDict[str, _Strikes], key: str, now: float) -> _Strikes:
        strikes = table.get(key)
        if strikes is None:
            strikes = table[key] = _Strikes()
            while len(table) > self.policy.max_tracked:
                table.popitem(last=False)
        else:
            table.move_to_end(key)
            idle = not strikes.in_flight and strikes.locked_until <= now and not strikes.report_expiry
            if idle and now - strikes.last > self.policy.forget_s:
                strikes.failures = 0
        return strikes


def _refusal(code: str, seconds: float) -> DomainError:
    wait = max(1, math.ceil(seconds))
    return DomainError(code, str(wait), retry_after=wait)
