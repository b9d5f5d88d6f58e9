"""Clicking, cards, search, follow mode, box select and keys on the map."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtWidgets import QApplication

from console.domain.places import Address
from console.domain.workers import WorkerStatus
from console.testing.sample_state import STATION, grid_center
from console.ui.map import DistrictMap
from console.ui.map.map_panel import MapPanel


def _show(qtbot, widget, size=(900, 700)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def district_map(qtbot, empty_session, scenario, clock):
    m = _show(qtbot, DistrictMap(empty_session, clock=clock))
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    m.refresh_now()
    return m


def _viewport_pos(m: DistrictMap, lng: float, lat: float) -> QPoint:
    return m.pixel_of(lng, lat).toPoint() - m.view.pos() - m.view.viewport().pos()


def _click(qtbot, m: DistrictMap, lng: float, lat: float) -> None:
    qtbot.mouseClick(m.view.viewport(), Qt.MouseButton.LeftButton, pos=_viewport_pos(m, lng, lat))


def _centre_lnglat(m: DistrictMap) -> tuple[float, float]:
    c = m.view_box.centre()
    lng, lat = m.frame.to_lnglat(c.x(), c.y())
    return float(lng), float(lat)


def _near(m: DistrictMap, lng: float, lat: float, metres: float = 5.0) -> bool:
    x, y = m.frame.to_xy(lng, lat)
    c = m.view_box.centre()
    return abs(c.x() - float(x)) < metres and abs(c.y() - float(y)) < metres


def test_click_worker_opens_card(district_map, empty_session, scenario, qtbot):
    pos = empty_session.state.positions["W003"]
    _click(qtbot, district_map, pos.lng, pos.lat)
    card = district_map.worker_card
    assert card.isVisible() and card.worker_id == "W003"
    assert card.title.text().startswith("李娜")
    assert card.values["网格"].text() == f"{scenario.grids[2].name} {scenario.grids[2].code[-3:]}"
    assert card.values["状态"].text().endswith("执行任务")
    assert card.values["最后定位"].text() == "2秒前"
    assert card.values["当前任务"].text().startswith(scenario.ids["I3"])
    assert not district_map.grid_card.isVisible()


def test_worker_card_buttons(district_map, empty_session, qtbot):
    district_map.show_worker_card("W002")
    card = district_map.worker_card
    with qtbot.waitSignal(district_map.dispatch_requested) as dispatched:
        qtbot.mouseClick(card.dispatch_button, Qt.MouseButton.LeftButton)
    assert dispatched.args == ["W002"]
    with qtbot.waitSignal(district_map.call_requested) as called:
        qtbot.mouseClick(card.call_button, Qt.MouseButton.LeftButton)
    assert called.args == ["W002"]
    with qtbot.waitSignal(district_map.follow_changed) as followed:
        qtbot.mouseClick(card.follow_button, Qt.MouseButton.LeftButton)
    assert followed.args == ["W002"] and district_map.followed() == "W002"
    assert district_map.follow_banner.isVisible() and "王芳" in district_map.follow_banner.text()


def test_click_incident_selects_it(district_map, empty_session, scenario, qtbot):
    inc = empty_session.state.incidents[scenario.ids["I2"]]
    with qtbot.waitSignal(district_map.incident_clicked) as blocker:
        _click(qtbot, district_map, inc.lng, inc.lat)
    assert blocker.args == [inc.id]
    assert district_map.selected_incident() == inc.id
    assert len(district_map.incidents.selection) == 1


def test_click_empty_part_of_grid_opens_grid_card(district_map, scenario, qtbot):
    grid = scenario.grids[3]
    lng, lat = grid_center(grid, -0.35, 0.35)  # a corner with nothing drawn on it
    assert district_map.hit_test(*map(float, district_map.frame.to_xy(lng, lat))).kind == "grid"
    _click(qtbot, district_map, lng, lat)
    card = district_map.grid_card
    assert card.isVisible() and card.grid_code == grid.code
    assert card.values["网格编码"].text() == grid.code
    assert card.values["社区"].text().startswith("仓街社区")
    assert card.values["今日警情"].text() == "1" and card.values["未办结"].text() == "1"
    assert district_map.grids.highlighted == grid.code
    _click(qtbot, district_map, scenario.grids[0].polygon[0][0] - 0.0006, grid.polygon[0][1])  # west of all grids
    assert not card.isVisible() and district_map.grids.highlighted is None
    district_map.show_grid_card(grid.code)
    qtbot.mouseClick(card.zoom_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _near(district_map, *grid_center(grid), metres=5.0), timeout=2000)


def test_new_urgent_incidents_flash_until_seen(district_map, empty_session, scenario):
    i1 = scenario.ids["I1"]  # priority 1, new
    assert district_map.flashing() == [i1]
    f, g = scenario.f, scenario.grids
    p2 = f.report(g[2], grid_center(g[2]), priority=2)
    p3 = f.report(g[2], grid_center(g[2], 0.2), priority=3)
    empty_session.feed([p2, p3])
    district_map.refresh_now()
    assert set(district_map.flashing()) == {i1, p2.data["incident"]}
    district_map.select_incident(i1)  # seen
    district_map.acknowledge(p2.data["incident"])
    assert district_map.flashing() == []
    assert len(district_map.incidents.flash) == 0


def test_box_select_returns_ids(district_map, empty_session, scenario, qtbot):
    grid = scenario.grids[0]
    xs, ys = district_map.frame.to_xy([p[0] for p in grid.polygon], [p[1] for p in grid.polygon])
    rect = QRectF(QPointF(float(xs.min()), float(ys.min())), QPointF(float(xs.max()), float(ys.max())))
    with qtbot.waitSignal(district_map.selection_changed) as blocker:
        district_map.box_select(rect)
    workers, incidents = blocker.args
    assert sorted(workers) == ["W001", "W005"]
    assert sorted(incidents) == sorted([scenario.ids["I1"], scenario.ids["I5"]])
    assert len(district_map.markers) == 4
    district_map.zoom_to_selection(0)
    assert district_map.view_box.viewRect().contains(rect.center())


def test_shift_drag_draws_a_selection_box(district_map, scenario, qtbot):
    grid = scenario.grids[1]
    (x0, y1), (x1, y0) = grid.polygon[0], grid.polygon[2]
    start, end = _viewport_pos(district_map, x0, y1), _viewport_pos(district_map, x1, y0)
    viewport = district_map.view.viewport()
    shift = Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(district_map.selection_changed) as blocker:
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, shift, start)
        for k in range(1, 6):
            qtbot.mouseMove(viewport, start + (end - start) * (k / 5))
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, shift, end)
    workers, incidents = blocker.args
    assert sorted(workers) == ["W002", "W006"]
    assert incidents == [scenario.ids["I2"]]


def test_follow_mode_recentres_on_new_positions(district_map, empty_session, scenario, qtbot):
    district_map.follow("W001")
    pos = empty_session.state.positions["W001"]
    qtbot.waitUntil(lambda: _near(district_map, pos.lng, pos.lat), timeout=2000)
    target = grid_center(scenario.grids[3], -0.2, 0.2)
    empty_session.feed([scenario.f.position("W001", *target)])
    district_map.refresh_now()
    qtbot.waitUntil(lambda: _near(district_map, *target), timeout=2000)
    assert len(district_map.markers) == 1, "a ring on the followed worker"
    district_map.view.setFocus()
    qtbot.keyClick(district_map.view, Qt.Key.Key_Escape)
    assert district_map.followed() is None and not district_map.follow_banner.isVisible()


def test_dragging_the_map_stops_following(district_map, qtbot):
    district_map.follow("W002")
    viewport = district_map.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    for k in range(1, 6):
        qtbot.mouseMove(viewport, QPoint(300 + 20 * k, 300))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert district_map.followed() is None


def test_keys_pan_zoom_and_home(district_map, qtbot):
    vb = district_map.view_box
    district_map.view.setFocus()
    home = vb.viewRect()
    qtbot.keyClick(district_map.view, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: not vb.is_flying(), timeout=2000)
    assert vb.centre().x() == pytest.approx(home.center().x() + 0.2 * home.width(), rel=0.01)
    qtbot.keyClick(district_map.view, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: not vb.is_flying(), timeout=2000)
    assert vb.viewRect().width() == pytest.approx(home.width() / 1.6, rel=0.01)
    qtbot.keyClick(district_map.view, Qt.Key.Key_Minus)
    qtbot.keyClick(district_map.view, Qt.Key.Key_Minus)
    qtbot.waitUntil(lambda: not vb.is_flying(), timeout=2000)
    assert vb.viewRect().width() == pytest.approx(home.width() * 1.6, rel=0.01)
    qtbot.keyClick(district_map.view, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: not vb.is_flying(), timeout=2000)
    assert vb.viewRect().center().x() == pytest.approx(home.center().x(), abs=1.0)
    assert vb.viewRect().width() == pytest.approx(home.width(), rel=0.01)


def test_aspect_ratio_is_locked(district_map):
    vb = district_map.view_box
    vb.fly_to(QRectF(0, 0, 2000, 200), 0)  # a wide, flat rectangle: the view keeps metres square
    px = vb.viewPixelSize()
    assert px[0] == pytest.approx(px[1], rel=1e-3)


def test_scale_bar_and_cursor_coordinates(district_map, qtbot, scenario):
    bar = district_map.scale_bar
    assert bar.text().endswith(" m") or bar.text().endswith(" km")
    assert 40 <= bar.bar_px <= 130
    assert bar.metres == pytest.approx(bar.bar_px * district_map.ground_metres_per_px(), rel=1e-6)
    lng, lat = grid_center(scenario.grids[0])
    qtbot.mouseMove(district_map.view.viewport(), _viewport_pos(district_map, lng, lat))
    text = district_map.coords.text()
    assert f"{lng:.3f}" in text and f"{lat:.3f}" in text
    assert len(text.split("经度 ")[1].split()[0].split(".")[1]) == 6, "six decimals"


def test_addresses_only_at_high_zoom(qtbot, empty_session, scenario, clock):
    g = scenario.grids[0]
    lng, lat = grid_center(g, 0.1, 0.1)
    scenario.district.addresses.append(
        Address("3205080190440010001", "平江路1号", "平江路", "1号", lng, lat, g.code, f"{STATION.code}01",
                STATION.code)
    )
    m = _show(qtbot, DistrictMap(empty_session, clock=clock))
    empty_session.reset(scenario.empty_state())
    x, y = m.frame.to_xy(lng, lat)
    m.view_box.fly_to_centre(QPointF(float(x), float(y)), 3000.0, 0)
    assert m.ground_metres_per_px() > 2 and not m.addresses.shown
    m.view_box.fly_to_centre(QPointF(float(x), float(y)), 300.0, 0)
    assert m.addresses.shown and len(m.addresses.cloud) == 1
    qtbot.mouseMove(m.view.viewport(), _viewport_pos(m, lng, lat))
    assert m.view.toolTip() == "平江路1号"
    m.registry.set_visible("addresses", False)
    assert not m.addresses.shown


@pytest.mark.qt_log_ignore("This plugin does not support")  # the completer popup under offscreen
def test_search_completes_and_flies(qtbot, empty_session, scenario, clock):
    panel = _show(qtbot, MapPanel(empty_session, clock=clock))
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    m = panel.map
    panel.search.setText("仓街二")  # QTest cannot type Chinese; the completer filters the same way
    panel.search.completer_.setCompletionPrefix(panel.search.text())
    completions = panel.search.completer_.completionModel()
    shown = [completions.index(r, 0).data() for r in range(completions.rowCount())]
    grid = next(g for g in scenario.grids if g.name == "仓街二网格")
    assert len(shown) == 2, "the grid and its worker W004"
    text = next(t for t in shown if grid.code in t)
    assert panel.search.choose_text(text)
    centre = grid_center(grid)
    qtbot.waitUntil(lambda: _near(m, *centre, metres=10.0), timeout=2000)
    assert m.grid_card.isVisible() and m.grid_card.grid_code == grid.code

    panel.search.clear()
    qtbot.keyClicks(panel.search, "w004")  # worker ids too, case-insensitive
    assert completions.rowCount() == 1
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    pos = empty_session.state.positions["W004"]
    qtbot.waitUntil(lambda: _near(m, pos.lng, pos.lat), timeout=2000)
    assert m.worker_card.isVisible() and m.worker_card.worker_id == "W004"


def test_position_events_move_workers_between_ticks(district_map, empty_session, scenario, qtbot):
    k = district_map.table.index["W002"]
    target = grid_center(scenario.grids[2])
    empty_session.feed([scenario.f.position("W002", *target), scenario.f.duty("W002", False)])
    x, _ = district_map.frame.to_xy(*target)
    assert district_map.table.x[k] == pytest.approx(float(x)), "arrays follow the events at once"
    qtbot.waitUntil(lambda: district_map.worker_counts()[WorkerStatus.OFF_DUTY] == 2, timeout=2000)  # and W006
    assert district_map.table.status("W002", scenario.f.at, 15_000) == WorkerStatus.OFF_DUTY
    track = district_map.tracks.buffer.track(k, scenario.f.at)[0]
    assert len(track) == 2 and track[-1] == pytest.approx(float(x), abs=0.01)


def _wheel(widget, pos: QPoint, pixels: QPoint, angle: QPoint, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), pixels, angle, Qt.MouseButton.NoButton,
                        modifiers, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_touchpad_scroll_pans_and_wheel_or_pinch_zooms(district_map):
    vb, viewport = district_map.view_box, district_map.view.viewport()
    centre = QPoint(viewport.width() // 2, viewport.height() // 2)
    district_map.follow("W001")
    _wheel(viewport, centre, QPoint(0, 0), QPoint(0, -120))
    assert district_map.followed() == "W001", "zooming keeps following"
    district_map.follow(None)
    vb.stop_flight()
    before = vb.viewRect()
    _wheel(viewport, centre, QPoint(-40, 0), QPoint(-40, 0))  # two fingers to the left: the map follows
    after = vb.viewRect()
    assert after.width() == pytest.approx(before.width())
    assert after.center().x() - before.center().x() == pytest.approx(40 * vb.metres_per_px(), rel=0.02)
    _wheel(viewport, centre, QPoint(0, 0), QPoint(0, 120))  # a mouse wheel notch zooms in
    assert vb.viewRect().width() < after.width() * 0.9
    zoomed = vb.viewRect().width()
    _wheel(viewport, centre, QPoint(0, -30), QPoint(0, -30), Qt.KeyboardModifier.ControlModifier)  # pinch
    assert vb.viewRect().width() > zoomed


def test_native_pinch_gesture_zooms(district_map):
    vb, viewport = district_map.view_box, district_map.view.viewport()
    before = vb.viewRect().width()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QNativeGestureEvent(Qt.NativeGestureType.ZoomNativeGesture, QPointingDevice.primaryPointingDevice(), 2,
                                centre, centre, viewport.mapToGlobal(centre), 0.25, QPointF(0, 0))
    QApplication.sendEvent(viewport, event)
    assert vb.viewRect().width() == pytest.approx(before / 1.25, rel=0.01)


def test_tracks_drawn_for_workers_in_view_followed_first(district_map, scenario):
    district_map.zoom_to_grid(scenario.grids[0].code, 0)
    district_map.follow("W004")  # in grid 4, flies there; the view below is set by hand
    district_map.follow(None)
    district_map.selected_workers = ["W004"]
    district_map.zoom_to_grid(scenario.grids[0].code, 0)
    rows = [district_map.table.ids[k] for k in district_map._track_rows()]
    assert rows[0] == "W004", "selected workers' tracks come first, in view or not"
    assert {"W001", "W005"} <= set(rows) and "W003" not in rows


def test_sos_worker_drawn_on_top_as_sos(district_map, empty_session, scenario, qtbot):
    f = scenario.f
    empty_session.feed([f.sos("W003")])
    district_map.refresh_now()
    assert district_map.worker_counts()[WorkerStatus.SOS] == 1
    last = district_map.workers.drawn[-1]
    assert district_map.table.ids[last] == "W003", "SOS is drawn last, above everyone"
    empty_session.feed([f.sos_cleared("W003")])
    district_map.refresh_now()
    assert district_map.worker_counts()[WorkerStatus.SOS] == 0


def test_a_reset_with_the_same_places_keeps_the_view(district_map, empty_session, scenario, qtbot):
    """A reconnect or a replay seek brings a new state over the same district: the map stays where it was."""
    vb = district_map.view_box
    district_map.view.setFocus()
    qtbot.keyClick(district_map.view, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: not vb.is_flying(), timeout=2000)
    zoomed = vb.viewRect()
    empty_session.reset(scenario.empty_state())
    assert vb.viewRect() == zoomed
