"""Grids and 警格 imported while the relay runs (``jingwang import-grids --relay``): the wire form of their
rows, and the ``grids.upserted`` event that folds a chunk of them into the State.

Rows are upserts by code: a station (派出所), a community (社区), a grid (网格) with its outline, a police
grid (警格) with the grids it covers and its outline. The reducer gives the State a new :class:`District`
(never the old one changed in place), so everything that indexes the places by identity (the grid
lookups of positions and reports, the geofences, the map) rebuilds from the new grids at once.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from console.domain import events as ev
from console.domain.places import Community, District, Grid, Point, PoliceGrid, Station

if TYPE_CHECKING:
    from console.domain.changes import Changes
    from console.domain.payloads import GridsUpserted
    from console.domain.state import State

LAYERS = ("stations", "communities", "grids", "police_grids")  # the order a chunk is folded in
DIGITS = 7  # coordinates on the wire: about 1 cm


def ring_of(points) -> list[list[float]]:
    """An outline in its wire form: ``[[lng, lat], …]`` rounded to :data:`DIGITS`, from its smallest point on,
    in the direction whose next point is the smaller: one outline, one form, however the file drew it."""
    ring = [[round(float(x), DIGITS), round(float(y), DIGITS)] for x, y in points]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if not ring:
        return ring
    i = ring.index(min(ring))
    forward = ring[i:] + ring[:i]
    backward = forward[:1] + forward[:0:-1]
    return min(forward, backward)


def _points(ring: list) -> tuple[Point, ...]:
    return tuple((float(x), float(y)) for x, y in ring)


def station_row(s: Station) -> dict:
    return {"code": s.code, "name": s.name}


def community_row(c: Community) -> dict:
    return {"code": c.code, "name": c.name}


def grid_row(g: Grid) -> dict:
    return {"code": g.code, "name": g.name, "community": g.community_code, "polygon": ring_of(g.polygon)}


def police_grid_row(p: PoliceGrid) -> dict:
    return {"code": p.code, "name": p.name, "station": p.station_code, "grids": list(p.grid_codes),
            "polygon": ring_of(p.polygon)}


ROW_OF = {"stations": station_row, "communities": community_row, "grids": grid_row, "police_grids": police_grid_row}
ENTITY_OF = {
    "stations": lambda r: Station(r["code"], r["name"]),
    "communities": lambda r: Community(r["code"], r["name"]),
    "grids": lambda r: Grid(r["code"], r["name"], r["community"], _points(r["polygon"])),
    "police_grids": lambda r: PoliceGrid(r["code"], r["name"], r["station"], tuple(r["grids"]), _points(r["polygon"])),
}


def current_rows(district: District, layer: str) -> dict[str, dict]:
    """Code -> wire row of what ``district`` holds in ``layer`` (to tell a changed row from an equal one)."""
    return {item.code: ROW_OF[layer](item) for item in getattr(district, layer)}


def upserted(district: District, rows: dict[str, list[dict]]) -> District:
    """A new district: ``district`` with ``rows`` (layer -> wire rows) replacing by code or appended."""
    changed = {}
    for layer in LAYERS:
        if not rows.get(layer):
            continue
        items = {item.code: item for item in getattr(district, layer)}
        items.update({r["code"]: ENTITY_OF[layer](r) for r in rows[layer]})
        changed[layer] = list(items.values())
    return dataclasses.replace(district, **changed)


# -- the reducer ----------------------------------------------------------------------------------

def _upserted(state: State, e: ev.Event) -> None:
    state.district = upserted(state.district, {layer: e.data.get(layer, []) for layer in LAYERS})
    state.index_officers()  # which 警格 a grid is in decides its community officers


def note_changes(payload: GridsUpserted, changes: Changes) -> None:
    """What a chunk changed: the places (``district``: redraw), with the codes the store rewrites."""
    codes = {r["code"] for layer in (payload.stations, payload.communities, payload.grids, payload.police_grids)
             for r in layer}
    if codes:
        changes.grids.update(codes)
        changes.district = True


HANDLERS = {ev.GRIDS_UPSERTED: _upserted}
