"""One client connection: authenticate first, then subscribe and send commands.

Every refused frame gets a structured ``error`` naming its ``id``; the connection stays open
unless the client cannot be trusted to go on (too many failed logins).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.passwords import verify_password
from console.domain.scope import Scope
from console.domain.visibility import View, snapshot_for, view_of
from console.domain.workers import Role
from console.protocol import messages as m
from console.relay.signalling import route

if TYPE_CHECKING:
    from console.relay.server import Relay

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
MAX_IN_FLIGHT = 2000  # commands of one connection awaiting commit before it stops reading


class ClientConnection:
    """Protocol state of one websocket: who it is, whether it is subscribed, what is in flight."""

    def __init__(self, relay: Relay, ws: ServerConnection) -> None:
        self.relay = relay
        self.ws = ws
        self.actor: Actor | None = None
        self.failed_logins = 0
        self.subscribed = False
        self.in_flight = asyncio.Semaphore(MAX_IN_FLIGHT)

    async def serve(self) -> None:
        """Read frames until the client goes away."""
        try:
            async for raw in self.ws:
                await self._handle(raw)
        except ConnectionClosed:
            pass
        finally:
            self.relay.fanout.remove(self.ws)
            self.relay.presence.leave(self.ws)

    async def _handle(self, raw: str | bytes) -> None:
        try:
            msg = m.parse_client(raw)
        except m.ProtocolError as err:
            self.relay.stats["refused"] += 1
            await self._send(m.error(err.message_id, err))
            return
        try:
            match msg:
                case m.Auth():
                    await self._auth(msg)
                case m.Ping():
                    await self._send({"t": "pong", "id": msg.id, "head": self.relay.writer.state.seq})
                case _ if self.actor is None:
                    raise DomainError("E_AUTH_REQUIRED", msg.__class__.__name__.lower())
                case m.Subscribe():
                    await self._subscribe(msg)
                case m.Command():
                    await self._command(msg)
                case m.Signal():
                    await self._signal(msg)
        except DomainError as err:
            self.relay.stats["refused"] += 1
            await self._send(m.error(msg.id, err))

    async def _auth(self, msg: m.Auth) -> None:
        if self.actor is not None:
            raise DomainError("E_CONFLICT", "已登录 / already authenticated")
        loop = asyncio.get_running_loop()
        account = await loop.run_in_executor(self.relay.readers, self.relay.store.account, msg.user)
        ok = account is not None and await loop.run_in_executor(
            self.relay.readers, verify_password, msg.password, account.password_hash
        )
        if not ok:
            self.failed_logins += 1
            await self._send(m.error(msg.id, DomainError("E_AUTH_FAILED")))
            if self.failed_logins >= MAX_FAILED_LOGINS:
                await self.ws.close(1008, "too many failed logins")
            return
        role = Role(account.role)
        scope = Scope.parse(account.scope) if role is Role.FIELD_GATEWAY else None
        self.actor = Actor(account.name, role, account.worker_id, account.department, msg.workstation, scope)
        self.relay.presence.join(self.ws, self.actor)
        await self._send(m.auth_ok(msg.id, account.name, account.role, account.worker_id,
                                   self.relay.writer.state.seq))

    async def _subscribe(self, msg: m.Subscribe) -> None:
        if self.subscribed:
            raise DomainError("E_CONFLICT", "已订阅 / already subscribed")
        view = view_of(self.actor, self.relay.writer.state)
        fanout = self.relay.fanout
        fanout.begin_catch_up(self.ws)
        try:
            if msg.after is None:
                last = await self._send_snapshot(msg.id, view)
            else:
                last = await self._send_history(msg.after, view)
        except BaseException:
            fanout.remove(self.ws)
            raise
        missed = fanout.go_live(self.ws, view, last)
        if missed:
            await self._send(m.events_frame(missed))
            last = missed[-1]["seq"]
        self.subscribed = True
        await self._send(m.subscribed(msg.id, last))

    async def _send_snapshot(self, message_id: str, view: View | None) -> int:
        loop = asyncio.get_running_loop()
        state = await loop.run_in_executor(self.relay.readers, self.relay.store.load_state)
        snapshot = snapshot_for(state, view)
        await self._send(m.snapshot_frame(message_id, snapshot))
        return state.seq

    async def _send_history(self, after: int, view: View | None) -> int:
        head = self.relay.writer.state.seq
        if after > head:
            raise DomainError("E_FIELD", f"after={after} 超过当前序号 head={head}; 请重新获取快照")
        loop = asyncio.get_running_loop()
        last = after
        while True:
            page = await loop.run_in_executor(self.relay.readers, self.relay.store.events_after, last, 2000)
            if not page:
                return last
            wire = [e.to_wire() for e in page] if view is None else self.relay.fanout.wire_for(view, page)
            if wire:
                await self._send(m.events_frame(wire))
            last = page[-1].seq

    async def _command(self, msg: m.Command) -> None:
        await self.in_flight.acquire()
        try:
            future = self.relay.writer.submit(self.actor, msg.id, msg.op, self._with_presence(msg.op, msg.args))
        except DomainError:
            self.in_flight.release()
            raise
        future.add_done_callback(lambda f, key=msg.id: self._answer(key, f))

    def _with_presence(self, op: str, args: dict) -> dict:
        """Presence is not in the log: a gateway serves the bound workers it reports positions for, and a
        ``call.dial`` carries the callees nobody can reach to the decider (``unreachable``)."""
        presence = self.relay.presence
        worker = args.get("worker")
        if op == "position.report" and self.actor.role is Role.FIELD_GATEWAY and isinstance(worker, str) \
                and self.actor.scope.covers(self.relay.writer.state.workers.get(worker)):
            presence.serve(self.ws, worker)
        elif op == "call.dial":
            return {**args, "unreachable": [p for p in args["to"] if isinstance(p, str) and not presence.is_present(p)]}
        return args

    async def _signal(self, msg: m.Signal) -> None:
        """Forward a WebRTC signal to the connections serving its target, then confirm to the sender."""
        targets, frame = route(self.relay.writer.state, self.relay.presence, self.ws, msg)
        broadcast(targets, m.encode(frame))
        self.relay.stats["signals"] += 1
        await self._send(m.signal_ok(msg.id))

    def _answer(self, key: str, future: asyncio.Future) -> None:
        self.in_flight.release()
        err = future.exception()
        if err is None:
            seq, duplicate = future.result()
            frame = m.ack(key, seq, duplicate)
        elif isinstance(err, DomainError):
            self.relay.stats["refused"] += 1
            frame = m.error(key, err)
        else:
            frame = m.error(key, DomainError("E_STORE", type(err).__name__))
        self.relay.send_now(self.ws, frame)

    async def _send(self, frame: dict) -> None:
        await self.ws.send(m.encode(frame))
