"""人流热力 on the console map: the layer and its bar appear, the hour slider changes the bins shown, the
source filter takes sources out, and the legend says honestly what is measured."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from console.domain.heat import HeatDay, HeatSource, cell_centre, cell_of
from console.testing.sample_state import grid_center
from console.ui.map.map_panel import MapPanel

P, S, INC = HeatSource.PEOPLE.value, HeatSource.SCANS.value, HeatSource.INCIDENTS.value


class HandMadeSource:
    """A history source with one hand-made day: people at 08:00 in grid 1, an incident at 09:00 in grid 3."""

    def __init__(self, district) -> None:
        self.asked: list[tuple] = []
        self.day = HeatDay("2025-11-21", "2025-11-21")
        self.cell1 = cell_of(*grid_center(district.grids[0]))
        self.cell3 = cell_of(*grid_center(district.grids[2]))
        self.day.bins[P][8][self.cell1] = 60
        self.day.bins[INC][9][self.cell3] = 1
        self.day.bins[S][9][self.cell1] = 4

    def heat(self, first, last) -> HeatDay:
        self.asked.append((first, last))
        return self.day

    def close(self) -> None:
        pass


@pytest.fixture
def panel(qtbot, session, clock, tmp_path):
    p = MapPanel(session, clock=clock, settings=QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.people_bar.shutdown()


def hottest_xy(panel, hour: int) -> tuple[float, float] | None:
    grid, extent = panel.people_heat.grids[hour], panel.people_heat.extent
    if not grid.any():
        return None
    row, col = np.unravel_index(int(np.argmax(grid)), grid.shape)
    return extent.x0 + (col + 0.5) * extent.cell, extent.y0 + (row + 0.5) * extent.cell


def near(panel, xy, cell, metres: float = 60.0) -> bool:
    x, y = panel.map.frame.to_xy(*cell_centre(*cell))
    return xy is not None and abs(xy[0] - float(x)) < metres and abs(xy[1] - float(y)) < metres


def test_layer_bar_slider_and_sources(panel, session, qtbot):
    source = HandMadeSource(session.state.district)
    panel.set_history_source(lambda: source)
    reg, bar = panel.registry, panel.people_bar
    assert "people_heat" in reg.names() and not reg.is_visible("people_heat"), "hidden until asked for"
    assert bar.isHidden()

    panel.people_button.click()
    assert reg.is_visible("people_heat") and bar.isVisible() and panel.people_heat.image.isVisible()
    qtbot.waitUntil(lambda: bar.day is not None)
    assert len(source.asked) == 1 and source.asked[0][0] == source.asked[0][1]

    bar.slider.setValue(8)
    assert bar.hour_label.text() == "08–09时" and bar.hour_label.toolTip() == bar.totals.text()
    assert near(panel, hottest_xy(panel, 8), source.cell1)
    assert "人员在岗位置 60 人·分钟" in bar.totals.text() and "警情 0 起" in bar.totals.text()
    shown8 = panel.people_heat.image.image.copy()
    bar.slider.setValue(9)
    shown9 = panel.people_heat.image.image
    assert not np.array_equal(shown8, shown9), "the slider changes the bins shown"
    assert "警情 1 起" in bar.totals.text() and "扫码 4 次" in bar.totals.text()
    bar.slider.setValue(3)
    assert int(panel.people_heat.image.image[..., 3].max()) == 0, "nothing at 03:00: fully transparent"

    bar.boxes[INC].setChecked(False)
    bar.boxes[S].setChecked(False)
    bar.slider.setValue(9)
    assert hottest_xy(panel, 9) is None and "警情" not in bar.totals.text()
    bar.boxes[INC].setChecked(True)
    assert near(panel, hottest_xy(panel, 9), source.cell3)
    bar.boxes[P].setChecked(False)
    bar.slider.setValue(8)
    assert hottest_xy(panel, 8) is None and "人员在岗位置" not in bar.totals.text()

    panel.people_button.click()
    assert not reg.is_visible("people_heat") and bar.isHidden()


def test_legend_is_honest_and_chinese_only(panel):
    bar = panel.people_bar
    assert bar.legend.text() == "仅系统内人员与上报，非全部居民"
    assert bar.legend.toolTip().startswith("系统内人员与上报的分布，不代表全部居民。")
    assert [b.text() for b in bar.boxes.values()] == ["在岗", "扫码", "警情"]
    assert [b.toolTip() for b in bar.boxes.values()] == ["人员在岗位置", "扫码", "警情"]
    texts = [bar.legend.text(), bar.legend.toolTip(), bar.slider.toolTip(), panel.people_button.text(),
             panel.people_button.toolTip(), bar.days_button.text(), bar.days_button.toolTip(),
             *(b.text() for b in bar.boxes.values())]
    assert not any(re.search("[A-Za-z]", t) for t in texts), texts


def test_new_scan_counts_reread_a_day_that_reaches_today(panel, session, qtbot, monkeypatch):
    from console.domain.changes import Changes

    source = HandMadeSource(session.state.district)
    panel.set_history_source(lambda: source)
    session.changed.emit(Changes(scans={1}))
    assert source.asked == [] and panel.people_bar.loader is None, "hidden: nothing is read"
    panel.people_button.click()
    qtbot.waitUntil(lambda: len(source.asked) == 1)
    bar = panel.people_bar
    asked: list[tuple] = []
    monkeypatch.setattr(bar.loader, "load_heat", lambda first, last: asked.append((first, last)))
    session.changed.emit(Changes(scans={1}))
    assert len(asked) == 1 and asked[0][1] == source.asked[0][1], "today is shown: read again"
    session.changed.emit(Changes(workers={"W001"}))
    assert len(asked) == 1, "only new e码 counts trigger it (once a minute)"
    yesterday = bar.first.date().addDays(-1)
    bar.last.setDate(yesterday)
    bar.first.setDate(yesterday)
    assert len(asked) == 3  # the two date changes
    session.changed.emit(Changes(scans={1}))
    assert len(asked) == 3, "a past day does not change"


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768)], ids=["fits_1920x1080", "fits_1366x768"])
def test_people_heat_bar_fits_and_leaves_the_map_its_height(qtbot, tmp_path, width, height):
    from tests.ui.test_queue_trust import fitting_window

    window = fitting_window(qtbot, tmp_path, width, height)
    source = HandMadeSource(window.session.state.district)
    panel = window.map
    panel.set_history_source(lambda: source)
    closed = panel.map.height()
    panel.people_button.click()
    bar = panel.people_bar
    qtbot.waitUntil(lambda: bar.day is not None)
    qtbot.waitUntil(lambda: panel.map.height() < closed)
    row = bar.days_button.sizeHint().height()
    assert bar.height() <= 2 * row + 12, "controls in one row, the legend at most a second line"
    assert panel.map.height() >= 0.8 * closed, (panel.map.height(), closed)
    assert (bar.row.indexOf(bar.legend) >= 0) is (width >= 1920), "a wide map keeps the legend in the row"
    assert bar.legend.isVisible() and not bar.days_row.isVisible() and window.width() <= width
    bar.days_button.click()
    assert bar.days_row.isVisible() and bar.first.isVisible() and "人员在岗位置 0 人·分钟" in bar.totals.text()
    bar.days_button.click()
    assert not bar.days_row.isVisible()
    bar.shutdown()
