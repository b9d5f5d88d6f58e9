"""Accounts on a live relay: logins (throttled, audited), locks and their end, and account administration.

Every login, failed login, lock and unlock becomes an event in the log, written by the relay as the
``system`` actor with the client's address and never the password. Refused attempts while throttled
or locked are not logged one by one, so a flood cannot fill the log: the lock is logged once.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from console.domain import events as ev
from console.domain.decide import SYSTEM_ACTOR
from console.domain.errors import DomainError
from console.domain.passwords import check_login
from console.domain.workers import Role
from console.protocol import messages as m
from console.relay.auth_guard import MAX_ADDR_IN_FLIGHT, AuthGuard, AuthPolicy, Turnstile
from console.relay.sessions import Sessions
from console.store.store import AccountRow

if TYPE_CHECKING:
    from console.relay.server import Relay

log = logging.getLogger(__name__)

ADMIN_TARGET_OPS = frozenset({"account.disable", "account.enable"})  # need the named account's facts


class AccountGate:
    """Logs clients in and keeps the relay's live connections in step with account events."""

    def __init__(self, relay: Relay, policy: AuthPolicy, clock: Callable[[], float], *,
                 log_logins: bool = True) -> None:
        self.relay = relay
        self.log_logins = log_logins  # False: only locks and unlocks reach the log (tests that count events)
        self.guard = AuthGuard(policy, clock)
        self._by_name = Turnstile(1)
        self._by_addr = Turnstile(MAX_ADDR_IN_FLIGHT)
        self.sessions = Sessions(clock, policy.session_max_s)
        self._clock = clock

    async def authenticate(self, msg: m.Auth, addr: str) -> AccountRow:
        """The account ``msg`` logs in as, or raise E_AUTH_FAILED / E_AUTH_THROTTLED / E_AUTH_LOCKED.

        An unknown user name costs one password verification like a known one, and a disabled
        account gets the same refusal as a wrong password.
        """
        async with self._by_name.turn(msg.user), self._by_addr.turn(addr):
            self.guard.admit(msg.user, addr)
            try:
                account, password_ok = await self._verify(msg)
            except BaseException:
                self.guard.release(msg.user, addr)
                raise
            return self._conclude(msg, addr, account, password_ok)

    def _conclude(self, msg: m.Auth, addr: str, account: AccountRow | None, password_ok: bool) -> AccountRow:
        """Record the attempt's outcome (audit, throttle, lock); the account, or raise E_AUTH_FAILED."""
        if password_ok and not account.disabled:
            self.guard.succeeded(msg.user, addr)
            if self.log_logins:
                self.audit("account.login", {"account": account.name, "addr": addr, "role": account.role})
            return account
        reason = "unknown" if account is None else "disabled" if account.disabled else "password"
        log.warning("failed login (%s) for %r from %s", reason, account.name if account else "?", addr)
        lock = self.guard.failed(msg.user, addr, audited=account is not None)
        if self.log_logins:
            self.audit("account.login_failed", {"account": account.name if account else None, "addr": addr,
                                                "reason": reason})
        if lock is not None and account is not None:
            log.warning("account %r locked after %d failed logins (last from %s)", account.name, lock.failures, addr)
            self.audit("account.lock", {"account": account.name, "addr": addr, "failures": lock.failures,
                                        "until": int(lock.until * 1000)})
        raise DomainError("E_AUTH_FAILED")

    async def admin_args(self, op: str, args: dict) -> dict:
        """``args`` of an administrator's account command plus what its decider needs to know."""
        if op not in ADMIN_TARGET_OPS:
            return args
        loop = asyncio.get_running_loop()
        accounts = await loop.run_in_executor(self.relay.readers, self.relay.store.accounts)
        target = next((a for a in accounts if a.name == args["account"]), None)
        enabled_admins = sum(1 for a in accounts if a.role == Role.ADMIN and not a.disabled)
        facts = None if target is None else {"role": target.role, "disabled": target.disabled}
        return {**args, "target": facts, "enabled_admins": enabled_admins}

    def observe(self, events: list[ev.Event]) -> None:
        """Act on committed account events: an unlock frees the name, a disabled account is shut out."""
        for e in events:
            if e.type == ev.ACCOUNT_UNLOCKED and e.data.get("reason") == "admin":
                self.guard.unlock(e.data["account"])
            elif e.type == ev.ACCOUNT_DISABLED:
                closed = self.sessions.close_account(e.data["account"])
                log.info("account %r disabled: %d connection(s) closed", e.data["account"], closed)

    def tick(self) -> None:
        """Close expired sessions and log the end of locks that ran out."""
        self.sessions.close_expired()
        for name in self.guard.expired_locks():
            self.audit("account.unlock", {"account": name})

    def audit(self, op: str, args: dict) -> None:
        """Record one audit event through the writer, as the relay itself (not awaited)."""
        try:
            future = self.relay.writer.submit(SYSTEM_ACTOR, f"auth-{uuid.uuid4().hex}", op, args)
        except DomainError as err:
            log.error("audit %s not recorded: %s", op, err)
            return
        future.add_done_callback(lambda f: f.cancelled() or f.exception() is None
                                 or log.error("audit %s not recorded: %s", op, f.exception()))

    async def _verify(self, msg: m.Auth) -> tuple[AccountRow | None, bool]:
        loop = asyncio.get_running_loop()
        account = await loop.run_in_executor(self.relay.readers, self.relay.store.account, msg.user)
        stored = account.password_hash if account is not None else None
        ok = await loop.run_in_executor(self.relay.readers, check_login, msg.password, stored)
        return account, ok
