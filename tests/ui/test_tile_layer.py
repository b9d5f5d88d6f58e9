"""Tile loading off the GUI thread, the LRU bound, stale views dropped, and the tile layer's pixels."""

from __future__ import annotations

import threading

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from console.geo.datum import wgs84_to_gcj02
from console.geo.tile_source import TileSource
from console.geo.tiles import project, resolution, tile_of
from console.ui.map.projection import LocalFrame
from console.ui.map.tile_layer import TileLayer
from console.ui.map.tile_loader import ImageLRU, TileLoader

CENTRE = (120.632, 31.318)
COLOURS = {15: "#d03030", 16: "#30a030", 17: "#3050d0"}  # one flat colour per zoom
BACKGROUND = "#000000"


def png(color: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


class FakeSource(TileSource):
    """Flat tiles coloured by zoom; fetches are logged and can be held at a gate."""

    def __init__(self, min_zoom: int = 0, max_zoom: int = 19, missing=(), disk_cacheable: bool = False) -> None:
        super().__init__(min_zoom=min_zoom, max_zoom=max_zoom)
        self.fetched: list[tuple[int, int, int]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()
        self.held_zooms: set[int] = set()
        self.missing = set(missing)
        self.disk_cacheable = disk_cacheable

    @property
    def key(self) -> str:
        return "fake"

    def fetch(self, z: int, x: int, y: int) -> bytes | None:
        self.fetched.append((z, x, y))
        self.entered.set()
        if z in self.held_zooms or not self.held_zooms:
            assert self.gate.wait(10), "test never opened the gate"
        if (z, x, y) in self.missing:
            return None
        return png(COLOURS.get(z, "#808080"))


@pytest.fixture
def loader(qtbot):
    created = []

    def make(source: TileSource, **kw) -> TileLoader:
        ld = TileLoader(source, **kw)
        created.append(ld)
        return ld

    yield make
    for ld in created:
        ld.source.gate.set()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda ld=ld: ld.pending() == 0, timeout=5000)
        ld.close()


def test_tiles_arrive_asynchronously_on_the_gui_thread(qtbot, loader):
    src = FakeSource()
    ld = loader(src)
    seen_threads = []
    ld.tile_ready.connect(lambda *a: seen_threads.append(threading.current_thread()))
    with qtbot.waitSignal(ld.tile_ready, timeout=5000, check_params_cb=lambda z, x, y: (z, x, y) == (16, 5, 7)):
        assert ld.request(16, 5, 7) is None  # never waits: the first answer is "not yet"
    image = ld.request(16, 5, 7)
    assert image is not None and image.width() == 256
    assert image.pixelColor(10, 10) == QColor(COLOURS[16])
    assert seen_threads == [threading.main_thread()]
    assert src.fetched == [(16, 5, 7)]


def test_missing_tiles_are_remembered(qtbot, loader):
    src = FakeSource(missing={(15, 1, 1)})
    ld = loader(src)
    with qtbot.waitSignal(ld.tile_ready, timeout=5000):
        ld.request(15, 1, 1)
    assert ld.is_missing(15, 1, 1)
    assert ld.request(15, 1, 1) is None
    assert src.fetched == [(15, 1, 1)]  # asked once only


def test_lru_is_bounded_in_bytes():
    one = QImage(256, 256, QImage.Format.Format_ARGB32_Premultiplied)
    lru = ImageLRU(3 * one.sizeInBytes())
    for i in range(3):
        lru.put((0, i, 0), QImage(one))
    assert lru.get((0, 0, 0)) is not None  # now the most recent
    for i in range(3, 6):
        lru.put((0, i, 0), QImage(one))
        assert lru.bytes <= lru.max_bytes
    assert len(lru) == 3
    assert (0, 0, 0) not in lru and (0, 1, 0) not in lru and (0, 5, 0) in lru


def test_a_superseded_view_never_fetches_its_queued_tiles(qtbot, loader):
    src = FakeSource()
    src.gate.clear()
    ld = loader(src, workers=1)
    ld.request(17, 0, 0)  # runs and blocks at the gate
    qtbot.waitUntil(src.entered.is_set, timeout=5000)
    for x in range(1, 40):
        ld.request(17, x, 0)  # queued behind it
    ld.begin_view()  # the user panned away
    ld.request(17, 100, 100)
    src.gate.set()
    with qtbot.waitSignal(ld.tile_ready, timeout=5000, check_params_cb=lambda z, x, y: (x, y) == (100, 100)):
        pass
    qtbot.waitUntil(lambda: ld.pending() == 0, timeout=5000)
    assert src.fetched == [(17, 0, 0), (17, 100, 100)]


def test_begin_view_keeps_tiles_the_new_view_still_wants(qtbot, loader):
    src = FakeSource()
    src.gate.clear()
    ld = loader(src, workers=1)
    ld.request(17, 0, 0)
    qtbot.waitUntil(src.entered.is_set, timeout=5000)
    ld.request(17, 1, 0)
    ld.request(17, 2, 0)
    ld.begin_view(keep=[(17, 2, 0)])
    src.gate.set()
    qtbot.waitUntil(lambda: ld.cached(17, 2, 0) is not None, timeout=5000)
    assert (17, 1, 0) not in src.fetched


def test_url_like_sources_use_the_disk_cache(qtbot, loader, tmp_path):
    first = loader(FakeSource(disk_cacheable=True), cache_dir=tmp_path)
    with qtbot.waitSignal(first.tile_ready, timeout=5000):
        first.request(16, 3, 4)
    assert (tmp_path / "fake" / "16" / "3" / "4").is_file()
    offline = FakeSource(disk_cacheable=True, missing={(16, 3, 4)})
    second = loader(offline, cache_dir=tmp_path)
    with qtbot.waitSignal(second.tile_ready, timeout=5000):
        second.request(16, 3, 4)
    assert offline.fetched == [] and second.cached(16, 3, 4) is not None


# --- the layer ------------------------------------------------------------------------------


def colour_share(widget: pg.PlotWidget, color: str) -> float:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    arr = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.width(), 4)[..., :3]
    c = QColor(color)
    target = np.array([c.blue(), c.green(), c.red()], dtype=np.int16)
    return float((np.abs(arr.astype(np.int16) - target).sum(axis=2) < 12).mean())


