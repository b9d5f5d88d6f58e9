"""人流热力: where the system's people and reports were, per clock hour, in square cells of about 100 m.

Three sources, each counted per ``(hour, cell)``:

- ``people`` (人员在岗位置): person-minutes. An on-duty worker or police unit counts once per minute of
  relay time, in the cell of its first fix in that minute; off-duty fixes do not count. Folded as
  positions are committed (:class:`PeopleFolder`), since a day's raw fixes are far too many to scan.
- ``scans`` (扫码): e码 door-plate page views, a counter per plate per hour (``ecode.scanned``: no
  device token, no IP address, no text), placed at the plate's standard address.
- ``incidents`` (警情): reports (e码 reports included) at their reported place and time.

It is honest about what it measures, and the map's legend says so: the spread of the system's people
and reports (系统内人员与上报的分布), not of every resident. Cells are fixed degree squares, so every
client bins the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from console.domain import events as ev
from console.domain.fences import Fence, FenceIndex
from console.domain.places import District
from console.domain.workers import Worker

CELL_DEG = 0.001  # about 95 m east-west and 111 m north-south at 31°N
HOUR_MS = 3_600_000
MINUTE_MS = 60_000


class HeatSource(StrEnum):
    PEOPLE = "people"
    SCANS = "scans"
    INCIDENTS = "incidents"

    @property
    def label(self) -> str:
        return {"people": "人员在岗位置", "scans": "扫码", "incidents": "警情"}[self.value]


def cell_of(lng: float, lat: float) -> tuple[int, int]:
    """The cell ``(x, y)`` holding a WGS-84 point."""
    return math.floor(lng / CELL_DEG), math.floor(lat / CELL_DEG)


def cell_centre(x: int, y: int) -> tuple[float, float]:
    """The WGS-84 ``(lng, lat)`` of a cell's centre."""
    return (x + 0.5) * CELL_DEG, (y + 0.5) * CELL_DEG


def hour_start(at_ms: int) -> int:
    return at_ms - at_ms % HOUR_MS


Key = tuple[int, int, int]  # (hour start in epoch ms, cell x, cell y)


class PeopleFolder:
    """Turns committed position events into person-minutes ``{(hour_at, x, y): n}``.

    Duty is followed through the batch: a fix counts only while its worker is on duty at that event,
    so fixes after 下岗 in the same batch do not count. Only the first fix of a worker in a minute counts.
    """

    def __init__(self) -> None:
        self._minute: dict[str, int] = {}  # worker -> the last minute counted

    def fold(self, events: Iterable[ev.Event], workers: Mapping[str, Worker],
             on_duty_after: set[str]) -> dict[Key, int]:
        """Person-minutes added by ``events`` (in seq order); ``on_duty_after`` is who is on duty after them."""
        events = list(events)
        duty = _duty_before(events, on_duty_after)
        added: dict[Key, int] = {}
        for e in events:
            if e.type == ev.DUTY_SET:
                (duty.add if e.data["on"] else duty.discard)(e.data["worker"])
            elif e.type == ev.POSITION_REPORTED:
                worker = e.data["worker"]
                minute = e.at // MINUTE_MS
                if worker not in duty or worker not in workers or self._minute.get(worker) == minute:
                    continue
                self._minute[worker] = minute
                key = (hour_start(e.at), *cell_of(e.data["lng"], e.data["lat"]))
                added[key] = added.get(key, 0) + 1
        return added


def _duty_before(events: list[ev.Event], after: set[str]) -> set[str]:
    """Who was on duty before ``events``, given who is after: a worker's first 上岗/下岗 in them says."""
    duty = set(after)
    seen: set[str] = set()
    for e in events:
        if e.type == ev.DUTY_SET and e.data["worker"] not in seen:
            seen.add(e.data["worker"])
            (duty.discard if e.data["on"] else duty.add)(e.data["worker"])
    return duty


def scan_cells(hour_at: int, counts: Mapping[str, int], places: Mapping[str, tuple[float, float]]) -> dict[Key, int]:
    """One ``ecode.scanned`` event's counts per plate, placed in the cells of the plates' addresses."""
    out: dict[Key, int] = {}
    for code, n in counts.items():
        where = places.get(code)
        if where is not None:
            key = (hour_at, *cell_of(*where))
            out[key] = out.get(key, 0) + int(n)
    return out


@dataclass(slots=True)
class HeatDay:
    """Bins of one day (or range of days) by station-time hour of day: ``bins[source][hour] = {(x, y): n}``."""

    first_day: str  # YYYY-MM-DD, station time
    last_day: str
    bins: dict[str, list[dict[tuple[int, int], int]]] = field(
        default_factory=lambda: {s.value: [{} for _ in range(24)] for s in HeatSource})

    def cells(self, source: HeatSource | str, hour: int) -> dict[tuple[int, int], int]:
        return self.bins[HeatSource(source).value][hour]

    def total(self, source: HeatSource | str, hour: int | None = None) -> int:
        hours = self.bins[HeatSource(source).value]
        return sum(sum(h.values()) for h in (hours if hour is None else [hours[hour]]))

    def inside(self, grids: frozenset[str] | set[str], district: District) -> HeatDay:
        """Only the cells whose centre lies in one of ``grids`` (an account bound to places sees its own)."""
        index = FenceIndex({g.code: Fence(g.polygon) for g in district.grids if g.code in grids})
        keep: dict[tuple[int, int], bool] = {}
        out = HeatDay(self.first_day, self.last_day)
        for source, hours in self.bins.items():
            for hour, cells in enumerate(hours):
                for cell, n in cells.items():
                    if cell not in keep:
                        keep[cell] = bool(index.locate(*cell_centre(*cell)))
                    if keep[cell]:
                        out.bins[source][hour][cell] = n
        return out

    def to_dict(self) -> dict:
        """For the wire: ``{source: [[hour, x, y, n], …]}``."""
        return {"first_day": self.first_day, "last_day": self.last_day,
                "bins": {s: [[h, x, y, n] for h, cells in enumerate(hours) for (x, y), n in sorted(cells.items())]
                         for s, hours in self.bins.items()}}

    @classmethod
    def from_dict(cls, d: dict) -> HeatDay:
        day = cls(d["first_day"], d["last_day"])
        for source, rows in d["bins"].items():
            for h, x, y, n in rows:
                day.bins[HeatSource(source).value][int(h)][(int(x), int(y))] = int(n)
        return day
