"""The queue model's cells, colours, filters and sorting on the hand-made scenario, at an injected clock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from console.domain import events as ev
from console.domain.incidents import Source
from console.testing.sample_state import grid_center
from console.ui.queue.columns import SLA_COLORS, SUPERVISION_COLORS, Col
from console.ui.queue.model import INCIDENT_ID_ROLE, SORT_KEY_ROLE, IncidentTableModel
from console.ui.queue.query import QueueFilter
from tests.ui.conftest import NOW_MS

FOREGROUND = Qt.ItemDataRole.ForegroundRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
WARN = QAbstractItemModelTester.FailureReportingMode.Warning


class Clock:
    """A settable clock in ms."""

    def __init__(self, now: int = NOW_MS) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def queue(qtbot, session):
    model = IncidentTableModel(session, clock=Clock())
    QAbstractItemModelTester(model, WARN, model)
    return model


def ids(model) -> list[str]:
    return [model.index(r, 0).data(INCIDENT_ID_ROLE) for r in range(model.rowCount())]


def cell(model, incident_id: str, col: Col, role=Qt.ItemDataRole.DisplayRole):
    return model.index(model.row_of(incident_id), col).data(role)


def color(brush) -> str | None:
    return brush.color().name() if brush is not None else None


def test_headers_and_cells_of_a_new_incident(queue, scenario):
    assert [queue.headerData(c, Qt.Orientation.Horizontal) for c in Col] == [
        "编号", "类别", "优先级", "状态", "时限", "地址", "处置人", "督办", "来源", "网格", "标记", "上报时间"]
    i1 = scenario.ids["I1"]
    row = [cell(queue, i1, c) for c in Col]
    cols = (Col.ID, Col.SOURCE, Col.CATEGORY, Col.PRIORITY, Col.STATUS, Col.GRID, Col.ADDRESS, Col.WORKER)
    assert [row[c] for c in cols] == [i1, "网格员上报", "治安纠纷", "一级", "新建", "001 平江一网格", "平江路1号", ""]
    assert [row[Col.SUPERVISION], row[Col.MARKS]] == ["", ""]
    assert row[Col.REPORTED].count(":") == 2 and "-" in row[Col.REPORTED]
    assert cell(queue, scenario.ids["I3"], Col.WORKER) == scenario.workers["W003"].name
    assert cell(queue, i1, Col.ID, Qt.ItemDataRole.FontRole).bold()
    assert color(cell(queue, i1, Col.ADDRESS, BACKGROUND)) is not None  # priority 1 open: tinted row


def test_sla_countdown_text_and_colour_follow_the_clock(qtbot, session, scenario):
    clock = Clock()
    model = IncidentTableModel(session, clock=clock)
    i1 = scenario.ids["I1"]
    reported = session.state.incidents[i1].reported_at  # 200200: 受理 yellow 3 min, red 6 min, warning at 126 s
    for offset, text, level in (
        (60_000, "剩 2分00秒", None),
        (150_000, "剩 30秒", "warning"),
        (240_000, "剩 2分00秒", "yellow"),
        (420_000, "超 1分00秒", "red"),
    ):
        clock.now = reported + offset
        assert cell(model, i1, Col.SLA) == text
        brush = cell(model, i1, Col.SLA, FOREGROUND)
        assert color(brush) == (SLA_COLORS[level].lower() if level else None)
        assert "受理时限" in cell(model, i1, Col.SLA, Qt.ItemDataRole.ToolTipRole)
    model.set_filter("all")
    i5 = scenario.ids["I5"]  # closed: no countdown, dimmed
    assert cell(model, i5, Col.SLA) == ""
    assert cell(model, i5, Col.ADDRESS, FOREGROUND) is not None


def test_several_assignments_marks_and_supervision(queue, session, scenario):
    f, i2 = scenario.f, scenario.ids["I2"]
    names = scenario.workers
    session.feed([
        f.step(i2, ev.INCIDENT_DISPATCHED, worker="W002"),
        f.step(i2, ev.INCIDENT_DISPATCHED, worker="W006"),
        f.step(i2, ev.INCIDENT_SIGNED, worker="W006"),
        f.step(i2, ev.INCIDENT_ARRIVED, worker="W006"),
    ])
    assert cell(queue, i2, Col.STATUS) == "处置中 1/2"
    assert cell(queue, i2, Col.WORKER) == f"{names['W002'].name}+1"
    assert names["W006"].name in cell(queue, i2, Col.WORKER, Qt.ItemDataRole.ToolTipRole)

    i4 = scenario.ids["I4"]
    session.feed([
        f.act(i4, ev.INCIDENT_REWORKED, note="不满意"),
        f.act(i4, ev.EXTENSION_REQUESTED, actor="w004", hours=24, note="需协调"),
        f.act(i4, ev.INCIDENT_SUPERVISED, actor="c01", level="yellow", note="抓紧"),
    ])
    assert cell(queue, i4, Col.MARKS) == "返工1 延期"
    assert cell(queue, i4, Col.SUPERVISION) == "黄牌"
    assert color(cell(queue, i4, Col.SUPERVISION, BACKGROUND)) == SUPERVISION_COLORS[2].lower()

    grid = scenario.grids[0]
    first_call = session.state.incidents[scenario.ids["I1"]]
    repeat = f.report(grid, grid_center(grid), source="110", address="平江路1号", narrative="又吵起来了",
                      caller=first_call.caller)
    assert repeat.data["repeat_of"] == first_call.id  # the relay marks the repeat call
    session.feed([repeat])
    assert cell(queue, repeat.data["incident"], Col.MARKS) == "重复"
    assert cell(queue, repeat.data["incident"], Col.SOURCE) == "110电话"


def test_status_groups(queue, session, scenario):
    i = scenario.ids
    expected = {
        "open": [i["I1"], i["I2"], i["I3"], i["I4"]],
        "all": [i["I1"], i["I2"], i["I3"], i["I4"], i["I5"]],
        "new": [i["I1"]],
        "handling": [i["I2"], i["I3"]],
        "verify": [i["I4"]],
        "referred": [],
        "supervised": [],
        "overdue": [i["I1"]],  # 受理 red after 6 min; the others have hours or working days
    }
    for group, want in expected.items():
        queue.set_filter(group)
        assert ids(queue) == want, group
        assert queue.filter_mode() == group
    session.feed([scenario.f.refer(i["I1"], "601300", "停水")])
    queue.set_filter("referred")
    assert ids(queue) == [i["I1"]]
    assert cell(queue, i["I1"], Col.WORKER) == "水气热抢修"
    with pytest.raises(ValueError):
        queue.set_filter("nonsense")


def test_source_priority_and_search(queue, session, scenario):
    i, f = scenario.ids, scenario.f
    grid = scenario.grids[1]
    call = f.report(grid, grid_center(grid), source="110", priority=2, address="仓街8号", narrative="电动车被盗",
                    caller="13812345678")
    session.feed([call])
    new = call.data["incident"]
    queue.set_query(QueueFilter(source=Source.CALL_110))
    assert ids(queue) == [new]
    queue.set_query(QueueFilter(priority=2))
    assert set(ids(queue)) == {i["I2"], new}
    for text, want in (
        ("仓街", [new]),
        ("13812345678", [new]),
        ("电动车", [new]),
        (new.lower(), [new]),
        (scenario.workers["W003"].name, [i["I3"]]),
        ("平江路 3号", [i["I3"]]),  # every word must match
        ("不存在", []),
    ):
        queue.set_query(QueueFilter(text=text))
        assert ids(queue) == want, text
    queue.set_query(QueueFilter(group="all", priority=2, text="平江路"))
    assert ids(queue) == [i["I2"], i["I5"]]


@pytest.mark.parametrize("column", list(Col))
def test_sort_by_every_column_then_back_to_default(queue, column):
    queue.set_filter("all")
    default = ids(queue)
    queue.sort(column, Qt.SortOrder.AscendingOrder)
    keys = [queue.index(r, 0).data(SORT_KEY_ROLE) for r in range(queue.rowCount())]
    assert keys == sorted(keys)
    ascending = ids(queue)
    queue.sort(column, Qt.SortOrder.DescendingOrder)
    assert ids(queue) == ascending[::-1]
    queue.sort(-1)
    assert ids(queue) == default


def test_default_order_open_then_sla_level_then_priority_then_newest(qtbot, session, scenario):
    clock = Clock()
    model = IncidentTableModel(session, clock=clock)
    model.set_filter("all")
    i, f = scenario.ids, scenario.f
    # I1 (priority 1) is red in 受理, so it leads; a later priority-4 report that is red by now (6 min on)
    # comes next, ahead of the normal ones by level though its priority is lowest.
    grid = scenario.grids[3]
    old = f.report(grid, grid_center(grid), category="200200", priority=4)
    clock.now = old.at + 6 * 60_000 + 1
    session.feed([old])
    assert ids(model)[:2] == [i["I1"], old.data["incident"]]
    assert ids(model)[2:] == [i["I2"], i["I3"], i["I4"], i["I5"]]
