"""A reconnecting relay client: authenticate, subscribe or resume, and send commands with acks.

Commands are kept in an outbox until acknowledged and resent with the same idempotency key
after a reconnect, so a retry never applies twice. Events are delivered in seq order exactly
once: duplicates are dropped and a gap forces a resubscribe from the last seq held.
"""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.connection import broadcast
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from console.domain.errors import DomainError
from console.domain.events import Event
from console.log_redaction import redact_websocket_frames
from console.protocol import messages as m
from console.protocol import recordings as rec

log = logging.getLogger(__name__)

CLIENT_MAX_FRAME = 256 * 1024 * 1024  # snapshots of a large district are big; they come from our relay


class CommandRefused(Exception):
    """The relay refused a command; ``error`` is its structured error dict (code, zh, en, …)."""

    def __init__(self, error: dict) -> None:
        super().__init__(f"{error.get('code')}: {error.get('en')}")
        self.error = error

    @property
    def code(self) -> str:
        return self.error.get("code", "")


class QueryRefused(CommandRefused):
    """The relay refused (or could not answer) a query; ``error`` as for a command."""


RETRY_LATER = frozenset({"E_OVERLOADED", "E_RATE"})  # the relay will take the same command a little later


class AuthenticationFailed(Exception):
    """Wrong user name or password: retrying will not help."""


