"""Accounts on a live relay: logins (throttled, audited), locks and their end, and account administration.

Every login, failed login, lock and unlock becomes an event in the log, written by the relay as the
``system`` actor with the client's address and never the password. Refused attempts while throttled
or locked are not logged one by one, so a flood cannot fill the log: the lock is logged once.
Account commands get the sender's address added, and their passwords checked against the policy and
replaced by a hash before the writer sees them (:meth:`AccountGate.prepare`).
"""

from __future__ import annotations

import asyncio
import logging
import math
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from console.domain import events as ev
from console.domain.catalogue import client_ops
from console.domain.decide import SYSTEM_ACTOR, Actor
from console.domain.decide_accounts import SECRET
from console.domain.errors import DomainError
from console.domain.passwords import check_login, hash_password
from console.protocol import messages as m
from console.relay import tickets
from console.relay.auth_guard import MAX_ADDR_IN_FLIGHT, AuthGuard, AuthPolicy, Turnstile
from console.relay.sessions import ACCOUNT_CHANGED, ACCOUNT_DISABLED, PASSWORD_RESET, Sessions
from console.relay.tickets import Claims, TicketDesk
from console.store.store import AccountRow

if TYPE_CHECKING:
    from console.relay.server import Relay

log = logging.getLogger(__name__)

