"""Group commit: one writer thread owns the relay's State and turns commands into committed events.

Commands from every connection queue up (served in turn, commands before positions, see
:mod:`console.relay.fair_queue`); the writer takes whatever is waiting (up to ``max_batch``), refuses
what waited longer than the queueing budget (E_OVERLOADED, undecided), drops already-committed idempotency
keys, decides each command against the state, commits all resulting events in one transaction and
only then resolves the senders' futures and hands the events to the fan-out.

A bad command fails alone: group commit is a performance trick, not a shared fate. When a batch
cannot be applied or committed, the state is reloaded from the database and the batch is retried
one command at a time, so only the offender is refused. No exception stops the writer: anything
unexpected refuses the command at hand with E_INTERNAL and the writer carries on.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from console.domain.changes import Changes, changes_of
from console.domain.clock import now_s
from console.domain.decide import SYSTEM_ACTOR, Actor, decide
from console.domain.decide_accounts import SECRET
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.risk.engine import RiskEngine
from console.domain.state import State, apply
from console.relay.condlog import ConditionLog
from console.relay.fair_queue import FairQueue
from console.relay.reply import Reply
from console.relay.watchdog import Watchdog
from console.store.history import incident_facts, load_incident, load_order, load_record
from console.store.lease import Fenced
from console.store.outage import describe, unavailable
from console.store.store import Store

log = logging.getLogger(__name__)
conditions = ConditionLog(log)
INCIDENT_ARGS = ("incident", "duplicate_of")  # command arguments naming an incident, which may be history
POSITION_OP = "position.report"  # the one bulk operation: coalesced per worker, shed first, taken last
Outcome = tuple[int, bool] | DomainError


@dataclass(slots=True)
class Pending:
    """A command waiting for the writer; ``future`` gets ``(seq, duplicate)`` or a DomainError."""

    actor: Actor
    key: str
    op: str
    args: dict
    future: asyncio.Future | Reply = field(repr=False)


@dataclass(slots=True)
class BatchResult:
    """What one batch produced: the committed events, what they changed and each command's outcome."""

    events: list[Event]
    outcomes: list[tuple[Pending, Outcome]]
    changes: Changes = field(default_factory=Changes)

    def extend(self, other: BatchResult) -> None:
        self.events += other.events
        self.outcomes += other.outcomes
        self.changes.update(other.changes)


class _RetryAlone(Exception):
    """The batch could not be applied or committed as a whole: retry its commands one by one."""


