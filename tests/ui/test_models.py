"""Item models under QAbstractItemModelTester while they receive resets and event batches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from console.domain import events as ev
from console.domain.workers import WorkerStatus
from console.testing.sample_state import grid_center
from console.ui.event_log import EventLogModel
from console.ui.queue.model import BIG_BATCH, INCIDENT_ID_ROLE, SORT_KEY_ROLE, Col, IncidentTableModel
from console.ui.workers.model import STATUS_ROLE, WCol, WorkerTableModel

WARN = QAbstractItemModelTester.FailureReportingMode.Warning


def _tester(model):
    return QAbstractItemModelTester(model, WARN, model)


def _ids(model) -> list[str]:
    return [model.index(r, 0).data(INCIDENT_ID_ROLE) for r in range(model.rowCount())]


@pytest.mark.parametrize("batch", [1, 7, 1000])
def test_queue_incremental_batches_match_sorted_order(qtbot, scenario, empty_session, clock, batch):
    model = IncidentTableModel(empty_session, clock=clock)
    _tester(model)
    empty_session.reset(scenario.empty_state())
    events = scenario.base_events()
    for i in range(0, len(events), batch):
        empty_session.feed(events[i : i + batch])
    ids = scenario.ids
    assert _ids(model) == [ids["I1"], ids["I2"], ids["I3"], ids["I4"]]  # open only, priority order
    model.set_filter("all")
    assert _ids(model) == [ids["I1"], ids["I2"], ids["I3"], ids["I4"], ids["I5"]]
    model.set_filter("open")
    assert model.rowCount() == 4


def test_queue_cells_roles_and_moves(qtbot, scenario, session, clock):
    model = IncidentTableModel(session, clock=clock)
    _tester(model)
    model.set_filter("all")
    ids, f = scenario.ids, scenario.f
    row = model.row_of(ids["I1"])
    assert row == 0
    assert model.index(row, Col.STATUS).data() == "新建"
    assert model.index(row, Col.PRIORITY).data() == "一级"
    assert model.index(row, Col.CATEGORY).data() == "治安纠纷"  # the code is in the tooltip
    assert model.index(row, Col.SOURCE).data() == "网格员上报"
    assert model.index(row, Col.GRID).data() == "001 平江一网格"
    assert model.index(row, Col.ADDRESS).data() == "平江路1号"
    assert model.index(model.row_of(ids["I3"]), Col.WORKER).data() == scenario.workers["W003"].name
    assert model.index(row, Col.PRIORITY).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(row, Col.ID).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "编号"

    # A status change that keeps the row in place: one dataChanged on that row only.
    with qtbot.waitSignal(model.dataChanged) as blocker:
        session.feed([f.step(ids["I1"], ev.INCIDENT_ACCEPTED, note="ok")])
    top, bottom = blocker.args[0], blocker.args[1]
    assert top.row() == bottom.row() == 0
    assert model.index(0, Col.STATUS).data() == "受理"

    # Closing I4 moves it below the open rows (filter all) ...
    with qtbot.waitSignal(model.rowsMoved):
        session.feed([f.step(ids["I4"], ev.INCIDENT_VERIFYING),
                      f.step(ids["I4"], ev.INCIDENT_CLOSED, note="done", outcome="handled")])
    assert _ids(model)[-2:] == sorted(
        [ids["I4"], ids["I5"]], key=lambda i: -session.state.incidents[i].reported_at
    )

    # ... and a new priority-1 incident is inserted at the top.
    grid = scenario.grids[2]
    report = f.report(grid, grid_center(grid), priority=1, address="新地址", narrative="新警情")
    with qtbot.waitSignal(model.rowsInserted) as blocker:
        session.feed([report])
    assert blocker.args[1] == 0
    assert _ids(model)[0] == report.data["incident"]


def test_queue_closing_removes_row_when_open_only(qtbot, scenario, session, clock):
    model = IncidentTableModel(session, clock=clock)
    _tester(model)
    with qtbot.waitSignal(model.rowsRemoved):
        session.feed([scenario.f.step(scenario.ids["I4"], ev.INCIDENT_VERIFYING),
                      scenario.f.step(scenario.ids["I4"], ev.INCIDENT_CLOSED, note="回访满意", outcome="handled")])
    assert scenario.ids["I4"] not in _ids(model)
    assert model.rowCount() == 3


def test_queue_big_batch_re_sorts_once(qtbot, scenario, session, clock):
    model = IncidentTableModel(session, clock=clock)
    _tester(model)
    grid = scenario.grids[0]
    batch = [scenario.f.report(grid, grid_center(grid), priority=4) for _ in range(BIG_BATCH + 5)]
    inserted = []
    model.rowsInserted.connect(lambda *_: inserted.append(1))
    with qtbot.waitSignal(model.layoutChanged):
        session.feed(batch)
    assert not inserted  # one layoutChanged, not a signal per row
    assert model.rowCount() == 4 + len(batch)
    keys = [model.index(r, 0).data(SORT_KEY_ROLE) for r in range(model.rowCount())]
    assert keys == sorted(keys)


def test_worker_model_status_and_updates(qtbot, scenario, empty_session, clock):
    model = WorkerTableModel(empty_session, clock=clock)
    _tester(model)
    empty_session.reset(scenario.empty_state())
    assert model.rowCount() == 6
    empty_session.feed(scenario.base_events())

    def status(wid):
        return WorkerStatus(model.index(model.row_of(wid), 0).data(STATUS_ROLE))

    assert status("W001") is WorkerStatus.ON_DUTY
    assert status("W003") is WorkerStatus.ON_ORDER
    assert status("W005") is WorkerStatus.STALE
    assert status("W006") is WorkerStatus.OFF_DUTY
    w3 = model.row_of("W003")
    assert model.index(w3, WCol.STATUS).data().endswith("执行任务")
    assert model.index(w3, WCol.TASK).data() == scenario.ids["I3"]
    assert model.index(w3, WCol.LAST_FIX).data() == "2秒前"
    assert model.index(model.row_of("W006"), WCol.STATUS).data().endswith("未在岗")
    assert model.headerData(4, Qt.Orientation.Horizontal) == "最后定位"

    with qtbot.waitSignal(model.dataChanged):
        empty_session.feed([scenario.f.step(scenario.ids["I2"], ev.INCIDENT_DISPATCHED, worker="W002")])
    assert status("W002") is WorkerStatus.ON_ORDER
    with qtbot.waitSignal(model.dataChanged):
        model.tick()


def test_worker_model_shows_an_sos_worker(qtbot, scenario, session, clock):
    model = WorkerTableModel(session, clock=clock)
    _tester(model)
    session.feed([scenario.f.sos("W001")])
    row = model.row_of("W001")
    assert model.status("W001") is WorkerStatus.SOS
    assert model.index(row, WCol.STATUS).data() == "★ 紧急求助"
    assert model.index(row, WCol.STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_worker_model_stale_threshold_is_a_parameter(qtbot, scenario, session, clock):
    model = WorkerTableModel(session, clock=clock, stale_after_ms=120_000)
    _tester(model)
    assert model.status("W005") is WorkerStatus.ON_DUTY


def test_event_log_caps_rows_and_skips_positions(qtbot, scenario, session):
    model = EventLogModel(max_rows=10)
    _tester(model)
    events = scenario.base_events()
    skipped = model.add(session.state, events)
    assert skipped == sum(e.type == ev.POSITION_REPORTED for e in events)
    assert model.rowCount() == 10
    model.add(session.state, events[:3])
    assert model.rowCount() == 10
    assert model.index(0, 1).data() == "上岗"