ACCOUNT_OPS = frozenset(op for op in client_ops() if op.startswith("account."))  # the relay adds `addr`
# account events after which the account's live connections are closed, and with what
CLOSING_EVENTS = {ev.ACCOUNT_DISABLED: ACCOUNT_DISABLED, ev.ACCOUNT_PASSWORD_SET: PASSWORD_RESET,
                  ev.ACCOUNT_ROLE_SET: ACCOUNT_CHANGED, ev.ACCOUNT_SCOPE_SET: ACCOUNT_CHANGED}


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
        self.secret = b""  # signs resume tickets: the database's, read when the relay starts
        self.tickets = TicketDesk(lambda: self.secret, clock, policy.resume_ticket_s, policy.session_max_s)

    async def authenticate(self, msg: m.Auth, addr: str) -> tuple[AccountRow, Claims | None]:
        """The account ``msg`` logs in as, and the session its resume ticket continues (None: a password
        login); or raise E_AUTH_FAILED / E_AUTH_THROTTLED / E_AUTH_LOCKED.

        An unknown user name costs one password verification like a known one, and a disabled
        account gets the same refusal as a wrong password. A ticket costs one row read and one HMAC;
        a bad one (tampered, expired, signed for an older password) counts as a failed login.
        """
        async with self._by_name.turn(msg.user), self._by_addr.turn(addr):
            self.guard.admit(msg.user, addr)
            resumed = None
            try:
                if msg.ticket:
                    account, resumed = await self._resume(msg.user, msg.ticket)
                    password_ok = resumed is not None
                else:
                    account, password_ok = await self._verify(msg.user, msg.password)
            except BaseException:
                self.guard.release(msg.user, addr)
                raise
            return self._conclude(msg, addr, account, password_ok), resumed

    async def _resume(self, name: str, ticket: str) -> tuple[AccountRow | None, Claims | None]:
        """The account and the session a resume ticket continues (None when the ticket does not hold)."""
        loop = asyncio.get_running_loop()
        account = await loop.run_in_executor(self.relay.readers, self.relay.store.account, name)
        try:
            claims = tickets.verify(self.secret, ticket, account.password_hash if account else None,
                                    int(self._clock() * 1000))
        except DomainError as err:
            log.info("resume ticket of %r refused: %s", name, err.detail)
            return account, None
        return account, claims if claims.account == name else None

    def ticket_for(self, ws, account: AccountRow, resumed: Claims | None) -> str:
        """A resume ticket for connection ``ws`` of ``account`` ("" when tickets are off)."""
        if not self.tickets.ttl_s or not self.secret:
            return ""
        return self.tickets.issue(ws, account.name, account.password_hash, resumed)

    def _conclude(self, msg: m.Auth, addr: str, account: AccountRow | None, password_ok: bool) -> AccountRow:
        """Record the attempt's outcome (audit, throttle, lock); the account, or raise E_AUTH_FAILED."""
        if password_ok and not account.disabled:
            self.guard.succeeded(msg.user, addr)
            if self.log_logins:
                self.audit("account.login", {"account": account.name, "addr": addr, "role": account.role})
            return account
        reason = "unknown" if account is None else "disabled" if account.disabled else "password"
        log.warning("failed login (%s) for %r from %s", reason, account.name if account else "?", addr)
        self._failed(msg.user, addr, reason, account.name if account else None)
        raise DomainError("E_AUTH_FAILED")

    def _failed(self, name: str, addr: str, reason: str, account: str | None = "") -> None:
        """Count a wrong password (throttle, lock) and audit it; ``account`` None: no such account."""
        account = name if account == "" else account
        lock = self.guard.failed(name, addr, audited=account is not None)
        if self.log_logins:
            self.audit("account.login_failed", {"account": account, "addr": addr, "reason": reason})
        if lock is not None and account is not None:
            log.warning("account %r locked after %d failed logins (last from %s)", account, lock.failures, addr)
            self.audit("account.lock", {"account": account, "addr": addr, "failures": lock.failures,
                                        "until": int(lock.until * 1000)})

    async def prepare(self, op: str, args: dict, actor: Actor, addr: str) -> dict:
        """``args`` of an account command as its decider takes them: with the sender's address, and a
        password checked against the policy and replaced by its hash (the old one verified first)."""
        if op not in ACCOUNT_OPS:
            return args
        args = {**args, "addr": addr}
        policy = self.guard.policy.passwords
        if op == "account.change_own_password":
            old, new = args.pop("old"), args.pop("new")
            policy.check(new, actor.account)
            if new == old:
                raise DomainError("E_WEAK_PASSWORD", "新密码不能与原密码相同")
            await self._check_old_password(actor.account, addr, old)
            password = new
        elif "password" in args:
            password = args.pop("password")
            policy.check(password, args["account"])
        else:
            return args
        loop = asyncio.get_running_loop()
        return {**args, SECRET: await loop.run_in_executor(self.relay.readers, hash_password, password)}

    async def _check_old_password(self, name: str, addr: str, old: str) -> None:
        """The old password of a change, throttled like a login (a stolen session cannot guess it fast)."""
        try:
            self.guard.admit(name, addr)
        except DomainError as err:
            wait = math.ceil(float(err.extra.get("retry_after", 1)))
            raise DomainError("E_FIELD", f"原密码错误次数过多，请 {wait} 秒后再试") from None
        try:
            _, ok = await self._verify(name, old)
        except BaseException:
            self.guard.release(name, addr)
            raise
        if ok:
            self.guard.succeeded(name, addr)
            return
        self._failed(name, addr, "old_password")
        raise DomainError("E_FIELD", "原密码不正确")

    def observe(self, events: list[ev.Event]) -> None:
        """Act on committed account events: an unlock frees the name; a disabled account, a reset password
        or a changed role or scope closes the account's connections (its next login sees the change)."""
        for e in events:
            if e.type == ev.ACCOUNT_UNLOCKED and e.data.get("reason") == "admin":
                self.guard.unlock(e.data["account"])
            elif e.type in CLOSING_EVENTS:
                closed = self.sessions.close_account(e.data["account"], CLOSING_EVENTS[e.type])
                log.info("account %r: %s, %d connection(s) closed", e.data["account"], e.type, closed)

    def tick(self) -> None:
        """Close expired sessions, renew resume tickets past half their life and log the end of locks that
        ran out."""
        self.sessions.close_expired()
        for ws, ticket in self.tickets.due():
            self.relay.send_now(ws, m.ticket_frame(ticket))
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

    async def _verify(self, name: str, password: str) -> tuple[AccountRow | None, bool]:
        loop = asyncio.get_running_loop()
        account = await loop.run_in_executor(self.relay.readers, self.relay.store.account, name)
        stored = account.password_hash if account is not None else None
        ok = await loop.run_in_executor(self.relay.readers, check_login, password, stored)
        return account, ok
