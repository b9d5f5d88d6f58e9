"""The narrow audiences an event concerns: the workers it names, ``dept:CODE`` for a department and
``st:CODE`` for each station (派出所) whose places or people it concerns.

A field connection (a grid worker, a gateway for its workers) or a liaison listens to a set of worker
and department keys (:attr:`console.domain.visibility.View.keys`); a desk subscribed to some stations
to their station keys (:mod:`console.domain.subscription`). The change set records each event's keys
as it is folded, so the relay's fan-out indexes a batch without reading payloads again.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from console.domain import events as ev

if TYPE_CHECKING:
    from console.domain.state import State

STATION = "st:"  # prefix of a station key
_NONE: frozenset[str] = frozenset()


def audiences(event: ev.Event) -> frozenset[str]:
    """The narrow audiences ``event`` concerns (none for a position fix: consoles only)."""
    if event.type == ev.POSITION_REPORTED:
        return frozenset()
    data = event.data
    keys = {data.get("worker"), data.get("reporter_worker"), *data.get("workers", ())} - {None}
    if "department" in data:
        keys |= {f"dept:{data['department']}", "dept:*"}
    return frozenset(keys)


def station_keys(state: State, event: ev.Event) -> frozenset[str]:
    """``st:CODE`` of the stations ``event`` belongs to, by the state it was folded into: its incident's,
    order's or grid's, and its workers' (a police unit's own station). Empty: it names no place (an
    account, a zone …) and concerns the whole district."""
    data = event.data
    if event.type == ev.POSITION_REPORTED:  # the hot path: a fix names one worker and no place
        worker = state.workers.get(data["worker"])
        return _station(worker.station_code or state.station_of_grid.get(worker.grid_code, "")) if worker else _NONE
    grids: set[str] = set()
    stations: set[str] = set()
    incident = state.incidents.get(data.get("incident")) if "incident" in data else None
    if incident is not None:
        grids.add(incident.grid_code)
    order = state.orders.get(data.get("order")) if "order" in data else None
    if order is not None:
        grids.add(order.grid_code)
    if isinstance(data.get("grid"), str):
        grids.add(data["grid"])
    if isinstance(data.get("station"), str):  # a key person's
        stations.add(data["station"])
    for worker_id in (data.get("worker"), data.get("reporter_worker"), *data.get("workers", ())):
        worker = state.workers.get(worker_id) if isinstance(worker_id, str) else None
        if worker is not None:
            stations.add(worker.station_code or state.station_of_grid.get(worker.grid_code, ""))
    stations.update(state.station_of_grid.get(g, "") for g in grids)
    return frozenset(STATION + s for s in stations if s)


@lru_cache(maxsize=1024)
def _station(code: str) -> frozenset[str]:
    """``{st:CODE}`` (one set per station, not one per fix), or none without a code."""
    return frozenset((STATION + code,)) if code else _NONE
