"""The main window fed by a session: queue, workers, selection sync, actions, status bar, layout."""

from __future__ import annotations

import copy

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget

from console.domain import events as ev
from console.domain.catalogue import OPERATIONS
from console.domain.incidents import Incident, Status
from console.domain.state import apply
from console.ui.actions.controller import CORRECTIONS, PRIMARY, SECONDARY
from console.ui.main_window import MainWindow
from console.ui.queue.model import Col
from console.ui.texts import fmt_time, op_label
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
    first = [_cell(queue, 0, c) for c in (Col.ID, Col.PRIORITY, Col.STATUS)]
    assert first == [scenario.ids["I1"], "一级", "新建"]
    assert "治安纠纷" in _cell(queue, 0, Col.CATEGORY)
    assert _cell(queue, 3, Col.STATUS) == "已反馈"
    assert window.workers.model.rowCount() == 6
    statuses = {_cell(window.workers, r, WCol.NAME): _cell(window.workers, r, WCol.STATUS) for r in range(6)}
    names = {w: scenario.workers[w].name for w in scenario.workers}
    assert statuses[names["W003"]].endswith("执行任务")
    assert statuses[names["W005"]].endswith("失联")
    assert statuses[names["W006"]].endswith("未在岗")
    qtbot.waitUntil(lambda: queue.counter_labels["new"].text() == "待受理 1")
    assert queue.counter_labels["handling"].text() == "处置中 2"
    assert queue.counter_labels["verify"].text() == "待核查 1"
    assert "待受理" in window.status.counter_labels["new"].text()
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
    ("key", "accept", "dispatch", "verify_close"),
    [
        ("I1", True, False, False),
        ("I2", False, True, False),
        ("I3", False, True, False),  # a second worker may be dispatched
        ("I4", False, False, True),
        ("I5", False, False, False),
    ],
)
def test_detail_buttons_follow_status(window, scenario, key, accept, dispatch, verify_close):
    window.select_incident(scenario.ids[key])
    actions = window.incident_actions.actions
    expected = (accept, dispatch, verify_close)
    assert (actions["accept"].isEnabled(), actions["dispatch"].isEnabled(), actions["verify_close"].isEnabled()) == (
        expected
    )
    buttons = window.detail.action_buttons.buttons
    assert (buttons["accept"].isEnabled(), buttons["dispatch"].isEnabled(), buttons["verify_close"].isEnabled()) == (
        expected
    )


def test_clicking_accept_and_f4_call_session(window, scenario, qtbot, empty_session):
    i1, i4 = scenario.ids["I1"], scenario.ids["I4"]
    window.select_incident(i1)
    qtbot.mouseClick(window.detail.action_buttons.buttons["accept"], Qt.MouseButton.LeftButton)
    assert empty_session.calls == [("command", "incident.accept", {"incident": i1})]
    window.select_incident(i4)  # 已反馈: F4 核查, then on 待核查 F4 办结
    assert window.incident_actions.actions["verify_close"].iconText() == "核查 F4"
    qtbot.mouseClick(window.detail.action_buttons.buttons["verify_close"], Qt.MouseButton.LeftButton)
    assert empty_session.calls[-1] == ("command", "incident.verify", {"incident": i4})
    empty_session.feed([scenario.f.step(i4, ev.INCIDENT_VERIFYING)])
    assert window.incident_actions.actions["verify_close"].iconText() == "办结 F4"
    qtbot.mouseClick(window.detail.action_buttons.buttons["verify_close"], Qt.MouseButton.LeftButton)
    dialog = window.incident_actions.dialog  # 办结 asks for a 处理结果 and confirms: never sent at once
    assert dialog is not None and empty_session.calls[-1][1] == "incident.verify"
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # digit keys are dialog shortcuts: they need the active window
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_2)  # 已调解
    qtbot.keyClicks(dialog.reason, "both parties agreed")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert empty_session.calls[-1][1] == "incident.verify" and dialog.confirming
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert empty_session.calls[-1] == ("command", "incident.close",
                                       {"incident": i4, "outcome": "mediated", "note": "both parties agreed"})


def test_tooltips_show_shortcuts(window):
    actions = window.incident_actions.actions
    for key, shortcut in (("accept", "F2"), ("dispatch", "F3"), ("verify_close", "F4"), ("rework", "F5"),
                          ("refer", "F6"), ("void", "F7"), ("supervise", "F8"), ("extension", "Ctrl+E"),
                          ("callback", "Ctrl+H")):
        assert shortcut in actions[key].toolTip()
    assert "F1" in window.intake_action.toolTip()
    assert window.intake_action in window.toolbar.actions()


