"""A desk's subscription: the stations (派出所) whose events it receives and how often each worker's position.

A whole-stream connection (dispatcher, officer, chief, trainer, admin) may narrow its ``subscribe`` frame
with ``stations`` (a city command centre lists several; a desk whose account scope names places may pick
only stations inside it) and ``positions_every_s`` (at most one position per worker per that many seconds,
bounded by the relay's setting). Each event's stations are among its narrow audiences as ``st:CODE``
(:func:`console.domain.audience.station_keys`): a scoped desk gets the events of its stations and those
naming no place (accounts, zones …). Its snapshot is trimmed the same way; the district and the roster
stay whole (reference data, names to draw).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.domain import calls
from console.domain import events as ev
from console.domain.audience import STATION
from console.domain.decide_common import Actor
from console.domain.errors import DomainError

if TYPE_CHECKING:
    from console.domain.state import State

MAX_STATIONS = 200


@dataclass(frozen=True, slots=True)
class Subscription:
    """``stations`` (empty: the whole district) and ``positions_every_ms`` (0: every position)."""

    stations: frozenset[str] = frozenset()
    positions_every_ms: int = 0

    @property
    def narrowed(self) -> bool:
        return bool(self.stations or self.positions_every_ms)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(STATION + s for s in self.stations)

    @classmethod
    def of(cls, actor: Actor, state: State, stations: Iterable[str] | None, every_s: float,
           max_every_s: float) -> Subscription:
        """Check what a ``subscribe`` frame asks for against the actor's scope: E_FIELD for an unknown
        station or a rate out of bounds, E_FORBIDDEN for a station outside the account's places."""
        if not 0 <= every_s <= max_every_s:
            raise DomainError("E_FIELD", f"positions_every_s 应在 0–{max_every_s:g} 秒之间")
        codes = frozenset(stations or ())
        if len(codes) > MAX_STATIONS:
            raise DomainError("E_FIELD", f"stations 至多 {MAX_STATIONS} 个派出所")
        known = {s.code for s in state.district.stations}
        unknown = sorted(codes - known)
        if unknown:
            raise DomainError("E_FIELD", f"派出所 {'、'.join(unknown[:5])} 不存在")
        if actor.scope is not None and actor.scope.has_places:
            allowed = {state.station_of_grid.get(g) for g in actor.scope.grids}
            outside = sorted(codes - allowed)
            if outside:
                raise DomainError("E_FORBIDDEN", f"派出所 {'、'.join(outside[:5])} 不在本账户范围内")
        return cls(codes, round(every_s * 1000))

    def admits(self, keys: frozenset[str]) -> bool:
        """Whether an event with audience ``keys`` belongs to these stations (or to no station)."""
        return not self.stations or not keys or bool(keys & self.keys) or \
            not any(k.startswith(STATION) for k in keys)

    def trim(self, snapshot: dict, state: State) -> dict:
        """``snapshot`` (a whole-stream one, as JSON) without what belongs to other stations."""
        if not self.stations:
            return snapshot
        grids = {g for g, s in state.station_of_grid.items() if s in self.stations}
        workers = {w.id for w in state.workers.values()
                   if (w.station_code or state.station_of_grid.get(w.grid_code)) in self.stations}
        return {
            **snapshot,
            "positions": [p for p in snapshot["positions"] if p[0] in workers],
            "on_duty": [w for w in snapshot["on_duty"] if w in workers],
            "sos": [s for s in snapshot["sos"] if s[0] in workers],
            "incidents": [i for i in snapshot["incidents"] if i["grid_code"] in grids],
            "orders": [o for o in snapshot["orders"] if o["grid_code"] in grids],
            "submissions": [s for s in snapshot["submissions"] if s["worker_id"] in workers],
            "records": [r for r in snapshot["records"] if r["grid_code"] in grids],
            "calls": [c for c in snapshot["calls"] if set(calls.workers_of(c)) & workers],
            "notices": [n for n in snapshot["notices"] if set(n["workers"]) & workers],
            "warnings": [w for w in snapshot["warnings"] if set(w["workers"]) & workers or w["grid_code"] in grids],
            "key_persons": [p for p in snapshot["key_persons"] if p["station"] in self.stations],
        }


class Picker:
    """What one subscription gets of a stream of events, in seq order; remembers when it last passed each
    worker's position (decimation spans batches)."""

    def __init__(self, subscription: Subscription) -> None:
        self.subscription = subscription
        self._last: dict[str, int] = {}

    def pick(self, events: Iterable[ev.Event], keys_of: Callable[[ev.Event], frozenset[str]]) -> list[ev.Event]:
        sub, every = self.subscription, self.subscription.positions_every_ms
        out = []
        for event in events:
            if sub.stations and not sub.admits(keys_of(event)):
                continue
            if every and event.type == ev.POSITION_REPORTED:
                worker = event.data["worker"]
                last = self._last.get(worker)
                if last is not None and event.at - last < every:
                    continue
                self._last[worker] = event.at
            out.append(event)
        return out