class LoginDeferred(Exception):
    """The relay throttles or has locked this account name: try again after ``retry_after`` seconds."""

    def __init__(self, reason: str, retry_after: float) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Redirected(Exception):
    """A standby relay named the writer's address: connect there."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@dataclass(slots=True)
class _Outgoing:
    frame: str
    future: asyncio.Future


class RelayClient:
    """Keeps one session with the relay alive and hands snapshots and events to callbacks.

    ``url`` may list several relays separated by commas (a writing relay and its standbys): a failed
    connection moves on to the next, and the session resumes there from the last seq it holds.
    """

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        on_snapshot: Callable[[dict], None] | None = None,
        on_events: Callable[[list[Event]], None] | None = None,
        on_status: Callable[[str, str], None] | None = None,
        on_signal: Callable[[dict], None] | None = None,
        on_live: Callable[[], None] | None = None,
        on_focus: Callable[[dict], None] | None = None,
        last_seq: int | None = None,
        subscribe: bool = True,
        backoff: tuple[float, float] = (0.2, 5.0),
        workstation: str = "",
        narrow: dict | None = None,
    ) -> None:
        redact_websocket_frames()  # the auth frame carries the password
        self.urls = [u.strip() for u in url.split(",") if u.strip()] or [url]
        self._next_url = 0
        self.user = user
        self._password = password
        self.on_snapshot = on_snapshot or (lambda snap: None)
        self.on_events = on_events or (lambda events: None)
        self.on_status = on_status or (lambda status, detail: None)
        self.on_signal = on_signal or (lambda frame: None)
        self.on_live = on_live or (lambda: None)  # subscribed: every missed event has been delivered
        self.on_focus = on_focus or (lambda frame: None)  # another desk opened or left an incident
        self._focus: str | None = None  # the incident this desk has open, told again after a reconnect
        self.last_seq = last_seq
        self.subscribe = subscribe
        self.narrow = narrow or {}  # a desk's subscription: {"stations": [...], "positions_every_s": K}
        self.backoff = backoff
        self.workstation = workstation or socket.gethostname()
        self.account: dict | None = None
        self.ticket = ""  # the relay's resume ticket: the next login after a lost connection uses it
        self.must_change = False  # logged in with an initial password: change_password() first
        self.login_error: AuthenticationFailed | LoginDeferred | None = None  # why the relay refused the login
        self.connected = asyncio.Event()
        self.live = asyncio.Event()
        self._outbox: dict[str, _Outgoing] = {}
        self._signals: dict[str, asyncio.Future] = {}
        self._queries: dict[str, asyncio.Future] = {}
        self._ws: ClientConnection | None = None
        self._task: asyncio.Task | None = None
        self._closing = False
        self.reconnects = 0

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> asyncio.Task:
        """Run the connection loop in the background."""
        self._task = asyncio.create_task(self._run(), name=f"relay-client-{self.user}")
        return self._task

    async def wait_live(self, timeout: float = 10.0) -> None:
        """Wait until authenticated and subscribed (history sent, now live)."""
        await asyncio.wait_for(self.live.wait(), timeout)

    async def close(self) -> None:
        """Close for good; pending commands fail with ConnectionError."""
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        for out in self._outbox.values():
            if not out.future.done():
                out.future.set_exception(ConnectionError("client closed"))
        self._outbox.clear()
        self._fail_pending("client closed")

    def drop_connection(self) -> None:
        """Abort the socket (tests and benchmarks use it to simulate a network cut)."""
        if self._ws is not None and self._ws.transport is not None:
            self._ws.transport.abort()

    # -- commands -------------------------------------------------------------------------------

    def send_command(self, op: str, args: dict, key: str | None = None) -> asyncio.Future:
        """Queue a command; the future gets the ack dict or raises :class:`CommandRefused`."""
        key = key or uuid.uuid4().hex
        existing = self._outbox.get(key)
        if existing is not None:
            return existing.future
        future = asyncio.get_running_loop().create_future()
        out = _Outgoing(m.encode({"t": "cmd", "id": key, "op": op, "args": args}), future)
        self._outbox[key] = out
        if self.connected.is_set():
            self._send_raw(out.frame)
        return future

    async def request(self, op: str, args: dict, key: str | None = None, timeout: float = 30.0) -> dict:
        """Send a command and wait for its ack."""
        return await asyncio.wait_for(self.send_command(op, args, key), timeout)

    async def change_password(self, old: str, new: str, timeout: float = 30.0) -> dict:
        """Change this account's own password; after an initial one (``must_change``) the session goes on
        to subscribe. Raises :class:`CommandRefused` with the relay's reason (weak, wrong old password)."""
        ack = await self.request("account.change_own_password", {"old": old, "new": new}, timeout=timeout)
        self._password = new
        if self.must_change:
            self.must_change = False
            self._go_live()
        return ack

    def send_signal(self, call: str, to: str, kind: str, **payload) -> asyncio.Future:
        """Relay a WebRTC ``offer`` / ``answer`` (``sdp=…``) or ``ice`` (``candidate=…``) to party ``to``
        of ``call``. The future gets the ``signal.ok`` frame or raises :class:`CommandRefused`; signals
        are not kept for a reconnect (a stale SDP is useless), so a cut fails it with ConnectionError.
        A field gateway serving several parties of one call names its own with ``from_=…``."""
        future = asyncio.get_running_loop().create_future()
        if not self.connected.is_set():
            future.set_exception(ConnectionError("not connected to the relay"))
            return future
        key = uuid.uuid4().hex
        sender = payload.pop("from_", None)
        frame = {"t": "signal", "id": key, "call": call, "to": to, "kind": kind, **payload}
        if sender is not None:
            frame["from"] = sender
        self._signals[key] = future
        self._send_raw(m.encode(frame))
        return future

    async def query(self, name: str, args: dict | None = None, timeout: float = 60.0):
        """Ask the relay a read-only query (``console.domain.queries``); returns its ``data`` or raises
        :class:`QueryRefused`. Waits for the connection first; a query cut off by a reconnect fails with
        ConnectionError (it is not resent: the caller asks again)."""
        async with asyncio.timeout(timeout):
            await self.connected.wait()
            key = uuid.uuid4().hex
            future = self._queries[key] = asyncio.get_running_loop().create_future()
            try:
                self._send_raw(m.encode({"t": "query", "id": key, "name": name, "args": args or {}}))
                return await future
            finally:
                self._queries.pop(key, None)

    async def transfer(self, frame: dict, data: bytes | None = None, timeout: float = 60.0) -> tuple[dict, bytes]:
        """One recording frame (``rec.begin``/``rec.get``, or ``rec.put`` with ``data``) and its answer: the
        ``rec.ok`` frame, or a ``rec.data`` header and its bytes. Raises :class:`QueryRefused` with the relay's
        reason; a cut connection fails it with ConnectionError (the caller asks the relay where to go on)."""
        async with asyncio.timeout(timeout):
            await self.connected.wait()
            key = uuid.uuid4().hex
            future = self._queries[key] = asyncio.get_running_loop().create_future()
            try:
                if data is None:
                    self._send_raw(m.encode({**frame, "id": key}))
                elif self._ws is not None:
                    broadcast([self._ws], rec.pack({"v": m.PROTOCOL_VERSION, **frame, "id": key}, data))
                return await future
            finally:
                self._queries.pop(key, None)

    def send_focus(self, incident: str | None) -> None:
        """Tell the other desks this one has ``incident`` open (None: nothing). A presence marker: not
        logged, not acknowledged beyond ``focus.ok``, sent again after a reconnect."""
        if incident == self._focus:
            return
        self._focus = incident
        self._send_raw(m.encode({"t": "focus", "id": uuid.uuid4().hex, "incident": incident}))

    def _fail_pending(self, why: str) -> None:
        for pending in (self._signals, self._queries):
            for future in pending.values():
                if not future.done():
                    future.set_exception(ConnectionError(why))
            pending.clear()

    @property
    def pending_count(self) -> int:
        return len(self._outbox)

    # -- connection loop -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The relay address in use (or tried next)."""
        return self.urls[self._next_url]

    async def _run(self) -> None:
        delay = self.backoff[0]
        while not self._closing:
            self.on_status("connecting", self.url)
            try:
                async with connect(self.url, max_size=CLIENT_MAX_FRAME, compression=None,
                                   open_timeout=10, ping_interval=20, ping_timeout=20) as ws:
                    self._ws = ws
                    await self._session(ws)
            except AuthenticationFailed as exc:
                self.login_error = exc
                self.on_status("disconnected", f"登录失败：{exc}")
                return
            except LoginDeferred as exc:
                self.login_error = exc
                self.on_status("disconnected", str(exc))
                delay = max(delay, exc.retry_after * 1.25)  # the jitter below may shorten it by a fifth
            except Redirected as exc:
                log.info("relay %s is a standby: the writer serves at %s", self.url, exc.url)
                self._go_to(exc.url)
                delay = self.backoff[0]
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError) as exc:
                log.info("relay connection lost: %s", exc)
                if self.live.is_set():
                    delay = self.backoff[0]
                self._next_url = (self._next_url + 1) % len(self.urls)  # a standby may have taken over
            finally:
                self._ws = None
                self.connected.clear()
                self.live.clear()
                self._fail_pending("connection lost")
            if self._closing:
                break
            self.reconnects += 1
            self.on_status("disconnected", f"{delay:.1f} 秒后重连")
            await asyncio.sleep(delay * (0.8 + 0.4 * random.random()))
            delay = min(delay * 2, self.backoff[1])

    def _go_to(self, url: str) -> None:
        """Try ``url`` next (added to the relays known when it is new)."""
        if url not in self.urls:
            self.urls.append(url)
        self._next_url = self.urls.index(url)

    async def _session(self, ws: ClientConnection) -> None:
        reply = await self._log_in(ws)
        if reply["t"] == "redirect":
            raise Redirected(str(reply["to"]))
        if reply["t"] == "error" and "retry_after" in reply:
            raise LoginDeferred(reply.get("zh", reply.get("code")), float(reply["retry_after"]))
        if reply["t"] == "error":
            raise AuthenticationFailed(reply.get("zh", reply.get("code")))
        self.account = reply
        self.ticket = reply.get("ticket") or ""
        self.login_error = None
        self.must_change = bool(reply.get("must_change"))
        for out in self._outbox.values():  # resend unacknowledged commands in order, same keys
            broadcast([ws], out.frame)
        if self._focus is not None and not self.must_change:
            broadcast([ws], m.encode({"t": "focus", "id": uuid.uuid4().hex, "incident": self._focus}))
        self.connected.set()
        if self.must_change:  # nothing but change_password() until the initial password is replaced
            self.on_status("must_change", self.account.get("account", ""))
        else:
            self._go_live()
        async for raw in ws:
            if rec.is_binary(raw):
                self._binary(raw)
            else:
                self._dispatch(m.parse_server(raw))

    async def _log_in(self, ws: ClientConnection) -> dict:
        """Send ``auth`` and return the relay's answer: with the resume ticket of the last session when there
        is one (no password check on the relay), else, or when the relay refuses the ticket, the password."""
        frame = {"t": "auth", "id": "auth", "user": self.user, "workstation": self.workstation[:64]}
        if self.ticket:
            self.ticket, ticket = "", self.ticket  # used once: a refused ticket is not tried again
            await ws.send(m.encode({**frame, "ticket": ticket}))
            reply = m.parse_server(await ws.recv())
            if reply["t"] == "redirect":
                self.ticket = ticket  # not used up: the writer takes it
            if reply["t"] != "error" or "retry_after" in reply:
                return reply
            log.info("resume ticket refused (%s); logging in with the password", reply.get("code"))
        await ws.send(m.encode({**frame, "password": self._password}))
        return m.parse_server(await ws.recv())

    def _binary(self, raw: bytes) -> None:
        """A ``rec.data`` frame answering :meth:`transfer`."""
        header, data = rec.unpack(raw)
        future = self._queries.pop(header.get("id"), None)
        if future is not None and not future.done():
            future.set_result((header, data))

    def _go_live(self) -> None:
        """Subscribe (or, without a subscription, be live at once) and say the session is connected."""
        if self.subscribe:
            self._send_raw(m.encode({"t": "subscribe", "id": "sub", "after": self.last_seq, **self.narrow}))
        else:
            self.live.set()
        self.on_status("connected", self.account.get("account", ""))

    def _dispatch(self, frame: dict) -> None:
        kind = frame["t"]
        if kind == "events":
            self._deliver([Event.from_wire(e) for e in frame["events"]])
        elif kind == "signal":
            self.on_signal(frame)
        elif kind == "focus":
            self.on_focus(frame)
        elif kind in ("signal.ok", "error") and frame.get("id") in self._signals:
            future = self._signals.pop(frame["id"])
            if future.done():
                return
            if kind == "signal.ok":
                future.set_result(frame)
            else:
                future.set_exception(CommandRefused(frame))
        elif kind in ("rec.ok", "att.ok") and frame.get("id") in self._queries:
            future = self._queries.pop(frame["id"])
            if not future.done():
                future.set_result((frame, b""))
        elif kind in ("result", "error") and frame.get("id") in self._queries:
            future = self._queries.pop(frame["id"])
            if future.done():
                return
            if kind == "result":
                future.set_result(frame.get("data"))
            else:
                future.set_exception(QueryRefused(frame))
        elif kind in ("ack", "error"):
            self._resolve(frame)
        elif kind == "snapshot":
            self.last_seq = int(frame["state"]["seq"])
            self.on_snapshot(frame["state"])
        elif kind == "subscribed":
            self.live.set()
            self.on_live()
        elif kind == "ticket":
            self.ticket = frame["ticket"]

    def _deliver(self, events: list[Event]) -> None:
        fresh = []
        last = self.last_seq or 0
        for event in events:
            if event.seq <= last:
                continue
            fresh.append(event)
            last = event.seq
        if fresh:
            self.last_seq = last
            self.on_events(fresh)

    def _resolve(self, frame: dict) -> None:
        key = frame.get("id")
        out = self._outbox.pop(key, None) if key else None
        if frame["t"] == "error" and frame.get("code") in RETRY_LATER and out is not None:
            self._outbox[key] = out  # keep it and try again when the relay says, same key
            delay = min(float(frame.get("retry_after") or 0.5), 30.0)
            asyncio.get_running_loop().call_later(delay, self._send_raw, out.frame)
            return
        if out is None:
            if frame["t"] == "error":
                log.warning("relay error: %s %s", frame.get("code"), frame.get("en"))
                if key == "sub" and frame.get("code") == "E_FIELD":
                    self.last_seq = None  # our history is ahead of this relay: start over from a snapshot
                    self.drop_connection()
            return
        if out.future.done():
            return
        if frame["t"] == "ack":
            out.future.set_result(frame)
        else:
            out.future.set_exception(CommandRefused(frame))

    def _send_raw(self, frame: str) -> None:
        """Write now, in call order; a frame lost with the connection is resent after reconnect."""
        if self._ws is not None and self.connected.is_set():
            broadcast([self._ws], frame)


__all__ = ["AuthenticationFailed", "CommandRefused", "DomainError", "LoginDeferred", "QueryRefused", "RelayClient"]
