"""The main window fed by a session: queue, workers, selection sync, actions, status bar, layout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget

from console.domain import events as ev
from console.domain.incidents import Status
from console.ui.main_window import MainWindow
from console.ui.queue.model import Col
from console.ui.workers.model import WCol


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, empty_session, scenario, settings, clock):
    win = MainWindow(empty_session, settings, clock=clock)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    return win


def _cell(view, row, col):
    return view.model.index(row, col).data()


def test_window_shows_incidents_and_workers_from_event_stream(window, scenario, qtbot):
    queue = window.queue
    assert queue.model.rowCount() == 4
    first = [_cell(queue, 0, c) for c in (Col.ID, Col.PRIORITY, Col.STATUS, Col.CATEGORY)]
    assert first == [scenario.ids["I1"], "一级", "新建", "治安纠纷"]
    assert _cell(queue, 3, Col.STATUS) == "已反馈"
    assert window.workers.model.rowCount() == 6
    statuses = {_cell(window.workers, r, WCol.NAME): _cell(window.workers, r, WCol.STATUS) for r in range(6)}
    names = {w: scenario.workers[w].name for w in scenario.workers}
    assert statuses[names["W003"]].endswith("执行任务")
    assert statuses[names["W005"]].endswith("失联")
    assert statuses[names["W006"]].endswith("未在岗")
    qtbot.waitUntil(lambda: queue.counter_labels["new"].text() == "新建 1")
    assert queue.counter_labels["in_progress"].text() == "处置中 2"
    assert queue.counter_labels["feedback"].text() == "已反馈 1"
    assert "新建" in window.status.counter_labels["new"].text()
    assert window.event_log.position_count == 6
    assert window.event_log.model.rowCount() > 10


def test_filter_open_and_all(window, scenario):
    window.filter_action.setChecked(True)
    assert window.queue.model.rowCount() == 5
    assert window.queue.filter_combo.currentData() == "all"
    window.queue.set_filter("open")
    assert window.queue.model.rowCount() == 4
    assert window.queue.model.filter_mode() == "open"


def test_queue_selection_drives_map_and_detail(window, scenario):
    i2 = scenario.ids["I2"]
    row = window.queue.model.row_of(i2)
    window.queue.table.selectRow(row)
    assert window.selected_incident() == i2
    assert window.map.selected_incident() == i2
    assert window.detail.incident_id() == i2
    assert window.detail.values["状态"].text() == "受理"


def test_map_click_selects_in_queue(window, scenario):
    i3 = scenario.ids["I3"]
    window.map.incident_clicked.emit(i3)
    assert window.selected_incident() == i3
    index = window.queue.table.currentIndex()
    assert window.queue.model.incident_id(index.row()) == i3
    assert window.detail.title.text().startswith(i3)


@pytest.mark.parametrize(
    ("key", "accept", "dispatch", "close"),
    [
        ("I1", True, False, False),
        ("I2", False, True, False),
        ("I3", False, False, False),
        ("I4", False, False, True),
        ("I5", False, False, False),
    ],
)
def test_detail_buttons_follow_status(window, scenario, key, accept, dispatch, close):
    window.select_incident(scenario.ids[key])
    d = window.detail
    assert (d.accept_action.isEnabled(), d.dispatch_action.isEnabled(), d.close_action.isEnabled()) == (
        accept,
        dispatch,
        close,
    )
    assert (
        d.buttons["accept"].isEnabled(),
        d.buttons["dispatch"].isEnabled(),
        d.buttons["close"].isEnabled(),
    ) == (accept, dispatch, close)


def test_clicking_accept_calls_session(window, scenario, qtbot, empty_session):
    window.select_incident(scenario.ids["I1"])
    qtbot.mouseClick(window.detail.buttons["accept"], Qt.MouseButton.LeftButton)
    assert empty_session.calls == [("accept", scenario.ids["I1"])]
    window.select_incident(scenario.ids["I4"])
    qtbot.mouseClick(window.detail.buttons["close"], Qt.MouseButton.LeftButton)
    assert empty_session.calls[-1] == ("close_incident", scenario.ids["I4"])


def test_tooltips_show_shortcuts(window):
    assert "F2" in window.detail.accept_action.toolTip()
    assert "F3" in window.detail.dispatch_action.toolTip()
    assert "F4" in window.detail.close_action.toolTip()


def test_new_to_dispatched_in_three_keys(window, scenario, qtbot, empty_session):
    i1 = scenario.ids["I1"]
    window.select_incident(i1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.queue.table, Qt.Key.Key_F2)
    assert empty_session.calls == [("accept", i1)]
    empty_session.feed([scenario.f.step(i1, ev.INCIDENT_ACCEPTED)])  # the relay's answer
    assert window.detail.dispatch_action.isEnabled()
    qtbot.keyClick(window.queue.table, Qt.Key.Key_F3)
    dialog = window.dispatch_dialog
    assert dialog is not None and dialog.isVisible()
    first = dialog.suggestions[0]
    assert first.grid_code == session_grid(empty_session, i1)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert empty_session.calls[-1] == ("dispatch", i1, first.worker_id)


def session_grid(session, incident_id):
    return session.state.incidents[incident_id].grid_code


def test_command_failed_is_shown_without_blocking(window, empty_session):
    empty_session.command_failed.emit(
        "incident.accept",
        {"code": "E_TRANSITION", "zh": "当前状态不允许该操作", "en": "transition not allowed"},
    )
    assert "当前状态不允许该操作" in window.statusBar().currentMessage()
    box = window._error_box
    assert box is not None and box.isVisible() and not box.isModal()
    assert "受理失败" in box.text()


def test_status_bar_connection_rate_account(window, empty_session, qtbot):
    empty_session.connection_changed.emit("connected", "ws://relay:8765")
    assert "已连接" in window.status.connection_label.text()
    empty_session.connection_changed.emit("disconnected", "连接被拒绝")
    assert "未连接" in window.status.connection_label.text()
    assert window.status.rate.rate() > 0
    window.status.tick()
    assert "/秒" in window.status.rate_label.text()
    assert "ddy01" in window.status.account_label.text()
    assert "指挥调度员" in window.status.account_label.text()


def test_state_reset_rebuilds_everything(window, scenario, empty_session):
    window.select_incident(scenario.ids["I1"])
    empty_session.reset(scenario.empty_state())
    assert window.queue.model.rowCount() == 0
    assert window.selected_incident() is None
    assert not window.detail.accept_action.isEnabled()


def test_dock_layout_saved_and_restored(qtbot, empty_session, settings):
    win = MainWindow(empty_session, settings)
    qtbot.addWidget(win)
    docks = win.findChildren(QDockWidget)
    assert {d.objectName() for d in docks} == {"queueDock", "workersDock", "detailDock", "eventLogDock"}
    for dock in docks:
        assert dock.features() & QDockWidget.DockWidgetFeature.DockWidgetMovable
        assert dock.features() & QDockWidget.DockWidgetFeature.DockWidgetFloatable
    win.show()
    qtbot.waitExposed(win)
    win.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, win.log_dock)
    win.workers_dock.hide()
    win.close()  # saves geometry and dock state

    again = MainWindow(empty_session, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.dockWidgetArea(again.log_dock) == Qt.DockWidgetArea.TopDockWidgetArea
    assert again.workers_dock.isHidden()
    assert not again.queue_dock.isHidden()


def test_status_of_selected_incident_refreshes_on_events(window, scenario, empty_session):
    i2 = scenario.ids["I2"]
    window.select_incident(i2)
    empty_session.feed([scenario.f.step(i2, ev.INCIDENT_DISPATCHED, worker="W002")])
    assert window.detail.values["状态"].text() == Status.DISPATCHED.label
    assert window.detail.timeline.rowCount() == 3
    assert window.detail.timeline.item(2, 1).text() == "派遣"


def test_window_starts_before_any_snapshot(qtbot, scenario, settings, clock):
    from console.ui.demo_session import DemoSession

    session = DemoSession(None, account="ddy02", role="")
    win = MainWindow(session, settings, clock=clock)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.queue.model.rowCount() == 0 and win.workers.model.rowCount() == 0
    win.detail.request_accept()  # nothing selected: no command
    assert session.calls == []
    session.role = "dispatcher"
    session.connection_changed.emit("connected", "")
    assert "指挥调度员" in win.status.account_label.text()
    session.reset(scenario.state())
    assert win.queue.model.rowCount() == 4
    win.map.refresh_now()
    assert sum(win.map.incident_counts().values()) == 5
