"""Review queue (审核入库) and records browser: list, filters, diff, accept/return commands, versions, 注销."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMainWindow

from console.domain.records import RecordKind, SubmissionStatus
from console.testing.sample_state import build_addresses, build_district
from console.ui.review.detail import CHANGED_BACKGROUND, CHANGED_MARK
from console.ui.review.dock import install_review_dock
from console.ui.review.fields import mask_id
from console.ui.review.model import SCol, SubmissionTableModel
from console.ui.review.records_model import RecordSearchModel
from console.ui.review.rows import IdRowsModel
from console.ui.review.view import ReviewPanel
from tests.ui.conftest import NOW_MS, FakeSession

WARN = QAbstractItemModelTester.FailureReportingMode.Warning
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """A valid GB 11643 number: ``first17`` plus its check character."""
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


PERSON_ID = id_number("32050819850312123")
ADDRESSES = [a.code for a in build_addresses(build_district(2, 2))]  # the scenario's, once it has them


@pytest.fixture(autouse=True)
def _addressed(scenario):
    scenario.with_addresses()  # the person and house records name standard addresses


def person(**changes) -> dict:
    fields = {"id_number": PERSON_ID, "name": "王小明", "sex": "1", "ethnicity": "01",
              "address_code": ADDRESSES[0], "floating": True, "phone": "13912345678"}
    return {**fields, **changes}


@pytest.fixture
def officer(scenario):
    return FakeSession(scenario.state(), account="mj01", role="officer")


@pytest.fixture
def panel(qtbot, officer, clock):
    widget = ReviewPanel(officer, clock=clock)
    qtbot.addWidget(widget)
    widget.resize(820, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _submit_two(scenario, session):
    f = scenario.f
    p = f.submission("person", "W001", person(), note="新入住租户")
    h = f.submission("house", "W002", {"address_code": ADDRESSES[3], "use": "group_rental",
                                                  "occupants": 9})
    session.feed([p, h])
    return p, h


def test_queue_lists_pending_with_labels_and_filters(qtbot, scenario, officer):
    model = SubmissionTableModel(officer, clock=lambda: NOW_MS)
    QAbstractItemModelTester(model, WARN, model)
    p, h = _submit_two(scenario, officer)
    assert model.rowCount() == 2
    row = model.row_of(p.data["submission"])
    assert row == 0  # oldest first in the pending queue
    cells = [model.index(row, c).data() for c in SCol]
    assert cells[:3] == ["人口", scenario.workers["W001"].name, scenario.grids[0].name]
    assert cells[SCol.SUBMITTED].endswith("分钟前")
    assert cells[SCol.STATUS] == "待审核"
    assert mask_id(PERSON_ID) in cells[SCol.SUMMARY] and PERSON_ID not in cells[SCol.SUMMARY]
    assert "王小明" in cells[SCol.SUMMARY]
    assert "群租" in model.index(model.row_of(h.data["submission"]), SCol.SUMMARY).data()

    model.set_filter(RecordKind.HOUSE, SubmissionStatus.PENDING)
    assert model.ids() == [h.data["submission"]]
    officer.feed([scenario.f.review(h)])
    assert model.rowCount() == 0
    model.set_filter(None, SubmissionStatus.ACCEPTED)
    assert model.ids() == [h.data["submission"]]
    model.set_filter(None, None)
    assert model.rowCount() == 2


def test_ctrl_enter_accepts_and_the_queue_moves_on(qtbot, scenario, officer, panel):
    p, h = _submit_two(scenario, officer)
    queue = panel.queue
    queue.select_submission(p.data["submission"])
    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert officer.calls == [("command", "submission.accept", {"submission": p.data["submission"]})]
    officer.feed([scenario.f.review(p)])  # the relay's answer
    assert queue.model.ids() == [h.data["submission"]]
    assert queue.detail.submission().id == h.data["submission"]  # next one shown, ready for the next key
    assert "人口提交已入库" in queue.last_result.text()
    assert panel.tabText(0) == "审核入库 (1)"


def test_return_needs_a_reason(qtbot, scenario, officer, panel):
    p, _h = _submit_two(scenario, officer)
    queue = panel.queue
    queue.select_submission(p.data["submission"])
    bar = queue.detail.return_bar
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert officer.calls == []
    assert bar.hint.isVisible()
    bar.reason.setEditText("  ")
    queue.detail.return_action.trigger()
    assert officer.calls == []
    bar.reason.lineEdit().insert("身份证号与姓名不符")  # typing CJK through QTest aborts
    assert not bar.hint.isVisible()
    qtbot.keyClick(queue.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert officer.calls == [("command", "submission.return",
                              {"submission": p.data["submission"], "note": "身份证号与姓名不符"})]


def test_refusal_is_shown_in_the_detail(qtbot, scenario, officer, panel):
    p, _h = _submit_two(scenario, officer)
    panel.queue.select_submission(p.data["submission"])
    detail = panel.queue.detail
    detail.request_accept()
    detail.request_accept()  # a double Ctrl+Enter sends one verdict
    assert len(officer.calls) == 1 and not detail.accept_button.isEnabled()
    officer.command_failed.emit("submission.accept", {"code": "E_FORBIDDEN", "zh": "无权执行该操作：不在本人警格"})
    assert "不在本人警格" in detail.feedback.text()
    assert detail.accept_button.isEnabled()  # refused: the officer may try again


def test_diff_highlights_changed_fields_and_reveals_id_to_reviewer(qtbot, scenario, officer, panel):
    f = scenario.f
    first = f.submission("person", "W001", person())
    accepted = f.review(first)
    second = f.submission("person", "W001", person(phone="13800001111"), record=first.data["record"])
    officer.feed([first, accepted, second])
    detail = panel.queue.detail
    panel.queue.select_submission(second.data["submission"])
    assert detail.changed == {"phone"}
    table = detail.table
    assert table.columnCount() == 3
    assert table.horizontalHeaderItem(2).text() == "现行生效版本"
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    phone = rows[CHANGED_MARK + "联系电话"]
    assert table.item(phone, 1).text() == "13800001111"
    assert table.item(phone, 2).text() == "13912345678"
    assert table.item(phone, 1).background().color() == QColor(CHANGED_BACKGROUND)
    name = rows["姓名"]
    assert table.item(name, 1).background().color() != QColor(CHANGED_BACKGROUND)
    assert table.item(rows["身份证号"], 1).text() == PERSON_ID  # the reviewer's own view
    assert table.item(rows["性别"], 1).text() == "男性"
    assert table.item(rows["民族"], 1).text() == "01 汉族"
    assert table.item(rows["流动人口"], 1).text() == "是"
    assert "1 项变更" in detail.compare_caption.text()


def test_dispatcher_sees_masked_id_and_cannot_review(qtbot, scenario, session, clock):
    widget = ReviewPanel(session, clock=clock)
    qtbot.addWidget(widget)
    p = scenario.f.submission("person", "W001", person())
    session.feed([p])
    widget.queue.select_submission(p.data["submission"])
    detail = widget.queue.detail
    rows = {detail.table.item(r, 0).text(): r for r in range(detail.table.rowCount())}
    assert detail.table.item(rows["身份证号"], 1).text() == mask_id(PERSON_ID)
    assert detail.table.columnCount() == 2  # a new record: nothing to compare with
    assert not detail.accept_button.isEnabled()
    assert detail.accept_button.toolTip() == "指挥调度员无权审核入库"  # the catalogue's one permission rule
    detail.request_accept()
    assert session.calls == []


def test_self_declaration_hidden_from_the_desk_says_so(qtbot, scenario, session, clock):
    """A 居住登记 as the relay hands it to a dispatcher (console.domain.privacy): every personal field and the
    queue's summary read 「已隐去（仅审核民警与核查网格员可见）」, never a masked or garbled value."""
    from console.domain.decide import Actor
    from console.domain.events import Event
    from console.domain.privacy import REDACTED, clearance_of, event_data
    from console.domain.workers import Role

    declared = scenario.f.submission("person", "W001",
                                     person(self_declared=True, relation="租住", move_in="2024-03-01"))
    desk = clearance_of(Actor("d01", Role.DISPATCHER), session.state)
    hidden = Event(declared.seq, declared.at, declared.type, declared.actor, event_data(declared, desk))
    widget = ReviewPanel(session, clock=clock)
    qtbot.addWidget(widget)
    session.feed([hidden])
    sub_id = declared.data["submission"]
    widget.queue.select_submission(sub_id)
    detail = widget.queue.detail
    cells = {detail.table.item(r, 0).text(): detail.table.item(r, 1).text() for r in range(detail.table.rowCount())}
    assert cells["身份证号"] == cells["姓名"] == cells["联系电话"] == REDACTED
    assert PERSON_ID not in str(cells) and "王小明" not in str(cells)
    model = widget.queue.model
    summary = next(model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())
                   if REDACTED in str(model.index(r, c).data()))
    assert summary.startswith(REDACTED) and "*" not in summary


