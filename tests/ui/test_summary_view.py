"""The station chief's summary view: cards, charts, drill-down, background loading and export."""

from __future__ import annotations

import dataclasses
import threading

import openpyxl
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QFileDialog

from console.domain.errors import DomainError
from console.domain.places import Station
from console.ui.main_window import MainWindow
from console.ui.summary.view import INCIDENTS_KPI, SummaryView
from tests.summary_sample import DATE, START_MS, STATION, sample_summary

HOUR_MS = 3_600_000


class HandSource:
    """A summary source over a hand-made DailySummary that records calls and the threads they ran on."""

    def __init__(self, summary=None) -> None:
        self.summary_value = summary or sample_summary()
        self.calls: list[tuple] = []
        self.threads: set[int] = set()
        self.gate = threading.Event()
        self.gate.set()
        self.error: Exception | None = None

    def stations(self):
        self.threads.add(threading.get_ident())
        return [Station("320508000001", "观前派出所"), Station(STATION.code, STATION.name)]

    def summary(self, date, station_code):
        self.threads.add(threading.get_ident())
        self.calls.append(("summary", date, station_code))
        assert self.gate.wait(30)
        if self.error is not None:
            raise self.error
        return dataclasses.replace(self.summary_value, date=date)

    def drill(self, request):
        self.threads.add(threading.get_ident())
        self.calls.append(("drill", request))
        items = self.summary_value.overdue + self.summary_value.referrals_waiting
        return [i for i in items if not request.family or i.title.startswith(request.family)]


@pytest.fixture
def source():
    return HandSource()


@pytest.fixture
def view(qtbot, source):
    v = SummaryView(source, station_code=STATION.code, date=DATE)
    qtbot.addWidget(v)
    v.resize(1400, 950)
    v.show()
    qtbot.waitUntil(lambda: v.summary is not None, timeout=10_000)
    return v


def _drills(source):
    return [c[1] for c in source.calls if c[0] == "drill"]


def test_cards_show_today_yesterday_week_and_dash_for_undefined(view):
    card = view.cards.cards["hazard_check_rate"]
    assert card.value.text() == "90.0%"
    assert (card.numerator.text(), card.denominator.text()) == ("18", "20")
    assert card.yesterday.text() == "75.0%" and card.week.text() == "80.0%"
    assert card.vs_yesterday.text() == "▲ +15.0 个百分点 改善"
    assert "#3ddc84" in card.vs_yesterday.styleSheet()  # better: green, and the text says 改善
    overdue = view.cards.cards["overdue_rate"]
    assert overdue.vs_yesterday.text().endswith("变差") and "#ff6b6b" in overdue.vs_yesterday.styleSheet()
    visits = view.cards.cards["visit_rate"]
    assert visits.value.text() == "—" and visits.vs_yesterday.text() == ""
    amount = view.cards.cards["referral_count"]
    assert amount.value.text() == "6 件" and amount.numerator.isHidden()
    assert "88.4 分 · 较好" in view.cards.score.text()
    assert view.station_code() == STATION.code and view.station_box.count() == 2


def test_tables_and_tabs_carry_the_lists(view):
    assert view.overdue.model.rowCount() == 2 and view.tabs.tabText(0) == "超期 (2)"
    assert view.referrals.model.item(0).id == "J202611210031"
    assert view.worker_model.rowCount() == 3
    grade_col = view.worker_model.columnCount() - 2  # then 异常
    assert view.worker_model.index(3 - 1, grade_col).data() == "一般"
    assert view.uncovered.model.rowCount() == 1


def test_loading_runs_off_the_gui_thread_and_says_computing(view, source, qtbot):
    source.gate.clear()
    view.date_edit.setDate(view.date_edit.date().addDays(-1))
    assert view.status.text() == "计算中…"
    assert not view.pdf_button.isEnabled() and not view.xlsx_button.isEnabled()
    qtbot.waitUntil(lambda: len([c for c in source.calls if c[0] == "summary"]) == 2, timeout=10_000)
    assert view.summary.date == DATE  # the GUI is still live, showing the previous day
    source.gate.set()
    qtbot.waitUntil(lambda: view.summary.date == DATE.replace(day=20), timeout=10_000)
    assert view.pdf_button.isEnabled() and "计算于" in view.status.text()
    assert threading.get_ident() not in source.threads


def test_a_failure_is_shown_and_the_view_stays_usable(view, source, qtbot):
    source.error = DomainError("E_NOT_FOUND", "派出所 999")
    view.refresh()
    qtbot.waitUntil(lambda: view.status.text().startswith("计算失败"), timeout=10_000)
    assert "派出所 999" in view.status.text() and view.refresh_button.isEnabled()