class Writer:
    """Owns the authoritative in-memory State; only its thread touches it."""

    def __init__(self, store: Store, state: State, *, max_batch: int = 1000, queue_size: int = 20_000,
                 per_connection: int = 2000, clock: Callable[[], float] = now_s,
                 watchdog: Callable[[State, int], Watchdog] | None = None, tick_s: float = 1.0,
                 risk: bool = False, queue_budget_s: float = math.inf,
                 monotonic: Callable[[], float] = time.monotonic,
                 closed_since: Callable[[], int | None] = lambda: None) -> None:
        """``closed_since``: the state reloads closed incidents changed since then only (None: all); an older
        one a command names is loaded back from the database before the command is decided, and the risk rules
        index those their windows reach from the projection's columns."""
        self.store = store
        self._closed_since = closed_since
        self._clock = clock
        self.state = state
        self._make_watchdog = watchdog
        self.watchdog = watchdog(state, int(clock() * 1000)) if watchdog else None
        self.risk_rules = risk  # evaluate the risk rules (console.domain.risk) after each committed event
        self.risk = RiskEngine.from_state(state, self._risk_history()) if risk else None
        self.tick_s = tick_s
        self.max_batch = max_batch
        self.queue: FairQueue[Pending] = FairQueue(queue_size, per_connection, budget_s=queue_budget_s,
                                                   clock=monotonic)
        self.on_fenced: Callable[[str], None] = lambda why: None  # the relay stops when another one writes
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="relay-writer")
        self.committed_events = 0
        self.batches = 0
        self.overload = {"expired": 0, "shed": 0, "coalesced": 0}  # commands refused or merged under pressure
        self.stale = False  # the state could not be reloaded after a failure; reload before the next batch
        self.store_down = False  # the database could not be reached by the last batch (one log line per change)
        self._handed = state.seq  # the last seq committed and handed out (or about to be, in a result)
        self._recovered: list[Event] = []  # committed though the commit seemed to fail: still to hand out
        self.stopped: str | None = None  # why the writer loop ended, if it did

    def admit(self, op: str) -> None:
        """Refuse a position at once (E_OVERLOADED, before it is checked further or queued) while the
        queue is overloaded; commands are always admitted."""
        if op == POSITION_OP and self.queue.overloaded():
            self.overload["shed"] += 1
            raise DomainError("E_OVERLOADED", "写入队列过载，定位暂不受理 / positions are being shed",
                              retry_after=round(self.queue.budget_s, 3))

    def submit(self, actor: Actor, key: str, op: str, args: dict, owner: object = None, *,
               immediate: bool = False) -> asyncio.Future | Reply:
        """Queue a command from ``owner`` (its connection); E_RATE or E_OVERLOADED when it must wait.
        ``immediate``: answer through a :class:`Reply` (its callbacks run as the batch is answered, without
        a loop callback each) instead of a future to await.

        Under pressure a position replaces a waiting position of the same worker: the newest fix stays
        queued, the other is answered with the survivor's outcome (an ack with its seq and
        ``duplicate``)."""
        if self.stopped is not None:
            raise DomainError("E_OVERLOADED", "写入服务已停止 / writer stopped")
        pending = Pending(actor, key, op, args, Reply() if immediate else asyncio.get_running_loop().create_future())
        owner = owner if owner is not None else actor.account
        if op != POSITION_OP:
            self.queue.put(owner, pending)
            return pending.future
        fix = _fix_key(actor, args)
        waiting = self.queue.queued(fix) if fix is not None and self.queue.pressed() else None
        if waiting is not None and _fix_at(waiting) > _fix_at(pending):  # a late older fix: the queued one wins
            self.overload["coalesced"] += 1
            _answer_with(pending, waiting)
            return pending.future
        replaced = self.queue.put(owner, pending, bulk=True, key=fix, coalesce=waiting is not None)
        if replaced is not None:
            self.overload["coalesced"] += 1
            _answer_with(replaced, pending)
        return pending.future

    async def run(self, publish: Callable[[list[Event], Changes], None]) -> None:
        """Process batches until cancelled; ``publish`` gets each committed batch in seq order, with its
        change set."""
        loop = asyncio.get_running_loop()
        try:
            while True:
                await self.queue.wait(self.tick_s if self.watchdog else None)
                batch, expired = self.queue.take(self.max_batch)
                if expired:
                    self._refuse_expired(expired)
                try:
                    result = await loop.run_in_executor(self._thread, self._process, batch)
                except Fenced as exc:  # nothing of the batch was written; the clients resend it to the new writer
                    self.stopped = f"fenced: {exc}"
                    self.queue.done(len(batch))
                    self.on_fenced(str(exc))
                    return
                except Exception as exc:  # a bug outside the per-command handling: refuse the batch, go on
                    conditions.report("writer batch failed", exc, level=logging.ERROR)
                    result = BatchResult([], [(p, _internal(exc)) for p in batch])
                _resolve(result.outcomes)
                if result.events:
                    try:
                        publish(result.events, result.changes)
                    except Exception as exc:  # committed already; subscribers catch up on resume
                        conditions.report("fan-out failed", exc, level=logging.ERROR)
                self.queue.done(len(batch) + len(expired))
        except asyncio.CancelledError:
            self.stopped = "cancelled"
            raise
        except BaseException as exc:
            self.stopped = f"{type(exc).__name__}: {exc}"
            log.exception("writer stopped")
            raise
        finally:
            self.refuse_waiting(DomainError("E_OVERLOADED", "写入服务已停止 / writer stopped"))

    def _refuse_expired(self, expired: list[Pending]) -> None:
        """Refuse commands that waited past the budget; they were never decided."""
        self.overload["expired"] += len(expired)
        budget = self.queue.budget_s
        err = DomainError("E_OVERLOADED", f"排队超过 {budget * 1000:.0f} ms 未处理 / queued past the budget",
                          retry_after=round(budget, 3))
        for pending in expired:
            if not pending.future.done():
                pending.future.set_exception(err)

    def refuse_waiting(self, err: DomainError) -> None:
        """Answer every command still queued with ``err`` (the writer will not take them)."""
        waiting = self.queue.drain_all()
        for pending in waiting:
            if not pending.future.done():
                pending.future.set_exception(err)
        self.queue.done(len(waiting))

    async def drain(self) -> None:
        """Wait until every queued command has been processed (used on shutdown)."""
        await self.queue.join()

    def shutdown(self) -> None:
        self._thread.shutdown(wait=True)

    # -- writer thread -------------------------------------------------------------------------

    def _process(self, batch: list[Pending]) -> BatchResult:
        now_ms = int(self._clock() * 1000)
        result = BatchResult([], [])
        if self.stale and not self._reload(now_ms):
            err = DomainError("E_STORE", "数据库不可用 / database unavailable")
            return BatchResult([], [(p, err) for p in batch])
        if batch:
            try:
                result = self._run(batch, now_ms, alone=len(batch) == 1)
            except _RetryAlone:
                for pending in batch:
                    result.extend(self._run([pending], now_ms, alone=True))
        if self.watchdog is not None and not self.stale and self.watchdog.due(now_ms):
            result.extend(self._sweep(now_ms))
        self.batches += 1
        if self._recovered:  # older than anything decided since the reload that found them
            recovered, self._recovered = self._recovered, []
            result = BatchResult(recovered + result.events, result.outcomes,
                                 changes_of(self.state, recovered).update(result.changes))
        return result

    def _run(self, batch: list[Pending], now_ms: int, *, alone: bool) -> BatchResult:
        """Decide, apply and commit ``batch`` in one transaction. A failure that is not one command's
        refusal raises :class:`_RetryAlone` (after reloading the state), unless ``alone``."""
        outcomes: list[tuple[Pending, Outcome]] = []
        try:
            committed = self.store.find_committed(list({(p.actor.account, p.key) for p in batch}))
        except Exception as exc:
            self._store_failed("idempotency lookup failed", exc)
            if not alone:
                raise _RetryAlone from exc
            return BatchResult([], [(batch[0], DomainError("E_STORE", type(exc).__name__))])
        events: list[tuple[Event, str | None]] = []
        changes = Changes()
        secrets: dict[int, str] = {}  # seq -> password hash of an account event, for the accounts table only
        first_in_batch: dict[tuple[str, str], Pending] = {}
        followers: list[tuple[Pending, Pending]] = []
        for pending in batch:
            ident = (pending.actor.account, pending.key)
            if ident in committed:
                outcomes.append((pending, (committed[ident], True)))
                continue
            if ident in first_in_batch:
                followers.append((pending, first_in_batch[ident]))
                continue
            first_in_batch[ident] = pending
            seq = self.state.seq + 1
            try:
                self._hold_history(pending.args)
                event_type, data = decide(self.state, pending.actor, pending.op, pending.args, now_ms, seq)
            except DomainError as err:
                outcomes.append((pending, err))
                continue
            except Exception as exc:  # a decider bug: this command fails, the state is untouched
                conditions.report(f"decide {pending.op} failed", exc, level=logging.ERROR)
                outcomes.append((pending, _internal(exc)))
                continue
            event = Event.decided(seq, now_ms, event_type, pending.actor.account, data)
            if SECRET in pending.args:
                secrets[seq] = pending.args[SECRET]
            try:
                apply(self.state, event, changes)
                events.append((event, pending.key))
                self._follow(event, now_ms, events, changes)
            except Exception as exc:  # the state may be half-changed: start again from the database
                conditions.report(f"apply {event_type} failed", exc, level=logging.ERROR)
                self._reload(now_ms)
                if not alone:
                    raise _RetryAlone from exc
                return BatchResult([], [(pending, _internal(exc))])
            outcomes.append((pending, (seq, False)))
        if events:
            try:
                self.store.commit(events, self.state, changes, secrets)
            except Fenced:
                raise  # another relay writes now: this one answers nothing more (see run)
            except Exception as exc:
                self._store_failed("commit failed", exc)
                self._reload(now_ms)
                if not alone:
                    raise _RetryAlone from exc
                err = DomainError("E_STORE", type(exc).__name__)
                return BatchResult([], [(p, err if isinstance(o, tuple) and not o[1] else o) for p, o in outcomes])
            conditions.clear("commit failed", "commits succeed again")
            self._store_back()
            self._handed = self.state.seq
        by_first = {id(p): o for p, o in outcomes}
        for follower, first in followers:
            outcome = by_first[id(first)]
            outcomes.append((follower, outcome if isinstance(outcome, DomainError) else (outcome[0], True)))
        self.committed_events += len(events)
        return BatchResult([e for e, _ in events], outcomes, changes)

    def _risk_history(self) -> list[tuple[int, str, str, str, str]]:
        """The facts of incidents the state was trimmed of that the risk rules' windows still reach."""
        if self._closed_since() is None:
            return []
        since = int(self._clock() * 1000) - self.state.rules.risk.horizon_ms
        return incident_facts(self.store, since)

    def _hold_history(self, args: dict) -> None:
        """Load back into the state the closed incidents, orders and records ``args`` name that it was trimmed of
        (history, console.domain.state.trim_closed)."""
        state = self.state
        for key in INCIDENT_ARGS:
            incident_id = args.get(key)
            if isinstance(incident_id, str) and incident_id not in state.incidents:
                inc = load_incident(self.store, incident_id)
                if inc is not None:
                    state.incidents[inc.id] = inc
        order_id, record_id = args.get("order"), args.get("record")
        if isinstance(order_id, str) and order_id not in state.orders:
            order = load_order(self.store, order_id)
            if order is not None:
                state.orders[order.id] = order
        if isinstance(record_id, str) and record_id not in state.records:
            record = load_record(self.store, record_id)
            if record is not None:
                state.records[record.id] = record
                state.records_by_key[record.key] = record.id

    def _sweep(self, now_ms: int) -> BatchResult:
        """The watchdog's and the risk rules' system events for ``now_ms`` (time limits, call timeouts, grades
        stepping down, overdue warnings), committed."""
        events: list[tuple[Event, str | None]] = []
        changes = Changes()
        try:
            for event_type, data in self.watchdog.sweep(self.state, now_ms, lambda: self.state.seq + 1):
                self._system_event(event_type, data, now_ms, events, changes)
            if self.risk is not None:  # grades stepping down, overdue warnings' 督办
                for event_type, data in self.risk.tick(self.state, now_ms):
                    self._system_event(event_type, data, now_ms, events, changes)
            if events:
                self.store.commit(events, self.state, changes)
                self._handed = self.state.seq
        except Fenced:
            raise
        except Exception as exc:
            self._store_failed("watchdog sweep failed", exc)
            self._reload(now_ms)
            return BatchResult([], [])
        self.committed_events += len(events)
        return BatchResult([e for e, _ in events], [], changes)

    def _reload(self, now_ms: int) -> bool:
        """Replace the state with the database's; on failure mark it stale (every command is refused
        with E_STORE until a reload succeeds)."""
        try:
            self.state = self.store.load_state(self._closed_since())
        except Exception as exc:
            self._store_failed("state reload failed", exc)
            self.stale = True
            return False
        if self._make_watchdog is not None:
            self.watchdog = self._make_watchdog(self.state, now_ms)
        if self.risk_rules:
            self.risk = RiskEngine.from_state(self.state, self._risk_history())
        if self.stale:
            log.info("state reloaded from the database at seq %d", self.state.seq)
        self.stale = False
        self._store_back()
        self._recover()
        return True

    def _recover(self) -> None:
        """Events the database holds beyond what was handed out: a commit whose answer was lost (the
        connection dropped after COMMIT) did happen. They go out with the next result, so that subscribers
        see every seq; their commands are answered when resent (the idempotency key finds them)."""
        if self.state.seq <= self._handed:
            return
        try:
            self._recovered = self.store.events_after(self._handed, limit=self.state.seq - self._handed)
        except Exception as exc:
            self._store_failed("reading back committed events failed", exc)
            self.stale = True  # try again, reload and all, before the next batch
            return
        self._handed = self.state.seq

    def _store_failed(self, condition: str, exc: Exception) -> None:
        """A database that cannot be reached is logged once, when it goes (no traceback: not a bug);
        anything else as the bug it is."""
        if not unavailable(exc):
            conditions.report(condition, exc, level=logging.ERROR)
        elif not self.store_down:
            self.store_down = True
            log.error("数据库不可用，命令以 E_STORE 拒绝直至恢复 / database unavailable (%s): commands are refused "
                      "with E_STORE until it is back", describe(exc))

    def _store_back(self) -> None:
        if self.store_down:
            self.store_down = False
            log.warning("数据库已恢复 / database reachable again (head seq %d)", self.state.seq)

    def _follow(self, event: Event, now_ms: int, events: list[tuple[Event, str | None]], changes: Changes) -> None:
        """Add the system events that follow from ``event``: geofence alerts, then the risk rules' warnings
        and grades (decided as the ``system`` actor, each folded before the next is decided)."""
        if self.watchdog is not None:
            for event_type, data in self.watchdog.after(event):
                self._system_event(event_type, data, now_ms, events, changes)
        if self.risk is not None:
            for event_type, data in self.risk.follow(self.state, event, now_ms):
                self._system_event(event_type, data, now_ms, events, changes)

    def _system_event(self, event_type: str, data: dict, now_ms: int,
                      events: list[tuple[Event, str | None]], changes: Changes) -> None:
        event = Event(self.state.seq + 1, now_ms, event_type, SYSTEM_ACTOR.account, data)
        apply(self.state, event, changes)
        events.append((event, None))
        if self.watchdog is not None:
            self.watchdog.after(event)
        if self.risk is not None:
            self.risk.after(self.state, event)  # its own warnings: which are open


