"""What is under a map point: the nearest drawn point within a radius, or the grid containing it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from console.domain.geo import bbox, point_in_polygon
from console.domain.places import Grid


@dataclass(frozen=True, slots=True)
class MapHit:
    """A click target: ``kind`` is ``"worker"``, ``"incident"`` or ``"grid"``; ``key`` its id or code."""

    kind: str
    key: str


def nearest_within(x: np.ndarray, y: np.ndarray, px: float, py: float, radius: float) -> int:
    """Index of the point nearest ``(px, py)`` no farther than ``radius``; -1 when none is.

    Ties go to the later point (drawn on top).
    """
    if not len(x):
        return -1
    d2 = (x - px) ** 2 + (y - py) ** 2
    d2 = np.where(np.isfinite(d2), d2, np.inf)
    best = len(d2) - 1 - int(np.argmin(d2[::-1]))
    return best if d2[best] <= radius * radius else -1


def inside_rect(x: np.ndarray, y: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """Indices of the points inside the rectangle (corners in any order)."""
    lo_x, hi_x = min(x0, x1), max(x0, x1)
    lo_y, hi_y = min(y0, y1), max(y0, y1)
    return np.flatnonzero((x >= lo_x) & (x <= hi_x) & (y >= lo_y) & (y <= hi_y))


class GridIndex:
    """Finds the 网格 containing a WGS-84 point (bounding boxes first, then the polygon)."""

    def __init__(self, grids: Sequence[Grid]) -> None:
        self.grids = list(grids)
        boxes = [bbox(g.polygon) for g in self.grids]
        self._boxes = np.array(boxes, dtype=float).reshape(-1, 4)

    def grid_at(self, lng: float, lat: float) -> Grid | None:
        b = self._boxes
        near = np.flatnonzero((b[:, 0] <= lng) & (lng <= b[:, 2]) & (b[:, 1] <= lat) & (lat <= b[:, 3]))
        for k in near.tolist():
            if point_in_polygon((lng, lat), self.grids[k].polygon):
                return self.grids[k]
        return None


class MapPicker:
    """What a click or a box touches, layer by layer from the top, skipping hidden layers."""

    def __init__(self, registry, table, workers, incidents) -> None:
        self._registry = registry
        self._table = table
        self._workers = workers
        self._incidents = incidents
        self.grids = GridIndex([])
        self.frame = None  # the map's LocalFrame, set on every snapshot

    def at(self, x: float, y: float, radius: float) -> MapHit | None:
        """The topmost visible incident, worker or grid at view point ``(x, y)``."""
        for name in reversed(self._registry.names()):
            if not self._registry.is_visible(name):
                continue
            if name == "incidents":
                inc = self._incidents
                k = nearest_within(inc.x[inc.drawn], inc.y[inc.drawn], x, y, radius)
                if k >= 0:
                    return MapHit("incident", inc.ids[inc.drawn[k]])
            elif name == "workers":
                t, drawn = self._table, self._workers.drawn
                k = nearest_within(t.x[drawn], t.y[drawn], x, y, radius)
                if k >= 0:
                    return MapHit("worker", t.ids[drawn[k]])
            elif name == "grids" and self.frame is not None:
                lng, lat = self.frame.to_lnglat(x, y)
                grid = self.grids.grid_at(float(lng), float(lat))
                if grid is not None:
                    return MapHit("grid", grid.code)
        return None

    def inside(self, rect) -> tuple[list[str], list[str]]:
        """Ids of the visible workers and incidents inside ``rect`` (a QRectF in view coordinates)."""
        corners = (rect.left(), rect.top(), rect.right(), rect.bottom())
        workers: list[str] = []
        incidents: list[str] = []
        if self._registry.is_visible("workers"):
            t, drawn = self._table, self._workers.drawn
            workers = [t.ids[drawn[k]] for k in inside_rect(t.x[drawn], t.y[drawn], *corners)]
        if self._registry.is_visible("incidents"):
            inc = self._incidents
            incidents = [inc.ids[k] for k in inside_rect(inc.x, inc.y, *corners)]
        return workers, incidents
