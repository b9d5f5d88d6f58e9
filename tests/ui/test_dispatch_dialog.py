"""Dispatch dialog over the domain's suggestions: fit units first by ETA, reason and flag shown, risky picks asked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.domain import events as ev
from console.domain.suggest import Reason
from console.domain.units import TravelMode
from console.domain.workers import Worker, WorkerKind
from console.testing.sample_state import grid_center
from console.ui.dispatch_dialog import HEADERS, DispatchDialog
from console.ui.texts import fmt_time
from tests.ui.conftest import FakeSession


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
    assert [s.worker_id for s in dialog.suggestions] == ["W002", "W001", "W004", "W003", "W005", "W006"]
    assert table.currentRow() == 0
    first = [table.item(0, c).text() for c in range(table.columnCount())]
    assert first[0] == scenario.workers["W002"].name
    assert first[1].startswith("网格员 · 约") and Reason.RESPONSIBLE.label in first[1] and "具备调解能力" in first[1]
    assert first[2] == "" and "本网格" in first[3]
    assert first[4].endswith("m") and first[5].endswith("分") and first[6] == "0"
    assert first[8] == "空闲"
    busy = _row(dialog, "W003")
    assert table.item(busy, 8).text() == f"忙 {scenario.ids['I3']}"
    assert table.item(busy, 6).text() == "1"
    assert Reason.OFFICER.label in table.item(_row(dialog, "W005"), 1).text()
    assert Reason.RESPONSIBLE.label not in table.item(_row(dialog, "W001"), 1).text()


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


@pytest.fixture
def fight(qtbot, scenario, clock):
    """A 打架斗殴 in grid 1 with a patrol car on duty in grid 4 and the scenario's grid workers."""
    far = scenario.grids[3]
    scenario.workers["X01"] = Worker("X01", "巡逻一组(车)", WorkerKind.PATROL, far.code, mode=TravelMode.CAR)
    session = FakeSession(scenario.state())
    duty = scenario.f.duty("X01")
    report = scenario.f.report(scenario.grids[0], grid_center(scenario.grids[0]), category="200100", priority=2)
    session.feed([duty, report])
    dialog = DispatchDialog(session.state, session.state.incidents[report.data["incident"]], now_ms=clock())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_fight_preselects_the_patrol_car_and_flags_grid_workers(qtbot, fight):
    assert fight.table.currentRow() == 0 and fight.chosen_worker_id() == "X01"
    assert fight.table.item(0, 1).text().startswith("巡逻车 · 约") and "具备执法能力" in fight.table.item(0, 1).text()
    grid_row = _row(fight, "W001")
    assert fight.table.item(grid_row, 2).text() == "仅协助 · 无执法权"
    start, end, label = fight.route()
    assert start != end and label.startswith("巡逻一组(车) · 约")
    with qtbot.waitSignal(fight.accepted, timeout=2000):
        qtbot.keyClick(fight.table, Qt.Key.Key_Return)
    assert fight.chosen_worker_id() == "X01" and fight.force is False


def test_fight_grid_worker_alone_needs_confirmation_and_moves_the_route(qtbot, fight):
    with qtbot.waitSignal(fight.route_changed, timeout=2000) as moved:
        fight.table.selectRow(_row(fight, "W001"))
    assert moved.args[0][2].startswith(fight.suggestions[_row(fight, "W001")].name)
    qtbot.keyClick(fight.table, Qt.Key.Key_Return)
    assert fight.result() == 0 and "无执法权" in fight.warning.text() and "尚无警力主办" in fight.warning.text()
    with qtbot.waitSignal(fight.accepted, timeout=2000):
        qtbot.keyClick(fight.table, Qt.Key.Key_Return)
    assert fight.chosen_worker_id() == "W001" and fight.force is False


def test_stale_dispatch_refused_before_sending_the_live_dialog_warns(qtbot, session, scenario, open_dialog):
    """d02 dispatches while d01's dialog is open: the dialog updates under it, names who sent whom, and the
    next Enter only arms the confirmation."""
    i2 = scenario.ids["I2"]
    dialog = open_dialog("I2")
    dialog.follow(session)
    opened_on = dialog.version
    assert "W006" in [s.worker_id for s in dialog.suggestions]
    other = scenario.f.step(i2, ev.INCIDENT_DISPATCHED, "W006", by="d02")
    session.feed([other])
    name = scenario.workers["W006"].name
    assert dialog.warning.isVisible()
    assert f"已由 d02 于 {fmt_time(other.at)} 派遣 {name}" in dialog.warning.text()
    assert "W006" not in [s.worker_id for s in dialog.suggestions]  # she is on it now
    assert name in dialog.header.text()
    assert dialog.version == other.seq > opened_on
    assert dialog.chosen_worker_id() == "W002"  # the row the dispatcher was on stays current
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.isVisible() and "仍然派遣" in dialog.ok_button.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.chosen_worker_id() == "W002"


def test_live_dialog_follows_worker_status(qtbot, session, scenario, open_dialog):
    dialog = open_dialog("I2")
    dialog.follow(session)
    row = _row(dialog, "W001")
    assert dialog.table.item(row, 8).text() == "空闲"
    i1 = scenario.ids["I1"]
    session.feed([scenario.f.step(i1, ev.INCIDENT_ACCEPTED),
                  scenario.f.step(i1, ev.INCIDENT_DISPATCHED, worker="W001")])
    assert dialog.table.item(_row(dialog, "W001"), 8).text().startswith("忙")
    assert not dialog.warning.isVisible()  # another incident: no warning about this one
