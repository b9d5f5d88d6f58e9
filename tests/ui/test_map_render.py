"""A screenshot of the map under the offscreen platform: not blank, grid labels shown and not overlapping.

Set ``JINGWANG_MAP_PNG=/tmp/map.png`` to keep the screenshot for a look.
"""

from __future__ import annotations

import os
import random

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from console.domain.geo import bbox, point_in_polygon
from console.domain.state import State, apply
from console.field.district import generate_district
from console.testing.factory import EventFactory, advance
from console.testing.sample_state import CASES
from console.ui.demo_session import DemoSession
from console.ui.map.map_panel import MapPanel


def busy_state(now_ms: int) -> State:
    """The generated demo district: 200 workers on the move, 60 incidents in every open stage."""
    rnd = random.Random(3)
    demo = generate_district(7, 200)
    district = demo.district
    state = State(district, {w.id: w for w in demo.workers})
    grids = {g.code: g for g in district.grids}

    def inside(grid):
        x0, y0, x1, y1 = bbox(grid.polygon)
        while True:
            p = (rnd.uniform(x0, x1), rnd.uniform(y0, y1))
            if point_in_polygon(p, grid.polygon):
                return p

    f = EventFactory(State(district, dict(state.workers)), now_ms - 3 * 3_600_000)
    ids = list(state.workers)
    events = [f.duty(w) for w in ids[:-15]]
    for i in range(60):
        grid = rnd.choice(district.grids)
        cat, prio, source, text = CASES[i % len(CASES)]
        report = f.report(grid, inside(grid), category=cat, priority=prio, source=source, narrative=text)
        events.append(report)
        events.extend(advance(report.data["incident"], f, ids[i], (0, 1, 2, 3, 4, 5)[i % 6]))
        f.at += rnd.randint(20_000, 150_000)
    here = {w: inside(grids[state.workers[w].grid_code]) for w in ids}
    for k in range(6):  # half a minute of positions: short tracks
        f.at = now_ms - (6 - k) * 5_000
        for w in ids:
            x, y = here[w]
            here[w] = (x + rnd.uniform(-3e-4, 3e-4), y + rnd.uniform(-3e-4, 3e-4))
            events.append(f.position(w, *here[w], f.at))
    for e in events:
        apply(state, e)
    return state


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    buf = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return buf.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]


def _no_overlaps(rects: np.ndarray) -> bool:
    for i in range(len(rects)):
        a = rects[i]
        for b in rects[i + 1 :]:
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                return False
    return True


@pytest.fixture
def panel(qtbot, clock, tmp_path):
    session = DemoSession(busy_state(clock()))
    p = MapPanel(session, clock=clock, settings=QSettings(str(tmp_path / "map.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    qtbot.waitExposed(p)
    p.map.zoom_to_district(0)
    p.map.refresh_now()
    return p


def test_screenshot_is_a_map_with_labels(panel, tmp_path):
    image = panel.grab().toImage()
    image.save(os.environ.get("JINGWANG_MAP_PNG") or str(tmp_path / "map.png"))
    m = panel.map
    labels = m.grid_labels.item
    assert labels.isVisible()
    shown = labels.visible_labels()
    grids = m._session.state.district.grids
    labelled = {lb.lines[-1] for lb in shown}
    assert sum(g.code in labelled or g.code[-3:] in labelled for g in grids) >= 0.9 * len(grids)
    assert any(len(lb.lines) == 2 for lb in shown), "full name + code labels where they fit"
    assert _no_overlaps(labels.visible_rects())
    streets = m.basemap.labels.visible_rects()
    assert len(streets) and _no_overlaps(np.concatenate([labels.visible_rects(), streets]))
    names = [lb.text for lb in m.basemap.labels.visible_labels()]
    assert len(names) == len(set(names)) >= len(m._session.state.district.streets) // 2, "each road named once"

    px = _pixels(image)
    colours = {tuple(p) for p in px.reshape(-1, 3)[::5]}
    assert len(colours) > 500, "a map, not a blank canvas"
    green = (px[:, :, 1] > 180) & (px[:, :, 2] < 160) & (px[:, :, 0] < 160)  # BGR: workers on duty
    red = (px[:, :, 2] > 220) & (px[:, :, 1] < 110) & (px[:, :, 0] < 110)  # priority 1
    assert green.sum() > 500 and red.sum() > 30


def test_labels_never_overlap_at_any_zoom(panel):
    m = panel.map
    rect = m.district_rect()
    for width in (rect.width() * 3, rect.width() * 0.9, rect.width() * 0.4, rect.width() * 0.15):
        m.view_box.fly_to_centre(rect.center(), width, 0)
        m.grab()
        rects = m.grid_labels.item.visible_rects()
        assert len(rects) and _no_overlaps(rects), width
