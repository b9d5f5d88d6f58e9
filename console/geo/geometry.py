"""Plane geometry in local metres for the basemap generator: projection, clipping, distances."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from console.domain.places import Point

XY = tuple[float, float]
_M_PER_DEG = 6_371_008.8 * math.pi / 180.0


@dataclass(frozen=True)
class Local:
    """Equirectangular metres east/north of ``(lng0, lat0)``: exact enough across a 街道."""

    lng0: float
    lat0: float

    @classmethod
    def around(cls, points: Iterable[Point]) -> Local:
        pts = list(points)
        lngs, lats = [p[0] for p in pts], [p[1] for p in pts]
        return cls((min(lngs) + max(lngs)) / 2, (min(lats) + max(lats)) / 2)

    @property
    def kx(self) -> float:
        return _M_PER_DEG * math.cos(math.radians(self.lat0))

    def xy(self, p: Point) -> XY:
        return ((p[0] - self.lng0) * self.kx, (p[1] - self.lat0) * _M_PER_DEG)

    def lnglat(self, p: XY) -> Point:
        return (self.lng0 + p[0] / self.kx, self.lat0 + p[1] / _M_PER_DEG)


def centroid(ring: Sequence[XY]) -> XY:
    """Area centroid of a simple polygon (vertex mean when degenerate)."""
    a = cx = cy = 0.0
    for i in range(len(ring)):
        (x0, y0), (x1, y1) = ring[i], ring[(i + 1) % len(ring)]
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a) < 1e-9:
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (cx / (3 * a), cy / (3 * a))


def inside(p: XY, ring: Sequence[XY]) -> bool:
    """Even-odd point in polygon."""
    x, y = p
    result = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            result = not result
        j = i
    return result


def _segment_distance(p: XY, a: XY, b: XY) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    d2 = dx * dx + dy * dy
    t = 0.0 if d2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / d2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def ring_distance(p: XY, ring: Sequence[XY]) -> float:
    """Distance from ``p`` to a polygon's boundary."""
    return min(_segment_distance(p, ring[i], ring[(i + 1) % len(ring)]) for i in range(len(ring)))


def resample(line: Sequence[XY], n: int) -> list[XY]:
    """``n`` points evenly spaced by arc length along ``line`` (ends included)."""
    cum = [0.0]
    for i in range(len(line) - 1):
        cum.append(cum[-1] + math.dist(line[i], line[i + 1]))
    out: list[XY] = []
    j = 0
    for k in range(n):
        s = cum[-1] * k / (n - 1)
        while j < len(line) - 2 and cum[j + 1] < s:
            j += 1
        seg = cum[j + 1] - cum[j]
        t = 0.0 if seg == 0 else (s - cum[j]) / seg
        (x0, y0), (x1, y1) = line[j], line[j + 1]
        out.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    return out


def clip_half_plane(ring: Sequence[XY], a: XY, b: XY, side: int) -> list[XY]:
    """The part of ``ring`` on one side of the line a→b: ``side`` 1 is left of it, -1 right (Sutherland–Hodgman)."""

    def f(p: XY) -> float:
        return side * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]))

    out: list[XY] = []
    for i in range(len(ring)):
        p, q = ring[i], ring[(i + 1) % len(ring)]
        fp, fq = f(p), f(q)
        if fp >= 0:
            out.append(p)
        if (fp >= 0) != (fq >= 0):
            t = fp / (fp - fq)
            out.append((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t))
    return out


def segments_of(lines: Iterable[Sequence[XY]], closed: bool = False) -> np.ndarray:
    """All segments of ``lines`` as an ``(S, 4)`` array of x0, y0, x1, y1."""
    rows = []
    for line in lines:
        pts = list(line) + ([line[0]] if closed else [])
        rows.extend((*pts[i], *pts[i + 1]) for i in range(len(pts) - 1))
    return np.asarray(rows, dtype=float).reshape(-1, 4)


def _clearance(points: np.ndarray, segments: np.ndarray, halves: np.ndarray) -> np.ndarray:
    if len(segments) == 0:
        return np.full(len(points), np.inf)
    px, py = points[:, :1], points[:, 1:2]
    x0, y0, x1, y1 = (segments[:, i][None, :] for i in range(4))
    dx, dy = x1 - x0, y1 - y0
    d2 = np.maximum(dx * dx + dy * dy, 1e-12)
    t = np.clip(((px - x0) * dx + (py - y0) * dy) / d2, 0.0, 1.0)
    return (np.hypot(px - x0 - t * dx, py - y0 - t * dy) - halves[None, :]).min(axis=1)


def clearance(
    points: np.ndarray, segments: np.ndarray, halves: np.ndarray | float = 0.0, reach: float = 100.0
) -> np.ndarray:
    """For each of ``points`` ``(N, 2)``: min over segments of (distance − its half width).

    Exact below ``reach`` metres; beyond it the answer is only known to be ≥ ``reach``
    (points are bucketed in cells and meet only the segments near their cell).
    """
    halves = np.broadcast_to(np.asarray(halves, dtype=float), (len(segments),))
    out = np.full(len(points), np.inf)
    if len(points) == 0 or len(segments) == 0:
        return out
    cell = 4 * reach
    keys = np.floor(points / cell).astype(np.int64)
    pad = reach + (halves.max() if len(halves) else 0.0)
    sx0 = np.minimum(segments[:, 0], segments[:, 2]) - pad
    sx1 = np.maximum(segments[:, 0], segments[:, 2]) + pad
    sy0 = np.minimum(segments[:, 1], segments[:, 3]) - pad
    sy1 = np.maximum(segments[:, 1], segments[:, 3]) + pad
    for key in np.unique(keys, axis=0):
        mine = np.all(keys == key, axis=1)
        cx0, cy0 = key * cell
        near = (sx1 >= cx0) & (sx0 <= cx0 + cell) & (sy1 >= cy0) & (sy0 <= cy0 + cell)
        out[mine] = _clearance(points[mine], segments[near], halves[near])
    return out


def inside_many(points: np.ndarray, ring: Sequence[XY]) -> np.ndarray:
    """Even-odd point in polygon for ``(N, 2)`` points."""
    r = np.asarray(ring, dtype=float)
    xi, yi = r[:, 0][None, :], r[:, 1][None, :]
    xj, yj = np.roll(r[:, 0], 1)[None, :], np.roll(r[:, 1], 1)[None, :]
    px, py = points[:, :1], points[:, 1:2]
    with np.errstate(divide="ignore", invalid="ignore"):
        cross = ((yi > py) != (yj > py)) & (px < (xj - xi) * (py - yi) / (yj - yi) + xi)
    return (cross.sum(axis=1) % 2) == 1
