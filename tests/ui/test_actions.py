"""Incident actions: what each status and role allows (against lifecycle and permissions), and their dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from console.domain import events as ev
from console.domain.catalogue import OPERATIONS
from console.domain.incidents import (
    Assignment,
    AssignmentStatus,
    ExtensionRequest,
    Incident,
    Source,
    Status,
)
from console.domain.lifecycle import ASSIGNMENT_PHASE, TRANSITIONS
from console.domain.workers import Role
from console.ui.actions import IncidentActions, availability
from console.ui.actions.availability import ActionSpec
from console.ui.actions.dialog_base import reason_required
from console.ui.actions.refer_dialog import ReferDialog
from console.ui.actions.step_dialogs import CallbackDialog, ExtensionDecisionDialog, SuperviseDialog
from console.ui.actions.void_dialog import VoidDialog, void_candidates
from console.ui.review import access
from console.ui.texts import op_label
from tests.catalogue_throwaway import DRILL
from tests.ui.conftest import NOW_MS

CONSOLE_ROLES = (Role.DISPATCHER, Role.OFFICER, Role.STATION_CHIEF, Role.TRAINER, Role.LIAISON)


def make_incident(status: Status, **extra) -> Incident:
    inc = Incident(id="JQ1", category="200200", priority=2, source=Source.CALL_110, status=status, lng=120.6,
                   lat=31.3, grid_code="g", address="平江路1号", narrative="", caller="", reporter="ddy01",
                   reported_at=NOW_MS, version=1, **extra)
    if status in ASSIGNMENT_PHASE:
        inc.assignments["W001"] = Assignment("W001", AssignmentStatus.DISPATCHED, NOW_MS, "ddy01")
    return inc


def allowed(role: Role, op: str) -> bool:
    return role in OPERATIONS[op].roles


def from_table(action: str, status: Status) -> bool:
    return status in TRANSITIONS[action][0]


@pytest.mark.parametrize("role", CONSOLE_ROLES, ids=lambda r: r.value)
@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_action_set_follows_lifecycle_and_permissions(status, role):
    got = availability(make_incident(status), role, "someone")
    expected = {
        "accept": allowed(role, "incident.accept") and from_table("accept", status),
        "dispatch": allowed(role, "incident.dispatch") and from_table("dispatch", status),
        "rework": allowed(role, "incident.rework") and from_table("rework", status),
        "refer": allowed(role, "incident.refer") and from_table("refer", status),
        "void": allowed(role, "incident.void") and from_table("void", status),
        "cancel_assignment": allowed(role, "incident.cancel_assignment") and from_table("cancel_assignment", status),
        "verify_close": (allowed(role, "incident.verify") and from_table("verify", status))
        or (allowed(role, "incident.close") and from_table("close", status)),
        "supervise": allowed(role, "incident.supervise") and status not in (Status.CLOSED, Status.VOID),
        "callback": allowed(role, "incident.callback") and status in (Status.FEEDBACK, Status.VERIFYING,
                                                                       Status.CLOSED),
        "extension": allowed(role, "incident.extend") and status not in (Status.NEW, Status.CLOSED, Status.VOID),
        "note": allowed(role, "incident.note"),
        **{key: allowed(role, f"incident.{key}") and status not in (Status.CLOSED, Status.VOID)
           for key in ("recategorize", "reprioritize", "readdress")},
    }
    assert {key: av.enabled for key, av in got.items()} == expected
    for av in got.values():
        assert av.enabled or av.why, f"{av.key} disabled without a reason"


@pytest.mark.parametrize(("status", "op", "label"), [
    (Status.FEEDBACK, "incident.verify", "核查"),
    (Status.VERIFYING, "incident.close", "办结"),
])
def test_f4_verifies_then_closes(status, op, label):
    av = availability(make_incident(status), Role.DISPATCHER)["verify_close"]
    assert (av.enabled, av.op, av.label) == (True, op, label)


def test_station_chief_supervises_but_cannot_dispatch():
    got = availability(make_incident(Status.ACCEPTED), Role.STATION_CHIEF, "c01")
    assert got["supervise"].enabled
    assert not got["dispatch"].enabled and "值班长无权派遣" in got["dispatch"].why
    assert got["extension"].why == "没有待审批的延期申请"


def test_extension_approval_needs_the_role_and_someone_else():
    request = ExtensionRequest(NOW_MS, "w0001", 24, "等待物业配合")
    inc = make_incident(Status.ON_SCENE, extension_request=request)
    dispatcher = availability(inc, Role.DISPATCHER, "d01")["extension"]
    assert (dispatcher.enabled, dispatcher.op) == (False, "incident.decide_extension")
    assert "无权延期审批" in dispatcher.why
    assert availability(inc, Role.STATION_CHIEF, "c01")["extension"].enabled
    assert availability(inc, Role.OFFICER, "mj01")["extension"].enabled
    own = ExtensionRequest(NOW_MS, "mj01", 24, "x")
    mine = availability(make_incident(Status.ON_SCENE, extension_request=own), Role.OFFICER, "mj01")["extension"]
    assert not mine.enabled and "自己" in mine.why


def test_nothing_before_login_or_selection():
    assert not any(av.enabled for av in availability(make_incident(Status.NEW), None).values())
    assert all(av.why == "未选择警情" for av in availability(None, Role.DISPATCHER).values())


# --- widgets ------------------------------------------------------------------------------------

@pytest.fixture
def host(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def actions(session, host, clock):
    return IncidentActions(session, host, clock=clock)


def open_dialog(qtbot, actions, key):
    with qtbot.waitSignal(actions.dialog_opened, timeout=2000) as blocker:
        actions.trigger(key)
    dialog = blocker.args[0]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # digit keys are dialog shortcuts: they need the active window
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def test_disabled_actions_explain_why_in_the_tooltip(actions, scenario):
    actions.set_incident(scenario.ids["I1"])  # 新建
    dispatch = actions.actions["dispatch"]
    assert not dispatch.isEnabled()
    assert "F3" in dispatch.toolTip() and "新建的警情不能派遣" in dispatch.toolTip()
    accept = actions.actions["accept"]
    assert accept.isEnabled() and accept.toolTip() == "受理 (F2)"
    assert actions.actions["callback"].shortcut().toString() == "Ctrl+H"


def test_refer_preselects_department_and_refuses_an_empty_reason(qtbot, actions, session, scenario):
    i1 = scenario.ids["I1"]
    session.state.incidents[i1].category = "600600"  # 城管执法: a non-police category
    actions.set_incident(i1)
    dialog = open_dialog(qtbot, actions, "refer")
    assert isinstance(dialog, ReferDialog)
    assert dialog.department.chosen_key() == "600600"
    assert "城管执法" in dialog.reason.text()
    dialog.reason.clear()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.reason_error.isVisible()
    assert session.calls == []
    qtbot.keyClicks(dialog.reason, "not police")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert session.calls == [("command", "incident.refer", {"incident": i1, "department": "600600",
                                                            "note": "not police"})]


def test_refer_one_key_with_prefilled_reason(qtbot, actions, session, scenario):
    i1 = scenario.ids["I1"]
    session.state.incidents[i1].category = "601300"
    actions.set_incident(i1)
    dialog = open_dialog(qtbot, actions, "refer")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.department, Qt.Key.Key_Return)
    op, args = session.calls[-1][1:]
    assert (op, args["department"]) == ("incident.refer", "601300")
    assert args["note"] == "非警务警情（水气热抢修），转水气热抢修处置"


def test_refer_needs_a_department_for_a_police_category(qtbot, actions, session, scenario):
    actions.set_incident(scenario.ids["I1"])  # 治安纠纷: nothing preselected
    dialog = open_dialog(qtbot, actions, "refer")
    assert dialog.reason.text() == ""
    dialog.reason.setText("群众咨询社保")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.department_error.isVisible() and session.calls == []
    dialog.department.setEditText("劳动")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert session.calls[-1][2]["department"] == "600300"


def test_void_offers_the_repeated_incident_first_and_needs_a_reason(qtbot, actions, session, scenario):
    f, grid = scenario.f, scenario.grids[0]
    original = session.state.incidents[scenario.ids["I1"]]
    repeat = f.report(grid, (original.lng, original.lat), address=original.address, caller=original.caller)
    assert repeat.data["repeat_of"] == original.id  # the relay marks the repeat call
    session.feed([repeat])
    rid = repeat.data["incident"]
    candidates = void_candidates(session.state, session.state.incidents[rid], NOW_MS)
    assert candidates[0] == (original, "repeat")
    assert all(c.id != rid for c, _why in candidates)
    actions.set_incident(rid)
    dialog = open_dialog(qtbot, actions, "void")
    assert isinstance(dialog, VoidDialog)
    assert dialog.original.chosen_key() == original.id and dialog.reason.text() == "重复警情"
    dialog.reason.clear()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.reason_error.isVisible() and session.calls == []
    qtbot.keyClicks(dialog.reason, "dup")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # irreversible: the first Enter asks to confirm
    assert dialog.confirming and dialog.isVisible() and "不能恢复" in dialog.confirm_label.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert session.calls == [("command", "incident.void", {"incident": rid, "duplicate_of": original.id,
                                                           "note": "dup"})]


def test_void_without_a_likely_original_links_nothing(qtbot, actions, session, scenario):
    i1 = scenario.ids["I1"]  # grid 1 also holds I5 (closed), a guess by grid alone
    actions.set_incident(i1)
    dialog = open_dialog(qtbot, actions, "void")
    assert [why for _i, why in void_candidates(session.state, session.state.incidents[i1], NOW_MS)] == ["grid"]
    assert dialog.original.chosen_key() == ""
    qtbot.keyClicks(dialog.reason, "prank call")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # irreversible: the first Enter asks to confirm
    assert dialog.confirming and dialog.isVisible() and "不能恢复" in dialog.confirm_label.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert session.calls == [("command", "incident.void", {"incident": i1, "note": "prank call"})]


def test_rework_refuses_empty_reason_then_sends(qtbot, actions, session, scenario):
    i4 = scenario.ids["I4"]  # 已反馈
    actions.set_incident(i4)
    dialog = open_dialog(qtbot, actions, "rework")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.reason_error.text() == "请填写原因" and session.calls == []
    qtbot.keyClicks(dialog.reason, "photo unclear")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert session.calls == [("command", "incident.rework", {"incident": i4, "note": "photo unclear"})]


def test_supervise_level_by_digit_key(qtbot, actions, session, scenario):
    i3 = scenario.ids["I3"]
    actions.set_incident(i3)
    dialog = open_dialog(qtbot, actions, "supervise")
    assert isinstance(dialog, SuperviseDialog) and dialog.level.value() == "normal"
    qtbot.keyClick(dialog.level.buttons()[0], Qt.Key.Key_3)
    assert dialog.level.value() == "red"
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "overdue")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert session.calls[-1] == ("command", "incident.supervise", {"incident": i3, "level": "red",
                                                                   "note": "overdue"})


def test_callback_satisfaction_by_key_and_optional_note(qtbot, actions, session, scenario):
    i4 = scenario.ids["I4"]
    actions.set_incident(i4)
    dialog = open_dialog(qtbot, actions, "callback")
    assert isinstance(dialog, CallbackDialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_4)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert session.calls[-1] == ("command", "incident.callback", {"incident": i4, "satisfaction": 4})


def test_chief_decides_a_pending_extension(qtbot, scenario, host, clock):
    from tests.ui.conftest import FakeSession

    session = FakeSession(scenario.state(), account="c01", role="chief")
    i3 = scenario.ids["I3"]
    session.feed([scenario.f.act(i3, ev.EXTENSION_REQUESTED, actor="w003", hours=12, note="等待物业")])
    actions = IncidentActions(session, host, clock=clock)
    actions.set_incident(i3)
    assert actions.actions["extension"].text().startswith("延期审批")
    assert not actions.actions["dispatch"].isEnabled()
    dialog = open_dialog(qtbot, actions, "extension")
    assert isinstance(dialog, ExtensionDecisionDialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_2)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert session.calls == [("command", "incident.decide_extension", {"incident": i3, "approve": False})]


def test_cancel_assignment_names_the_worker(qtbot, actions, session, scenario):
    i3 = scenario.ids["I3"]
    actions.set_incident(i3)
    dialog = open_dialog(qtbot, actions, "cancel_assignment")
    assert dialog.worker.currentData() == "W003"
    qtbot.keyClicks(dialog.reason, "wrong person")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # irreversible: the first Enter asks to confirm
    assert dialog.confirming and dialog.isVisible() and "不能恢复" in dialog.confirm_label.text()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert session.calls == [("command", "incident.cancel_assignment",
                              {"incident": i3, "worker": "W003", "note": "wrong person"})]


def test_actions_follow_events(actions, session, scenario):
    i2 = scenario.ids["I2"]
    actions.set_incident(i2)
    assert actions.actions["dispatch"].isEnabled() and not actions.actions["cancel_assignment"].isEnabled()
    session.feed([scenario.f.step(i2, ev.INCIDENT_DISPATCHED, worker="W002")])
    assert actions.actions["cancel_assignment"].isEnabled()
    assert actions.actions["dispatch"].isEnabled()  # another worker may still be added


@pytest.mark.usefixtures("throwaway_operation")
def test_throwaway_operation_catalogue_is_offered_to_its_role_only(empty_session):
    """An op declared only in the catalogue: the console names it, offers it to the role it lists and
    says why not to any other role (or nobody logged in), with no UI table of its own."""
    drill = ActionSpec("drill", "演练", "Ctrl+9", DRILL)
    inc = make_incident(Status.ACCEPTED)
    dispatcher = availability(inc, Role.DISPATCHER, "d01", specs=(drill,))["drill"]
    assert (dispatcher.enabled, dispatcher.op, dispatcher.why) == (True, DRILL, "")
    chief = availability(inc, Role.STATION_CHIEF, "c01", specs=(drill,))["drill"]
    assert not chief.enabled and chief.why == "值班长无权演练点名"
    assert availability(inc, None, specs=(drill,))["drill"].why == "未登录，不能演练点名"
    assert op_label(DRILL) == "演练点名" and reason_required(DRILL)
    assert access.may(empty_session, DRILL)
    empty_session.role = "officer"
    assert not access.may(empty_session, DRILL)


@pytest.mark.parametrize("role", ["", "superuser"])
def test_catalogue_refuses_console_checks_for_an_unknown_role(empty_session, role):
    empty_session.role = role
    assert not any(access.may(empty_session, op) for op in OPERATIONS)
