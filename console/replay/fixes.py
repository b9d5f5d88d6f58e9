"""``Fixes``: position events as columns, so playback moves thousands of positions without an Event each.

A batch keeps the log's seq order. :func:`fold` puts a seq-contiguous slice of the log — its
non-position events plus its positions as :class:`Fixes` — into a state through the reducer's own
position step (:func:`~console.domain.state.apply_fixes`), ending in exactly the State that applying
the events one by one in seq order would give: the position step touches nothing but
``state.positions``, and no other step reads positions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

import numpy as np

from console.domain import events as ev
from console.domain.changes import Changes
from console.domain.events import Event
from console.domain.state import State, apply_all, apply_fixes


@dataclasses.dataclass(frozen=True, eq=False)
class Fixes:
    """Positions in seq order: relay time ``at``, ``worker`` id, WGS-84 ``lng``/``lat``, device fix time
    ``fix_at``, ``speed``/``heading`` (0.0 when not reported); ``odd`` holds, by row, the decoded event of
    the rare fix whose values the columns cannot carry exactly (it is folded by the reducer itself)."""

    seq: np.ndarray
    at: np.ndarray
    worker: np.ndarray
    lng: np.ndarray
    lat: np.ndarray
    fix_at: np.ndarray
    speed: np.ndarray
    heading: np.ndarray
    odd: dict[int, Event] = dataclasses.field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.seq)

    @classmethod
    def empty(cls) -> Fixes:
        return cls.build((), (), (), (), (), (), (), ())

    @classmethod
    def of_events(cls, events: Iterable[Event]) -> Fixes:
        """The columns of position events (any order; other events are left out)."""
        found = sorted((e for e in events if e.type == ev.POSITION_REPORTED), key=lambda e: e.seq)
        cols = {name: [] for name in ("seq", "at", "worker", "lng", "lat", "fix_at", "speed", "heading")}
        odd = {}
        for k, e in enumerate(found):
            d = e.data
            row = (e.seq, e.at, d["worker"], d["lng"], d["lat"], d["at"], d.get("speed", 0.0), d.get("heading", 0.0))
            if not _exact(row):
                odd[k] = e
            for name, value in zip(cols, row, strict=True):
                cols[name].append(value)
        return cls.build(**cols, odd=odd)

    @classmethod
    def build(cls, seq, at, worker, lng, lat, fix_at, speed, heading, odd: dict[int, Event] | None = None) -> Fixes:
        """Columns from sequences (``odd`` rows may hold anything: only their events are folded)."""
        def num(values, dtype):
            return np.array([as_column(v, dtype) for v in values] if odd else values, dtype=dtype)
        return cls(np.asarray(seq, dtype=np.int64), np.asarray(at, dtype=np.int64), np.array(worker, dtype=object),
                   num(lng, float), num(lat, float), num(fix_at, np.int64), num(speed, float), num(heading, float),
                   dict(odd or {}))

    def take(self, start: int, stop: int) -> Fixes:
        """Rows ``start:stop``."""
        odd = {k - start: e for k, e in self.odd.items() if start <= k < stop}
        return Fixes(*(getattr(self, f)[start:stop] for f in COLUMNS), odd)

    def where(self, mask: np.ndarray) -> Fixes:
        """The rows where ``mask`` is true."""
        rows = np.flatnonzero(mask)
        renumber = {int(k): i for i, k in enumerate(rows)}
        odd = {renumber[k]: e for k, e in self.odd.items() if k in renumber}
        return Fixes(*(getattr(self, f)[rows] for f in COLUMNS), odd)

    def to_wire(self) -> dict:
        """JSON-ready columns (relay query ``replay.fixes``); an odd row's event goes as its wire form."""
        wire = {f: getattr(self, f).tolist() for f in COLUMNS}
        wire["odd"] = [[k, e.to_wire()] for k, e in sorted(self.odd.items())]
        return wire

    @classmethod
    def from_wire(cls, d: dict) -> Fixes:
        """Inverse of :meth:`to_wire`."""
        odd = {int(k): Event.from_wire(e) for k, e in d["odd"]}
        return cls.build(*(d[f] for f in COLUMNS), odd=odd)

    @staticmethod
    def concat(parts: Sequence[Fixes]) -> Fixes:
        """The rows of ``parts`` one after the other."""
        parts = [p for p in parts if len(p)]
        if len(parts) <= 1:
            return parts[0] if parts else Fixes.empty()
        odd, offset = {}, 0
        for p in parts:
            odd.update({k + offset: e for k, e in p.odd.items()})
            offset += len(p)
        return Fixes(*(np.concatenate([getattr(p, f) for p in parts]) for f in COLUMNS), odd)


COLUMNS = tuple(f.name for f in dataclasses.fields(Fixes) if f.name != "odd")


def _plain(value) -> bool:
    return type(value) is float


def as_column(value, dtype):
    """``value`` as the column's type, for an odd row's column (what the map draws); 0 when it is no number."""
    try:
        return dtype(value)
    except (TypeError, ValueError, OverflowError):
        return dtype(0)


def _exact(row: tuple) -> bool:
    """Whether the columns hold a row exactly: floats where floats go, ints where ints go."""
    _, _, worker, lng, lat, fix_at, speed, heading = row
    return type(worker) is str and type(fix_at) is int and all(map(_plain, (lng, lat, speed, heading)))


def fold(state: State, events: Sequence[Event], fixes: Fixes, *, every_fix: bool = False) -> Changes:
    """Fold a seq-contiguous slice of the log (its non-position ``events`` and its ``fixes``) into ``state``,
    as :func:`~console.domain.state.apply` of every event in seq order would; returns what changed (every
    fix folded is in its ``positions``).

    ``every_fix`` folds fixes at or below the state's seq too: for a state folded without its positions.
    """
    before = -1 if every_fix else state.seq
    changes = apply_all(state, events)
    fresh = np.flatnonzero(fixes.seq > before) if len(fixes) else ()
    if len(fresh) == 0:
        return changes
    odd = fixes.odd
    columns = (fixes.worker[fresh].tolist(), fixes.lng[fresh].tolist(), fixes.lat[fresh].tolist(),
               fixes.fix_at[fresh].tolist(), fixes.speed[fresh].tolist(), fixes.heading[fresh].tolist())
    rows = zip(*columns, strict=True)
    if odd:
        rows = (odd[k].payload if k in odd else row for k, row in zip(fresh.tolist(), rows, strict=True))
    apply_fixes(state, rows, changes)
    state.seq = max(state.seq, int(fixes.seq[fresh[-1]]))
    return changes
