"""WGS-84 ↔ GCJ-02 ↔ BD-09, for scalars and numpy arrays alike.

GCJ-02 ("Mars coordinates", AMap/Tencent tiles) offsets WGS-84 by a polynomial evaluated at
``(lng − 105, lat − 35)`` and scaled on the Krasovsky ellipsoid (a = 6378245.0,
ee = 0.00669342162296594323); it applies only inside China's bounding box. BD-09 (Baidu) is
GCJ-02 rotated and scaled about the origin, then shifted by (+0.0065, +0.006). GCJ-02 → WGS-84
has no closed form: it is solved by fixed-point iteration to well under a centimetre.

Every function takes degrees as floats or arrays and returns the same shape: two floats for
scalar input, two arrays otherwise. Coordinates outside China are returned unchanged.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Datum = Literal["wgs84", "gcj02", "bd09"]
DATUMS: tuple[Datum, ...] = ("wgs84", "gcj02", "bd09")

KRASOVSKY_A = 6378245.0
KRASOVSKY_EE = 0.00669342162296594323
CHINA_BBOX = (72.004, 0.8293, 137.8347, 55.8271)  # lng min, lat min, lng max, lat max
_X_PI = np.pi * 3000.0 / 180.0
_INVERSE_TOL_DEG = 1e-10  # ~1 cm is 9e-8°; iterate far below it
_INVERSE_MAX_ITER = 30


def _out(lng: np.ndarray, lat: np.ndarray, scalar: bool):
    return (float(lng), float(lat)) if scalar else (lng, lat)


def _arrays(lng, lat) -> tuple[np.ndarray, np.ndarray, bool]:
    a, b = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    return a, b, a.ndim == 0 and b.ndim == 0


def _converged(elng: np.ndarray, elat: np.ndarray) -> bool:
    return max(np.max(np.abs(elng), initial=0.0), np.max(np.abs(elat), initial=0.0)) < _INVERSE_TOL_DEG


def in_china(lng, lat):
    """True where ``(lng, lat)`` lies inside the box in which the GCJ-02 offset applies."""
    lng, lat = np.asarray(lng, dtype=float), np.asarray(lat, dtype=float)
    x0, y0, x1, y1 = CHINA_BBOX
    inside = (lng >= x0) & (lng <= x1) & (lat >= y0) & (lat <= y1)
    return bool(inside) if inside.ndim == 0 else inside


def _gcj_offset(lng: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 shift in degrees at WGS-84 ``(lng, lat)`` (zero outside China)."""
    x, y = lng - 105.0, lat - 35.0
    pi = np.pi
    common = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x)) + common
            + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0)
    dlng = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x)) + common
            + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0)
    radlat = lat / 180.0 * pi
    magic = 1.0 - KRASOVSKY_EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrtmagic) * pi)
    dlng = dlng * 180.0 / (KRASOVSKY_A / sqrtmagic * np.cos(radlat) * pi)
    inside = in_china(lng, lat)
    return np.where(inside, dlng, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02(lng, lat):
    """WGS-84 → GCJ-02."""
    lng, lat, scalar = _arrays(lng, lat)
    dlng, dlat = _gcj_offset(lng, lat)
    return _out(lng + dlng, lat + dlat, scalar)


def gcj02_to_wgs84(lng, lat):
    """GCJ-02 → WGS-84 by fixed-point iteration (converges in a handful of steps)."""
    glng, glat, scalar = _arrays(lng, lat)
    wlng, wlat = glng.copy(), glat.copy()
    for _ in range(_INVERSE_MAX_ITER):
        dlng, dlat = _gcj_offset(wlng, wlat)
        elng, elat = wlng + dlng - glng, wlat + dlat - glat
        wlng, wlat = wlng - elng, wlat - elat
        if _converged(elng, elat):
            break
    return _out(wlng, wlat, scalar)


def gcj02_to_bd09(lng, lat):
    """GCJ-02 → BD-09."""
    x, y, scalar = _arrays(lng, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return _out(z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006, scalar)


def bd09_to_gcj02(lng, lat):
    """BD-09 → GCJ-02: the published closed-form inverse, refined by iteration to < 1 mm."""
    blng, blat, scalar = _arrays(lng, lat)
    x, y = blng - 0.0065, blat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    glng, glat = z * np.cos(theta), z * np.sin(theta)
    for _ in range(_INVERSE_MAX_ITER):
        elng, elat = gcj02_to_bd09(glng, glat)
        elng, elat = elng - blng, elat - blat
        glng, glat = glng - elng, glat - elat
        if _converged(elng, elat):
            break
    return _out(glng, glat, scalar)


def wgs84_to_bd09(lng, lat):
    """WGS-84 → BD-09 (through GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lng, lat))


def bd09_to_wgs84(lng, lat):
    """BD-09 → WGS-84 (through GCJ-02)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lng, lat))


def from_wgs84(lng, lat, datum: Datum):
    """WGS-84 → ``datum``."""
    if check_datum(datum) == "wgs84":
        lng, lat, scalar = _arrays(lng, lat)
        return _out(lng, lat, scalar)
    return wgs84_to_gcj02(lng, lat) if datum == "gcj02" else wgs84_to_bd09(lng, lat)


def to_wgs84(lng, lat, datum: Datum):
    """``datum`` → WGS-84."""
    if check_datum(datum) == "wgs84":
        lng, lat, scalar = _arrays(lng, lat)
        return _out(lng, lat, scalar)
    return gcj02_to_wgs84(lng, lat) if datum == "gcj02" else bd09_to_wgs84(lng, lat)


def check_datum(name: str) -> Datum:
    """``name`` if it is one of :data:`DATUMS`, else ValueError."""
    if name not in DATUMS:
        raise ValueError(f"unknown datum {name!r}: expected one of {', '.join(DATUMS)}")
    return name  # type: ignore[return-value]