def test_clicking_a_kpi_number_lists_the_items_behind_it(view, source, qtbot):
    card = view.cards.cards["overdue_rate"]
    qtbot.mouseClick(card.value, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.drill_list.model.rowCount() == 3, timeout=10_000)
    request = _drills(source)[-1]
    assert (request.kpi_code, request.part, request.scope) == ("overdue_rate", "numerator", STATION)
    assert request.period == view.summary.today.period
    assert request.as_of_ms == view.summary.generated_at_ms  # the list is cut where the number was
    assert view.tabs.currentWidget() is view.drill_list
    assert view.drill_list.heading.text().startswith("超期率 · 今日 · 分子：3 项")
    qtbot.mouseClick(card.denominator, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _drills(source)[-1].part == "denominator", timeout=10_000)
    qtbot.mouseClick(card.week, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _drills(source)[-1].period == view.summary.week_average.period, timeout=10_000)


def _click_bar(qtbot, plot, x: float, y: float) -> None:
    vb = plot.getPlotItem().vb
    scene = vb.mapViewToScene(QPointF(x, y))
    pos = plot.mapFromScene(scene)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))


def test_clicking_a_category_bar_lists_that_family(view, source, qtbot):
    qtbot.waitUntil(lambda: view.category_chart.plot.isVisible())
    _click_bar(qtbot, view.category_chart.plot, 0, 7)  # 治安 20: 14 incidents
    qtbot.waitUntil(lambda: bool(_drills(source)), timeout=10_000)
    request = _drills(source)[-1]
    assert (request.kpi_code, request.part, request.family) == (INCIDENTS_KPI, "denominator", "20")
    qtbot.waitUntil(lambda: view.drill_list.model.rowCount() == 2, timeout=10_000)  # the two 200200 items


def test_clicking_an_hour_bar_lists_that_hour(view, source, qtbot):
    _click_bar(qtbot, view.hour_chart.plot, 9 - 0.19, 2)  # today's bar at 09:00 (4 incidents)
    qtbot.waitUntil(lambda: bool(_drills(source)), timeout=10_000)
    request = _drills(source)[-1]
    assert request.period.start_ms == START_MS + 9 * HOUR_MS and request.period.end_ms == START_MS + 10 * HOUR_MS
    _click_bar(qtbot, view.hour_chart.plot, 10 + 0.19, 2)  # yesterday's bar at 10:00
    qtbot.waitUntil(lambda: len(_drills(source)) == 2, timeout=10_000)
    assert _drills(source)[-1].period.start_ms == START_MS - 24 * HOUR_MS + 10 * HOUR_MS


def test_clicking_beside_the_bars_does_nothing(view, source, qtbot):
    _click_bar(qtbot, view.category_chart.plot, 0.5, 13)
    _click_bar(qtbot, view.hour_chart.plot, 1 - 0.19, 0.5)  # 01:00 has no incident today
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)  # a later event to wait for
    qtbot.waitUntil(lambda: len([c for c in source.calls if c[0] == "summary"]) == 2, timeout=10_000)
    assert _drills(source) == []


def test_double_clicking_an_incident_activates_it(view, qtbot):
    table = view.overdue.table
    with qtbot.waitSignal(view.incident_activated, timeout=5_000) as signal:
        rect = table.visualRect(view.overdue.model.index(1, 1))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a double-click's first press
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["J202611210002"]


def test_export_buttons_write_pdf_and_xlsx(view, qtbot, tmp_path, monkeypatch):
    answers = iter([str(tmp_path / "day.pdf"), str(tmp_path / "day.xlsx")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (next(answers), ""))
    with qtbot.waitSignals([view.exported, view.exported], timeout=30_000):
        qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(view.xlsx_button, Qt.MouseButton.LeftButton)
    doc = QPdfDocument()
    assert doc.load(str(tmp_path / "day.pdf")) == QPdfDocument.Error.None_ and doc.pageCount() >= 1
    assert openpyxl.load_workbook(tmp_path / "day.xlsx").sheetnames[0] == "指标"
    assert "day.xlsx" in view.status.text()


def test_an_export_that_cannot_write_says_so(view, qtbot, tmp_path):
    view.export("xlsx", tmp_path / "missing" / "day.xlsx")
    qtbot.waitUntil(lambda: view.status.text().startswith("导出失败"), timeout=30_000)


def test_main_window_action_opens_the_summary_and_selects_incidents(qtbot, session, scenario, source):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.summary.source_factory = lambda: source
    action = window.summary.action
    assert action.shortcut().toString() == "Ctrl+D" and "Ctrl+D" in action.toolTip()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert action in menus["考核(&K)"].actions()
    action.trigger()
    view = window.summary.view
    assert isinstance(view, SummaryView) and view.isWindow()
    qtbot.waitUntil(lambda: view.summary is not None, timeout=10_000)
    view.incident_activated.emit(scenario.ids["I2"])
    assert window.selected_incident() == scenario.ids["I2"]
    action.trigger()
    assert window.summary.view is view  # brought forward, not opened twice
    view.close()


@pytest.mark.parametrize(("role", "opens"), [("chief", True), ("dispatcher", False)])
def test_station_chiefs_get_the_summary_on_login(qtbot, session, source, role, opens):
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.summary.source_factory = lambda: source
    session.role = role
    session.connection_changed.emit("connected", "c01")
    assert (window.summary.view is not None) is opens
    if opens:
        qtbot.waitUntil(lambda: window.summary.view.summary is not None, timeout=10_000)
        window.summary.view.close()
