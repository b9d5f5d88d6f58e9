"""警力状态 board: police units grouped by type, status with time in state counting up, sortable by it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console.domain import events as ev
from console.domain.units import TravelMode
from console.domain.workers import Worker, WorkerKind
from console.ui.units.board import UCol, UnitBoard
from tests.ui.conftest import NOW_MS, FakeSession


class Clock:
    def __init__(self) -> None:
        self.now = NOW_MS

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def board(qtbot, scenario):
    grid = scenario.grids[0].code
    scenario.workers.update({
        "X01": Worker("X01", "巡逻一组(车)", WorkerKind.PATROL, grid, mode=TravelMode.CAR),
        "X02": Worker("X02", "步巡一组", WorkerKind.PATROL, grid, mode=TravelMode.WALK),
        "X03": Worker("X03", "巡逻二组(车)", WorkerKind.PATROL, grid, mode=TravelMode.CAR),
        "F01": Worker("F01", "辅警甲", WorkerKind.AUXILIARY, grid),
    })
    session = FakeSession(scenario.state())
    session.feed([scenario.f.duty(w) for w in ("X01", "X02", "X03", "F01")])
    clock = Clock()
    widget = UnitBoard(session, clock=clock, tick_ms=50)
    qtbot.addWidget(widget)
    widget.show()
    return widget, session, scenario, clock


def test_unit_board_groups_police_units_and_leaves_out_grid_workers(board):
    widget, _session, scenario, _clock = board
    assert widget.group_of("巡逻车").text(0) == "巡逻车　共2　空闲2"
    assert widget.group_of("巡逻警组").childCount() == 1
    assert widget.group_of("社区民警").child(0).text(UCol.NAME) == scenario.workers["W005"].name
    assert widget.group_of("辅警").child(0).text(UCol.MODE) == "电动车"
    assert widget.row_of("W001") is None and widget.row_of("X01").text(UCol.STATUS) == "空闲"
    assert widget.row_of("W006") is None


def test_unit_board_status_time_in_state_counts_up_and_current_incident(qtbot, board):
    widget, session, scenario, clock = board
    i2 = scenario.ids["I2"]  # accepted: ready to dispatch
    dispatched = scenario.f.step(i2, ev.INCIDENT_DISPATCHED, worker="X01")
    session.feed([dispatched])
    clock.now = dispatched.at + 75_000
    qtbot.waitUntil(lambda: widget.row_of("X01").text(UCol.SINCE) == "1分15秒", timeout=2000)
    row = widget.row_of("X01")
    assert (row.text(UCol.STATUS), row.text(UCol.INCIDENT)) == ("已派", i2)
    assert widget.group_of("巡逻车").text(0) == "巡逻车　共2　空闲1"
    session.feed([scenario.f.step(i2, ev.INCIDENT_SIGNED, worker="X01")])
    assert widget.row_of("X01").text(UCol.STATUS) == "途中"


def test_unit_board_sortable_by_time_in_state(board):
    widget, session, scenario, clock = board
    session.feed([scenario.f.step(scenario.ids["I2"], ev.INCIDENT_DISPATCHED, worker="X03")])  # minutes ago
    clock.now += 5_000  # X01 idle since the board first saw it: 5 s

    def cars() -> list[str]:
        group = widget.group_of("巡逻车")
        return [group.child(i).data(UCol.NAME, Qt.ItemDataRole.UserRole + 2) for i in range(group.childCount())]

    widget.refresh()
    assert widget.row_of("X01").text(UCol.SINCE) == "5秒"
    assert cars() == ["X03", "X01"]  # longest in state first by default
    widget.tree.sortByColumn(UCol.SINCE, Qt.SortOrder.AscendingOrder)
    widget.refresh()
    assert cars() == ["X01", "X03"]


def test_unit_board_refreshes_only_for_batches_about_police_units(board, monkeypatch):
    widget, session, scenario, _clock = board
    refreshed = []
    monkeypatch.setattr(widget, "refresh", lambda: refreshed.append(1))
    session.feed([scenario.f.step(scenario.ids["I2"], ev.INCIDENT_DISPATCHED, worker="W001")])  # a grid worker
    assert refreshed == []
    session.feed([scenario.f.step(scenario.ids["I2"], ev.INCIDENT_DISPATCHED, worker="X02")])
    assert refreshed == [1]
