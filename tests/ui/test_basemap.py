"""The generated demo basemap: content from the district, tiles that look like a map, metadata."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFontDatabase, QImage

from console.demo import basemap_is_current
from console.field.district import generate_district
from console.geo.basemap import GENERATOR, build_scene
from console.geo.mbtiles import MBTilesReader
from console.geo.tile_source import source_from_setting
from console.geo.tiles import project, tile_count, tile_of
from console.ui.map.basemap_render import build_basemap
from console.ui.theme import cjk_font_family


@pytest.fixture(scope="module")
def district():
    return generate_district(7).district


def colours(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    arr = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), image.width())
    return arr & 0xFFFFFF


def test_scene_is_built_from_the_district(district):
    scene = build_scene(district, seed=7)
    roads = {w.name for w in scene.ways if w.kind in ("primary", "secondary", "street")}
    assert {s.name for s in district.streets} <= roads
    assert {"外城河", "平江河", "干将河"} <= {w.name for w in scene.ways if w.kind in ("river", "canal")}
    kinds = {p.kind for p in scene.pois}
    assert {"police", "school", "hospital", "market", "metro", "park"} <= kinds
    assert district.stations[0].name in {p.name for p in scene.pois if p.kind == "police"}
    assert any(a.kind == "water" for a in scene.areas), "a pond in a park"
    assert len(scene.buildings) > 1000
    compounds = {a.compound for a in district.addresses if a.compound}
    assert {p.name for p in scene.pois if p.kind == "compound"} <= compounds
    again = build_scene(district, seed=7)
    assert again.buildings == scene.buildings and again.pois == scene.pois  # deterministic


def test_tiles_look_like_a_map(district, tmp_path):
    path = tmp_path / "b.mbtiles"
    count = build_basemap(district, path, zooms=(14, 16), seed=7)
    reader = MBTilesReader(path)
    meta = reader.metadata
    assert (meta["minzoom"], meta["maxzoom"], meta["datum"], meta["seed"]) == ("14", "16", "wgs84", "7")
    assert meta["generator"] == GENERATOR and meta["format"] == "png"
    west, south, east, north = (float(v) for v in meta["bounds"].split(","))
    x0, y0 = project(west, south)
    x1, y1 = project(east, north)
    bounds = (float(x0), float(y0), float(x1), float(y1))
    assert count == tile_count(bounds, 14) + tile_count(bounds, 16)
    x, y = tile_of(120.632, 31.318, 16)
    centre = QImage.fromData(reader.tile(16, x, y))
    assert centre.size().width() == 256
    cols = colours(centre)
    assert len(np.unique(cols)) > 60, "roads, blocks, buildings, text: many colours"
    assert np.bincount(np.unique(cols, return_inverse=True)[1].ravel()).max() < 0.8 * cols.size, "not one flat fill"
    assert reader.tile(16, x + 500, y) is None
    reader.close()
    assert basemap_is_current(path, 7) and not basemap_is_current(path, 8)
    assert not basemap_is_current(tmp_path / "none.mbtiles", 7)
    src = source_from_setting(f"mbtiles:{path}")
    assert (src.min_zoom, src.max_zoom, src.datum) == (14, 16, "wgs84")


def test_gcj02_tiles_are_shifted_like_amap(district, tmp_path):
    build_basemap(district, tmp_path / "w.mbtiles", zooms=(13,), seed=7)
    build_basemap(district, tmp_path / "g.mbtiles", zooms=(13,), seed=7, datum="gcj02")
    w = [float(v) for v in MBTilesReader(tmp_path / "w.mbtiles").metadata["bounds"].split(",")]
    g = MBTilesReader(tmp_path / "g.mbtiles").metadata
    assert g["datum"] == "gcj02"
    gb = [float(v) for v in g["bounds"].split(",")]
    assert 0.003 < gb[0] - w[0] < 0.006 and -0.004 < gb[1] - w[1] < 0  # Suzhou: ~450 m east, ~250 m south


def test_labels_use_a_font_that_writes_chinese():
    chinese = QFontDatabase.WritingSystem.SimplifiedChinese
    if not QFontDatabase.families(chinese):
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    assert chinese in QFontDatabase.writingSystems(cjk_font_family())
