"""Geofence rules: a grid worker out of the assigned grid, a grid without a worker, an incident in a watched zone.

:class:`GeofenceMonitor` is pure and deterministic: the same calls in the same order give the
same alerts. The relay feeds it the events it has applied (times are the events' relay times)
and a clock tick, and logs what it returns as events.

Rules and the choices made:

- ``left_grid``: an on-duty grid worker whose fixes have been farther than ``edge_tolerance_m``
  (50 m) outside the assigned grid for ``left_grace_ms`` (3 min, inclusive) is raised once; it
  clears with ``returned_to_grid`` at the first fix within ``return_tolerance_m`` (25 m), the
  lower threshold stopping GPS jitter near the limit from flapping. Going off duty clears it
  silently. A worker who stops reporting while outside is raised by :meth:`tick` on the last fix.
  Community officers (社区民警) are not checked: their area is the whole 警格 and their work takes
  them to the station and beyond, so "left" would be noise.
- ``grid_uncovered``: a grid with no on-duty grid worker present for ``uncovered_grace_ms``
  (10 min). A worker is present in the grid holding their latest fix while that fix is fresher
  than ``stale_after_ms``; a fix within the edge tolerance of their own grid counts for their own
  grid. Clears with ``grid_covered`` when someone is present again. Officers do not count. The
  clock of a grid nobody has been in starts with the monitor (its first call, or ``start_ms``). Only duty
  hours count (``duty_hours``, station time; the relay takes them from ``JINGWANG_DUTY_HOURS``, default
  08–18): outside them no grid is raised, and the grace time starts again when duty begins.
- ``zone_incident``: an incident reported inside (or within ``zone_edge_m`` of the edge of) a
  watched zone the dispatcher drew; once per zone, when the incident is reported.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from console.domain import station_time
from console.domain.errors import DomainError
from console.domain.fences import Fence, FenceIndex
from console.domain.places import District, Point
from console.domain.workers import Worker, WorkerKind

if TYPE_CHECKING:
    from console.domain.state import State

LEFT_GRID = "left_grid"
RETURNED_TO_GRID = "returned_to_grid"
GRID_UNCOVERED = "grid_uncovered"
GRID_COVERED = "grid_covered"
ZONE_INCIDENT = "zone_incident"
CLEARS = {RETURNED_TO_GRID: LEFT_GRID, GRID_COVERED: GRID_UNCOVERED}  # clearing kind -> kind it clears


@dataclass(frozen=True, slots=True)
class GeofenceConfig:
    """Thresholds; times in ms, distances in metres."""

    left_grace_ms: int = 180_000
    uncovered_grace_ms: int = 600_000
    edge_tolerance_m: float = 50.0
    return_tolerance_m: float = 25.0
    stale_after_ms: int = 15_000
    zone_edge_m: float = 1.0
    duty_hours: tuple[int, int] = (0, 24)  # [start, end) hours of the station's day when grids must be covered


@dataclass(frozen=True, slots=True)
class Alert:
    """One geofence alert. ``subject`` is a worker id, grid code or incident id; ``zone`` the grid or zone."""

    kind: str
    subject: str
    zone: str
    at: int
    message: str
    lng: float | None = None
    lat: float | None = None

    def to_event_data(self) -> dict:
        """The JSON-ready data of the ``geofence.alert`` event the relay logs."""
        data = {"kind": self.kind, "subject": self.subject, "zone": self.zone, "at": self.at, "message": self.message}
        if self.lng is not None and self.lat is not None:
            data["lng"], data["lat"] = self.lng, self.lat
        return data


def fold_open_alert(open_alerts: dict[tuple[str, str], dict], data: Mapping) -> None:
    """Keep ``(kind, subject) -> data`` of raised alerts not yet cleared (for the console and resuming)."""
    kind = data["kind"]
    if kind in CLEARS:
        open_alerts.pop((CLEARS[kind], data["subject"]), None)
    elif kind != ZONE_INCIDENT:
        open_alerts[(kind, data["subject"])] = dict(data)


@dataclass(slots=True)
class _Tracked:
    worker: Worker
    fence: Fence | None  # the assigned grid; None when not checked
    on_duty: bool = False
    lng: float = 0.0
    lat: float = 0.0
    at: int | None = None  # time of the latest fix
    outside_since: int | None = None
    raised: bool = False
    present_in: str = ""


@dataclass(slots=True)
class _Coverage:
    name: str
    present: dict[str, int] = field(default_factory=dict)  # worker id -> fix time
    lost_at: int | None = None
    raised: bool = False


@dataclass(slots=True)
class _Zone:
    name: str
    fence: Fence


def duty_began(at_ms: int, duty_hours: tuple[int, int]) -> int | None:
    """When the duty hours holding ``at_ms`` began (0 for round-the-clock duty), None outside duty hours."""
    if duty_hours == (0, 24):
        return 0
    wall = station_time.local(at_ms)
    if not duty_hours[0] <= wall.hour < duty_hours[1]:
        return None
    return station_time.to_ms(wall.replace(hour=duty_hours[0], minute=0, second=0, microsecond=0))


class GeofenceMonitor:
    """Incremental geofence rules over positions, duty changes, incidents and a clock."""

    def __init__(self, district: District, workers: Iterable[Worker], config: GeofenceConfig | None = None, *,
                 start_ms: int | None = None) -> None:
        self.config = config or GeofenceConfig()
        fences = {g.code: Fence(g.polygon) for g in district.grids}
        self._index = FenceIndex(fences)
        self._grids = {g.code: _Coverage(g.name) for g in district.grids}
        self._tracked = {
            w.id: _Tracked(w, fences.get(w.grid_code)) for w in workers if w.kind is WorkerKind.GRID_WORKER
        }
        self._pending: dict[str, _Tracked] = {}  # outside, not yet raised
        self._zones: dict[str, _Zone] = {}
        self._epoch = start_ms

    @classmethod
    def from_state(cls, state: State, now_ms: int, config: GeofenceConfig | None = None, *,
                   open_alerts: Iterable[Mapping] = (), zones: Iterable[tuple[str, str, Sequence[Point]]] = ()
                   ) -> GeofenceMonitor:
        """Resume after a restart: duty and latest fixes from ``state``, raised alerts from ``open_alerts``.

        Emits nothing itself; the next :meth:`tick` reports what is due (including clears).
        """
        monitor = cls(state.district, state.workers.values(), config, start_ms=now_ms)
        for worker_id in sorted(state.on_duty):
            monitor.on_duty(worker_id, True, now_ms)
            pos = state.positions.get(worker_id)
            if pos is not None:
                monitor.on_position(worker_id, pos.lng, pos.lat, pos.at)
        for data in open_alerts:
            if data["kind"] == LEFT_GRID and data["subject"] in monitor._tracked:
                monitor._tracked[data["subject"]].raised = True
                monitor._pending.pop(data["subject"], None)
            elif data["kind"] == GRID_UNCOVERED and data["subject"] in monitor._grids:
                monitor._grids[data["subject"]].raised = True
        for zone_id, name, polygon in zones:
            monitor.add_zone(zone_id, name, polygon)
        return monitor

    # -- inputs ------------------------------------------------------------------------------

    def on_position(self, worker_id: str, lng: float, lat: float, at_ms: int) -> list[Alert]:
        """A fix was applied. Unknown workers, officers and fixes older than the latest are ignored."""
        t = self._tracked.get(worker_id)
        self._see(at_ms)
        if t is None or (t.at is not None and at_ms < t.at):
            return []
        t.lng, t.lat, t.at = lng, lat, at_ms
        out: list[Alert] = []
        if t.on_duty:
            self._evaluate(t, at_ms, out)
        return out

    def on_duty(self, worker_id: str, on: bool, at_ms: int) -> list[Alert]:
        """Duty was set. On: a fresh latest fix counts at once. Off: the worker's alerts clear silently."""
        t = self._tracked.get(worker_id)
        self._see(at_ms)
        if t is None or t.on_duty == on:
            return []
        t.on_duty = on
        out: list[Alert] = []
        if on:
            if t.at is not None and at_ms - t.at <= self.config.stale_after_ms:
                self._evaluate(t, at_ms, out)
        else:
            t.raised, t.outside_since = False, None
            self._pending.pop(worker_id, None)
            self._move(t, "", at_ms, out)
        return out

    def on_incident(self, incident_id: str, lng: float, lat: float, at_ms: int) -> list[Alert]:
        """An incident was reported: one ``zone_incident`` per watched zone it falls in."""
        self._see(at_ms)
        edge = self.config.zone_edge_m
        return [
            Alert(ZONE_INCIDENT, incident_id, zone_id, at_ms, f"警情 {incident_id} 位于关注区域「{zone.name}」内",
                  lng, lat)
            for zone_id, zone in self._zones.items()
            if zone.fence.distance_m(lng, lat, edge) <= edge
        ]

    def add_zone(self, zone_id: str, name: str, polygon: Sequence[Point]) -> None:
        """Watch a zone (replacing one with the same id); raises E_FIELD for a polygon that is not one."""
        try:
            fence = Fence([(float(x), float(y)) for x, y in polygon])
        except (TypeError, ValueError) as exc:
            raise DomainError("E_FIELD", f"关注区域 {zone_id} 的范围无效：{exc}") from None
        if not all(math.isfinite(v) for p in fence.polygon for v in p) or fence.bbox[0] == fence.bbox[2] \
                or fence.bbox[1] == fence.bbox[3]:
            raise DomainError("E_FIELD", f"关注区域 {zone_id} 的范围无效")
        self._zones[zone_id] = _Zone(name, fence)

    def remove_zone(self, zone_id: str) -> None:
        """Stop watching a zone (no error if it is not watched)."""
        self._zones.pop(zone_id, None)

    def tick(self, now_ms: int) -> list[Alert]:
        """Time-based rules: grace times running out for workers outside and for grids without workers."""
        self._see(now_ms)
        cfg = self.config
        out: list[Alert] = []
        for t in list(self._pending.values()):
            if now_ms - t.outside_since >= cfg.left_grace_ms:
                self._raise_left(t, now_ms, out)
        for code, cov in self._grids.items():
            latest = max(cov.present.values(), default=None)
            if latest is not None and now_ms - latest <= cfg.stale_after_ms:
                if cov.raised:
                    cov.raised = False
                    worker = self._tracked[max(cov.present, key=cov.present.get)].worker
                    out.append(self._covered(code, cov, worker, now_ms))
                continue
            began = duty_began(now_ms, cfg.duty_hours)
            if began is None:
                continue  # off duty hours: nothing is due
            if cov.lost_at is None:
                cov.lost_at = latest + cfg.stale_after_ms if latest is not None else self._epoch
            if not cov.raised and now_ms - max(cov.lost_at, began) >= cfg.uncovered_grace_ms:
                cov.raised = True
                minutes = cfg.uncovered_grace_ms / 60_000
                out.append(Alert(GRID_UNCOVERED, code, code, now_ms,
                                 f"网格 {cov.name}（{code}）已超过 {minutes:g} 分钟无在岗网格员"))
        return out

    # -- rules -------------------------------------------------------------------------------

    def _see(self, at_ms: int) -> None:
        if self._epoch is None:
            self._epoch = at_ms

    def _evaluate(self, t: _Tracked, now_ms: int, out: list[Alert]) -> None:
        """Apply the worker's latest fix: presence for coverage, then the left-grid rule."""
        cfg = self.config
        d = t.fence.distance_m(t.lng, t.lat, cfg.edge_tolerance_m) if t.fence else math.inf
        self._move(t, t.worker.grid_code if d <= cfg.edge_tolerance_m else self._index.locate(t.lng, t.lat),
                   now_ms, out)
        if t.fence is None:
            return
        if t.raised:
            if d <= cfg.return_tolerance_m:
                t.raised = False
                grid = self._grids[t.worker.grid_code].name
                out.append(Alert(RETURNED_TO_GRID, t.worker.id, t.worker.grid_code, now_ms,
                                 f"{t.worker.name}（{t.worker.id}）已回到责任网格 {grid}", t.lng, t.lat))
        elif d > cfg.edge_tolerance_m:
            if t.outside_since is None:
                t.outside_since = now_ms
                self._pending[t.worker.id] = t
            if now_ms - t.outside_since >= cfg.left_grace_ms:
                self._raise_left(t, now_ms, out)
        elif t.outside_since is not None:
            t.outside_since = None
            self._pending.pop(t.worker.id, None)

    def _raise_left(self, t: _Tracked, now_ms: int, out: list[Alert]) -> None:
        t.raised, t.outside_since = True, None
        self._pending.pop(t.worker.id, None)
        minutes = self.config.left_grace_ms / 60_000
        grid = self._grids[t.worker.grid_code].name
        out.append(Alert(LEFT_GRID, t.worker.id, t.worker.grid_code, now_ms,
                         f"{t.worker.name}（{t.worker.id}）离开责任网格 {grid} 已超过 {minutes:g} 分钟", t.lng, t.lat))

    def _move(self, t: _Tracked, grid: str, now_ms: int, out: list[Alert]) -> None:
        """Count the worker present in ``grid`` ("" for none) as of their latest fix."""
        old = t.present_in
        if old and old != grid:
            cov = self._grids[old]
            cov.present.pop(t.worker.id, None)
            if not cov.present and cov.lost_at is None:
                cov.lost_at = now_ms
        t.present_in = grid
        if grid:
            cov = self._grids[grid]
            cov.present[t.worker.id] = t.at
            cov.lost_at = None
            if cov.raised:
                cov.raised = False
                out.append(self._covered(grid, cov, t.worker, now_ms))

    @staticmethod
    def _covered(code: str, cov: _Coverage, worker: Worker, now_ms: int) -> Alert:
        return Alert(GRID_COVERED, code, code, now_ms, f"网格 {cov.name}（{code}）已有在岗网格员 {worker.name}")