@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget(background=BACKGROUND)
    widget.hideAxis("left")
    widget.hideAxis("bottom")
    widget.setAspectLocked(True)
    widget.resize(400, 300)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def show_zoom(widget: pg.PlotWidget, z: int) -> None:
    """Centre the view on CENTRE at the resolution of zoom ``z``."""
    half_w = resolution(z) * widget.plotItem.vb.width() / 2
    widget.plotItem.vb.setRange(xRange=(-half_w, half_w), yRange=(-half_w * 0.75, half_w * 0.75), padding=0)


def test_layer_paints_loaded_tiles_under_the_view(qtbot, plot, loader):
    src = FakeSource()
    layer = TileLayer(loader(src), LocalFrame(*CENTRE))
    plot.addItem(layer, ignoreBounds=True)
    show_zoom(plot, 16)
    assert layer.zoom == 16 and layer.tiles
    assert tile_of(*CENTRE, 16) in [(x, y) for _, x, y in layer.tiles]
    qtbot.waitUntil(lambda: all(layer.loader.cached(*k) is not None for k in layer.tiles), timeout=5000)
    qtbot.waitUntil(lambda: colour_share(plot, COLOURS[16]) > 0.9, timeout=5000)
    assert layer.zValue() < 0 and layer.dataBounds(0) is None


def test_parent_tiles_cover_while_children_load(qtbot, plot, loader):
    src = FakeSource()
    layer = TileLayer(loader(src), LocalFrame(*CENTRE))
    plot.addItem(layer, ignoreBounds=True)
    show_zoom(plot, 15)
    qtbot.waitUntil(lambda: colour_share(plot, COLOURS[15]) > 0.9, timeout=5000)
    src.held_zooms = {17}
    src.gate.clear()
    show_zoom(plot, 17)
    assert layer.zoom == 17
    plot.repaint()
    assert colour_share(plot, COLOURS[15]) > 0.9, "no holes: the z15 parent is drawn scaled up"
    src.gate.set()
    qtbot.waitUntil(lambda: colour_share(plot, COLOURS[17]) > 0.9, timeout=5000)


def test_overzoom_scales_the_deepest_tiles(qtbot, plot, loader):
    layer = TileLayer(loader(FakeSource(max_zoom=16)), LocalFrame(*CENTRE))
    plot.addItem(layer, ignoreBounds=True)
    show_zoom(plot, 19)
    assert layer.zoom == 16 and len(layer.tiles) <= 2
    qtbot.waitUntil(lambda: colour_share(plot, COLOURS[16]) > 0.9, timeout=5000)


def test_zoomed_out_past_the_source_draws_nothing(qtbot, plot, loader):
    src = FakeSource(min_zoom=15)
    show_zoom(plot, 6)
    layer = TileLayer(loader(src), LocalFrame(*CENTRE))
    plot.addItem(layer, ignoreBounds=True)
    assert layer.zoom == 15 and layer.tiles == [] and src.fetched == []


def test_frame_converts_wgs84_to_the_tile_datum():
    frame = LocalFrame(*CENTRE, datum="gcj02")
    lng, lat = 120.64, 31.32
    x, y = frame.to_xy(lng, lat)
    gx, gy = project(*wgs84_to_gcj02(lng, lat))
    ox, oy = frame.offset
    assert (float(x), float(y)) == pytest.approx((float(gx) - ox, float(gy) - oy), abs=1e-6)
    assert frame.to_lnglat(x, y) == pytest.approx((lng, lat), abs=1e-9)
    plain = LocalFrame(*CENTRE)
    assert float(plain.to_xy(*CENTRE)[0]) == pytest.approx(0.0, abs=1e-6)
    shift = np.hypot(*(np.subtract(frame.to_xy(lng, lat), plain.to_xy(lng, lat))))
    assert shift < 5.0, "both frames put their own origin at 0,0: the offset only varies slowly across the map"


def test_layer_refuses_a_frame_in_another_datum(qtbot, loader):
    layer = TileLayer(loader(FakeSource()), LocalFrame(*CENTRE))
    with pytest.raises(ValueError, match="gcj02"):
        layer.set_frame(LocalFrame(*CENTRE, datum="gcj02"))
