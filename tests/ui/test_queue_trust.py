"""A queue that never lies or jumps: counters are the filters' own counts, rows stay under the pointer,
the selection never hops to a neighbour, and the window fits the screen."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QToolButton

from console.domain import events as ev
from console.testing.factory import EventFactory, advance
from console.testing.sample_state import grid_center
from console.ui.actions.buttons import ActionButtons
from console.ui.actions.controller import CORRECTIONS, PRIMARY, SECONDARY
from console.ui.main_window import MainWindow
from console.ui.queue.arrivals import MAX_FRESH
from console.ui.queue.columns import address_text
from console.ui.queue.layout import BOLD, MAIN_COLUMNS, SAMPLES
from console.ui.queue.query import COUNTED_GROUPS, GROUP_LABELS
from console.ui.queue.view import IncidentQueueView
from tests.ui.conftest import NOW_MS, FakeSession, Scenario

HOUR = 3_600_000

# one incident: grid, priority, how far it got (0 新建 … 7 办结), minutes ago it was reported, 督办
INCIDENT = st.tuples(st.integers(0, 3), st.integers(1, 4), st.integers(0, 7), st.integers(1, 72 * 60),
                     st.booleans())


def incident_events(scenario: Scenario, plan: list[tuple]) -> list[ev.Event]:
    """One relay's history from :meth:`Scenario.empty_state`: reports spread over the last days, oldest
    first, each advanced through its stage a second a step, some supervised while still open."""
    f = EventFactory(scenario.empty_state(), NOW_MS - 73 * HOUR)
    out = []
    for k, (grid, priority, stage, minutes_ago, supervised) in sorted(enumerate(plan), key=lambda kp: -kp[1][3]):
        f.at = max(f.at, NOW_MS - minutes_ago * 60_000 - 1_000)  # reported then, or right after the one before
        g = scenario.grids[grid]
        report = f.report(g, grid_center(g, 0.1, 0.1), priority=priority, address=f"苏州市姑苏区平江街道平江路{k}号")
        inc = report.data["incident"]
        out += [report, *advance(inc, f, "W001", stage)]
        if supervised and stage < 7:  # a closed incident can no longer be supervised
            out.append(f.act(inc, ev.INCIDENT_SUPERVISED, level="yellow", note="督办"))
    return out


def assert_counters_match_filters(view: IncidentQueueView) -> None:
    counts = view.counts()
    assert set(counts) == set(COUNTED_GROUPS)
    for group in (*COUNTED_GROUPS, "open", "supervised"):
        view.set_filter(group)
        assert view.model.rowCount() == view.model.group_count(group), group
    for group, n in counts.items():
        assert view.counter_labels[group].text() == f"{GROUP_LABELS[group]} {n}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=st.lists(INCIDENT, max_size=14), cuts=st.lists(st.integers(1, 6), min_size=1, max_size=4))
def test_counter_matches_filter_for_random_event_streams(qapp, plan, cuts):
    scenario = Scenario()
    session = FakeSession(scenario.empty_state())
    view = IncidentQueueView(session, clock=lambda: NOW_MS)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    events = incident_events(scenario, plan)
    start = 0
    for cut in cuts * 8:  # live batches of random sizes, as the relay delivers them
        session.feed(events[start:start + cut])
        start += cut
    session.feed(events[start:])
    view.refresh_counters()
    assert_counters_match_filters(view)
    view.deleteLater()


def test_status_bar_counter_matches_filter(qtbot, scenario, tmp_path):
    session = FakeSession(scenario.empty_state())
    session.feed(incident_events(scenario, [(0, 2, 0, 600, False), (1, 3, 2, 3000, True), (2, 1, 1, 5, False)]))
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
                        clock=lambda: NOW_MS)
    qtbot.addWidget(window)
    window.queue.refresh_counters()
    for group, label in window.status.counter_labels.items():
        window.queue.set_filter(group)
        n = window.queue.model.rowCount()
        assert label.text().startswith(f"{GROUP_LABELS[group]} <b") and f">{n}</b>" in label.text(), group
    assert window.queue.model.group_count("overdue") > 0  # the "超时 0" of the report cannot come back


# --- rows stay under the pointer -------------------------------------------------------------


@pytest.fixture
def queue(qtbot, session):
    view = IncidentQueueView(session, clock=lambda: NOW_MS)
    QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    qtbot.addWidget(view)
    view.resize(900, 200)  # a few rows: the selection is near the top, new rows go above it
    view.show()
    qtbot.waitExposed(view)
    return view


def urgent_reports(scenario: Scenario, n: int) -> list[ev.Event]:
    f = scenario.f
    g = scenario.grids[0]
    return [f.report(g, grid_center(g, 0.1, 0.1), priority=1, address=f"平江路{100 + k}号") for k in range(n)]


def test_row_stays_under_pointer_when_rows_arrive_above(queue, scenario, session, qtbot):
    target = scenario.ids["I3"]
    row = queue.model.row_of(target)
    queue.table.selectRow(row)
    index = queue.model.index(row, 0)
    y = queue.table.visualRect(index).y()
    assert queue.selected_incident() == target
    for report in urgent_reports(scenario, 3):  # one by one (inserted rows) ...
        session.feed([report])
    session.feed(urgent_reports(scenario, 80))  # ... and a big batch (one re-sort)
    row = queue.model.row_of(target)
    assert row > 80  # the newcomers sort above it ...
    assert queue.table.visualRect(queue.model.index(row, 0)).y() == y  # ... and it has not moved on screen
    assert queue.table.selectionModel().selectedRows()[0].row() == row
    assert queue.selected_incident() == target
    qtbot.waitUntil(lambda: queue.arrivals.above() == min(83, MAX_FRESH))  # the newest are marked and counted
    assert queue.new_chip.isVisible()
    assert queue.new_chip.text() == f"{queue.arrivals.above()} 条新警情 ↑"
    queue.new_chip.click()  # scrolls to the topmost marked newcomer: none is left above the viewport
    assert queue.arrivals.above() == 0 and queue.table.rowAt(0) < row and not queue.new_chip.isVisible()
    assert queue.selected_incident() == target  # looking at the newcomers does not change the selection


def test_selected_incident_leaving_the_filter_is_said_and_disables_its_actions(qtbot, scenario, tmp_path):
    session = FakeSession(scenario.state())
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
                        clock=lambda: NOW_MS)
    qtbot.addWidget(window)
    window.show()
    i1, i2 = scenario.ids["I1"], scenario.ids["I2"]
    window.queue.table.selectRow(window.queue.model.row_of(i1))
    accept = window.incident_actions.actions["accept"]
    assert window.selected_incident() == i1 and accept.isEnabled()
    window.queue.set_filter("handling")  # I1 is 新建: gone from the rows
    assert window.queue.left_filter() and window.detail.left_filter_label.isVisible()
    assert window.detail.left_filter_label.text().startswith("该警情已不在当前筛选中")
    assert not accept.isEnabled()
    assert window.queue.table.selectionModel().selectedRows() == []  # no neighbour took its place
    assert window.selected_incident() == i1 and window.detail.incident_id() == i1
    window.queue.set_filter("open")  # back in the rows: selected again, actions back
    assert not window.queue.left_filter() and not window.detail.left_filter_label.isVisible()
    assert accept.isEnabled() and window.queue.model.incident_id(window.queue.table.currentIndex().row()) == i1
    window.queue.table.selectRow(window.queue.model.row_of(i2))  # a row removed by an event: same rule
    session.feed([scenario.f.act(i2, ev.INCIDENT_VOIDED, note="重复")])
    assert window.queue.left_filter() and window.selected_incident() == i2
    assert window.queue.table.selectionModel().selectedRows() == []


# --- fits the screen ----------------------------------------------------------------------------


def fitting_window(qtbot, tmp_path, width: int, height: int) -> MainWindow:
    from console.testing.sample_state import demo_state

    session = FakeSession(demo_state(NOW_MS))
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
                        clock=lambda: NOW_MS)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def assert_fits(window: MainWindow, width: int, qtbot) -> None:
    table = window.queue.table
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: window.width() <= width)
    assert window.width() <= width and window.minimumSizeHint().width() <= width
    assert table.horizontalScrollBar().value() == 0
    for col in MAIN_COLUMNS:
        left = header.sectionViewportPosition(col)
        assert left >= 0 and left + header.sectionSize(col) <= table.viewport().width(), col.name


MAP_MIN = {1920: 700, 1366: 400}  # the map's share of the default layout
CELL_MARGINS = 7  # what Qt draws around a cell's text: 3 px a side and the grid line


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768)], ids=["fits_1920x1080", "fits_1366x768"])
def test_window_fits(qtbot, tmp_path, width, height):
    window = fitting_window(qtbot, tmp_path, width, height)
    assert_fits(window, width, qtbot)
    assert window.height() <= height and window.minimumSizeHint().height() <= height  # the status bar stays on screen
    assert window.map.width() >= MAP_MIN[width]
    overflow = window.map.bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert overflow.text() == "»" and overflow.toolTip()  # map tools that don't fit sit behind a visible »
    table = window.queue.table
    for col in MAIN_COLUMNS:  # compact columns still hold their usual longest text, unelided
        font = QFont(table.font())
        font.setBold(col in BOLD)
        assert QFontMetrics(font).horizontalAdvance(SAMPLES[col]) + CELL_MARGINS <= table.columnWidth(col), col.name
    buttons = window.detail.action_buttons
    assert buttons.height() <= 2 * buttons.buttons["accept"].sizeHint().height() + 4  # two rows, the rest in 更多
    assert set(buttons.hidden()) <= set(SECONDARY + CORRECTIONS)
    session = window.session
    inc = next(i for i in session.state.incidents.values() if i.is_open)
    note = "群众多次反映该处问题长期未得到解决，要求尽快处置并反馈处理结果，督办单位：区指挥中心" * 2
    session.feed([ev.Event(10**7, NOW_MS, ev.INCIDENT_SUPERVISED, "d01",
                           {"incident": inc.id, "level": "red", "note": note})])
    window.select_incident(inc.id)
    qtbot.wait(0)
    assert window.detail.incident_id() == inc.id
    assert_fits(window, width, qtbot)
    dock = window.queue_dock
    before = dock.width()
    window.resizeDocks([dock], [before + 60], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: dock.width() > before)  # the splitter can widen the queue


def test_fits_address_shows_road_and_number():
    assert address_text("苏州市姑苏区平江街道平江路12号3幢") == "平江路12号3幢"
    assert address_text("江苏省苏州市姑苏区平江街道大儒小区5幢201") == "大儒小区5幢201"
    assert address_text("大儒小区5幢") == "大儒小区5幢"  # a 小区 is not a district
    assert address_text("白塔东路275号") == "白塔东路275号"


def test_fits_alert_rows_carry_the_incident_number(scenario):
    from console.ui.alerts.derive import new_incident_alert

    state = scenario.state()
    inc = state.incidents[scenario.ids["I1"]]
    alert = new_incident_alert(inc)
    assert alert is not None and inc.id in alert.text and alert.text.index(inc.id) < alert.text.index("平江路")


def test_row_stays_under_pointer_new_rows_are_marked_until_selected(queue, scenario, session, qtbot):
    from console.ui.queue.arrivals import MARK_COLOR

    report = urgent_reports(scenario, 1)[0]
    session.feed([report])
    new = report.data["incident"]
    row = queue.model.row_of(new)
    assert row == 1 and queue.model.incident_id(0) == scenario.ids["I1"]  # under the red I1: still yellow
    assert queue.arrivals.fresh() == [new]

    def mark_at_row() -> str:
        rect = queue.table.visualRect(queue.model.index(row, 0))
        return queue.table.viewport().grab().toImage().pixelColor(rect.x() + 1, rect.center().y()).name()

    assert mark_at_row() == MARK_COLOR
    queue.table.selectRow(row)
    assert queue.arrivals.fresh() == [] and mark_at_row() != MARK_COLOR


def test_fits_action_buttons_two_rows_rest_behind_more(qtbot, tmp_path):
    window = fitting_window(qtbot, tmp_path, 1366, 768)
    docked = window.detail.action_buttons
    docked.resize(460, docked.height())  # against its layout: placed for the width it ends up with
    assert docked._split == docked._flow(docked.width())
    assert [k for k, b in docked.buttons.items() if not b.isHidden()] == [k for row in docked._split for k in row]
    buttons = ActionButtons(window.incident_actions)
    qtbot.addWidget(buttons)
    buttons.show()
    for width in (300, 460, 2400):
        buttons.resize(width, buttons.height())
        shown = [key for key, b in buttons.buttons.items() if not b.isHidden()]
        hidden = buttons.hidden()
        assert set(PRIMARY) <= set(shown)  # the frequent ones always have a button
        assert sorted(shown + hidden) == sorted(buttons.buttons)
        in_menu = [a.objectName().removeprefix("action_") for a in buttons.more.menu().actions() if not a.isSeparator()]
        assert in_menu == hidden and buttons.more.isHidden() == (not hidden)
        assert buttons.height() <= 2 * buttons.buttons["accept"].sizeHint().height() + 4
        widths = [buttons.buttons[k].sizeHint().width() for k in shown]
        assert max(widths) <= width
    assert buttons.hidden() == []  # 2,400 px: every action has its own button
