"""The period assessment view (周/月/季/年考核, 四级管理) over a real store with hand-made data."""

from __future__ import annotations

import openpyxl
import pytest

from console.services.summary_source import StoreSummarySource
from console.ui.summary.period_view import AssessmentView
from tests.unit.kpi_world import G1, G2, S1, World
from tests.unit.test_period_kpi import at


@pytest.fixture
def source(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'p.db'}")
    for inc, day, grid in (("A", "2026-10-05", G1), ("B", "2026-11-02", G1), ("C", "2026-11-03", G2)):
        w.report(inc, at(day, 9), grid=grid)
    w.handle("B", at("2026-11-02", 9))
    w.close()
    src = StoreSummarySource(w.store.url)
    yield src
    src.close()


def test_period_kpi_view_month_against_the_previous_and_levels(qtbot, source, tmp_path):
    clock = lambda: at("2026-11-20", 12)  # noqa: E731
    view = AssessmentView(source, station_code=S1, clock=clock)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.assessment is not None, timeout=20_000)
    a = view.assessment
    assert (a.label, a.previous_label, a.scope.code) == ("2026-11", "2026-10", S1)
    rows = {r[-1]: r for r in view.kpi_model.table.rows}
    assert rows["close_rate"][3:5] == [1.0, 2.0]  # B closed of B, C
    assert rows["close_rate"][5].denominator == 1  # October: A
    tabs = [view.level_tabs.tabText(i) for i in range(view.level_tabs.count())]
    assert tabs[:2] == ["社区排名 (1)", "网格排名 (2)"] and any(t.startswith("网格员排名") for t in tabs)
    assert view.status.text().startswith("计算于")
    # the items behind a number: this period's numerator, denominator and the previous period's numerator
    row = next(i for i, r in enumerate(view.kpi_model.table.rows) if r[-1] == "close_rate")
    for column, ids in ((3, {"B"}), (4, {"B", "C"}), (5, set())):
        view._kpi_clicked(view.kpi_model.index(row, column))
        qtbot.waitUntil(lambda ids=ids: "项" in view.drill_list.heading.text()
                        and {view.drill_list.model.item(r).id for r in range(view.drill_list.model.rowCount())} == ids,
                        timeout=20_000)
    assert "2026-10" in view.drill_list.heading.text()
    # the quarter for the whole district (四级管理): 区, 街道 and 派出所 levels appear
    picker = view.picker
    picker.scope_box.setCurrentIndex(0)
    picker.kind_box.setCurrentIndex(picker.kind_box.findData("quarter"))
    picker.kind_box.activated.emit(picker.kind_box.currentIndex())  # the user's choice: computed at once
    assert picker.period_edit.text() == "2026Q4"
    qtbot.waitUntil(lambda: view.assessment.label == "2026Q4" and view.assessment.scope.kind == "district",
                    timeout=20_000)
    tabs = [view.level_tabs.tabText(i) for i in range(view.level_tabs.count())]
    assert tabs[:3] == ["区排名 (1)", "街道排名 (1)", "派出所排名 (2)"]
    assert view.assessment.current.values["close_rate"].denominator == 3
    # a bad period is refused with a Chinese reason and computes nothing
    picker.period_edit.setText("2026Q9")
    view.refresh()
    assert "季度无效" in view.status.text() and view.refresh_button.isEnabled()
    path = tmp_path / "q.xlsx"
    view.export("xlsx", path)
    qtbot.waitUntil(lambda: path.exists() and "已导出" in view.status.text(), timeout=20_000)
    assert openpyxl.load_workbook(path).sheetnames[:3] == ["指标", "区排名", "街道排名"]
    view.close()
