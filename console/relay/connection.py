"""One client connection: authenticate first, then subscribe and send commands.

Every frame gets an answer: a refused one a structured ``error`` naming its ``id``, whatever went
wrong. The connection stays open unless the client cannot be trusted to go on (too many failed
logins, no login within the deadline). Each connection has a frame rate and a signal rate
(:mod:`console.relay.limits`); beyond them frames are refused with E_RATE and a retry_after, and
the connection is not read for that long (TCP holds the sender back). Refusals have a budget of
their own: a client whose frames keep being refused is read slowly, so bad input costs the relay
little however fast it comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from functools import partial
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.exceptions import ConnectionClosed

from console.domain import privacy
from console.domain.calls import DESK
from console.domain.catalogue import validate_args
from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.permissions import authorize
from console.domain.privacy import Clearance, clearance_of
from console.domain.queries import authorize_query
from console.domain.scope import Scope
from console.domain.subscription import Picker, Subscription
from console.domain.visibility import View, snapshot_for, view_of
from console.domain.workers import PERSONAL_FIELD_ROLES, Role
from console.protocol import attachments as att
from console.protocol import messages as m
from console.protocol import recordings as rec
from console.relay.accounts import ACCOUNT_OPS
from console.relay.condlog import ConditionLog
from console.relay.fixes import BATCH_OP, POSITION_OP, FixBatch, fix_key
from console.relay.limits import Slots, TokenBucket
from console.relay.reply import Reply
from console.relay.sessions import is_page
from console.relay.signalling import route

if TYPE_CHECKING:
    from console.relay.server import Relay

log = logging.getLogger(__name__)
conditions = ConditionLog(log)

MAX_FAILED_LOGINS = 5
BULK_SENDERS = PERSONAL_FIELD_ROLES | {Role.FIELD_GATEWAY}  # connections that send positions
RECEIVE_BUFFER = 16 * 1024  # a gateway's unread frames the kernel holds: TCP pushes back beyond it
READ_QUEUE = 16  # a gateway's frames websockets holds read before it stops reading its socket
CHANGE_OWN_PASSWORD = "account.change_own_password"  # all an account with an initial password may send


class ClientConnection:
    """Protocol state of one websocket: who it is, whether it is subscribed, what is in flight."""

    def __init__(self, relay: Relay, ws: ServerConnection) -> None:
        self.relay = relay
        self.ws = ws
        self.actor: Actor | None = None
        self.failed_logins = 0
        self.must_change = False  # logged in with an initial password: nothing but a change of it
        self.subscribed = False
        self._closing: asyncio.Future | None = None
        limits = relay.budget
        self.in_flight = Slots(limits.max_queued_per_connection)
        self.frames = TokenBucket(*limits.commands_rate(None), clock=relay.monotonic)
        self.signals = TokenBucket(limits.signals_per_s, limits.signal_burst, clock=relay.monotonic)
        self.refusals = TokenBucket(limits.refusals_per_s, limits.refusal_burst, clock=relay.monotonic)
        self.queries = TokenBucket(limits.queries_per_s, limits.query_burst, clock=relay.monotonic)
        self._reading: set[asyncio.Task] = set()  # queries being answered
        self.paused_until = 0.0  # monotonic time before which this connection is not read
        self.bulk = False  # logged in as a sender of positions (gateway, phone)

    async def serve(self) -> None:
        """Read frames until the client goes away (or fails to log in within the deadline)."""
        deadline = asyncio.get_running_loop().call_later(self.relay.budget.auth_deadline_s, self._auth_deadline)
        try:
            async for raw in self.ws:
                await self._handle(raw)
        except ConnectionClosed:
            pass
        finally:
            deadline.cancel()
            for task in self._reading:  # nobody is left to answer: the read threads finish on their own
                task.cancel()
            self.relay.fanout.remove(self.ws)
            self.relay.presence.leave(self.ws)
            self._tell_desks(*self.relay.desk_focus.leave(self.ws))
            self.relay.accounts.sessions.forget(self.ws)
            self.relay.attachments.forget(self.ws)
            self.relay.accounts.tickets.forget(self.ws)

    def _auth_deadline(self) -> None:
        if self.actor is None:
            self.relay.stats["auth_timeouts"] += 1
            self._closing = asyncio.ensure_future(self.ws.close(1008, "login timeout / 登录超时"))

    async def _handle(self, raw: str | bytes) -> None:
        message_id = None
        wait = self.paused_until - self.relay.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        queue = self.relay.writer.queue
        if self.bulk and queue.held(self.ws):  # hold position senders back at the socket: unread frames cost nothing
            await queue.relieved(self.ws, self.relay.budget.queue_budget_ms / 2000)
        try:
            msg = m.parse_client(raw)
            message_id = msg.id
            self.frames.take("消息")
            if self.actor is not None:
                self.relay.account_bucket(self.actor).take("本账号消息")
            await self._dispatch(msg)
        except m.ProtocolError as err:
            await self._refuse(err.message_id, err)
        except DomainError as err:
            await self._refuse(message_id, err)
        except ConnectionClosed:
            raise
        except Exception as exc:  # a bug must cost this frame only, never the connection or the relay
            conditions.report("frame handling failed", exc, level=logging.ERROR)
            await self._refuse(message_id, DomainError("E_INTERNAL", type(exc).__name__))

    async def _refuse(self, message_id: str | None, err: DomainError) -> None:
        self._count_refusal(err)
        await self._send(m.error(message_id, err))

    def _count_refusal(self, err: DomainError) -> None:
        """Pause reading after E_RATE for its retry_after, and after too many refusals of any kind but
        E_OVERLOADED (the relay's state, not the sender's fault: the connection is read on, so that a
        shed position costs one parse and one answer)."""
        self.relay.stats["refused"] += 1
        if err.code == "E_OVERLOADED":
            return
        now = self.relay.monotonic()
        if err.code == "E_RATE":
            self.paused_until = max(self.paused_until, now + float(err.extra.get("retry_after", 1.0)))
        try:
            self.refusals.take("被拒消息")
        except DomainError as over:
            self.paused_until = max(self.paused_until, now + float(over.extra["retry_after"]))

    async def _dispatch(self, msg: m.ClientMessage) -> None:
        match msg:
            case m.Auth():
                await self._auth(msg)
            case m.Ping():
                await self._send({"t": "pong", "id": msg.id, "head": self.relay.writer.state.seq})
            case _ if self.actor is None:
                raise DomainError("E_AUTH_REQUIRED", msg.__class__.__name__.lower())
            case _ if self.must_change and not (isinstance(msg, m.Command) and msg.op == CHANGE_OWN_PASSWORD):
                raise DomainError("E_PASSWORD_CHANGE_REQUIRED", CHANGE_OWN_PASSWORD)
            case m.Subscribe():
                await self._subscribe(msg)
            case m.Command():
                await self._command(msg)
            case m.Query():
                self._query(msg)
            case m.Signal():
                await self._signal(msg)
            case m.Focus():
                self._tell_desks(*self.relay.desk_focus.focus(self.ws, msg.incident))
                await self._send({"t": "focus.ok", "id": msg.id})
            case att.AttPut():
                await self._send(await self.relay.attachments.answer(self.actor, msg))
            case rec.RecBegin() | rec.RecPut() | rec.RecGet():
                reply = await self.relay.recordings.answer(self.actor, msg)
                await (self.ws.send(reply) if isinstance(reply, bytes) else self._send(reply))

    async def _auth(self, msg: m.Auth) -> None:
        if self.actor is not None:
            raise DomainError("E_CONFLICT", "已登录 / already authenticated")
        try:
            account, resumed = await self.relay.accounts.authenticate(msg, self.ws.remote_address[0])
        except DomainError as err:
            self.failed_logins += 1
            await self._send(m.error(msg.id, err))
            if self.failed_logins >= MAX_FAILED_LOGINS:
                await self.ws.close(1008, "too many failed logins")
            return
        role = Role(account.role)
        scope = Scope.parse(account.scope).resolved(self.relay.writer.state.district)
        self.actor = Actor(account.name, role, account.worker_id, scope.department, msg.workstation, scope)
        self.must_change = account.must_change
        self.frames = TokenBucket(*self.relay.budget.commands_rate(self.actor.role), clock=self.relay.monotonic)
        self.bulk = role in BULK_SENDERS
        if role is Role.FIELD_GATEWAY:
            self._bound_receive_buffer()
        self.relay.accounts.sessions.open(self.ws, account.name)
        self.relay.presence.join(self.ws, self.actor)
        self._take_over(role, account.name, account.worker_id, msg.workstation)
        ticket = "" if account.must_change else self.relay.accounts.ticket_for(self.ws, account, resumed)
        files = self.relay.attachments.issue(self.ws, account.worker_id) if is_page(msg.workstation) else ""
        await self._send(m.auth_ok(msg.id, account.name, account.role, account.worker_id, self.relay.writer.state.seq,
                                   scope.department, account.must_change, ticket, files))
        for frame in self.relay.desk_focus.join(self.ws, self.actor, account.display_name):
            await self._send(frame)

    def _bound_receive_buffer(self) -> None:
        """A gateway's frames wait in a small kernel buffer, so that while it is not read TCP holds it back
        within a few hundred positions instead of megabytes (a gateway sits on the station's LAN; a
        phone on a slow link keeps the usual buffer for its photos)."""
        sock = self.ws.transport.get_extra_info("socket") if self.ws.transport is not None else None
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        self.ws.recv_messages.high, self.ws.recv_messages.low = READ_QUEUE, READ_QUEUE // 4

    def _take_over(self, role: Role, account: str, worker: str | None, workstation: str) -> None:
        """One live session per phone login: a login from a relay page (``web:``, every role: worker, officer,
        unit, liaison) replaces the account's earlier page connection; a grid worker's or police unit's login
        from anywhere replaces its earlier personal connection, and any gateway stops serving it. The earlier
        connection is closed with 4002 已在其他设备登录. A desk console (not a page) is never taken over."""
        sessions = self.relay.accounts.sessions
        earlier = set()
        if role in PERSONAL_FIELD_ROLES and worker:
            earlier.add(self.relay.presence.claim_personal(self.ws, worker))
        if is_page(workstation):
            earlier.add(sessions.claim_page(self.ws, account))
        for ws in earlier - {None}:
            sessions.take_over(ws)

    async def _subscribe(self, msg: m.Subscribe) -> None:
        if self.subscribed:
            raise DomainError("E_CONFLICT", "已订阅 / already subscribed")
        state = self.relay.writer.state
        view, clearance = view_of(self.actor, state), clearance_of(self.actor, state)
        subscription = self._subscription(msg, view)
        fanout = self.relay.fanout
        fanout.begin_catch_up(self.ws)
        try:
            if msg.after is None:
                last = await self._send_snapshot(msg.id, view, clearance, subscription)
            else:
                last = await self._send_history(msg.after, view, clearance, subscription)
        except BaseException:
            fanout.remove(self.ws)
            raise
        missed = fanout.go_live(self.ws, view, last, clearance, subscription)
        if missed:
            await self._send(m.events_frame(missed))
            last = missed[-1]["seq"]
        self.subscribed = True
        await self._send(m.subscribed(msg.id, last))

    def _subscription(self, msg: m.Subscribe, view: View | None) -> Subscription:
        """The stations and position rate a desk asks for (a narrowed view is narrow already: E_FORBIDDEN)."""
        if msg.stations is None and not msg.positions_every_s:
            return Subscription()
        if view is not None:
            raise DomainError("E_FORBIDDEN", "仅指挥席位可按派出所或抽稀订阅")
        return Subscription.of(self.actor, self.relay.writer.state, msg.stations, msg.positions_every_s,
                               self.relay.budget.max_positions_every_s)

    async def _send_snapshot(self, message_id: str, view: View | None, clearance: Clearance,
                             subscription: Subscription) -> int:
        loop = asyncio.get_running_loop()
        state = await loop.run_in_executor(self.relay.readers, self.relay.store.load_state, self.relay.snapshot_since())
        snapshot = subscription.trim(snapshot_for(state, view, self.actor.role, clearance), state)
        await self._send(m.snapshot_frame(message_id, snapshot))
        return state.seq

    async def _send_history(self, after: int, view: View | None, clearance: Clearance,
                            subscription: Subscription) -> int:
        head = self.relay.writer.state.seq
        if after > head:
            raise DomainError("E_FIELD", f"after={after} 超过当前序号 head={head}; 请重新获取快照")
        loop = asyncio.get_running_loop()
        last = after
        picker = Picker(subscription) if subscription.narrowed else None
        while True:
            page = await loop.run_in_executor(self.relay.readers, self.relay.store.events_after, last, 2000)
            if not page:
                return last
            if view is not None:
                wire = self.relay.fanout.wire_for(view, page)
            else:
                wire = privacy.wire_all(page if picker is None else self.relay.fanout.pick_for(picker, page), clearance)
            if wire:
                await self._send(m.events_frame(wire))
            last = page[-1].seq

    async def _command(self, msg: m.Command) -> None:
        if msg.op == BATCH_OP:
            await self._fixes(msg)
            return
        self.relay.writer.admit(msg.op)  # a position is shed here, first, while the writer is overloaded
        if self.actor.role is Role.FIELD_GATEWAY:
            self._not_on_phone(msg.args.get("worker") if isinstance(msg.args, dict) else None)
        args = msg.args
        if msg.op in ACCOUNT_OPS:
            args = await self.relay.accounts.prepare(msg.op, args, self.actor, self.ws.remote_address[0])
        if not self.in_flight.try_take():
            await self.in_flight.take()
        try:
            reply = self.relay.writer.submit(self.actor, msg.id, msg.op, self._with_presence(msg.op, args),
                                             owner=self.ws, immediate=True)
        except DomainError:
            self.in_flight.give()
            raise
        reply.add_done_callback(lambda r, cmd=msg: self._answer(cmd, r))

    async def _fixes(self, msg: m.Command) -> None:
        """A gateway's ``position.batch``: each fix checked and queued as a ``position.report`` of its own, a
        bad one refused alone, one ack for the frame (:mod:`console.relay.fixes`)."""
        authorize(self.actor.role, BATCH_OP)
        writer = self.relay.writer
        writer.admit(POSITION_OP)  # the whole frame is shed while the writer is overloaded
        fixes = msg.args["fixes"]
        if len(fixes) > 1:  # each fix counts as a frame against the rates (the frame itself was counted)
            self.frames.take("定位", len(fixes) - 1)
            self.relay.account_bucket(self.actor).take("本账号定位", len(fixes) - 1)
        if not self.in_flight.try_take():
            await self.in_flight.take()
        batch = FixBatch(msg.id, len(fixes), self._answer_fixes)
        for index, fix in enumerate(fixes):
            worker = fix.get("worker") if isinstance(fix, dict) else None
            try:
                self._not_on_phone(worker)
                reply = writer.submit(self.actor, fix_key(msg.id, index), POSITION_OP,
                                      validate_args(POSITION_OP, fix), owner=self.ws, immediate=True)
            except DomainError as err:
                batch.refuse(index, worker, err)
                continue
            reply.add_done_callback(partial(self._fix_answered, batch, index, worker))
        batch.close()

    def _fix_answered(self, batch: FixBatch, index: int, worker: object, reply: Reply) -> None:
        if reply.exception() is None:
            self._serve(worker)
        batch.answered(index, worker, reply)

    def _answer_fixes(self, frame: dict) -> None:
        self.in_flight.give()
        self.relay.stats["refused"] += len(frame["refused"])
        self.relay.send_now(self.ws, frame)

    def _not_on_phone(self, worker: object) -> None:
        """A gateway does not act for a worker who is on their own phone (E_ON_PHONE)."""
        if isinstance(worker, str) and self.relay.presence.personal(worker) is not None:
            raise DomainError("E_ON_PHONE", worker)

    def _query(self, msg: m.Query) -> None:
        """Authorize a read query and answer it in the background on the relay's read threads (the next
        frames are read meanwhile); at most ``queries_in_flight`` at once per connection."""
        authorize_query(self.actor.role, msg.name)
        self.queries.take("查询")
        if len(self._reading) >= self.relay.budget.queries_in_flight:
            raise DomainError("E_RATE", f"同时进行的查询超过 {self.relay.budget.queries_in_flight} 个", retry_after=0.5)
        task = asyncio.create_task(self._answer_query(msg))
        self._reading.add(task)
        task.add_done_callback(self._reading.discard)

    async def _answer_query(self, msg: m.Query) -> None:
        try:
            data = await self.relay.reads.answer(self.actor, msg.name, msg.args)
            frame = m.result(msg.id, data)
        except DomainError as err:
            self._count_refusal(err)
            frame = m.error(msg.id, err)
        except Exception as exc:  # a failed read costs this query only
            conditions.report("query failed", exc, level=logging.ERROR)
            frame = m.error(msg.id, DomainError("E_INTERNAL", type(exc).__name__))
        with contextlib.suppress(ConnectionClosed):  # the client left meanwhile
            await self._send(frame)

    def _with_presence(self, op: str, args: dict) -> dict:
        """Presence is not in the log: a ``call.dial`` carries the callees nobody can reach to the
        decider (``unreachable``)."""
        if op == "call.dial":
            presence = self.relay.presence
            return {**args, "unreachable": [p for p in args["to"] if isinstance(p, str) and not presence.is_present(p)]}
        return args

    def _serve(self, worker: object) -> None:
        """A gateway serves a worker once the relay has accepted a position it reported for that worker
        (never before the decider: nobody can register as the desk or as a worker it may not act for)."""
        if self.actor.role is Role.FIELD_GATEWAY and worker != DESK and worker in self.relay.writer.state.workers:
            self.relay.presence.serve(self.ws, worker)

    async def _signal(self, msg: m.Signal) -> None:
        """Forward a WebRTC signal to the connections serving its target, then confirm to the sender.
        A target whose socket is backed up gets nothing more until it drains (E_RATE to the sender)."""
        self.signals.take("信令")
        targets, frame = route(self.relay.writer.state, self.relay.presence, self.ws, msg)
        bound = self.relay.budget.signal_buffer_bytes
        if any(t.transport is not None and t.transport.get_write_buffer_size() > bound for t in targets):
            raise DomainError("E_RATE", f"{msg.to} 接收缓慢 / receiver is backed up", retry_after=1.0)
        broadcast(targets, m.encode(frame))
        self.relay.stats["signals"] += 1
        await self._send(m.signal_ok(msg.id))

    def _tell_desks(self, targets: list, frame: dict | None) -> None:
        """Pass a desk's presence mark on to the other desks (not logged, see :mod:`console.relay.desk_focus`)."""
        if frame is not None and targets:
            broadcast(targets, m.encode(frame))

    def _answer(self, cmd: m.Command, reply: Reply) -> None:
        self.in_flight.give()
        key = cmd.id
        err = reply.exception()
        if err is None:
            seq, duplicate = reply.result()
            if cmd.op == POSITION_OP:
                self._serve(cmd.args.get("worker"))
            if cmd.op == CHANGE_OWN_PASSWORD:
                self.must_change = False
            frame = m.ack(key, seq, duplicate)
        elif isinstance(err, DomainError):
            self._count_refusal(err)
            frame = m.error(key, err)
        else:
            frame = m.error(key, DomainError("E_INTERNAL", type(err).__name__))
        self.relay.send_now(self.ws, frame)

    async def _send(self, frame: dict) -> None:
        await self.ws.send(m.encode(frame))
