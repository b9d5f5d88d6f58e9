"""Dispatch suggestions: same grid first, then by distance, busy ones last; Enter picks the first."""

from __future__ import annotations

from PySide6.QtCore import Qt

from console.ui.dispatch_dialog import DispatchDialog, suggest_workers


def test_suggestion_order(scenario, session, clock):
    state = session.state
    inc = state.incidents[scenario.ids["I1"]]  # grid 1; W001 and W005 belong to it
    order = [s.worker_id for s in suggest_workers(state, inc, clock())]
    assert set(order[:2]) == {"W001", "W005"}
    assert order[-1] == "W003"  # busy with I3
    assert order.index("W006") > order.index("W004")  # off duty after free ones
    free_others = [s for s in suggest_workers(state, inc, clock()) if s.rank == 0 and not s.same_grid]
    assert [s.distance_m for s in free_others] == sorted(s.distance_m for s in free_others)


def test_dialog_rows_and_enter_chooses_first(qtbot, scenario, session, clock):
    state = session.state
    inc = state.incidents[scenario.ids["I2"]]
    dialog = DispatchDialog(state, inc, now_ms=clock())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.rowCount() == 6
    assert table.currentRow() == 0
    assert "本网格" in table.item(0, 1).text()
    last = table.rowCount() - 1
    assert table.item(last, 0).text() == scenario.workers["W003"].name
    assert table.item(last, 5).text() == "忙"
    assert table.item(last, 4).text() == scenario.ids["I3"]
    assert table.item(0, 4).text() == "空闲"
    assert table.item(0, 2).text().endswith("m")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert dialog.chosen_worker_id() == dialog.suggestions[0].worker_id


def test_moving_down_changes_choice(qtbot, scenario, session, clock):
    state = session.state
    dialog = DispatchDialog(state, state.incidents[scenario.ids["I2"]], now_ms=clock())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.chosen_worker_id() == dialog.suggestions[1].worker_id
