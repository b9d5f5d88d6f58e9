"""``RowStore``: per-incident values the queue sorts and filters on, in slot-indexed numpy arrays.

Each incident gets a slot (its index in arrival order) the first time the queue sees it; its values
are recomputed only when an event touches it or its SLA level changes (see :meth:`RowStore.due`).
Sorting and filtering then run over whole arrays in numpy instead of over Python objects.
"""

from __future__ import annotations

import heapq

import numpy as np

from console.domain.incident_sla import Clock, incident_clock
from console.domain.incidents import Incident, Source, Status
from console.domain.sla import LimitTable, SlaLevel, level
from console.ui.queue.columns import Look, lead_text

STATUSES = tuple(Status)
STATUS_CODE = {s: i for i, s in enumerate(STATUSES)}
SOURCES = tuple(Source)
SOURCE_CODE = {s: i for i, s in enumerate(SOURCES)}
NEVER = np.iinfo(np.int64).max
_TIME_MASK = (1 << 44) - 1  # ms timestamps stay below 2**44 until the year 2527
NUMBERS = ("status", "source", "priority", "level", "supervision", "marks", "open", "prim", "target", "reported")
TEXT_COLUMNS = ("id", "category", "grid", "address", "lead")  # "lead" changes with assignments, the rest never


def default_key(is_open: bool, level_rank: int, priority: int, reported_at: int) -> int:
    """The default order as one int64: open first, most urgent SLA level, priority 1→4, newest first."""
    return (
        (0 if is_open else 1) << 50
        | (SlaLevel.RED.rank - level_rank) << 48
        | min(max(priority, 0), 15) << 44
        | (_TIME_MASK - reported_at)
    )


class TextColumn:
    """A growable numpy unicode array: whole-column sorts run in C, in the order Python compares strings."""

    def __init__(self, values: list[str], capacity: int) -> None:
        self.values = np.array(values, dtype=str) if values else np.zeros(0, "<U8")
        self.grow(capacity)

    def grow(self, capacity: int) -> None:
        values = np.zeros(capacity, self.values.dtype)
        values[: len(self.values)] = self.values
        self.values = values

    def set(self, slot: int, text: str) -> None:
        width = self.values.dtype.itemsize // 4
        if len(text) > width:
            self.values = self.values.astype(f"<U{max(len(text), 2 * width)}")
        self.values[slot] = text


class RowStore:
    """Slot arrays for the incidents of ``state`` at ``now_ms``: :data:`NUMBERS` as int64 arrays, sortable
    text in :attr:`text`; slots follow the State's order, new incidents are appended."""

    def __init__(self, state=None, limits: LimitTable | None = None, now_ms: int = 0) -> None:
        self.limits = limits
        self.workers = state.workers if state is not None else {}
        self.grid_names = {g.code: g.name for g in state.district.grids} if state is not None else {}
        self.incidents: list[Incident] = list(state.incidents.values()) if state is not None else []
        self.n = len(self.incidents)
        self.ids = [inc.id for inc in self.incidents]
        self.slot_of = {incident_id: slot for slot, incident_id in enumerate(self.ids)}
        rows = [self._row(inc, now_ms) for inc in self.incidents]
        capacity = max(1024, self.n * 5 // 4)  # room for new reports before the arrays double
        numbers = list(zip(*(r[0] for r in rows), strict=True)) or [()] * len(NUMBERS)
        for name, values in zip(NUMBERS, numbers, strict=True):
            column = np.zeros(capacity, np.int64)
            column[: self.n] = values
            setattr(self, name, column)
        texts = {"id": self.ids, "category": [i.category for i in self.incidents],
                 "grid": [i.grid_code for i in self.incidents], "address": [i.address for i in self.incidents],
                 "lead": [r[1] for r in rows]}
        self.text = {name: TextColumn(texts[name], capacity) for name in TEXT_COLUMNS}
        self.hay: list[str] = [r[2] for r in rows]
        self.clocks: list[Clock | None] = [r[3] for r in rows]
        self.next_change: list[int] = [r[4] for r in rows]
        self.looks: list[Look | None] = [None] * self.n  # filled by the model when a row is first drawn
        self._heap = [(at, slot) for slot, at in enumerate(self.next_change) if at != NEVER]
        heapq.heapify(self._heap)

    def upsert(self, inc: Incident, now_ms: int) -> int:
        """(Re)compute the values of ``inc`` at ``now_ms``; returns its slot."""
        slot = self.slot_of.get(inc.id)
        if slot is None:
            slot = self._append(inc)
        numbers, lead, hay, clock, change = self._row(inc, now_ms)
        for name, value in zip(NUMBERS, numbers, strict=True):
            getattr(self, name)[slot] = value
        self.text["lead"].set(slot, lead)
        self.incidents[slot] = inc
        self.hay[slot] = hay
        self.clocks[slot] = clock
        self.looks[slot] = None
        if change != self.next_change[slot]:
            self.next_change[slot] = change
            if change != NEVER:
                heapq.heappush(self._heap, (change, slot))
        return slot

    def due(self, now_ms: int) -> list[int]:
        """Slots whose SLA level has changed by ``now_ms`` (each once); call :meth:`upsert` on them."""
        slots: dict[int, None] = {}
        heap = self._heap
        while heap and heap[0][0] <= now_ms:
            at, slot = heapq.heappop(heap)
            if self.next_change[slot] == at:
                slots[slot] = None
        return list(slots)

    def _row(self, inc: Incident, now_ms: int) -> tuple[tuple[int, ...], str, str, Clock | None, int]:
        """(:data:`NUMBERS`, lead text, search text, SLA clock, when its level next changes) of ``inc``."""
        clock = incident_clock(inc, self.limits)
        if clock is None:
            rank, target, change = 0, NEVER, NEVER
        else:
            d = clock.deadline
            rank = level(d, now_ms).rank
            target = d.yellow_at if now_ms < d.yellow_at else d.red_at
            change = next((t for t in (d.warn_at, d.yellow_at, d.red_at) if t > now_ms), NEVER)
        is_open = inc.is_open
        marks = inc.rework_count << 2 | bool(inc.repeat_of) << 1 | (inc.extension_request is not None)
        numbers = (STATUS_CODE[inc.status], SOURCE_CODE[inc.source], inc.priority, rank, int(inc.supervision), marks,
                   is_open, default_key(is_open, rank, inc.priority, inc.reported_at), target, inc.reported_at)
        return numbers, lead_text(inc, self.workers), _haystack(inc, self.workers), clock, change

    def _append(self, inc: Incident) -> int:
        slot = self.n
        if slot == len(self.prim):
            for name in NUMBERS:
                column = np.zeros(2 * slot, np.int64)
                column[:slot] = getattr(self, name)
                setattr(self, name, column)
            for text in self.text.values():
                text.grow(2 * slot)
        self.n += 1
        self.slot_of[inc.id] = slot
        self.incidents.append(inc)
        self.ids.append(inc.id)
        for name, text in (("id", inc.id), ("category", inc.category), ("grid", inc.grid_code),
                           ("address", inc.address)):
            self.text[name].set(slot, text)
        self.hay.append("")
        self.clocks.append(None)
        self.looks.append(None)
        self.next_change.append(NEVER)
        return slot


def _haystack(inc: Incident, workers: dict) -> str:
    """What the search box matches: id, address, narrative, caller and every assignee's name."""
    names = [workers[w].name if w in workers else w for w in inc.assignments]
    return "\n".join((inc.id, inc.address, inc.narrative, inc.caller, *names)).lower()
