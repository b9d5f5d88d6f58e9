"""Web Mercator (EPSG:3857) projection of WGS-84 coordinates, vectorised with numpy.

``x = R·λ`` and ``y = R·ln(tan(π/4 + φ/2))`` in metres. The map draws in a local frame
(projected metres minus the projected origin) so coordinates stay small for Qt's painter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

R = 6_378_137.0  # WGS-84 semi-major axis, as Web Mercator uses


def project(lng, lat) -> tuple[np.ndarray, np.ndarray]:
    """Project longitudes/latitudes in degrees (scalars or arrays) to Web Mercator metres."""
    lam = np.radians(np.asarray(lng, dtype=float))
    phi = np.radians(np.asarray(lat, dtype=float))
    return R * lam, R * np.log(np.tan(np.pi / 4 + phi / 2))


def unproject(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`project`: metres back to degrees."""
    lng = np.degrees(np.asarray(x, dtype=float) / R)
    lat = np.degrees(2 * np.arctan(np.exp(np.asarray(y, dtype=float) / R)) - np.pi / 2)
    return lng, lat


class LocalFrame:
    """Web Mercator metres relative to an origin point (keeps painter coordinates small)."""

    def __init__(self, origin_lng: float, origin_lat: float) -> None:
        ox, oy = project(origin_lng, origin_lat)
        self.origin = (float(origin_lng), float(origin_lat))
        self._ox, self._oy = float(ox), float(oy)

    @classmethod
    def around(cls, points: Iterable[tuple[float, float]]) -> LocalFrame:
        """A frame centred on the bounding box of ``points`` (or 0,0 when empty)."""
        pts = list(points)
        if not pts:
            return cls(0.0, 0.0)
        lngs = [p[0] for p in pts]
        lats = [p[1] for p in pts]
        return cls((min(lngs) + max(lngs)) / 2, (min(lats) + max(lats)) / 2)

    def to_xy(self, lng, lat) -> tuple[np.ndarray, np.ndarray]:
        x, y = project(lng, lat)
        return x - self._ox, y - self._oy

    def to_lnglat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        return unproject(np.asarray(x, dtype=float) + self._ox, np.asarray(y, dtype=float) + self._oy)

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
