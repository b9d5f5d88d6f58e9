"""The map panel's toolbar, and how the main window routes the map's signals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from console.ui.main_window import MainWindow
from console.ui.map.map_panel import MapPanel


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "panel.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def panel(qtbot, session, clock, settings):
    p = MapPanel(session, clock=clock, settings=settings)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_heat_combo_shows_the_layer_for_a_window(panel):
    reg = panel.registry
    assert panel.heat_combo.currentData() == "" and not reg.is_visible("heatmap")
    panel.heat_combo.setCurrentIndex(panel.heat_combo.findData("1h"))
    assert reg.is_visible("heatmap") and panel.map.heat.window_key == "1h"
    assert panel.map.heat.image.isVisible()
    reg.set_visible("heatmap", False)  # hidden from the layer panel: the combo follows
    assert panel.heat_combo.currentData() == ""
    panel.heat_combo.setCurrentIndex(panel.heat_combo.findData("7d"))
    assert reg.is_visible("heatmap") and panel.map.heat.window_key == "7d"


def test_track_minutes_and_legend_persist(panel, session, clock, settings, qtbot):
    panel.track_combo.setCurrentIndex(panel.track_combo.findData(30))
    assert panel.map.tracks.buffer.window_ms == 30 * 60_000
    assert not panel.map.legend.isVisible()
    qtbot.mouseClick(panel.legend_button, Qt.MouseButton.LeftButton)
    assert panel.map.legend.isVisible() and "刑事" in panel.map.legend.entries
    again = MapPanel(session, clock=clock, settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.track_combo.currentData() == 30 and again.map.tracks.buffer.window_ms == 30 * 60_000
    assert again.legend_button.isChecked()


def test_layers_button_holds_the_layer_panel(panel):
    menu = panel.layers_button.menu()
    assert menu is not None and panel.layer_panel.names()[0] == "incidents"
    assert panel.layer_panel.parent() is not None


def test_main_window_routes_the_map(qtbot, empty_session, scenario, settings, clock):
    win = MainWindow(empty_session, settings, clock=clock)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    assert isinstance(win.centralWidget(), MapPanel)
    m = win.map.map
    m.show_worker_card("W002")
    qtbot.mouseClick(m.worker_card.call_button, Qt.MouseButton.LeftButton)  # calls go to the video wall
    assert win.calls_dock.isVisible() and "通话服务未启动" in win.statusBar().currentMessage()
    qtbot.mouseClick(m.worker_card.dispatch_button, Qt.MouseButton.LeftButton)
    dialog = win.orders_dock.widget().dialog
    assert dialog is not None and dialog.worker_edit.text() == "W002"
    dialog.reject()
    inc = empty_session.state.incidents[scenario.ids["I3"]]
    x, y = m.frame.to_xy(inc.lng, inc.lat)
    m.click_at(float(x), float(y))
    assert win.selected_incident() == inc.id and win.queue.selected_incident() == inc.id
    win.select_incident(scenario.ids["I2"])  # and back: the queue's choice shows on the map
    assert m.selected_incident() == scenario.ids["I2"] and len(m.incidents.selection) == 1


def _mbtiles(path, datum: str) -> str:
    """A one-tile-per-zoom MBTiles file around the test district, and its setting string."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    from console.geo.mbtiles import MBTilesWriter
    from console.geo.tiles import tile_of

    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor("#f2efe9"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    with MBTilesWriter(path, {"name": "t", "format": "png", "minzoom": 13, "maxzoom": 15}) as writer:
        for z in (13, 14, 15):
            writer.put(z, *tile_of(120.62, 31.32, z), bytes(data.data()))
    return f"mbtiles:{path};datum={datum}"


def test_configured_tiles_become_the_basemap_layer_in_their_datum(panel, tmp_path):
    from console.ui.map.basemap import install_basemap

    layer = install_basemap(panel.map, _mbtiles(tmp_path / "b.mbtiles", "gcj02"))
    assert layer is not None and layer.datum == "gcj02"
    assert panel.map.frame.datum == "gcj02", "overlays are drawn in the tiles' datum"
    assert "basemap" in panel.registry and panel.registry.layer("basemap").items == [layer]


def test_a_missing_tile_source_leaves_the_street_drawing(panel, tmp_path):
    from console.ui.map.basemap import install_basemap

    assert install_basemap(panel.map, f"mbtiles:{tmp_path / 'missing.mbtiles'}") is None
    assert panel.map.frame.datum == "wgs84"
