"""Small, dependency-free geometry on WGS-84 coordinates."""

from __future__ import annotations

import math
from collections.abc import Sequence

from console.domain.places import Point

EARTH_RADIUS_M = 6_371_008.8


def distance_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres between two ``(lng, lat)`` points (haversine)."""
    lng1, lat1 = map(math.radians, a)
    lng2, lat2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def point_in_polygon(point: Point, polygon: Sequence[Point]) -> bool:
    """Even-odd rule; points exactly on an edge may fall either side."""
    x, y = point
    inside = False
    n = len(polygon)
    j = n - 1
    for i in range(n):
        xi, yi = polygon[i]
        xj, yj = polygon[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def centroid(polygon: Sequence[Point]) -> Point:
    """Area centroid of a simple polygon (falls back to the vertex mean when degenerate)."""
    area2 = cx = cy = 0.0
    n = len(polygon)
    for i in range(n):
        x0, y0 = polygon[i]
        x1, y1 = polygon[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        area2 += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area2) < 1e-18:
        return (sum(p[0] for p in polygon) / n, sum(p[1] for p in polygon) / n)
    return (cx / (3 * area2), cy / (3 * area2))


def bbox(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """``(min_lng, min_lat, max_lng, max_lat)`` of the points."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))
