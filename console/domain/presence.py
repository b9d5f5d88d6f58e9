"""Grid presence for 巡查覆盖率: per grid and clock hour, the seconds in which an on-duty grid worker was inside.

Positions are far too many to scan at summary time (about 17 million a day in a big district), so
this folds them as they are committed into a small table of ``(grid, hour) -> seconds``.

A fix of an on-duty grid worker at relay time ``t`` makes its grid present over ``[t, t + hold)``,
``hold`` being the geofence monitor's staleness limit (15 s), so a worker reporting every 5–10 s keeps
the grid present without a gap. Presence is a union: two workers in one grid at once count once.
As in :mod:`console.domain.geofence`, a fix within the edge tolerance (50 m) of the worker's own grid
counts for that grid (patrols walk its boundary roads); any other fix counts for the grid containing it.
Community officers do not count. Times are the events' relay times, which never go backwards.
"""

from __future__ import annotations

from collections.abc import Iterable

from console.domain import events as ev
from console.domain.fences import Fence, FenceIndex
from console.domain.geofence import GeofenceConfig
from console.domain.places import District
from console.domain.workers import Worker, WorkerKind

HOUR_MS = 3_600_000


class PresenceTracker:
    """Turns committed position events into ``{(grid_code, hour_start_ms): seconds}`` increments."""

    def __init__(self, config: GeofenceConfig | None = None) -> None:
        cfg = config or GeofenceConfig()
        self.hold_ms = cfg.stale_after_ms
        self.edge_m = cfg.edge_tolerance_m
        self._district: District | None = None
        self._fences: dict[str, Fence] = {}
        self._index: FenceIndex | None = None
        self._covered_until: dict[str, int] = {}

    def fold(self, events: Iterable[ev.Event], district: District, workers: dict[str, Worker],
             on_duty: set[str]) -> dict[tuple[str, int], float]:
        """Presence added by ``events`` (in seq order); ``on_duty`` is who is on duty after them."""
        if district is not self._district:
            self._use(district)
        added: dict[tuple[str, int], float] = {}
        for e in events:
            if e.type != ev.POSITION_REPORTED:
                continue
            d = e.data
            worker = workers.get(d["worker"])
            if worker is None or worker.kind is not WorkerKind.GRID_WORKER or worker.id not in on_duty:
                continue
            grid = self.locate(worker, d["lng"], d["lat"])
            if grid:
                self._extend(grid, e.at, added)
        return added

    def locate(self, worker: Worker, lng: float, lat: float) -> str:
        """The grid a fix of ``worker`` counts for, or ""."""
        own = self._fences.get(worker.grid_code)
        if own is not None and own.distance_m(lng, lat, self.edge_m) <= self.edge_m:
            return worker.grid_code
        return self._index.locate(lng, lat) if self._index else ""

    def _use(self, district: District) -> None:
        self._district = district
        self._fences = {g.code: Fence(g.polygon) for g in district.grids}
        self._index = FenceIndex(self._fences)

    def _extend(self, grid: str, at: int, added: dict[tuple[str, int], float]) -> None:
        """Add ``[at, at + hold)`` minus what is already covered, split at hour boundaries."""
        until = self._covered_until.get(grid, 0)
        start, end = max(at, until), at + self.hold_ms
        if end <= start:
            return
        self._covered_until[grid] = end
        while start < end:
            hour = start - start % HOUR_MS
            stop = min(end, hour + HOUR_MS)
            added[(grid, hour)] = added.get((grid, hour), 0.0) + (stop - start) / 1000
            start = stop
