"""The 研判 view over a real store: hot-grid ranking by family and window, the heat grid, export, bad input."""

from __future__ import annotations

import pytest

from console.services.summary_source import StoreSummarySource
from console.ui.summary.analysis_view import AnalysisView
from tests.unit.kpi_world import G1, G2, HOUR, S1, T0, World

D = 24 * HOUR


@pytest.fixture
def source(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'a.db'}")
    for i, (at, grid, category) in enumerate(((T0 + 9 * HOUR, G1, "200200"), (T0 - D + 9 * HOUR, G1, "200200"),
                                              (T0 - 20 * D, G2, "500100"), (T0 - 21 * D, G2, "500100"),
                                              (T0 - 22 * D, G2, "500100"))):
        w.report(f"I{i}", at, grid=grid, category=category, address="平江路 1 号" if i < 2 else "")
    w.close()
    src = StoreSummarySource(w.store.url)
    yield src
    src.close()


def test_analysis_view_ranks_grids_and_shows_the_heat_grid(qtbot, source, tmp_path):
    view = AnalysisView(source, station_code=S1, clock=lambda: T0 + 12 * HOUR)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.analysis is not None, timeout=20_000)
    assert view.picker.period_edit.text() == "2026-W47"
    kinds = view.picker.kind_box
    assert [kinds.itemText(i) for i in range(kinds.count())] == ["周", "月", "季度", "年度"]  # the shared picker
    assert view.hot_grids() == [G2, G1]  # 近30日: G2 3, G1 2
    view.window_box.setCurrentIndex(0)  # 近7日
    view.window_box.activated.emit(0)
    assert view.hot_grids() == [G1]
    view.family_box.setCurrentIndex(view.family_box.findData("50"))
    view.family_box.activated.emit(0)
    assert view.hot_grids() == []  # no 求助 in the last 7 days
    heat = view.models["时段分布"].table
    assert heat.rows[4][10] == 1 and heat.rows[3][10] == 1  # Fri 20 and Thu 19 Nov, 09:00-10:00 (column 0 is 星期)
    assert view.models["重复地址"].table.rows[0][:3] == ["平江路 1 号", G1, 2]
    assert view.tabs.tabText(0) == "重复地址 (1)"
    seen = []
    view.grid_activated.connect(seen.append)
    view.family_box.setCurrentIndex(0)
    view.family_box.activated.emit(0)
    view._grid_clicked(view.ranking_model.index(0, 1))
    assert seen == [G1]
    view.picker.period_edit.setText("2026-W99")
    view.refresh()
    assert "周无效" in view.status.text()
    path = tmp_path / "a.pdf"
    view.export(path)
    qtbot.waitUntil(lambda: path.exists() and "已导出" in view.status.text(), timeout=20_000)
    view.close()


def test_analysis_and_period_windows_open_from_the_menu_and_a_hot_grid_shows_on_the_map(qtbot, session, source):
    from console.ui.main_window import MainWindow
    from console.ui.summary.period_view import AssessmentView

    window = MainWindow(session)
    qtbot.addWidget(window)
    window.summary.source_factory = lambda: source
    menu = {a.text(): a.menu() for a in window.menuBar().actions()}["考核(&K)"]
    assert {window.summary.period_action, window.summary.analysis_action} <= set(menu.actions())
    assert window.summary.analysis_action.shortcut().toString() == "Ctrl+Shift+J"
    window.summary.period_action.trigger()
    assert isinstance(window.summary.period_view, AssessmentView) and window.summary.period_view.isWindow()
    window.summary.analysis_action.trigger()
    view = window.summary.analysis_view
    assert isinstance(view, AnalysisView)
    qtbot.waitUntil(lambda: view.analysis is not None, timeout=20_000)
    grid = session.state.district.grids[3].code
    view.grid_activated.emit(grid)
    card = window.map.map.grid_card
    assert card.grid_code == grid and not card.isHidden()  # the window itself is not shown offscreen
    assert view.push_button.isEnabled()  # a dispatcher may send notices (a chief may not)
    view.push()
    sent = [c for c in session.calls if c[:2] == ("command", "notice.send")]
    station = view.picker.scope_code()
    police_grids = [pg.code for pg in session.state.district.police_grids if pg.station_code == station]
    assert station and [(c[2]["audience"], c[2]["code"]) for c in sent] == [("police_grid", pg) for pg in police_grids]
    assert all(c[2]["text"].startswith("【研判】") for c in sent)
    window.summary.analysis_action.trigger()
    assert window.summary.analysis_view is view  # brought forward, not opened twice
    for v in (view, window.summary.period_view):
        v.close()
