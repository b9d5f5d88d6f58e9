"""Dispatch dialog over the domain's suggestions: own grid first, ETA and load shown, busy needs a second Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.domain import events as ev
from console.domain.suggest import Reason
from console.ui.dispatch_dialog import HEADERS, DispatchDialog


@pytest.fixture
def open_dialog(qtbot, session, scenario, clock):
    def make(key: str) -> DispatchDialog:
        dialog = DispatchDialog(session.state, session.state.incidents[scenario.ids[key]], now_ms=clock())
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def _row(dialog: DispatchDialog, worker: str) -> int:
    return next(i for i, s in enumerate(dialog.suggestions) if s.worker_id == worker)


def test_columns_and_order_follow_the_domain_suggestions(open_dialog, scenario):
    dialog = open_dialog("I2")  # grid 2: W002 and W006 are its grid workers, W005 the 警格's officer
    table = dialog.table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == list(HEADERS)
    assert [s.worker_id for s in dialog.suggestions] == ["W002", "W001", "W004", "W003", "W006", "W005"]
    assert table.currentRow() == 0
    first = [table.item(0, c).text() for c in range(table.columnCount())]
    assert first[0] == scenario.workers["W002"].name
    assert first[1] == Reason.RESPONSIBLE.label and "本网格" in first[2]
    assert first[3].endswith("m") and first[4].endswith("分") and first[5] == "0"
    assert first[7] == "空闲"
    busy = _row(dialog, "W003")
    assert table.item(busy, 7).text() == f"忙 {scenario.ids['I3']}"
    assert table.item(busy, 5).text() == "1"
    assert table.item(_row(dialog, "W005"), 1).text() == Reason.OFFICER.label
    assert table.item(_row(dialog, "W001"), 1).text() == Reason.NEAREST.label


def test_enter_dispatches_first_suggestion_without_force(qtbot, open_dialog):
    dialog = open_dialog("I2")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.chosen_worker_id() == "W002"
    assert dialog.force is False


def test_busy_worker_needs_confirmation_then_force(qtbot, open_dialog, scenario):
    dialog = open_dialog("I2")
    dialog.table.selectRow(_row(dialog, "W003"))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.warning.isVisible()
    assert "正在处置" in dialog.warning.text() and scenario.ids["I3"] in dialog.warning.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.chosen_worker_id() == "W003"
    assert dialog.force is True


def test_moving_away_cancels_the_confirmation(qtbot, open_dialog):
    dialog = open_dialog("I2")
    dialog.table.selectRow(_row(dialog, "W003"))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.warning.isVisible()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    assert not dialog.warning.isVisible()
    assert dialog.chosen_worker_id() == "W004"


def test_off_duty_worker_is_confirmed_but_not_forced(qtbot, open_dialog):
    dialog = open_dialog("I2")
    dialog.table.selectRow(_row(dialog, "W006"))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert "未在岗" in dialog.warning.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.chosen_worker_id() == "W006" and dialog.force is False


def test_assigned_workers_are_not_listed_and_another_can_be_added(qtbot, session, scenario, open_dialog):
    i3 = scenario.ids["I3"]
    dialog = open_dialog("I3")
    assert "W003" not in [s.worker_id for s in dialog.suggestions]
    assert f"已派：{scenario.workers['W003'].name}" in dialog.header.text()
    session.feed([scenario.f.step(i3, ev.INCIDENT_DISPATCHED, worker="W001")])
    again = open_dialog("I3")
    assert {"W001", "W003"}.isdisjoint(s.worker_id for s in again.suggestions)
    assert len(again.suggestions) == 4
