"""``ReplaySession``: the live session's read interface, driven by a recorded range instead of the relay.

The map, queue, event log and detail widgets take it exactly as they take a ``ConsoleSession``:
``state``, ``state_reset``, ``events_applied``, ``connection_changed``, ``command_failed``. A seek
asks the replay engine for the state at t (the same reducer the live console uses) and emits
``state_reset``; playing folds the next events into that state with the same reducer and emits
``events_applied`` and one ``changed`` per tick. Positions (~200 a second in a 2,000-worker district, 12,000 per wall
second at 60x) travel as columns: loaded as :class:`Fixes` arrays, folded into the state in bulk
(:func:`console.replay.fixes.fold`, through the reducer's position step) and reach the map in the
tick's change set, as live positions do; ``fixes_applied`` only counts them for the event log. Every read of the engine
runs on the :class:`Loader` thread. Nothing is ever sent: :meth:`command` refuses with ``E_READ_ONLY``.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.state import State
from console.replay.fixes import Fixes, fold
from console.ui.replay.loader import Loader


def as_dict(bookmark) -> dict:
    """A bookmark as a plain dict (``id``, ``at``, ``note``, ``by`` …), from a domain Bookmark or a dict."""
    return dict(bookmark) if isinstance(bookmark, dict) else bookmark.to_dict()

SPEEDS = (1, 2, 5, 10, 30, 60)
TICK_MS = 40  # playback frame: 25 per second
TRAIL_MS = 5 * 60_000  # tracks loaded after a seek, so the map shows where workers came from
HISTORY_MS = 60 * 60_000  # events before a seek shown in the event log
HISTORY_MAX = 200
MIN_CHUNK_MS = 30_000  # the smallest window of events loaded ahead
CHUNK_WALL_S = 1.0  # each window covers this much wall time at the current speed (short loads: a seek
# waits for the one running, ~50 ms for 12,000 positions)
TRAIL_PIECE_MS = 60_000  # the trail loads in pieces this long, one at a time, for the same reason
PREFETCH_WALL_S = 8.0  # keep loading while less than this much wall time is loaded ahead
COMPACT_AFTER = 2_000  # drop played events from the buffer once this many have piled up
DROPPABLE = ("window", "trail")  # loads a new seek makes useless: dropped from the loader's queue


class ReplaySession(QObject):
    """State of the district at the replay time ``t`` in [``start_ms``, ``end_ms``], with playback."""

    state_reset = Signal(object)
    events_applied = Signal(list)  # the tick's non-position events
    changed = Signal(object)  # the tick's Changes (its positions included), as the live session's
    fixes_applied = Signal(object)  # the tick's positions, as Fixes
    connection_changed = Signal(str, str)
    command_failed = Signal(str, dict)
    time_changed = Signal(object)  # ms since epoch (too big for a Qt int)
    playing_changed = Signal(bool)
    speed_changed = Signal(int)
    trail_loaded = Signal(object)  # Fixes of the trail_ms up to the seek time, loaded after the state
    history_loaded = Signal(list)  # the last non-position events before the seek time, oldest first
    overview_loaded = Signal()  # marks, bookmarks and recordings are in

    def __init__(self, replay, start_ms: int, end_ms: int, *, account: str = "", role: str = "trainer",
                 wall: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if end_ms <= start_ms:
            raise DomainError("E_FIELD", f"回放范围为空：{start_ms}–{end_ms}")
        self.replay = replay
        self.start_ms, self.end_ms = int(start_ms), int(end_ms)
        self.account, self.role = account, role
        self.state: State | None = None
        self.t = self.start_ms
        self.speed = SPEEDS[0]
        self.trail_ms = TRAIL_MS
        self.marks: list[tuple[int, str]] = []
        self.bookmarks: list[dict] = []
        self.recordings: list[dict] = []
        self.stalls = 0  # ticks that could not advance as far as the clock asked (data not loaded yet)
        self.refused: list[tuple[str, dict]] = []
        self._wall = wall
        self._t_exact = float(self.start_ms)
        self._last_wall = 0.0
        self._generation = 0
        self._seeking: int | None = None  # target of the seek in flight
        self._pending: int | None = None  # latest target asked for while one was in flight
        self._buffer: list[Event] = []  # loaded non-position events, seq order; played up to _pos
        self._pos = 0
        self._fixes = Fixes.empty()  # loaded positions, seq order; played up to _fpos
        self._fix_at_max = np.zeros(0, dtype=np.int64)  # running maximum of their ``at``: searchable
        self._fpos = 0
        self._last_seq = 0  # the highest seq loaded
        self._trail: list[Fixes] = []  # pieces of the trail loaded so far, up to _trail_to
        self._trail_to = self.start_ms
        self._loaded_to = self.start_ms
        self._fetching = False
        self._loader = Loader(self)
        self._loader.finished.connect(self._on_loaded)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    # --- the live session's interface, read-only ---------------------------------------------
    def now_ms(self) -> int:
        """The replay time: the clock for countdowns and staleness in the widgets."""
        return self.t

    def command(self, op: str, args: dict) -> None:
        """Refuse: replay never sends anything. Reported through :attr:`command_failed` (``E_READ_ONLY``)."""
        request = dict(args)
        self.refused.append((op, request))
        self.command_failed.emit(op, {**DomainError("E_READ_ONLY", op).to_dict(), "request": request})

    def accept(self, incident_id: str) -> None:
        self.command("incident.accept", {"incident": incident_id})

    def dispatch(self, incident_id: str, worker_id: str, *, force: bool = False) -> None:
        self.command("incident.dispatch", {"incident": incident_id, "worker": worker_id, "force": force})

    def close_incident(self, incident_id: str, outcome: str = "", note: str = "") -> None:
        self.command("incident.close", {"incident": incident_id, "outcome": outcome, "note": note})

    def report(self, args: dict) -> None:
        self.command("incident.report", args)

    # --- loading ----------------------------------------------------------------------------
    def start(self) -> None:
        """Load the overview (marks, bookmarks, recordings) and the state at the start of the range."""
        self.connection_changed.emit("replay", "回放")
        self._loader.submit("overview", 0, self._read_overview)
        self.seek(self.start_ms)

    def close(self) -> None:
        """Stop playing and loading (the window is closing)."""
        self.pause()
        self._loader.close()

    def is_loading(self) -> bool:
        return self._seeking is not None

    @property
    def loaded_until(self) -> int:
        """Events are loaded (and playable without waiting) up to this time."""
        return self._loaded_to

    def set_bookmarks(self, bookmarks: list) -> None:
        """Replace the bookmarks (domain ``Bookmark`` objects or dicts), e.g. after one was added through the relay."""
        self.bookmarks = sorted((as_dict(b) for b in bookmarks), key=lambda b: b["at"])
        self.overview_loaded.emit()

    def reload_bookmarks(self) -> None:
        """Read the bookmarks again from the store (in the background)."""
        self._loader.submit("bookmarks", 0, self.replay.bookmarks)

    # --- playback ---------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        if self.playing:
            return
        if self.t >= self.end_ms:
            self.seek(self.start_ms)
        self._last_wall = self._wall()
        self._timer.start()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def set_speed(self, speed: int) -> None:
        if speed not in SPEEDS:
            raise DomainError("E_FIELD", f"回放速度 {speed}× 不在 {SPEEDS} 中")
        if speed != self.speed:
            self.speed = speed
            self.speed_changed.emit(speed)
            if self.state is not None and self._seeking is None:
                self._maybe_prefetch()  # faster: load further ahead now, not after the next frame

    def step(self, direction: int) -> int | None:
        """Pause and seek to the next (``+1``) or previous (``-1``) event mark; returns its time."""
        self.pause()
        times = [t for t, _ in self.marks]
        here = self._pending if self._pending is not None else (self._seeking or self.t)
        if direction > 0:
            k = bisect.bisect_right(times, here)
            target = times[k] if k < len(times) else None
        else:
            k = bisect.bisect_left(times, here)
            target = times[k - 1] if k > 0 else None
        if target is not None:
            self.seek(target)
        return target

    def seek(self, t_ms: int) -> None:
        """Show the state at ``t_ms`` (clamped to the range). Seeks asked for while one is loading
        collapse into the latest, so dragging the timeline never queues up work."""
        target = max(self.start_ms, min(int(t_ms), self.end_ms))
        if self._seeking is not None:
            self._pending = target
            return
        self._seeking = target
        self._generation += 1
        self._fetching = False
        self._loader.drop_queued(DROPPABLE)
        self._loader.submit("seek", self._generation, self._read_at, target)

    def tick(self) -> None:
        """One playback frame: advance by the wall time since the last one × speed."""
        now = self._wall()
        elapsed_ms = (now - self._last_wall) * 1000.0 * self.speed
        self._last_wall = now
        if self.state is None or self._seeking is not None:
            return  # a seek is landing: the clock waits for it
        self.advance_to(self._t_exact + elapsed_ms)

    def advance_to(self, target: float) -> list[Event]:
        """Fold the loaded events and fixes up to ``target`` into the state and announce them (one batch of
        each); returns the non-position events."""
        limit = min(target, float(self.end_ms))
        if limit > self._loaded_to and self._loaded_to < self.end_ms:
            self.stalls += 1
            limit = float(self._loaded_to)
        batch, fixes = self._take_until(limit)
        changes = fold(self.state, batch, fixes)
        self._t_exact = max(self._t_exact, limit)
        self.t = int(self._t_exact)
        if batch:
            self.events_applied.emit(batch)
        if len(fixes):
            self.fixes_applied.emit(fixes)
        if changes:
            self.changed.emit(changes)
        self.time_changed.emit(self.t)
        if self.t >= self.end_ms:
            self.pause()
        self._maybe_prefetch()
        return batch

    def _take_until(self, limit: float) -> tuple[list[Event], Fixes]:
        """The loaded events and fixes up to the first one (in seq order) later than ``limit``."""
        end = self._pos
        while end < len(self._buffer) and self._buffer[end].at <= limit:
            end += 1
        ahead = self._fix_at_max[self._fpos:]  # an int key: a float one would convert the whole array first
        f_end = self._fpos + int(np.searchsorted(ahead, int(limit), side="right"))
        late_event = self._buffer[end].seq if end < len(self._buffer) else None
        late_fix = int(self._fixes.seq[f_end]) if f_end < len(self._fixes) else None
        # stop at the first later one in the log's order (the relay's clock may have stepped back)
        if late_fix is not None:
            end = bisect.bisect_left(self._buffer, late_fix, self._pos, end, key=_seq)
        if late_event is not None:
            f_end = self._fpos + int(np.searchsorted(self._fixes.seq[self._fpos:f_end], late_event))
        batch, fixes = self._buffer[self._pos:end], self._fixes.take(self._fpos, f_end)
        self._pos, self._fpos = end, f_end
        if self._pos > COMPACT_AFTER:
            del self._buffer[:self._pos]
            self._pos = 0
        return batch, fixes

    # --- background reads (Loader thread) ---------------------------------------------------
    def _read_overview(self) -> tuple[list, list, list]:
        return sorted(self.replay.marks()), self.replay.bookmarks(), self.replay.recordings()

    def _read_at(self, t: int) -> tuple:
        """The state at ``t`` and the events just before it; the events after it load as windows."""
        state = self.replay.state_at(t)
        return t, state, self.replay.events_between(max(self.start_ms, t - HISTORY_MS), t)[-HISTORY_MAX:]

    def _read_trail(self, t0: int, t1: int) -> tuple[int, Fixes]:
        return t1, self.replay.fixes_between(t0, t1, incident_only=True)

    def _read_window(self, t0: int, t1: int) -> tuple[int, int, list[Event], Fixes]:
        return t0, t1, self.replay.events_between(t0, t1), self.replay.fixes_between(t0, t1)

    def _chunk_ms(self) -> int:
        return max(MIN_CHUNK_MS, int(self.speed * CHUNK_WALL_S * 1000))

    def _maybe_prefetch(self) -> None:
        if self._fetching or self._loaded_to >= self.end_ms:
            return
        if self._loaded_to - self._t_exact > self.speed * PREFETCH_WALL_S * 1000:
            return
        self._fetching = True
        t1 = min(self.end_ms, self._loaded_to + self._chunk_ms())
        self._loader.submit("window", self._generation, self._read_window, self._loaded_to, t1)

    def _on_loaded(self, kind: str, token: int, result, error) -> None:
        if kind == "overview" and error is None:
            marks, bookmarks, recordings = result
            self.marks = list(marks)
            self.recordings = list(recordings)
            self.set_bookmarks(bookmarks)
        elif kind == "bookmarks" and error is None:
            self.set_bookmarks(result)
        elif kind == "seek":
            self._seek_landed(token, result, error)
        elif kind == "trail" and error is None and token == self._generation:
            self._trail.append(result[1])
            self._load_trail(result[0])
        elif kind == "window" and token == self._generation:
            self._fetching = False
            if error is None and result[0] == self._loaded_to:
                self._append(result[2], result[3])
                self._loaded_to = result[1]
                self._maybe_prefetch()  # keep going until far enough ahead
        if error is not None:
            self.connection_changed.emit("error", str(error))

    def _seek_landed(self, token: int, result, error) -> None:
        self._seeking = None
        if self._pending is not None:  # the user moved on while this one loaded: load the latest
            target, self._pending = self._pending, None
            self.seek(target)
            return
        if error is not None or token != self._generation:
            return
        t, state, history = result
        self.state = state
        self.t, self._t_exact = t, float(t)
        self._buffer, self._pos, self._loaded_to, self._last_seq = [], 0, t, state.seq
        self._fixes, self._fix_at_max, self._fpos = Fixes.empty(), np.zeros(0, dtype=np.int64), 0
        self._last_wall = self._wall()
        self.state_reset.emit(state)
        self.history_loaded.emit(history)
        self.time_changed.emit(t)
        self._maybe_prefetch()
        if self.trail_ms:  # after the state: it is shown first, the tracks follow
            self._trail, self._trail_to = [], t
            self._load_trail(max(self.start_ms, t - self.trail_ms))

    def _load_trail(self, t0: int) -> None:
        """Ask for the next piece of the trail from ``t0``; once it has come up to the seek time, show it."""
        if t0 < self._trail_to:
            t1 = min(t0 + TRAIL_PIECE_MS, self._trail_to)
            self._loader.submit("trail", self._generation, self._read_trail, t0, t1)
        else:
            self.trail_loaded.emit(Fixes.concat(self._trail))

    def _append(self, events: list[Event], fixes: Fixes) -> None:
        last = self._last_seq
        self._buffer.extend(e for e in events if e.seq > last)
        fixes = fixes.where(fixes.seq > last) if len(fixes) and fixes.seq[0] <= last else fixes
        self._fixes = Fixes.concat([self._fixes.take(self._fpos, len(self._fixes)), fixes])  # played rows dropped
        self._fix_at_max, self._fpos = np.maximum.accumulate(self._fixes.at), 0
        self._last_seq = max(last, self._buffer[-1].seq if self._buffer else 0,
                             int(self._fixes.seq[-1]) if len(self._fixes) else 0)


def _seq(event: Event) -> int:
    return event.seq