def test_records_browser_versions_after_second_accept_and_invalidate(qtbot, scenario, officer, panel):
    f = scenario.f
    first = f.submission("person", "W001", person())
    accepted = f.review(first)
    second = f.submission("person", "W001", person(phone="13800001111"), record=first.data["record"])
    officer.feed([first, accepted, second])
    browser = panel.records
    QAbstractItemModelTester(browser.model, WARN, browser.model)
    QAbstractItemModelTester(browser.versions, WARN, browser.versions)
    browser.search.setText(PERSON_ID[-6:])
    browser.run_search()
    assert browser.model.rowCount() == 1
    browser.table.selectRow(0)
    assert browser.versions.statuses() == ["待提交", "生效"]
    officer.feed([f.review(second)])
    assert browser.versions.statuses() == ["生效", "失效"]
    assert browser.model.index(0, 3).data() == "生效"

    browser.search.setText("王小明")
    browser.run_search()
    assert browser.model.ids() == [first.data["record"]]
    browser.search.setText("查无此人")
    browser.run_search()
    assert browser.model.rowCount() == 0
    browser.search.setText("王小明")
    browser.run_search()
    browser.table.selectRow(0)

    bar = browser.invalidate_bar
    assert bar.isEnabled()
    bar.submit()
    assert officer.calls == []
    bar.reason.setEditText("人员已迁出")
    bar.submit()
    assert officer.calls == [("command", "record.invalidate", {"record": first.data["record"], "note": "人员已迁出"})]
    officer.feed([f.invalidate(first.data["record"], "人员已迁出")])
    assert browser.versions.statuses() == ["失效", "失效"]
    assert browser.model.index(0, 3).data() == "失效"
    assert not bar.isEnabled()


