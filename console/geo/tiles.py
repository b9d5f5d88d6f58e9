"""Web Mercator (EPSG:3857) and XYZ tile maths.

``x = R·λ`` and ``y = R·ln(tan(π/4 + φ/2))`` in metres. XYZ tiles number columns west → east
and rows north → south from the top-left corner of the square world (±π·R); MBTiles stores
rows south → north (TMS), hence :func:`tms_flip`. Everything here is datum-agnostic: it
projects whatever longitudes and latitudes it is given.
"""

from __future__ import annotations

import math

import numpy as np

R = 6_378_137.0  # WGS-84 semi-major axis, as Web Mercator uses
HALF_WORLD = math.pi * R  # metres from the origin to the world's edge
MAX_LAT = 85.0511287798066  # latitude at which the Mercator world is square
TILE_SIZE = 256

Bounds = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in metres


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


def tile_span(z: int) -> float:
    """Width of one tile at zoom ``z`` in metres."""
    return 2 * HALF_WORLD / (1 << z)


def resolution(z: float, tile_size: int = TILE_SIZE) -> float:
    """Metres (of projected plane) per tile pixel at zoom ``z``."""
    return 2 * HALF_WORLD / (tile_size * 2.0**z)


def zoom_for_resolution(metres_per_pixel: float, tile_size: int = TILE_SIZE) -> int:
    """The integer zoom whose resolution is nearest ``metres_per_pixel`` (in log scale, never < 0)."""
    if metres_per_pixel <= 0:
        raise ValueError("metres per pixel must be positive")
    return max(0, round(math.log2(resolution(0, tile_size) / metres_per_pixel)))


def tile_of_metres(x: float, y: float, z: int) -> tuple[int, int]:
    """The XYZ tile ``(col, row)`` containing the projected point, clamped to the world."""
    n = 1 << z
    span = tile_span(z)
    col = math.floor((x + HALF_WORLD) / span)
    row = math.floor((HALF_WORLD - y) / span)
    return min(max(col, 0), n - 1), min(max(row, 0), n - 1)


def tile_of(lng: float, lat: float, z: int) -> tuple[int, int]:
    """The XYZ tile ``(col, row)`` containing ``(lng, lat)`` at zoom ``z``."""
    x, y = project(lng, max(-MAX_LAT, min(MAX_LAT, lat)))
    return tile_of_metres(float(x), float(y), z)


def tile_bounds(z: int, x: int, y: int) -> Bounds:
    """``(xmin, ymin, xmax, ymax)`` of XYZ tile ``(z, x, y)`` in metres."""
    span = tile_span(z)
    xmin = -HALF_WORLD + x * span
    ymax = HALF_WORLD - y * span
    return xmin, ymax - span, xmin + span, ymax


def tile_range(bounds: Bounds, z: int) -> tuple[int, int, int, int]:
    """Inclusive ``(col0, row0, col1, row1)`` of the tiles covering a metre bbox at zoom ``z``.

    A bbox edge lying on a tile edge (to within rounding) does not pull in the next tile.
    """
    xmin, ymin, xmax, ymax = bounds
    n = 1 << z
    span = tile_span(z)
    eps = 1e-9

    def clamp(v: int) -> int:
        return min(max(v, 0), n - 1)

    col0 = clamp(math.floor((xmin + HALF_WORLD) / span + eps))
    col1 = clamp(math.ceil((xmax + HALF_WORLD) / span - eps) - 1)
    row0 = clamp(math.floor((HALF_WORLD - ymax) / span + eps))
    row1 = clamp(math.ceil((HALF_WORLD - ymin) / span - eps) - 1)
    return col0, row0, max(col0, col1), max(row0, row1)


def tile_count(bounds: Bounds, z: int) -> int:
    """How many tiles :func:`tiles_covering` would return, without building the list."""
    col0, row0, col1, row1 = tile_range(bounds, z)
    return (col1 - col0 + 1) * (row1 - row0 + 1)


def tiles_covering(bounds: Bounds, z: int) -> list[tuple[int, int]]:
    """XYZ ``(col, row)`` of every tile at zoom ``z`` intersecting a metre bbox, row by row."""
    col0, row0, col1, row1 = tile_range(bounds, z)
    return [(col, row) for row in range(row0, row1 + 1) for col in range(col0, col1 + 1)]


def tms_flip(z: int, y: int) -> int:
    """XYZ row ↔ TMS row (the map is its own inverse)."""
    return (1 << z) - 1 - y
