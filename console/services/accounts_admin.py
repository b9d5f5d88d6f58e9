"""Account administration without Qt: through a running relay, or on the database when none runs.

Both take the same operations (``account.create``, ``account.set_password`` …, declared in the
catalogue) and the same deciders decide them, so a refusal reads the same either way and every change
is an event in the log. Offline, the command is decided against the stored state under the writer
lock (refused while a relay holds it) and committed with the password hash beside the event; the
actor is ``cli:<operating-system user>``, its address ``本机 <host>``.
"""

from __future__ import annotations

import asyncio
import getpass
import socket
import uuid

from console.domain import events as ev
from console.domain.catalogue import validate_args
from console.domain.clock import now_ms
from console.domain.decide import Actor, decide
from console.domain.decide_accounts import SECRET
from console.domain.errors import DomainError
from console.domain.password_policy import PasswordPolicy
from console.domain.passwords import hash_password
from console.domain.state import State, apply
from console.domain.workers import Role
from console.net.client import AuthenticationFailed, CommandRefused, LoginDeferred, RelayClient
from console.store.store import Store, StoreLocked


class AdminRefused(Exception):
    """The change was refused (a rule, a weak password, the relay running): one Chinese line."""


class OfflineAdmin:
    """Changes accounts in the database directly (no relay may run: it holds the writer lock)."""

    def __init__(self, store: Store, policy: PasswordPolicy) -> None:
        self.store = store
        self.policy = policy
        host = socket.gethostname()
        self.actor = Actor(f"cli:{getpass.getuser()}"[:64], Role.ADMIN, workstation=host[:64])
        self.addr = f"本机 {host}"[:64]

    def state(self) -> State:
        return self.store.load_state()

    def send(self, op: str, args: dict, *, must_change: bool = True) -> ev.Event:
        """Decide and commit one account command; :class:`AdminRefused` with the reason. ``must_change``
        False: a password set here is the operator's own, not an initial one."""
        return self.send_all([(op, args)], must_change=must_change)[0]

    def send_all(self, commands: list[tuple[str, dict]], *, must_change: bool = True) -> list[ev.Event]:
        """Decide the commands in order against one state and commit them in one transaction: all or, with
        :class:`AdminRefused` (the first reason), none."""
        prepared, secrets = [], {}
        try:
            for op, args in commands:
                args = {**validate_args(op, args), "addr": self.addr, "must_change": must_change}
                if "password" in args:
                    password = args.pop("password")
                    self.policy.check(password, args["account"])
                    args[SECRET] = hash_password(password)
                prepared.append((op, args))
            self.store.acquire_writer_lock()
        except DomainError as err:
            raise AdminRefused(err.zh) from None
        except StoreLocked as exc:
            raise AdminRefused(f"中继正在运行（{exc}）：请加 --relay ws://主机:端口 通过中继修改") from None
        try:
            state = self.store.load_state()
            batch, changes, at = [], None, now_ms()
            for op, args in prepared:
                seq = state.seq + 1
                event_type, data = decide(state, self.actor, op, args, at, seq)
                event = ev.Event(seq, at, event_type, self.actor.account, data)
                changes = apply(state, event, changes)
                batch.append((event, uuid.uuid4().hex))
                if SECRET in args:
                    secrets[seq] = args[SECRET]
            self.store.commit(batch, state, changes, secrets)
        except DomainError as err:
            raise AdminRefused(err.zh) from None
        finally:
            self.store.release_writer_lock()
        return [event for event, _ in batch]


class RelayAdmin:
    """Changes accounts through a running relay, logged in as an administrator (``read``: subscribed, so
    :meth:`state` holds the accounts of the administrator's snapshot)."""

    def __init__(self, url: str, user: str, password: str, *, read: bool = False, timeout: float = 20.0) -> None:
        self._snapshots: asyncio.Queue = asyncio.Queue()
        self.client = RelayClient(url, user, password, subscribe=read, backoff=(0.2, 1.0),
                                  on_snapshot=self._snapshots.put_nowait)
        self.timeout = timeout

    async def __aenter__(self) -> RelayAdmin:
        await login(self.client, self.timeout)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.client.close()

    async def send(self, op: str, args: dict) -> dict:
        """The ack of one command; :class:`AdminRefused` with the relay's reason."""
        try:
            return await self.client.request(op, args, timeout=self.timeout)
        except CommandRefused as err:
            raise AdminRefused(err.error.get("zh") or err.code) from None

    async def state(self) -> State:
        return State.from_snapshot(await asyncio.wait_for(self._snapshots.get(), self.timeout))


async def login(client: RelayClient, timeout: float) -> None:
    """Start ``client`` and wait for the relay's answer to its login: :class:`AdminRefused` when refused,
    when the account must change its initial password first, or when the relay does not answer."""
    task = client.start()
    connected = asyncio.ensure_future(client.connected.wait())
    done, _ = await asyncio.wait({task, connected}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    connected.cancel()
    why = ""
    if isinstance(client.login_error, AuthenticationFailed | LoginDeferred):
        why = f"登录中继失败：{client.login_error}"
    elif connected not in done:
        why = f"无法连接中继 {client.url}"
    elif client.must_change:
        why = f"账户 {client.user} 须先修改初始密码：请先在指挥台或手机页登录修改"
    if why:
        await client.close()
        raise AdminRefused(why)
