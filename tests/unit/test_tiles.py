"""Web Mercator tile maths: tile of a point, bounds, covering, zoom for a resolution, TMS flip."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from console.geo.tiles import (
    HALF_WORLD,
    project,
    resolution,
    tile_bounds,
    tile_count,
    tile_of,
    tiles_covering,
    tms_flip,
    unproject,
    zoom_for_resolution,
)


def test_zoom_zero_is_one_tile_covering_the_world():
    assert tile_of(0.0, 0.0, 0) == (0, 0)
    assert tile_of(179.9, 85.0, 0) == (0, 0) == tile_of(-179.9, -85.0, 0)
    assert tile_bounds(0, 0, 0) == pytest.approx((-HALF_WORLD, -HALF_WORLD, HALF_WORLD, HALF_WORLD))
    assert tiles_covering((-HALF_WORLD, -HALF_WORLD, HALF_WORLD, HALF_WORLD), 0) == [(0, 0)]


def test_known_tiles():
    # slippy-map formula: x = floor((lng+180)/360·2^z), y = floor((1 − asinh(tan φ)/π)/2·2^z)
    z, lng, lat = 15, 120.6321, 31.3187
    n = 2**z
    expected = (int((lng + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n))
    assert tile_of(lng, lat, z) == expected == (27364, 13379)
    assert tile_of(0.0, 0.0, 1) == (1, 1)  # the point on a corner goes to the south-east tile
    assert tile_of(-0.001, 0.001, 1) == (0, 0)


def test_bounds_contain_their_point_and_tile_edges_meet():
    z = 16
    x, y = tile_of(120.63, 31.32, z)
    xmin, ymin, xmax, ymax = tile_bounds(z, x, y)
    px, py = project(120.63, 31.32)
    assert xmin <= px < xmax and ymin < py <= ymax
    assert xmax - xmin == pytest.approx(2 * HALF_WORLD / 2**z)
    assert tile_bounds(z, x + 1, y)[0] == pytest.approx(xmax)
    assert tile_bounds(z, x, y + 1)[3] == pytest.approx(ymin)  # rows grow southwards
    lng0, lat0 = unproject(xmin, ymin)
    assert tile_of(float(lng0) + 1e-9, float(lat0) + 1e-9, z) == (x, y)


def test_covering_counts():
    z = 17
    xmin, ymin, xmax, ymax = tile_bounds(z, 1000, 2000)
    assert tiles_covering((xmin, ymin, xmax, ymax), z) == [(1000, 2000)]  # exact edges pull in nothing more
    assert tile_count((xmin, ymin, xmax, ymax), z) == 1
    inner = (xmin + 1, ymin + 1, xmax + 1, ymax + 1)  # crosses into the east and north neighbours
    assert sorted(tiles_covering(inner, z)) == [(1000, 1999), (1000, 2000), (1001, 1999), (1001, 2000)]
    x0, y0 = project(120.615, 31.305)
    x1, y1 = project(120.650, 31.330)
    for zoom in (13, 15, 18):
        tiles = tiles_covering((float(x0), float(y0), float(x1), float(y1)), zoom)
        assert len(tiles) == tile_count((float(x0), float(y0), float(x1), float(y1)), zoom)
        assert len(set(tiles)) == len(tiles)
    assert tile_count((float(x0), float(y0), float(x1), float(y1)), 18) > 400


def test_zoom_for_resolution():
    assert resolution(0) == pytest.approx(156543.03392804097)
    for z in (0, 5, 13, 18, 21):
        assert zoom_for_resolution(resolution(z)) == z
        assert zoom_for_resolution(resolution(z) * 1.3) == z  # nearest in log scale
        assert zoom_for_resolution(resolution(z) * 1.5) == max(z - 1, 0)
    assert zoom_for_resolution(resolution(14, 512), tile_size=512) == 14
    with pytest.raises(ValueError):
        zoom_for_resolution(0.0)


def test_tms_flip():
    assert tms_flip(0, 0) == 0
    assert tms_flip(1, 0) == 1
    assert tms_flip(15, 13397) == 2**15 - 1 - 13397
    assert tms_flip(15, tms_flip(15, 13397)) == 13397


def test_geo_imports_no_qt():
    modules = "console.geo.datum, console.geo.tiles, console.geo.mbtiles, console.geo.tile_source, console.geo.basemap"
    code = f"import sys; import {modules}; print([m for m in ('PySide6', 'pyqtgraph') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
