"""The map's drawing frame: Web Mercator metres minus an origin, in the basemap's datum.

Overlays are stored in WGS-84; tiles may be in GCJ-02 or BD-09. A frame made with the tile
source's datum converts WGS-84 → that datum before projecting, so overlays land on the right
street of the basemap; :meth:`LocalFrame.to_lnglat` converts back for cursor coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from console.geo.datum import Datum, check_datum, from_wgs84, to_wgs84
from console.geo.tiles import R, project, unproject

__all__ = ["LocalFrame", "R", "project", "unproject"]


class LocalFrame:
    """Web Mercator metres (of ``datum`` coordinates) relative to an origin point.

    Keeps painter coordinates small. ``origin`` is WGS-84; ``datum`` is the basemap's datum
    (default ``"wgs84"``: no conversion).
    """

    def __init__(self, origin_lng: float, origin_lat: float, datum: Datum = "wgs84") -> None:
        self.datum: Datum = check_datum(datum)
        self.origin = (float(origin_lng), float(origin_lat))
        ox, oy = project(*from_wgs84(origin_lng, origin_lat, datum))
        self._ox, self._oy = float(ox), float(oy)

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]], datum: Datum = "wgs84") -> LocalFrame:
        """A frame centred on the bounding box of ``points`` (or 0,0 when empty)."""
        pts = list(points)
        if not pts:
            return cls(0.0, 0.0, datum)
        lngs = [p[0] for p in pts]
        lats = [p[1] for p in pts]
        return cls((min(lngs) + max(lngs)) / 2, (min(lats) + max(lats)) / 2, datum)

    @property
    def offset(self) -> tuple[float, float]:
        """The origin in absolute Web Mercator metres: frame ``(0, 0)``; tiles subtract it."""
        return self._ox, self._oy

    def to_xy(self, lng, lat) -> tuple[np.ndarray, np.ndarray]:
        """WGS-84 degrees → frame metres (through the frame's datum)."""
        x, y = project(*from_wgs84(lng, lat, self.datum))
        return x - self._ox, y - self._oy

    def to_lnglat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Frame metres → WGS-84 degrees (inverse of :meth:`to_xy`)."""
        lng, lat = unproject(np.asarray(x, dtype=float) + self._ox, np.asarray(y, dtype=float) + self._oy)
        return to_wgs84(lng, lat, self.datum)

    def polylines(
        self, lines: Sequence[Sequence[tuple[float, float]]], close: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Many polylines as one ``(x, y, connect)`` triple for a single ``PlotCurveItem``.

        ``connect[i]`` is 1 when vertex i joins vertex i+1, 0 at the end of each line.
        ``close`` repeats each line's first vertex to close polygons.
        """
        xs: list[float] = []
        ys: list[float] = []
        connect: list[int] = []
        for line in lines:
            pts = list(line)
            if close and pts and pts[0] != pts[-1]:
                pts.append(pts[0])
            if len(pts) < 2:
                continue
            xs.extend(p[0] for p in pts)
            ys.extend(p[1] for p in pts)
            connect.extend([1] * (len(pts) - 1) + [0])
        if not xs:
            return np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int32)
        x, y = self.to_xy(xs, ys)
        return x, y, np.asarray(connect, dtype=np.int32)