def test_new_to_dispatched_in_three_keys(window, scenario, qtbot, empty_session):
    i1 = scenario.ids["I1"]
    window.select_incident(i1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.queue.table, Qt.Key.Key_F2)
    assert empty_session.calls == [("command", "incident.accept", {"incident": i1})]
    empty_session.feed([scenario.f.step(i1, ev.INCIDENT_ACCEPTED)])  # the relay's answer
    assert window.incident_actions.actions["dispatch"].isEnabled()
    qtbot.keyClick(window.queue.table, Qt.Key.Key_F3)
    dialog = window.dispatch_dialog
    assert dialog is not None and dialog.isVisible()
    first = dialog.suggestions[0]
    assert first.grid_code == session_grid(empty_session, i1)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    version = empty_session.state.incidents[i1].version  # the version the dialog showed travels with it
    assert empty_session.calls[-1] == ("command", "incident.dispatch",
                                       {"incident": i1, "worker": first.worker_id, "version": version})
    assert len(empty_session.calls) == 2


def test_busy_worker_confirmed_in_dialog_is_dispatched_with_force(window, scenario, qtbot, empty_session):
    i2 = scenario.ids["I2"]
    window.select_incident(i2)
    dialog = window.open_dispatch_dialog(i2)
    qtbot.waitExposed(dialog)
    dialog.table.selectRow(next(i for i, s in enumerate(dialog.suggestions) if s.worker_id == "W003"))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert empty_session.calls == [] and dialog.warning.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    version = empty_session.state.incidents[i2].version
    assert empty_session.calls == [("command", "incident.dispatch",
                                    {"incident": i2, "worker": "W003", "version": version, "force": True})]


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


def test_stale_dispatch_refused_names_who_dispatched_whom(window, scenario, empty_session):
    i2 = scenario.ids["I2"]
    window.select_incident(i2)
    stale = empty_session.state.incidents[i2].version
    dialog = window.open_dispatch_dialog(i2)
    assert dialog.version == stale
    dialog.accept()
    sent = [c for c in empty_session.calls if c[1] == "incident.dispatch"]
    assert sent and sent[-1][2]["version"] == stale  # the version the dialog showed, not a later one
    other = scenario.f.step(i2, ev.INCIDENT_DISPATCHED, "W006", by="d02")
    fresh_state = copy.deepcopy(empty_session.state)
    apply(fresh_state, other)
    empty_session.command_failed.emit("incident.dispatch", {
        "code": "E_CONFLICT", "zh": "操作冲突", "incident": fresh_state.incidents[i2].to_dict(),
        "request": sent[-1][2]})
    message = window.statusBar().currentMessage()
    assert f"d02 已于 {fmt_time(other.at)} 派遣 {scenario.workers['W006'].name}，本次操作未执行，已刷新" in message
    assert window.detail.values["处置人"].text().endswith(scenario.workers["W006"].name)


def test_conflict_shows_fresh_state_and_says_so(window, scenario, empty_session):
    i2 = scenario.ids["I2"]
    window.select_incident(i2)
    fresh = Incident.from_dict(empty_session.state.incidents[i2].to_dict())
    fresh.status, fresh.version = Status.VOID, fresh.version + 100
    empty_session.command_failed.emit("incident.refer", {
        "code": "E_CONFLICT", "zh": "操作冲突：警情已被他人更新", "incident": fresh.to_dict(),
    })
    assert "本次操作未执行，已刷新" in window.statusBar().currentMessage()
    assert "转办失败" in window._error_box.text()
    assert window.detail.values["状态"].text() == "已作废"  # before the live event arrives
    empty_session.feed([scenario.f.step(i2, ev.INCIDENT_DISPATCHED, worker="W002")])
    assert window.detail.values["状态"].text() == "已作废"  # still older than the fresh copy
    window.select_incident(scenario.ids["I1"])
    window.select_incident(i2)
    assert window.detail.values["状态"].text() == "已派遣"  # a new selection reads the session's state


