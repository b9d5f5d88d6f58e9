"""Watched zones (关注区域) drawn on the map, their names and removal, and blinking SOS rings."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QInputDialog

from console.domain.geo import centroid
from console.testing.sample_state import grid_center
from console.ui.map.map_panel import MapPanel


@pytest.fixture
def panel(qtbot, session, clock, tmp_path):
    p = MapPanel(session, clock=clock, settings=QSettings(str(tmp_path / "zones.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def corners(scenario):
    """Three WGS-84 corners well inside grid 1, away from its workers and incidents."""
    g = scenario.grids[0]
    return [grid_center(g, -0.35, -0.35), grid_center(g, 0.1, -0.4), grid_center(g, -0.3, 0.35)]


@pytest.fixture
def named(monkeypatch):
    """QInputDialog.getText answers with the names queued here (and records that it was asked)."""
    answers: list[tuple[str, bool]] = []
    asked: list[str] = []

    def get_text(parent, title, label, *args, **kwargs):
        asked.append(label)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    return answers, asked


def _pos(panel, lng: float, lat: float) -> QPoint:
    m = panel.map
    return m.pixel_of(lng, lat).toPoint() - m.view.pos() - m.view.viewport().pos()


def _click(qtbot, panel, lnglat, button=Qt.MouseButton.LeftButton) -> None:
    qtbot.mouseClick(panel.map.view.viewport(), button, pos=_pos(panel, *lnglat))


def _zone_calls(session) -> list[tuple]:
    return [c for c in session.calls if c[0] == "command" and c[1].startswith("zone.")]


def _assert_near(panel, polygon, corners) -> None:
    """Each sent corner lies within two screen pixels of where it was clicked."""
    m = panel.map
    tolerance = 2.5 * m.view_box.metres_per_px()
    assert len(polygon) == len(corners)
    for (lng, lat), (want_lng, want_lat) in zip(polygon, corners, strict=True):
        x, y = m.frame.to_xy(lng, lat)
        wx, wy = m.frame.to_xy(want_lng, want_lat)
        assert math.hypot(float(x - wx), float(y - wy)) < tolerance


def test_draw_zone_with_clicks_and_enter(panel, session, corners, named, qtbot):
    answers, asked = named
    tool = panel.map.zone_tool
    qtbot.mouseClick(panel.draw_zone_button, Qt.MouseButton.LeftButton)
    assert tool.active and panel.draw_zone_action.isChecked()
    extra = grid_center(panel.map.picker.grids.grids[0], 0.4, 0.4)
    for lnglat in (*corners, extra):
        _click(qtbot, panel, lnglat)
    assert len(tool.points) == 4 and not panel.map.worker_card.isVisible(), "clicks add corners, they pick nothing"
    qtbot.keyClick(panel.map.view, Qt.Key.Key_Backspace)
    assert len(tool.points) == 3
    qtbot.mouseMove(panel.map.view.viewport(), _pos(panel, *extra))
    qtbot.waitUntil(lambda: tool._cursor is not None, timeout=2000)
    assert tool.outline.isVisible() and tool.outline.path().elementCount() >= 4, "the outline follows the cursor"

    answers.append(("", False))  # the name dialog cancelled: nothing sent, still drawing
    qtbot.keyClick(panel.map.view, Qt.Key.Key_Return)
    assert asked and not _zone_calls(session) and tool.active

    answers.append(("  学校门口 ", True))
    qtbot.keyClick(panel.map.view, Qt.Key.Key_Return)
    (call,) = _zone_calls(session)
    assert call[1] == "zone.set" and call[2]["name"] == "学校门口" and set(call[2]) == {"name", "polygon"}
    _assert_near(panel, call[2]["polygon"], corners)
    assert not tool.active and not tool.outline.isVisible() and not tool.hint.isVisible()
    assert not panel.draw_zone_action.isChecked()


def test_double_click_finishes_and_sends_wgs84_over_a_gcj02_basemap(panel, session, corners, named, qtbot):
    answers, _ = named
    panel.map.set_basemap(QGraphicsRectItem(), datum="gcj02")  # the frame now draws in GCJ-02
    panel.draw_zone_action.trigger()
    for lnglat in corners[:2]:
        _click(qtbot, panel, lnglat)
    answers.append(("菜市场", True))
    viewport, last = panel.map.view.viewport(), _pos(panel, *corners[-1])
    _click(qtbot, panel, corners[-1])  # a real double click: click, double-click press, release
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=last)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=last)
    (call,) = _zone_calls(session)
    assert call[2]["name"] == "菜市场"
    _assert_near(panel, call[2]["polygon"], corners)  # ~500 m off if the datum shift were not undone


def test_esc_cancels_without_a_command(panel, session, corners, named, qtbot):
    tool = panel.map.zone_tool
    panel.map.view.setFocus()
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(panel.map.view, Qt.Key.Key_Z, mods)  # Ctrl+Shift+Z
    assert tool.active and panel.draw_zone_action.isChecked()
    for lnglat in corners:
        _click(qtbot, panel, lnglat)
    qtbot.keyClick(panel.map.view, Qt.Key.Key_Escape)
    assert not tool.active and not tool.points and not tool.outline.isVisible()
    assert not panel.draw_zone_action.isChecked() and not named[1] and not _zone_calls(session)
    _click(qtbot, panel, corners[0])  # clicks are the map's again
    assert not tool.points


def test_fewer_than_three_points_cannot_finish(panel, session, corners, named, qtbot):
    tool = panel.map.zone_tool
    panel.draw_zone_action.trigger()
    for lnglat in corners[:2]:
        _click(qtbot, panel, lnglat)
    qtbot.keyClick(panel.map.view, Qt.Key.Key_Return)
    assert tool.active and len(tool.points) == 2 and "3" in tool.hint.text()
    assert not tool.finish() and not named[1] and not _zone_calls(session)


def test_zone_name_label_and_right_click_removes(panel, session, scenario, qtbot):
    g = scenario.grids[1].polygon
    polygon = [list(p) for p in g]
    session.feed([scenario.f.command("zone.set", zone="Z1", name="学校门口", polygon=polygon)])
    labels = panel.map.zones.labels.labels()
    assert [lb.text for lb in labels] == ["学校门口"]
    x, y = panel.map.frame.to_xy(*centroid(g))
    assert math.isclose(labels[0].x, float(x), abs_tol=1.0) and math.isclose(labels[0].y, float(y), abs_tol=1.0)

    shown: list[list[str]] = []

    def choose_remove():
        menu = QApplication.activePopupWidget()
        shown.append([a.text() for a in menu.actions()])
        menu.setActiveAction(next(a for a in menu.actions() if a.text() == "删除区域"))
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    _click(qtbot, panel, grid_center(scenario.grids[3]), Qt.MouseButton.RightButton)  # no zone there: no menu
    assert QApplication.activePopupWidget() is None and not _zone_calls(session)
    QTimer.singleShot(0, choose_remove)  # the menu runs its own event loop: act in it like the user
    _click(qtbot, panel, centroid(g), Qt.MouseButton.RightButton)
    assert shown == [["学校门口", "删除区域"]]
    assert _zone_calls(session) == [("command", "zone.remove", {"zone": "Z1"})]


def test_sos_worker_ring_blinks(panel, session, scenario, qtbot):
    m = panel.map
    ring = m.workers.sos_ring
    assert len(ring) == 0 and not ring.isVisible()
    session.feed([scenario.f.sos("W003")])
    m.refresh_now()
    k = m.table.index["W003"]
    assert len(ring) == 1 and (ring.x[0], ring.y[0]) == (m.table.x[k], m.table.y[k])
    m.flash_timer.setInterval(20)
    start = ring.isVisible()
    qtbot.waitUntil(lambda: ring.isVisible() != start, timeout=2000)
    qtbot.waitUntil(lambda: ring.isVisible() == start, timeout=2000)
    session.feed([scenario.f.sos_cleared("W003")])
    m.refresh_now()
    assert len(ring) == 0 and not ring.isVisible()
