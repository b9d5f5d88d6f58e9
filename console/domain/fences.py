"""Polygons prepared for many fast point tests: cached bounding boxes, metric edges and a cell index."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from console.domain.geo import EARTH_RADIUS_M, bbox, point_in_polygon
from console.domain.places import Point

_KY = EARTH_RADIUS_M * math.pi / 180.0  # metres per degree of latitude


class Fence:
    """A polygon with its bounding box and its edges in a local metric frame (metres)."""

    __slots__ = ("bbox", "kx", "lat0", "lng0", "polygon", "segments")

    def __init__(self, polygon: Sequence[Point]) -> None:
        if len(polygon) < 3:
            raise ValueError("a fence needs at least 3 points")
        self.polygon = tuple((float(x), float(y)) for x, y in polygon)
        self.bbox = bbox(self.polygon)
        self.lng0 = (self.bbox[0] + self.bbox[2]) / 2
        self.lat0 = (self.bbox[1] + self.bbox[3]) / 2
        self.kx = _KY * math.cos(math.radians(self.lat0))
        xy = [((x - self.lng0) * self.kx, (y - self.lat0) * _KY) for x, y in self.polygon]
        self.segments = tuple(
            (ax, ay, bx - ax, by - ay, (bx - ax) ** 2 + (by - ay) ** 2)
            for (ax, ay), (bx, by) in zip(xy, xy[1:] + xy[:1], strict=True)
        )

    def contains(self, lng: float, lat: float) -> bool:
        """Strictly inside (even-odd rule) after a bounding-box test."""
        x0, y0, x1, y1 = self.bbox
        return x0 <= lng <= x1 and y0 <= lat <= y1 and point_in_polygon((lng, lat), self.polygon)

    def distance_m(self, lng: float, lat: float, within_m: float) -> float:
        """0 inside; metres to the boundary when that is at most ``within_m``; else ``math.inf``."""
        x0, y0, x1, y1 = self.bbox
        mx, my = within_m / self.kx, within_m / _KY
        if not (x0 - mx <= lng <= x1 + mx and y0 - my <= lat <= y1 + my):
            return math.inf
        if self.contains(lng, lat):
            return 0.0
        px, py = (lng - self.lng0) * self.kx, (lat - self.lat0) * _KY
        best = math.inf
        for ax, ay, dx, dy, len2 in self.segments:
            t = 0.0 if len2 == 0 else min(1.0, max(0.0, ((px - ax) * dx + (py - ay) * dy) / len2))
            d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            best = min(best, d2)
        d = math.sqrt(best)
        return d if d <= within_m else math.inf


class FenceIndex:
    """Which fence contains a point, by a uniform cell grid over the fences' bounding boxes."""

    def __init__(self, fences: Mapping[str, Fence], cell_deg: float = 0.005) -> None:
        self._fences = dict(fences)
        self._cell = cell_deg
        self._cells: dict[tuple[int, int], list[str]] = {}
        for key, fence in self._fences.items():
            x0, y0, x1, y1 = fence.bbox
            for ix in range(self._ix(x0), self._ix(x1) + 1):
                for iy in range(self._ix(y0), self._ix(y1) + 1):
                    self._cells.setdefault((ix, iy), []).append(key)

    def locate(self, lng: float, lat: float) -> str:
        """Key of the first fence strictly containing the point, or ""."""
        for key in self._cells.get((self._ix(lng), self._ix(lat)), ()):
            if self._fences[key].contains(lng, lat):
                return key
        return ""

    def _ix(self, v: float) -> int:
        return math.floor(v / self._cell)
