"""Orders (派单): the issue dialog (worker, target, ID check, duplicate verification, force) and the orders dock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMainWindow

from console.domain import events as ev
from console.domain.orders import OrderKind
from console.ui.orders.dialog import IssueOrderDialog
from console.ui.orders.dock import install_orders_dock
from console.ui.orders.model import OVERDUE_COLOR, OCol, OrderTableModel
from console.ui.orders.view import OrdersView
from tests.ui.conftest import NOW_MS, FakeSession

WARN = QAbstractItemModelTester.FailureReportingMode.Warning
VALID_ID = "11010519491231002X"  # the GB 11643 standard's own example
HOUR = 3_600_000


@pytest.fixture
def desk(scenario):
    scenario.with_addresses()
    return FakeSession(scenario.state(), account="ddy01", role="dispatcher")


def _dialog(qtbot, desk, **kwargs) -> IssueOrderDialog:
    dialog = IssueOrderDialog(desk, clock=lambda: NOW_MS, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _choose(dialog: IssueOrderDialog, kind: OrderKind, worker: str, target: str) -> None:
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.worker_edit.setText(worker)
    dialog.target_edit.setText(target)


def test_person_check_validates_the_id_number(qtbot, desk):
    dialog = _dialog(qtbot, desk)
    _choose(dialog, OrderKind.VERIFY_PERSON, "W001", "110105194912310021")
    assert dialog.target_hint.text() == "✗ 身份证号校验位应为 X"
    dialog.submit()
    assert desk.calls == []
    assert "请先填写" in dialog.message.text()
    dialog.target_edit.setText("11010519491331002X")
    assert "出生日期无效" in dialog.target_hint.text()
    dialog.target_edit.setText(VALID_ID.lower())  # a lower-case x is accepted and sent upper-case
    assert dialog.target_hint.text() == "✓ 身份证号有效"
    dialog.submit()
    assert desk.calls == [("command", "order.issue", {"worker": "W001", "kind": "verify_person", "target": VALID_ID,
                                                      "due_hours": 24.0, "note": ""})]
    assert not dialog.send_button.isEnabled()


def test_worker_picker_resolves_name_or_id_and_skips_officers(qtbot, scenario, desk):
    dialog = _dialog(qtbot, desk)
    names = scenario.workers
    dialog.worker_edit.setText(names["W002"].name)
    assert dialog.worker_id() == "W002"
    assert names["W002"].name in dialog.worker_hint.text()
    dialog.worker_edit.setText("W004")
    assert dialog.worker_id() == "W004"
    dialog.worker_edit.setText("W005")  # a community officer takes no orders
    assert dialog.worker_id() is None
    completions = dialog.worker_edit.completer().model().stringList()
    assert len(completions) == 5 and not any("W005" in c for c in completions)


def test_address_target_completes_and_suggests_the_grid_worker(qtbot, scenario, desk):
    dialog = _dialog(qtbot, desk)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(OrderKind.VISIT))
    address = next(a for a in scenario.district.addresses if a.grid_code == scenario.grids[1].code)
    assert f"{address.text} · {address.code}" in dialog.target_edit.completer().model().stringList()
    dialog.target_edit.setText(address.text)
    assert dialog.target() == address.code
    assert dialog.worker_id() == "W002"  # the grid's own worker, filled in
    dialog.target_edit.setText(address.road)  # a road has many doors: ambiguous
    assert dialog.target() is None and dialog.target_hint.text().startswith("✗")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(OrderKind.PATROL))
    assert dialog.target() == address.road  # free text is fine for a patrol
    assert "非标准地址" in dialog.target_hint.text()


def test_local_recent_verification_warns_and_force_sends(qtbot, scenario, desk):
    f = scenario.f
    code = scenario.district.addresses[0].code
    issued = f.order("verify_house", "W001", code)
    order_id = issued.data["order"]
    desk.feed([issued, f.order_step(order_id, ev.ORDER_SIGNED, "W001"),
               f.order_step(order_id, ev.ORDER_DONE, "W001", "房屋情况与登记一致", confirmed=True)])
    dialog = _dialog(qtbot, desk)
    _choose(dialog, OrderKind.VERIFY_HOUSE, "W001", code)
    dialog.submit()
    assert desk.calls == []
    assert dialog.earlier_box.isVisible()
    text = dialog.earlier_text.text()
    assert scenario.workers["W001"].name in text and order_id in text and "房屋情况与登记一致" in text
    qtbot.mouseClick(dialog.force_button, Qt.MouseButton.LeftButton)
    assert desk.calls == [("command", "order.issue", {"worker": "W001", "kind": "verify_house", "target": code,
                                                      "due_hours": 24.0, "note": "", "force": True})]


def test_relay_refusal_shows_earlier_and_resends_with_force(qtbot, scenario, desk):
    dialog = _dialog(qtbot, desk, incident_id=scenario.ids["I1"])
    assert dialog.link_check.isVisible() and dialog.link_check.isChecked()
    assert dialog.worker_id() == "W001"  # the incident's grid worker is suggested
    _choose(dialog, OrderKind.VERIFY_PERSON, "W001", VALID_ID)
    dialog.submit()
    assert len(desk.calls) == 1 and "force" not in desk.calls[0][2]
    assert desk.calls[0][2]["incident"] == scenario.ids["I1"]
    earlier = {"key": f"person:{VALID_ID}", "at": NOW_MS - 3 * 24 * HOUR, "by": "W002", "source": "record",
               "ref": "SB2025111800000007", "result": "审核入库"}
    desk.command_failed.emit("order.issue", {"code": "E_RECENTLY_VERIFIED", "zh": "近期已核查", "earlier": earlier})
    assert dialog.earlier_box.isVisible()
    text = dialog.earlier_text.text()
    assert "审核入库 SB2025111800000007" in text and "3天前" in text and scenario.workers["W002"].name in text
    dialog.force_button.click()
    assert desk.calls[-1][2]["force"] is True
    f = scenario.f
    with qtbot.waitSignal(dialog.issued, timeout=1000) as blocker:
        desk.feed([f.order("verify_person", "W001", VALID_ID)])
    assert blocker.args[0].startswith("PD")
    assert dialog.result() == IssueOrderDialog.DialogCode.Accepted


def test_other_refusal_reenables_sending(qtbot, desk):
    dialog = _dialog(qtbot, desk)
    _choose(dialog, OrderKind.VERIFY_PERSON, "W001", VALID_ID)
    dialog.submit()
    desk.command_failed.emit("order.issue", {"code": "E_FORBIDDEN", "zh": "无权执行该操作"})
    assert dialog.send_button.isEnabled()
    assert "无权执行该操作" in dialog.message.text()
    assert not dialog.earlier_box.isVisible()


LATER = NOW_MS + 10 * 60_000  # the late order (due in 6 min, the shortest an order may have) is overdue by then


@pytest.fixture
def orders(scenario, desk):
    f = scenario.f
    late = f.order("visit", "W001", scenario.district.addresses[0].code, due_in_ms=6 * 60_000)
    soon = f.order("patrol", "W002", "仓街夜巡", due_in_ms=2 * HOUR)
    done = f.order("verify_person", "W003", VALID_ID, due_in_ms=HOUR)
    desk.feed([late, soon, done, f.order_step(done.data["order"], ev.ORDER_SIGNED, "W003"),
               f.order_step(done.data["order"], ev.ORDER_DONE, "W003", "人户一致", confirmed=True)])
    return late.data["order"], soon.data["order"], done.data["order"]


def test_order_model_filters_countdown_and_overdue(qtbot, desk, orders):
    late, soon, done = orders
    now = [LATER]
    model = OrderTableModel(desk, clock=lambda: now[0], tick_ms=60_000)
    QAbstractItemModelTester(model, WARN, model)
    assert model.ids() == [late, soon]  # open ones, most urgent first
    due = model.index(0, OCol.DUE)
    assert due.data().startswith("超") and due.data(Qt.ItemDataRole.ForegroundRole).color() == QColor(OVERDUE_COLOR)
    assert model.index(1, OCol.DUE).data().startswith("剩 1时")
    assert model.index(1, OCol.KIND).data() == "巡查"
    model.set_filter(OrderTableModel.FILTER_OVERDUE)
    assert model.ids() == [late]
    now[0] += 3 * HOUR
    model.tick()
    assert model.ids() == [late, soon]
    model.set_filter(OrderTableModel.FILTER_ALL)
    assert model.ids() == [late, soon, done]
    assert model.index(2, OCol.STATUS).data() == "已反馈"
    assert model.index(2, OCol.TARGET).data() == "110105********002X"  # a bare ID number is masked


def test_cancel_needs_a_reason(qtbot, desk, orders):
    late, _soon, _done = orders
    view = OrdersView(desk, clock=lambda: LATER)
    qtbot.addWidget(view)
    assert view.overdue_label.text() == "超期 1"
    assert not view.cancel_bar.isEnabled()
    view.select_order(late)
    assert view.cancel_bar.isEnabled()
    view.cancel_bar.submit()
    assert desk.calls == []
    view.cancel_bar.reason.setEditText("派错人员")
    view.cancel_bar.submit()
    assert desk.calls == [("command", "order.cancel", {"order": late, "note": "派错人员"})]


def test_install_orders_dock_and_ctrl_o(qtbot, scenario, desk):
    window = QMainWindow()
    window.selected_incident = lambda: scenario.ids["I2"]
    qtbot.addWidget(window)
    dock = install_orders_dock(window, desk, clock=lambda: NOW_MS)
    assert dock.objectName() == "ordersDock"
    with qtbot.waitActive(window):  # window shortcuts fire only in the active window
        window.show()
        window.activateWindow()
    view = dock.widget()
    qtbot.keyClick(view.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert view.dialog is not None and view.dialog.incident_id == scenario.ids["I2"]
    assert view.dialog.worker_id() == "W002"  # I2 is in grid 2
    view.dialog.close()
