"""WGS-84 ↔ GCJ-02 ↔ BD-09 against published test vectors, round trips and the China box."""

from __future__ import annotations

import math

import numpy as np
import pytest

from console.geo.datum import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    in_china,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

M_PER_DEG = 111_320.0

# googollee/eviltransform python/test.py: (wgs lat, wgs lng, gcj lat, gcj lng)
EVILTRANSFORM = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dx = (a[0] - b[0]) * M_PER_DEG * math.cos(math.radians(a[1]))
    return math.hypot(dx, (a[1] - b[1]) * M_PER_DEG)


def test_wgs_to_gcj_matches_coordtransform():
    # wandergis/coordtransform test/app.js: wgs84togcj02(116.404, 39.915)
    assert wgs84_to_gcj02(116.404, 39.915) == pytest.approx((116.41024449916938, 39.91640428150164), abs=1e-12)


@pytest.mark.parametrize(("wlat", "wlng", "glat", "glng"), EVILTRANSFORM)
def test_wgs_to_gcj_matches_eviltransform(wlat, wlng, glat, glng):
    assert wgs84_to_gcj02(wlng, wlat) == pytest.approx((glng, glat), abs=1e-12)


def test_gcj_bd_match_coordtransform():
    # wandergis/coordtransform test/app.js: gcj02tobd09 / bd09togcj02 of (116.404, 39.915)
    assert gcj02_to_bd09(116.404, 39.915) == pytest.approx((116.41036949371029, 39.92133699351021), abs=1e-12)
    # coordtransform's closed-form inverse is ~5 cm off; ours is refined, so compare to 1e-6° (~0.1 m)
    assert bd09_to_gcj02(116.404, 39.915) == pytest.approx((116.39762729119315, 39.90865673957631), abs=1e-6)


def test_wgs_to_bd_of_the_published_point():
    # BD-09 of the coordtransform GCJ point, computed with the same published formula.
    assert wgs84_to_bd09(116.404, 39.915) == pytest.approx((116.41662724378733, 39.922699552216216), abs=1e-9)


def test_gcj_to_wgs_round_trip_within_a_centimetre():
    rng = np.random.default_rng(1)
    lng, lat = rng.uniform(73.0, 135.0, 2000), rng.uniform(18.0, 53.0, 2000)
    back_lng, back_lat = gcj02_to_wgs84(*wgs84_to_gcj02(lng, lat))
    err_m = np.hypot((back_lng - lng) * M_PER_DEG * np.cos(np.radians(lat)), (back_lat - lat) * M_PER_DEG)
    assert err_m.max() < 0.01
    for wlat, wlng, glat, glng in EVILTRANSFORM:
        assert metres(gcj02_to_wgs84(glng, glat), (wlng, wlat)) < 0.01


def test_bd_round_trips():
    lng, lat = 120.6321, 31.3187  # 平江街道
    assert metres(bd09_to_wgs84(*wgs84_to_bd09(lng, lat)), (lng, lat)) < 0.01
    assert metres(gcj02_to_bd09(*bd09_to_gcj02(lng, lat)), (lng, lat)) < 0.01


def test_the_offset_is_hundreds_of_metres_in_suzhou():
    shift = metres(wgs84_to_gcj02(120.6321, 31.3187), (120.6321, 31.3187))
    assert 300 < shift < 700


def test_outside_china_is_unchanged():
    for lng, lat in ((-0.1276, 51.5072), (139.6917, 35.6895), (151.2, -33.87), (72.0, 30.0)):
        assert not in_china(lng, lat)
        assert wgs84_to_gcj02(lng, lat) == (lng, lat)
        assert gcj02_to_wgs84(lng, lat) == (lng, lat)
    assert in_china(120.63, 31.32)


def test_vectorised_equals_scalar_and_keeps_shape():
    lng = np.array([116.404, 120.63, -0.1276])
    lat = np.array([39.915, 31.32, 51.5072])
    glng, glat = wgs84_to_gcj02(lng, lat)
    assert glng.shape == (3,) and glat.shape == (3,)
    for i in range(3):
        assert (glng[i], glat[i]) == pytest.approx(wgs84_to_gcj02(float(lng[i]), float(lat[i])), abs=1e-12)
    assert (glng[2], glat[2]) == (lng[2], lat[2])
    assert isinstance(wgs84_to_gcj02(116.404, 39.915)[0], float)


@pytest.mark.parametrize("datum", ["wgs84", "gcj02", "bd09"])
def test_from_and_to_wgs84_are_inverse(datum):
    lng, lat = np.array([120.62, 120.64]), np.array([31.31, 31.325])
    back = to_wgs84(*from_wgs84(lng, lat, datum), datum)
    assert np.allclose(back, (lng, lat), atol=1e-9)


def test_unknown_datum_is_refused():
    with pytest.raises(ValueError, match="unknown datum"):
        from_wgs84(120.0, 30.0, "cgcs2000")
