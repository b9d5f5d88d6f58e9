"""110 intake from the keyboard: repeat callers, standard-address search, code table, validation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from console.domain.decide_field import repeat_call
from console.domain.incidents import Source
from console.ui.intake import IntakeDialog
from console.ui.intake.lookups import category_entries, category_match, road_centre
from console.ui.main_window import MainWindow
from tests.ui.conftest import NOW_MS, FakeSession


@pytest.fixture
def addressed(scenario):
    return scenario.with_addresses()


@pytest.fixture
def intake_session(addressed):
    return FakeSession(addressed.state())


@pytest.fixture
def window(qtbot, intake_session, tmp_path, clock):
    win = MainWindow(intake_session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), clock=clock)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=2000)
    return win


def _target(dialog: IntakeDialog):
    """Where the keyboard goes: the completion popup while it is open, else the focused field."""
    for field in (dialog.address, dialog.category):
        popup = field.completer_.popup()
        if popup.isVisible():
            return popup
    return dialog.focusWidget()


def press(qtbot, dialog, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(_target(dialog), key, modifier)


def type_text(qtbot, dialog, text):
    """Type into the focused field: ASCII as key presses, Chinese as an input method commits it."""
    widget = dialog.focusWidget()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    for char in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)


def open_intake(qtbot, window) -> IntakeDialog:
    qtbot.keyClick(window.queue.table, Qt.Key.Key_F1)
    dialog = window.intake_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert dialog.focusWidget() is dialog.caller
    return dialog


def test_f1_then_keyboard_only_builds_the_report(qtbot, window, intake_session, addressed):
    dialog = open_intake(qtbot, window)
    type_text(qtbot, dialog, "13812345678")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.address
    type_text(qtbot, dialog, "平江新村")
    popup = dialog.address.completer_.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    press(qtbot, dialog, Qt.Key.Key_Down)
    press(qtbot, dialog, Qt.Key.Key_Return)
    chosen = dialog.address.chosen_key()
    address = next(a for a in addressed.district.addresses if a.code == chosen)
    assert address.compound == "平江新村"
    assert dialog.address_info.isVisible() and address.code in dialog.address_info.text()
    grid_name = next(g.name for g in addressed.grids if g.code == address.grid_code)
    assert grid_name in dialog.address_info.text()
    press(qtbot, dialog, Qt.Key.Key_Return)  # Enter moves on, like Tab
    assert dialog.focusWidget() is dialog.category
    type_text(qtbot, dialog, "2001")
    press(qtbot, dialog, Qt.Key.Key_Escape)  # close the completion list, keep the text
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.category.chosen_key() == "200100"
    assert dialog.focusWidget() is dialog.narrative
    type_text(qtbot, dialog, "两名男子在店门口打架")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.priority
    press(qtbot, dialog, Qt.Key.Key_1)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.source
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press(qtbot, dialog, Qt.Key.Key_Return)  # Enter on the last field submits
    assert intake_session.calls[-1] == ("command", "incident.report", {
        "category": "200100", "priority": 1, "source": Source.CALL_110.value, "narrative": "两名男子在店门口打架",
        "caller": "13812345678", "address_code": address.code, "accept": True,  # the taker accepts it
    })
    assert not dialog.dispatch_after


def test_repeat_caller_is_flagged_with_the_earlier_incident(qtbot, window, intake_session, scenario):
    dialog = open_intake(qtbot, window)
    assert not dialog.repeat_warning.isVisible()
    latest = intake_session.state.incidents[scenario.ids["I5"]]
    type_text(qtbot, dialog, latest.caller)  # the number the scenario's last incident came from
    assert dialog.repeat_warning.isVisible()
    assert "重复警情" in dialog.repeat_warning.text() and latest.id in dialog.repeat_warning.text()
    with qtbot.waitSignal(dialog.incident_link, timeout=2000) as blocker:
        dialog.repeat_warning.linkActivated.emit(latest.id)
    assert blocker.args == [latest.id]
    assert window.selected_incident() == latest.id
    qtbot.keyClick(dialog.caller, Qt.Key.Key_Backspace)
    assert not dialog.repeat_warning.isVisible()


def test_repeat_window_follows_the_rules(intake_session, scenario):
    state = intake_session.state
    latest = state.incidents[scenario.ids["I5"]]  # a dispute (200200): the 72 h window applies
    caller = latest.caller
    assert repeat_call(state, caller, "100100", latest.reported_at + 2 * 3_600_000) is latest
    latest.category = "100100"  # no dispute on either side: the 60 min window
    assert repeat_call(state, caller, "100100", latest.reported_at + 2 * 3_600_000) is None
    assert repeat_call(state, caller, "100100", latest.reported_at + 30 * 60_000) is latest
    assert repeat_call(state, "", "100100", NOW_MS) is None


def test_ctrl_enter_submits_free_text_on_a_known_road(qtbot, window, intake_session, addressed):
    dialog = open_intake(qtbot, window)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    road = addressed.district.streets[0]
    type_text(qtbot, dialog, f"{road.name}与路口东侧")
    press(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.address.chosen_key() == ""
    assert road.name in dialog.address_info.text() and "中点" in dialog.address_info.text()
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "打架")
    press(qtbot, dialog, Qt.Key.Key_Escape)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "路口有人斗殴")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        press(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    op, args = intake_session.calls[-1][1:]
    lng, lat = road_centre(road)
    assert op == "incident.report"
    assert args == {"category": "200100", "priority": 3, "source": "110", "narrative": "路口有人斗殴",
                    "address": f"{road.name}与路口东侧", "lng": lng, "lat": lat, "accept": True}
    assert dialog.dispatch_after  # Ctrl+Enter: 提交并派遣


def test_validation_messages_next_to_fields_and_nothing_sent(qtbot, window, intake_session):
    dialog = open_intake(qtbot, window)
    type_text(qtbot, dialog, "12ab")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "不知道在哪里")
    press(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.caller_error.isVisible() and "数字" in dialog.caller_error.text()
    assert dialog.address_error.isVisible() and "道路" in dialog.address_error.text()
    assert dialog.category_error.isVisible() and dialog.narrative_error.isVisible()
    assert dialog.focusWidget() is dialog.caller
    assert not any(c[1] == "incident.report" for c in intake_session.calls if c[0] == "command")


def test_category_table_matches_code_prefix_or_name():
    entries = category_entries()
    assert [e.key for e in entries if category_match(e, "6013")] == ["601300"]
    assert {e.key for e in entries if category_match(e, "斗殴")} == {"200100"}
    assert len([e for e in entries if category_match(e, "60")]) == 17
    assert not [e for e in entries if category_match(e, " ")]


def test_intake_source_choices_and_defaults(qtbot, intake_session, clock):
    dialog = IntakeDialog(intake_session.state, clock=clock)
    qtbot.addWidget(dialog)
    assert dialog.source.currentData() == Source.CALL_110.value
    assert [dialog.source.itemText(i) for i in range(dialog.source.count())] == [s.label for s in Source]
    assert dialog.priority.currentData() == 3


def test_intake_is_disabled_for_a_role_that_cannot_report(qtbot, addressed, tmp_path, clock):
    session = FakeSession(addressed.state(), account="c01", role="chief")
    win = MainWindow(session, QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat), clock=clock)
    qtbot.addWidget(win)
    assert not win.intake_action.isEnabled()
    assert "不能录入" in win.intake_action.toolTip()
