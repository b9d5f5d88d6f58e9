"""``Replay``: a read-only view of a time range of the log, folded by the live reducer.

Loading starts from the nearest persisted checkpoint before the range (:mod:`console.replay.checkpoint_log`;
without one, from an empty state), reads the non-position events after it up to the end of the range and
folds them with :func:`console.domain.state.fold` (the reducer, no change notes), keeping a frozen copy of
the state every :data:`CHECKPOINT_EVERY` events inside the range. The state at ``t`` is the nearest checkpoint
before ``t``, the tail of events up to ``t``, and each worker's last fix at or before ``t`` from
the position log (an index probe per source), folded by the same reducer. The cyclic garbage collector waits
while a range loads (:func:`gc_paused`).

Times are the relay's clock (``Event.at``, ms). A moment ``t`` includes every event with
``at <= t``; windows are half-open, ``(t0, t1]``, so successive windows never overlap.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import heapq
import itertools
import operator
import threading

import numpy as np

from console.domain import events as ev
from console.domain.bookmarks import Bookmark
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.state import State, fold
from console.replay import checkpoint_log, checkpoints, fixes, log
from console.replay.fixes import Fixes
from console.store.store import Store

CHECKPOINT_EVERY = 1000  # non-position events between frozen states
_META = frozenset({ev.BOOKMARK_ADDED, ev.BOOKMARK_REMOVED})  # annotations, not part of what happened


_pause = {"loads": 0, "enable": False}  # loads under way; whether the last to end turns the collector back on
_pause_lock = threading.Lock()


@contextlib.contextmanager
def gc_paused():
    """Hold the cyclic garbage collector off while a range loads: it makes ~10^5 objects that all live on, which
    set off full collections of the whole process (0.1-0.2 s each, several per load in a relay) freeing nothing.
    Loads on several threads share one pause; the collector runs again (if it ran before) when the last ends."""
    with _pause_lock:
        if _pause["loads"] == 0:
            _pause["enable"] = gc.isenabled()
            gc.disable()
        _pause["loads"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause["loads"] -= 1
            if _pause["loads"] == 0 and _pause["enable"]:
                gc.enable()


class Replay:
    """Read-only view of a time range of the log."""

    def __init__(self, store: Store, start_ms: int, end_ms: int, *, incident: str | None = None,
                 persisted: bool = True) -> None:
        """``persisted``: start from the nearest stored checkpoint (False: fold the log from its start)."""
        if end_ms <= start_ms:
            raise DomainError("E_FIELD", f"回放范围为空 / empty range: {start_ms}–{end_ms}")
        self.store = store
        self.start_ms, self.end_ms = int(start_ms), int(end_ms)
        self.incident = incident
        self.reference = store.load_reference()
        base = checkpoint_log.nearest_before(store, self.start_ms) if persisted else None
        self.base_seq = base.seq if base is not None else 0  # the stored checkpoint this replay starts from
        self._events = log.events_until(store, self.end_ms, after=self.base_seq)
        # running maximum of ``at`` (from the checkpoint's): bisectable even if the relay's clock ever stepped back
        ats = itertools.accumulate(itertools.chain([base.at if base else 0], (e.at for e in self._events)), max)
        self._ats = list(ats)[1:]
        self._checkpoints: list[tuple[int, bytes]] = []  # (events folded, frozen state)
        with gc_paused():
            self.end_state = self._fold_and_checkpoint(base)
        self._incident_workers: frozenset[str] | None = None

    # -- the API the replay UI uses -------------------------------------------------------------

    def state_at(self, t_ms: int) -> State:
        """The reducer state at ``t_ms`` (clamped to the range), positions as of ``t_ms``."""
        t_ms = min(max(int(t_ms), self.start_ms), self.end_ms)
        upto = bisect.bisect_right(self._ats, t_ms)
        i = bisect.bisect_right(self._checkpoints, upto, key=operator.itemgetter(0)) - 1
        folded, frozen = self._checkpoints[i]
        state = checkpoints.thaw(frozen, self.reference)
        # each worker's last fix, whatever its seq: the positions are as of t_ms, not as of the checkpoint
        fixes.fold(state, self._events[folded:upto], log.latest_fixes(self.store, t_ms), every_fix=True)
        return state

    def events_between(self, t0_ms: int, t1_ms: int, *, positions: bool = False) -> list[Event]:
        """Events with ``t0_ms < at <= t1_ms`` (``t1_ms`` capped at the range's end) in seq order; position events
        only when ``positions``."""
        t1_ms = min(t1_ms, self.end_ms)
        i0, i1 = bisect.bisect_right(self._ats, t0_ms), bisect.bisect_right(self._ats, t1_ms)
        found = self._events[i0:i1]
        if positions:
            found = list(heapq.merge(found, self.positions_between(t0_ms, t1_ms), key=operator.attrgetter("seq")))
        return found

    def positions_between(self, t0_ms: int, t1_ms: int) -> list[Event]:
        """Position events with ``t0_ms < at <= t1_ms`` (capped at the range's end), in time (seq) order."""
        return log.positions_between(self.store, t0_ms, min(t1_ms, self.end_ms))

    def fixes_between(self, t0_ms: int, t1_ms: int, *, incident_only: bool = False) -> Fixes:
        """:meth:`positions_between` as columns; with ``incident_only``, only the filtered incident's workers."""
        found = log.fixes_between(self.store, t0_ms, min(t1_ms, self.end_ms))
        workers = self.workers_of_incident() if incident_only else None
        return found if workers is None else found.where(np.isin(found.worker, list(workers)))

    def tracks(self, t0_ms: int, t1_ms: int) -> dict[str, list[tuple[int, float, float]]]:
        """``worker -> [(at, lng, lat), …]`` in ``(t0_ms, t1_ms]``; only the incident's workers when filtered."""
        workers = self.workers_of_incident()
        out: dict[str, list[tuple[int, float, float]]] = {}
        for e in self.positions_between(t0_ms, t1_ms):
            worker = e.data["worker"]
            if workers is None or worker in workers:
                out.setdefault(worker, []).append((e.at, e.data["lng"], e.data["lat"]))
        return out

    def marks(self) -> list[tuple[int, str]]:
        """``(at, event type)`` of the non-position events in the range (of the incident, when filtered)."""
        return [(e.at, e.type) for e in self._in_range() if e.type not in _META and self._concerns(e)]

    def bookmarks(self) -> list[Bookmark]:
        """Trainers' bookmarks marking a moment of the range, in time order (read fresh from the log's projection)."""
        found = log.bookmarks_between(self.store, self.start_ms, self.end_ms)
        return [b for b in found if self.incident is None or b.incident in ("", self.incident)]

    def recordings(self) -> list[dict]:
        """``call.recorded`` events in the range: ``{"seq", "at", "call", "file", "bytes", "duration_ms", …}``."""
        return [{"seq": e.seq, "at": e.at, **e.data} for e in self._in_range() if e.type == ev.CALL_RECORDED]

    # -- helpers --------------------------------------------------------------------------------

    def _fold_and_checkpoint(self, base: checkpoint_log.Checkpoint | None) -> State:
        if base is not None:
            state = base.state(self.reference)
        else:
            state = State(self.reference.district, self.reference.workers, rules=self.reference.rules)
        first = bisect.bisect_right(self._ats, self.start_ms)  # events folded into the state at start
        for i, event in enumerate(self._events):
            if i == first or (i > first and (i - first) % CHECKPOINT_EVERY == 0):
                self._checkpoints.append((i, checkpoints.freeze(state)))
            fold(state, event)
        if first == len(self._events):
            self._checkpoints.append((first, checkpoints.freeze(state)))
        return state

    def _in_range(self) -> list[Event]:
        return self._events[bisect.bisect_left(self._ats, self.start_ms):]

    def _concerns(self, e: Event) -> bool:
        return self.incident is None or self.incident in (e.data.get("incident"), e.data.get("incident_link"))

    def workers_of_incident(self) -> frozenset[str] | None:
        """Workers assigned to (or reporting) the filtered incident at the end of the range; None without a filter."""
        if self.incident is None:
            return None
        if self._incident_workers is None:
            inc = self.end_state.incidents.get(self.incident)
            workers = set(inc.assignments) | {inc.reporter_worker} if inc is not None else set()
            self._incident_workers = frozenset(workers - {None})
        return self._incident_workers

