"""The queue dock: filter bar, debounced search, header sorting, selection across re-sorts, the 1 s tick."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from console.domain.incidents import Source
from console.ui.queue.columns import Col
from console.ui.queue.view import IncidentQueueView
from tests.ui.conftest import NOW_MS


@pytest.fixture
def view(qtbot, session):
    widget = IncidentQueueView(session, clock=lambda: NOW_MS)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(view) -> list[str]:
    return [view.model.incident_id(r) for r in range(view.model.rowCount())]


def test_filter_bar_drives_the_model_and_counts(view, scenario):
    i = scenario.ids
    assert view.filters.count_label.text() == "4 / 5 条"
    view.filter_combo.setCurrentIndex(view.filter_combo.findData("handling"))
    assert shown(view) == [i["I2"], i["I3"]]
    assert view.filters.count_label.text() == "2 / 5 条"
    view.set_filter("all")
    assert view.model.filter_mode() == "all" and view.filter_combo.currentData() == "all"
    bar = view.filters
    bar.source_combo.setCurrentIndex(bar.source_combo.findData(Source.CALL_110))
    assert shown(view) == []
    bar.source_combo.setCurrentIndex(0)
    bar.priority_combo.setCurrentIndex(bar.priority_combo.findData(2))
    assert shown(view) == [i["I2"], i["I5"]]
    assert view.model.query().priority == 2


def test_search_waits_for_a_pause_in_typing(view, qtbot, scenario):
    queries = []
    view.filters.changed.connect(queries.append)
    view.filters.search.setText("平江路")  # (QTest cannot type CJK keys)
    view.filters.search.setText("平江路3")
    assert view.model.rowCount() == 4  # not yet: debounced
    with qtbot.waitSignal(view.model.layoutChanged):
        pass
    assert shown(view) == [scenario.ids["I3"]]
    assert [q.text for q in queries] == ["平江路3"]  # one query for the pause, not one per keystroke
    assert view.filters.count_label.text() == "1 / 5 条"
    view.filters.search.clear()
    with qtbot.waitSignal(view.model.layoutChanged):
        pass
    assert view.model.rowCount() == 4


def test_shortcut_focuses_the_search_box(view, qtbot):
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.filters.search.hasFocus()


def test_header_clicks_sort_and_a_third_click_restores_the_default(view, qtbot):
    header = view.table.horizontalHeader()
    default = shown(view)
    x = header.sectionViewportPosition(Col.ADDRESS) + header.sectionSize(Col.ADDRESS) // 2
    specs = []
    for _ in range(3):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        specs.append(view.model.sort_spec())
    assert [s.column for s in specs] == [Col.ADDRESS, Col.ADDRESS, -1]
    assert specs[0].descending != specs[1].descending
    assert shown(view) == default


def test_selection_survives_a_re_sort_and_a_filter_round_trip(view, qtbot, scenario):
    i3 = scenario.ids["I3"]
    with qtbot.waitSignal(view.incident_selected):
        view.table.selectRow(view.model.row_of(i3))
    picked = []
    view.incident_selected.connect(picked.append)
    view.model.sort(Col.PRIORITY, Qt.SortOrder.DescendingOrder)
    assert view.model.row_of(i3) != 2  # it did move
    assert view.table.currentIndex().row() == view.model.row_of(i3)
    view.set_filter("new")
    assert not view.table.currentIndex().isValid()
    view.set_filter("open")
    assert view.table.currentIndex().row() == view.model.row_of(i3)
    assert view.selected_incident() == i3 and picked == []


def test_tick_repaints_the_time_column_of_the_rows_on_screen(view):
    changed = []
    view.model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), a.column(), b.row(), b.column())))
    view.tick()
    assert changed == [(0, Col.SLA, 3, Col.SLA)]
    assert view.visible_rows() == (0, 3)


def test_counter_matches_filter_and_a_click_applies_it(view):
    texts = {key: label.text() for key, label in view.counter_labels.items()}
    assert texts == {"new": "待受理 1", "handling": "处置中 2", "verify": "待核查 1", "overdue": "超时 1"}
    for group, chip in view.counter_labels.items():
        chip.click()
        assert view.model.filter_mode() == group
        assert view.model.rowCount() == view.counts()[group]


def test_counters_keep_up_while_positions_stream_in(view, session, scenario, qtbot):
    """A batch every 50 ms (positions never stop) must not postpone the counters forever."""
    from PySide6.QtCore import QTimer

    f = scenario.f
    grid = scenario.grids[0]
    before = view.counts()["new"]
    session.feed([f.report(grid, (grid.polygon[0][0] + 0.001, grid.polygon[0][1] - 0.001), narrative="新报")])
    stream = QTimer()
    stream.setInterval(50)
    stream.timeout.connect(lambda: session.feed([f.position("W001", *grid.polygon[0])]))
    stream.start()
    try:
        qtbot.waitUntil(lambda: view.counter_labels["new"].text().endswith(f" {before + 1}"), timeout=3000)
    finally:
        stream.stop()