def test_install_review_dock(qtbot, officer):
    window = QMainWindow()
    qtbot.addWidget(window)
    dock = install_review_dock(window, officer)
    assert dock.objectName() == "reviewDock"
    assert isinstance(dock.widget(), ReviewPanel)
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea


def test_records_search_model_under_tester(scenario, officer):
    model = RecordSearchModel(officer)
    QAbstractItemModelTester(model, WARN, model)
    f = scenario.f
    subs = [f.submission("house", "W002", {"address_code": code, "use": "rental"}) for code in ADDRESSES[3:8]]
    officer.feed(subs)
    assert model.rowCount() == 5
    model.search(ADDRESSES[5][-10:])
    assert model.rowCount() == 1


class _Rows(IdRowsModel):
    def __init__(self) -> None:
        super().__init__()
        self._headers = ["id"]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return self.id_at(index.row()) if index.isValid() and role == Qt.ItemDataRole.DisplayRole else None


def test_row_sync_reaches_any_wanted_order_with_persistent_indexes_intact():
    rnd = random.Random(4)
    model = _Rows()
    QAbstractItemModelTester(model, WARN, model)
    for _ in range(300):
        pool = [f"r{i}" for i in range(rnd.randint(0, 30))]
        rnd.shuffle(pool)
        wanted = pool[: rnd.randint(0, len(pool))]
        tracked = {k: QPersistentModelIndex(model.index(r, 0)) for r, k in enumerate(model.ids())}
        model.sync_rows(wanted)
        assert model.ids() == wanted
        assert [model.row_of(k) for k in wanted] == list(range(len(wanted)))
        for key, index in tracked.items():  # a view's selection follows its row, or drops it when it goes
            assert index.row() == (wanted.index(key) if key in wanted else -1)
