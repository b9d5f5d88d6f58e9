"""补充, 改类, 改级, 改址 from the keyboard, and the 办结 dialog's two steps; screenshots for review."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from console.domain.incidents import Status
from console.ui.actions import IncidentActions
from console.ui.actions.close_dialog import CloseDialog
from console.ui.actions.correction_dialogs import NoteDialog, ReaddressDialog, RecategorizeDialog, ReprioritizeDialog
from tests.ui.conftest import FakeSession
from tests.ui.test_actions import open_dialog

SHOTS = os.environ.get("JINGWANG_SHOTS")  # a folder: save each dialog as a PNG to look at


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def addressed_session(scenario):
    scenario.with_addresses()
    return FakeSession(scenario.state())


@pytest.fixture
def actions(qtbot, addressed_session, scenario, clock):
    host = QWidget()
    qtbot.addWidget(host)
    actions = IncidentActions(addressed_session, host, clock=clock)
    actions.set_incident(scenario.ids["I2"])  # 受理, priority 2, grid 2
    return actions


def send(qtbot, dialog) -> None:
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)


def test_note_needs_text_and_is_sent_with_it(qtbot, actions, addressed_session, scenario):
    dialog = open_dialog(qtbot, actions, "note")
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.reason_error.isVisible()
    qtbot.keyClicks(dialog.reason, "caller phoned again")
    shot(dialog, "note_dialog")
    send(qtbot, dialog)
    assert addressed_session.calls[-1] == ("command", "incident.note",
                                           {"incident": scenario.ids["I2"], "note": "caller phoned again"})


def test_recategorize_by_code_digits_refuses_the_same_category(qtbot, actions, addressed_session, scenario):
    dialog = open_dialog(qtbot, actions, "recategorize")
    assert isinstance(dialog, RecategorizeDialog)
    qtbot.keyClicks(dialog.category, addressed_session.state.incidents[scenario.ids["I2"]].category)
    qtbot.keyClicks(dialog.reason, "why")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and "未改变" in dialog.category_error.text()
    dialog.category.clear()
    qtbot.keyClicks(dialog.category, "200100")
    shot(dialog, "recategorize_dialog")
    send(qtbot, dialog)
    assert addressed_session.calls[-1][2] == {"incident": scenario.ids["I2"], "category": "200100", "note": "why"}


def test_reprioritize_with_digit_keys(qtbot, actions, addressed_session, scenario):
    dialog = open_dialog(qtbot, actions, "reprioritize")
    assert isinstance(dialog, ReprioritizeDialog)
    qtbot.keyClicks(dialog.reason, "injured")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.priority_error.isVisible()  # still 二级
    dialog.priority.buttons()[0].setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_1)
    send(qtbot, dialog)
    assert addressed_session.calls[-1][2] == {"incident": scenario.ids["I2"], "priority": 1, "note": "injured"}


def test_readdress_to_a_standard_address(qtbot, actions, addressed_session, scenario):
    target = next(a for a in scenario.district.addresses if a.grid_code == scenario.grids[3].code)
    dialog = open_dialog(qtbot, actions, "readdress")
    assert isinstance(dialog, ReaddressDialog)
    qtbot.keyClicks(dialog.address, target.code)
    dialog.address.completer_.popup().hide()
    qtbot.keyClicks(dialog.reason, "wrong door")
    shot(dialog, "readdress_dialog")
    send(qtbot, dialog)
    assert addressed_session.calls[-1][2] == {"incident": scenario.ids["I2"], "address_code": target.code,
                                              "note": "wrong door"}


def test_close_dialog_asks_for_an_outcome_and_confirms(qtbot, scenario, clock):
    session = FakeSession(scenario.state())
    inc = session.state.incidents[scenario.ids["I4"]]
    inc.status = Status.VERIFYING
    dialog = CloseDialog(inc)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_4)  # 查无此事
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.reason
    qtbot.keyClicks(dialog.reason, "nobody there")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.confirming and dialog.ok_button.text().startswith("确认办结")
    shot(dialog, "close_dialog_confirm")
    qtbot.keyClicks(dialog.reason, ".")  # an edit asks again
    assert not dialog.confirming
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    send(qtbot, dialog)
    assert dialog.command() == ("incident.close", {"incident": inc.id, "outcome": "unfounded",
                                                   "note": "nobody there."})