def test_busy_refusal_offers_force(window, scenario, qtbot, empty_session):
    i2 = scenario.ids["I2"]
    request = {"incident": i2, "worker": "W003", "version": 7}
    empty_session.command_failed.emit("incident.dispatch", {
        "code": "E_BUSY", "zh": "人员忙：吴刚 正在处置 X", "incident": "X", "request": request,
    })
    box = window.force_box
    assert box is not None and box.isVisible() and "正在处置" in box.text()
    with qtbot.waitSignal(box.accepted, timeout=2000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert empty_session.calls == [("command", "incident.dispatch", {"incident": i2, "worker": "W003", "force": True})]


def test_op_labels_from_the_catalogue_name_every_op_in_chinese():
    for op in OPERATIONS:
        label = op_label(op)
        assert label != op and all("\u4e00" <= ch <= "\u9fff" for ch in label), op


def test_queue_right_click_menu_uses_the_same_actions(window, scenario, qtbot):
    table = window.queue.table
    row = window.queue.model.row_of(scenario.ids["I4"])
    pos = table.visualRect(window.queue.model.index(row, 0)).center()
    table.customContextMenuRequested.emit(pos)
    assert window.selected_incident() == scenario.ids["I4"]
    menu = window.queue_menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    shown = [a for a in menu.actions() if not a.isSeparator()]
    assert shown == [window.incident_actions.actions[k] for k in (*PRIMARY, *SECONDARY, *CORRECTIONS)]
    assert window.incident_actions.actions["verify_close"].isEnabled()
    menu.close()


def test_detail_timeline_shows_workstation_and_reason(window, scenario, empty_session):
    i3 = scenario.ids["I3"]
    window.select_incident(i3)
    empty_session.feed([scenario.f.act(i3, ev.INCIDENT_SUPERVISED, actor="c01", level="yellow", note="超时未到场",
                                       ws="值班台-2")])
    table = window.detail.timeline
    last = table.rowCount() - 1
    cells = [table.item(last, c).text() for c in range(table.columnCount())]
    assert cells[1:4] == ["督办", "c01", "值班台-2"]
    assert "超时未到场" in cells[5]
    badge = window.detail.supervision_badge
    assert badge.isVisible() and badge.text() == "黄牌督办"
    assert window.detail.sla_label.isVisible() and window.detail.sla_label.text().startswith("办理")


def test_detail_of_a_referred_incident(window, scenario, empty_session, qtbot):
    i1 = scenario.ids["I1"]
    window.select_incident(i1)
    f = scenario.f
    refer = f.act(i1, ev.INCIDENT_REFERRED, department="600600", note="占道经营", ws="接警台-1")
    empty_session.feed([refer, f.act(i1, ev.REFERRAL_SIGNED, actor="cg01", department="600600"),
                        f.act(i1, ev.REFERRAL_FEEDBACK, actor="cg01", department="600600", note="已劝离",
                              unit="城管中队")])
    detail = window.detail
    assert detail.referral.isVisible()
    values = {k: v.text() for k, v in detail.referral_values.items()}
    assert values["部门"] == "城管执法 (600600)" and values["工单号"] == refer.data["order"]
    assert values["状态"] == "已反馈" and values["反馈单位"] == "城管中队" and "已劝离" in values["反馈"]
    assert "cg01" in values["签收"] and values["转办原因"] == "占道经营"
    assert detail.values["状态"].text() == "已反馈"


def test_detail_links_and_assignments(window, scenario, empty_session, qtbot):
    i3, i1 = scenario.ids["I3"], scenario.ids["I1"]
    empty_session.state.incidents[i3].repeat_of = i1
    window.select_incident(i3)
    detail = window.detail
    assert detail.links.isVisible() and i1 in detail.links.text()
    assert detail.assignments.rowCount() == 1
    row = [detail.assignments.item(0, c).text() for c in range(4)]
    assert row[:2] == [scenario.workers["W003"].name, "已派遣"] and row[3] == "—"
    assert detail.tabs.tabText(1) == "派遣 (1)"
    detail.links.linkActivated.emit(i1)
    assert window.selected_incident() == i1


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
    assert not window.incident_actions.actions["accept"].isEnabled()


def test_dock_layout_saved_and_restored(qtbot, empty_session, settings):
    win = MainWindow(empty_session, settings)
    qtbot.addWidget(win)
    docks = win.findChildren(QDockWidget)
    assert {d.objectName() for d in docks} == {"queueDock", "workersDock", "detailDock", "eventLogDock", "reviewDock",
                                              "ordersDock", "alertsDock", "callsDock", "unitsDock", "noticesDock",
                                              "warningsDock"}
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
    win.incident_actions.trigger("accept")  # nothing selected: no command
    assert session.calls == []
    session.role = "dispatcher"
    session.connection_changed.emit("connected", "")
    assert "指挥调度员" in win.status.account_label.text()
    session.reset(scenario.state())
    assert win.queue.model.rowCount() == 4
    win.map.refresh_now()
    assert sum(win.map.incident_counts().values()) == 5
