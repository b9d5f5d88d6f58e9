"""Map layers: the registry's visibility, opacity and order, the layer panel, and what persists."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QGraphicsRectItem

from console.ui.map import DistrictMap
from console.ui.map.layer_panel import LayerPanel
from console.ui.map.layer_registry import DEFAULT_ORDER, LayerRegistry


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "map.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def district_map(qtbot, session, clock, settings):
    m = DistrictMap(session, clock=clock, settings=settings)
    qtbot.addWidget(m)
    m.resize(800, 600)
    m.show()
    qtbot.waitExposed(m)
    return m


def test_default_layers_bottom_to_top(district_map):
    names = district_map.registry.names()
    assert names == [n for n in DEFAULT_ORDER if n in names]
    assert {"basemap", "grids", "grid_labels", "police_grids", "addresses", "incidents", "workers", "tracks",
            "heatmap", "zones", "risk"} == set(names)
    assert not district_map.registry.is_visible("heatmap"), "the heat map starts hidden"


def test_toggle_hides_and_shows_items_and_persists(district_map, session, clock, settings, qtbot):
    reg = district_map.registry
    items = (district_map.workers.cloud, district_map.grids.curve, district_map.grid_labels.item)
    assert all(item.isVisible() for item in items)
    for name in ("workers", "grids", "grid_labels"):
        reg.set_visible(name, False)
    assert not any(item.isVisible() for item in items)
    assert district_map.police_grids.curve.isVisible(), "other layers stay as they were"

    again = DistrictMap(session, clock=clock, settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert not again.registry.is_visible("workers") and not again.workers.cloud.isVisible()
    assert not again.grid_labels.item.isVisible()
    assert again.registry.is_visible("incidents") and again.incidents.cloud.isVisible()
    again.registry.set_visible("workers", True)
    assert again.workers.cloud.isVisible()


def test_hidden_layer_is_not_clickable(district_map, session):
    inc = next(iter(session.state.incidents.values()))
    x, y = district_map.frame.to_xy(inc.lng, inc.lat)
    assert district_map.hit_test(float(x), float(y)).kind == "incident"
    district_map.registry.set_visible("incidents", False)
    hit = district_map.hit_test(float(x), float(y))
    assert hit is None or hit.kind != "incident"


def test_opacity_applies_and_persists(district_map, session, clock, settings, qtbot):
    district_map.registry.set_opacity("grids", 0.35)
    assert district_map.grids.curve.opacity() == pytest.approx(0.35)
    assert district_map.grids.fills.opacity() == pytest.approx(0.35)
    again = DistrictMap(session, clock=clock, settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.grids.curve.opacity() == pytest.approx(0.35)


def test_reorder_changes_z_values_and_persists(district_map, session, clock, settings, qtbot):
    reg = district_map.registry
    assert district_map.incidents.cloud.zValue() > district_map.workers.cloud.zValue()
    reg.move("workers", 1)  # workers above incidents now
    assert reg.names()[-1] == "workers"
    assert district_map.workers.cloud.zValue() > district_map.incidents.cloud.zValue()
    assert district_map.workers.cloud.zValue() > district_map.incidents.flash.zValue()
    again = DistrictMap(session, clock=clock, settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.registry.names()[-1] == "workers"
    assert again.workers.cloud.zValue() > again.incidents.cloud.zValue()


def test_any_named_item_can_be_a_layer(settings):
    reg = LayerRegistry(settings)
    item = QGraphicsRectItem()
    reg.add_item("basemap", "底图", item)
    other = QGraphicsRectItem()
    reg.add_item("incidents", "警情", other)
    reg.add_item("grids", "网格", QGraphicsRectItem())  # slots in between, as in DEFAULT_ORDER
    assert reg.names() == ["basemap", "grids", "incidents"]
    assert item.zValue() < other.zValue()
    reg.set_visible("basemap", False)
    assert not item.isVisible()
    reg.remove("basemap")
    assert "basemap" not in reg and reg.names() == ["grids", "incidents"]


def test_layer_panel_checkbox_slider_and_buttons(district_map, qtbot):
    reg = district_map.registry
    panel = LayerPanel(reg)
    qtbot.addWidget(panel)
    assert panel.names() == list(reversed(reg.names())), "top of the list = drawn on top"
    assert panel.list.item(0).text() == "警情"

    panel.item_for("tracks").setCheckState(Qt.CheckState.Unchecked)
    assert not reg.is_visible("tracks") and not district_map.tracks.curve.isVisible()

    panel.select("heatmap")
    panel.opacity.setValue(40)
    assert reg.opacity("heatmap") == pytest.approx(0.4)
    assert district_map.heat.image.opacity() == pytest.approx(0.4)
    assert panel.opacity_label.text() == "40%"

    panel.select("grids")
    before = reg.names().index("grids")
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert reg.names().index("grids") == before + 1
    assert panel.names() == list(reversed(reg.names()))
    assert panel.list.currentItem().text() == "网格"


def test_layer_panel_drag_reorders(district_map, qtbot):
    reg = district_map.registry
    panel = LayerPanel(reg)
    qtbot.addWidget(panel)
    model = panel.list.model()
    bottom = panel.list.count() - 1  # basemap is the last row
    assert panel.names()[bottom] == "basemap"
    assert model.moveRow(panel.list.rootIndex(), bottom, panel.list.rootIndex(), 0)  # what a drag does
    assert reg.names()[-1] == "basemap"
    assert district_map.basemap.streets.zValue() > district_map.incidents.cloud.zValue()


def test_watched_zones_follow_the_events(district_map, session, scenario):
    g = scenario.grids[0].polygon
    polygon = [[g[0][0], g[0][1]], [g[1][0], g[1][1]], [g[2][0], g[2][1]]]
    f = scenario.f
    session.feed([f.command("zone.set", zone="Z1", name="学校门口", polygon=polygon)])
    assert [name for name, _ in district_map.zones.zones] == ["学校门口"]
    assert not district_map.zones.item.path().isEmpty()
    session.feed([f.command("zone.remove", zone="Z1")])
    assert district_map.zones.zones == [] and district_map.zones.item.path().isEmpty()
