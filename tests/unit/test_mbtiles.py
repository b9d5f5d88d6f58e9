"""MBTiles written in tmp_path and read back; tile sources chosen by a settings string."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from console.geo.mbtiles import MBTilesReader, MBTilesWriter
from console.geo.tile_source import FolderSource, MBTilesSource, UrlSource, source_from_setting
from console.geo.tiles import tms_flip


@pytest.fixture
def mbtiles(tmp_path):
    path = tmp_path / "t.mbtiles"
    with MBTilesWriter(path, {"name": "test", "format": "png", "minzoom": 1, "maxzoom": 3,
                              "bounds": "120.6,31.3,120.7,31.4", "datum": "gcj02"}) as w:
        w.put(1, 0, 0, b"z1-north-west")
        w.put(3, 6, 1, b"z3-x6-y1")
    return path


def test_metadata_and_tiles_in_xyz(mbtiles):
    reader = MBTilesReader(mbtiles)
    assert reader.metadata["name"] == "test" and reader.metadata["format"] == "png"
    assert reader.tile(1, 0, 0) == b"z1-north-west"
    assert reader.tile(3, 6, 1) == b"z3-x6-y1"
    assert reader.zoom_range() == (1, 3)
    reader.close()


def test_rows_are_stored_flipped(mbtiles):
    rows = sqlite3.connect(mbtiles).execute("SELECT zoom_level, tile_column, tile_row FROM tiles").fetchall()
    assert sorted(rows) == [(1, 0, tms_flip(1, 0)), (3, 6, tms_flip(3, 1))] == [(1, 0, 1), (3, 6, 6)]


def test_missing_tiles_are_none(mbtiles):
    reader = MBTilesReader(mbtiles)
    assert reader.tile(1, 0, 1) is None  # the TMS row of (1, 0, 0), read as XYZ: not there
    assert reader.tile(2, 0, 0) is None
    assert reader.tile(1, 5, 0) is None  # outside the zoom's range
    assert reader.tile(-1, 0, 0) is None


def test_one_connection_per_thread(mbtiles):
    reader = MBTilesReader(mbtiles)
    results: list[bytes | None] = []
    threads = [threading.Thread(target=lambda: results.append(reader.tile(3, 6, 1))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [b"z3-x6-y1"] * 4
    assert len(reader._connections) == 5  # the constructor's thread + 4 workers
    reader.close()


def test_failed_write_leaves_no_file(tmp_path):
    path = tmp_path / "broken.mbtiles"
    with pytest.raises(RuntimeError), MBTilesWriter(path, {"name": "x"}) as w:
        w.put(0, 0, 0, b"a")
        raise RuntimeError("render failed")
    assert not path.exists() and not list(tmp_path.iterdir())


def test_source_from_mbtiles_setting_reads_metadata(mbtiles):
    src = source_from_setting(f"mbtiles:{mbtiles}")
    assert isinstance(src, MBTilesSource)
    assert (src.datum, src.min_zoom, src.max_zoom) == ("gcj02", 1, 3)
    assert src.bounds == (120.6, 31.3, 120.7, 31.4)
    assert src.fetch(3, 6, 1) == b"z3-x6-y1"
    src = source_from_setting(f"mbtiles:{mbtiles};datum=wgs84;maxzoom=5")
    assert (src.datum, src.max_zoom) == ("wgs84", 5)


def test_folder_and_url_settings(tmp_path):
    (tmp_path / "4" / "13").mkdir(parents=True)
    (tmp_path / "4" / "13" / "6.png").write_bytes(b"png")
    src = source_from_setting(f"folder:{tmp_path};datum=bd09")
    assert isinstance(src, FolderSource) and src.datum == "bd09"
    assert src.fetch(4, 13, 6) == b"png" and src.fetch(4, 13, 7) is None
    url = source_from_setting("url:http://tiles{s}.intranet/{z}/{x}/{-y}.png;subdomains=12;datum=gcj02;maxzoom=18")
    assert isinstance(url, UrlSource) and url.disk_cacheable
    assert (url.datum, url.max_zoom) == ("gcj02", 18)
    assert url.url(3, 1, 1) == "http://tiles1.intranet/3/1/6.png"
    assert url.url(3, 1, 2) == "http://tiles2.intranet/3/1/5.png"


@pytest.mark.parametrize("bad", ["", "mbtiles", "ftp:/x", "url:http://h/{z}/{x}.png", "folder:/x;colour=red",
                                 "folder:/x;datum=mars"])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        source_from_setting(bad)