def _fix_key(actor: Actor, args: dict) -> Hashable | None:
    """Positions with the same key coalesce: one account's fixes for one worker (None: do not coalesce)."""
    worker = args.get("worker", actor.worker_id)
    return (actor.account, worker) if isinstance(worker, str) else None


def _fix_at(pending: Pending) -> float:
    """When a queued position was taken (no ``at``: when the relay decides it, so the newest)."""
    at = pending.args.get("at")
    return at if isinstance(at, int | float) and not isinstance(at, bool) else math.inf


def _answer_with(superseded: Pending, survivor: Pending) -> None:
    """Answer ``superseded`` as ``survivor`` is answered: its seq as a duplicate, or its refusal."""
    def copy(done: asyncio.Future) -> None:
        if superseded.future.done():
            return
        err = None if done.cancelled() else done.exception()
        if done.cancelled() or err is not None:
            superseded.future.set_exception(err or DomainError("E_OVERLOADED", "写入服务已停止 / writer stopped"))
        else:
            superseded.future.set_result((done.result()[0], True))
    survivor.future.add_done_callback(copy)


def _internal(exc: BaseException) -> DomainError:
    return DomainError("E_INTERNAL", type(exc).__name__)


def _resolve(outcomes: list[tuple[Pending, Outcome]]) -> None:
    for pending, outcome in outcomes:
        if pending.future.done():
            continue
        if isinstance(outcome, DomainError):
            pending.future.set_exception(outcome)
        else:
            pending.future.set_result(outcome)
