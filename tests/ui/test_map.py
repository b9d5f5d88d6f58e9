"""The district map: layer contents per status/priority, selection, and that it actually draws."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from console.domain import events as ev
from console.domain.workers import WorkerStatus
from console.ui.map import DistrictMap
from console.ui.map.projection import LocalFrame, project, unproject


@pytest.fixture
def district_map(qtbot, empty_session, scenario, clock):
    m = DistrictMap(empty_session, clock=clock)
    qtbot.addWidget(m)
    m.resize(800, 600)
    m.show()
    qtbot.waitExposed(m)
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    return m


def test_projection_round_trip_and_scale():
    x, y = project(120.62, 31.31)
    lng, lat = unproject(x, y)
    assert abs(lng - 120.62) < 1e-9 and abs(lat - 31.31) < 1e-9
    frame = LocalFrame(120.62, 31.31)
    dx, _dy = frame.to_xy([120.62, 120.63], [31.31, 31.31])
    assert dx[0] == pytest.approx(0, abs=1e-6)
    assert dx[1] == pytest.approx(1113.2, rel=1e-3)  # 0.01° of longitude in Mercator metres
    x, y, connect = frame.polylines([[(0, 0), (1, 0)], [(0, 1), (1, 1), (1, 2)]], close=False)
    assert connect.tolist() == [1, 0, 1, 1, 0]


def test_static_layers(district_map, scenario):
    n_grid_vertices = sum(len(g.polygon) + 1 for g in scenario.district.grids)
    assert len(district_map.grids.curve.xData) == n_grid_vertices  # all grids in one curve
    assert len(district_map.police_grids.curve.xData) == 5
    texts = [label.text for label in district_map.grid_labels.item.labels()]
    for grid in scenario.district.grids:  # name and code, with the bare sequence number as fallback
        assert f"{grid.name}\n{grid.code}" in texts and grid.code[-3:] in texts
    assert {c.name for c in scenario.district.communities} <= set(texts), "one name label per community"
    streets = {label.text for label in district_map.basemap.labels.labels()}
    assert streets == {s.name for s in scenario.district.streets}


def test_layers_have_points_per_status_and_priority(district_map, scenario, empty_session, qtbot):
    district_map.refresh_now()
    assert district_map.worker_counts() == {
        **dict.fromkeys(WorkerStatus, 0),
        WorkerStatus.ON_DUTY: 3,
        WorkerStatus.ON_ORDER: 1,
        WorkerStatus.STALE: 1,
        WorkerStatus.OFF_DUTY: 1,
    }
    assert district_map.incident_counts() == {1: 1, 2: 2, 3: 1, 4: 1}
    assert len(district_map.workers.cloud) == 6 and len(district_map.incidents.cloud) == 5

    f = scenario.f
    empty_session.feed(
        [
            f.step(scenario.ids["I2"], ev.INCIDENT_DISPATCHED, worker="W002"),
            f.duty("W006", True),
            f.position("W006", 120.62, 31.31, f.at),
        ]
    )
    # the timer repaints at ~4 Hz
    qtbot.waitUntil(lambda: district_map.worker_counts()[WorkerStatus.ON_ORDER] == 2, timeout=2000)
    assert district_map.worker_counts()[WorkerStatus.OFF_DUTY] == 0


def test_select_and_click(district_map, scenario, qtbot):
    i1 = scenario.ids["I1"]
    district_map.select_incident(i1)
    assert len(district_map.incidents.selection) == 1
    district_map.select_incident(None)
    assert len(district_map.incidents.selection) == 0
    inc = district_map._session.state.incidents[i1]
    x, y = district_map.frame.to_xy(inc.lng, inc.lat)
    with qtbot.waitSignal(district_map.incident_clicked) as blocker:
        district_map.click_at(float(x), float(y))
    assert blocker.args == [i1]
    assert district_map.selected_incident() == i1


def test_map_draws_something(district_map, qtbot):
    district_map.zoom_to_district()
    district_map.refresh_now()
    image = district_map.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    pixels = buf.reshape(h, image.bytesPerLine() // 4, 4)[:, :w, :3]
    colours = {tuple(p) for p in pixels.reshape(-1, 3)[::7]}
    assert len(colours) > 40
    red = (pixels[:, :, 2] > 200) & (pixels[:, :, 1] < 110) & (pixels[:, :, 0] < 110)  # BGR: priority 1
    assert red.sum() > 20
