"""Text is text: what people typed shows as characters everywhere in the console, never as HTML.

The widgets that show incident, order, submission, referral, call, alert, zone and bookmark fields
are built from a state in which every typed field and every worker's name holds an HTML payload.
Walking each widget tree, every label, button, tooltip, text box and item-view cell must show the
payload literally (the ``<h1>`` visible as characters), and nothing showing it may be rich text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QEvent, QPointF, QSettings, Qt
from PySide6.QtGui import QMouseEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGraphicsTextItem,
    QGraphicsView,
    QHeaderView,
    QItemDelegate,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QStyledItemDelegate,
    QTabBar,
    QTextEdit,
    QWidget,
)

from console.domain import events as ev
from console.domain.geofence import Alert
from console.domain.incidents import category_name, departments
from console.domain.state import apply
from console.domain.summary import ItemRef
from console.reports.incident_report import build_incident_report, report_html
from console.testing.sample_state import grid_center
from console.ui import plain
from console.ui.actions.refer_dialog import ReferDialog
from console.ui.actions.step_dialogs import (
    CallbackDialog,
    CancelAssignmentDialog,
    ExtensionDecisionDialog,
    ExtensionRequestDialog,
    ReworkDialog,
    SuperviseDialog,
)
from console.ui.actions.void_dialog import VoidDialog
from console.ui.calls.wall import VideoWall
from console.ui.dispatch_dialog import DispatchDialog
from console.ui.incident_detail import IncidentDetail
from console.ui.intake import IntakeDialog
from console.ui.main_window import MainWindow
from console.ui.orders.dialog import IssueOrderDialog
from console.ui.plain import PlainLabel, RichLabel, escape, menu_text, message_box, plain_tip
from console.ui.replay.axis import TimeAxis
from console.ui.reports.incident_pdf import report_document
from console.ui.review.view import ReviewPanel
from console.ui.summary.tables import ItemList
from tests.ui.conftest import NOW_MS, FakeSession
from tests.ui.test_calls_ui import FakeCallService
from tests.unit.test_incident_report import ListReplay

PAYLOAD = "<h1>X</h1><img src='file:///etc/passwd'><font size=100 color=red>红</font>"
TAGS = ("<h1", "<img", "<font")  # the payload's own markup: never inside text Qt renders as HTML
ID_NUMBER = "11010519491231002X"
CALLER = PAYLOAD[:32]  # the longest caller number the relay takes, tags and all


# --- what a widget shows ---------------------------------------------------------------------

def html_text(markup: str) -> str:
    """What Qt's rich-text engine shows for ``markup`` (called only once no payload tag is in it)."""
    doc = QTextDocument()
    doc.setHtml(markup)
    return doc.toPlainText()


def qt_guesses_rich(text: str) -> bool:
    return bool(text) and QtGui.Qt.mightBeRichText(text)


@dataclass(frozen=True)
class Shown:
    """One piece of text on screen: where, the string Qt was given, whether Qt renders it as HTML."""

    where: str
    raw: str
    rich: bool

    def text(self) -> str:
        return html_text(self.raw) if self.rich else self.raw


def _label(where: str, label: QLabel) -> Shown:
    fmt = label.textFormat()
    rich = fmt in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText) or (
        fmt == Qt.TextFormat.AutoText and qt_guesses_rich(label.text()))
    return Shown(where, label.text(), rich)


def _tip(where: str, tip: str) -> Shown:
    return Shown(where + " tooltip", tip, qt_guesses_rich(tip))  # QToolTip guesses like an AutoText label


def _button_text(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


STOCK_DELEGATES = ("QStyledItemDelegate", "QItemDelegate", "QComboMenuDelegate", "QComboBoxDelegate")


def _stock(delegate) -> bool:
    """Qt's own delegates, which paint a cell's text as plain text (no delegate of ours renders HTML); a
    subclass of QStyledItemDelegate that keeps its painting (only adjusts the option, like the queue's
    presence mark) paints plain text too."""
    inherits_painting = isinstance(delegate, QStyledItemDelegate) and type(delegate).paint is QStyledItemDelegate.paint
    return type(delegate) in (QStyledItemDelegate, QItemDelegate) or inherits_painting or (
        delegate.metaObject().className() in STOCK_DELEGATES)


def _cells(where: str, view: QAbstractItemView) -> list[Shown]:
    """Every cell's text (plain: drawn by the stock delegate) and tooltip."""
    model = view.model()
    assert _stock(view.itemDelegate()), f"{where}: a custom delegate"
    out = []
    if model is None:
        return out
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    for col in range(columns):
        column_delegate = view.itemDelegateForColumn(col)
        assert column_delegate is None or _stock(column_delegate), f"{where}: a custom delegate in column {col}"
    for row in range(min(model.rowCount(), 300)):
        for col in range(columns):
            index = model.index(row, col)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if text is not None:
                out.append(Shown(f"{where} cell {row},{col}", str(text), False))
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            if tip:
                out.append(_tip(f"{where} cell {row},{col}", str(tip)))
    return out


def shown_texts(*roots: QWidget) -> list[Shown]:
    """Labels, buttons, actions, tooltips, text boxes, combo items, tabs, cells and scene text under ``roots``."""
    out: list[Shown] = []
    for root in roots:
        for w in [root, *root.findChildren(QWidget)]:
            where = f"{type(w).__name__}#{w.objectName() or '?'}"
            if w.toolTip():
                out.append(_tip(where, w.toolTip()))
            for action in w.actions():
                out.append(Shown(f"{where} action", _button_text(action.text()), False))
                if action.toolTip():
                    out.append(_tip(f"{where} action", action.toolTip()))
            if isinstance(w, QLabel):
                out.append(_label(where, w))
            elif isinstance(w, QAbstractButton):
                out.append(Shown(where, _button_text(w.text()), False))
            elif isinstance(w, (QTextEdit, QPlainTextEdit)):
                out.append(Shown(where, w.toPlainText(), False))
            elif isinstance(w, QLineEdit):
                out.append(Shown(where, w.text(), False))
            elif isinstance(w, QComboBox):
                out.extend(Shown(f"{where} item", w.itemText(i), False) for i in range(w.count()))
            elif isinstance(w, QTabBar):
                for i in range(w.count()):
                    out.append(Shown(f"{where} tab", _button_text(w.tabText(i)), False))
                    if w.tabToolTip(i):
                        out.append(_tip(f"{where} tab", w.tabToolTip(i)))
            if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
                out.extend(_cells(where, w))
            if isinstance(w, QGraphicsView) and w.scene() is not None:
                for item in w.scene().items():
                    if isinstance(item, QGraphicsTextItem):
                        out.append(Shown(f"{where} text item", item.toHtml(), True))
    return out


def check_plain(*roots: QWidget, at_least: int = 1) -> list[Shown]:
    """Nothing under ``roots`` renders the payload's markup; it shows literally at least ``at_least`` times."""
    shown = shown_texts(*roots)
    for s in shown:
        if s.rich:
            assert not any(tag in s.raw for tag in TAGS), f"{s.where} renders typed text as HTML: {s.raw!r}"
    literal = [s for s in shown if PAYLOAD in s.text()]
    assert len(literal) >= at_least, f"the payload shows literally {len(literal)} times, wanted {at_least}"
    return literal


def assert_plain_label(label: QLabel, *, exact: bool = False) -> None:
    """A label showing typed text: plain text format, the payload in it as characters."""
    assert label.textFormat() == Qt.TextFormat.PlainText, f"{label.objectName()} is not plain text"
    assert (label.text() == PAYLOAD) if exact else (PAYLOAD in label.text()), label.text()


def assert_rich_label_escapes(label: QLabel) -> None:
    """A label with the console's own markup: the payload in it escaped, shown as characters."""
    assert label.textFormat() == Qt.TextFormat.RichText
    assert escape(PAYLOAD) in label.text() and not any(tag in label.text() for tag in TAGS), label.text()
    assert PAYLOAD in html_text(label.text())


# --- the state: every typed field holds the payload ------------------------------------------

@dataclass
class Poisoned:
    events: list
    ids: dict[str, str]
    scenario: object

    def state(self):
        state = self.scenario.empty_state()
        for e in self.events:
            apply(state, e)
        return state


@pytest.fixture
def poisoned(scenario) -> Poisoned:
    scenario.with_addresses()
    for wid, worker in list(scenario.workers.items()):
        scenario.workers[wid] = replace(worker, name=f"{PAYLOAD}{wid}", phone=PAYLOAD)
    f, g = scenario.f, scenario.grids
    dept = next(iter(departments()))
    address = scenario.district.addresses[1].code
    events = [f.duty(w) for w in ("W001", "W002", "W003", "W004", "W005")]
    ids = {}

    def report(key: str, grid, caller: str = ""):
        """A priority-1 report; a caller of its own (still tags) unless it repeats an earlier one's."""
        e = f.report(grid, grid_center(grid, 0.05 * len(ids), 0.1), priority=1, address=PAYLOAD,
                     narrative=PAYLOAD, caller=caller or CALLER[:32 - len(ids)])
        ids[key] = e.data["incident"]
        events.append(e)
        return ids[key]

    a = report("worked", g[0])  # worked by W001 and W002, extension pending, supervised
    events += [f.act(a, ev.INCIDENT_ACCEPTED, note=PAYLOAD, ws=PAYLOAD),
               f.step(a, ev.INCIDENT_DISPATCHED, "W001", PAYLOAD), f.step(a, ev.INCIDENT_DISPATCHED, "W002", PAYLOAD),
               f.step(a, ev.INCIDENT_SIGNED, "W001", PAYLOAD), f.step(a, ev.INCIDENT_ARRIVED, "W001", PAYLOAD),
               f.act(a, ev.EXTENSION_REQUESTED, actor="w001", hours=4, note=PAYLOAD),
               f.act(a, ev.INCIDENT_SUPERVISED, level="yellow", note=PAYLOAD)]
    b = report("referred", g[1])  # a department signed and answered; called back
    events += [f.refer(b, dept, note=PAYLOAD), f.act(b, ev.REFERRAL_SIGNED, actor=f"dept_{dept}"),
               f.act(b, ev.REFERRAL_FEEDBACK, actor=f"dept_{dept}", note=PAYLOAD, unit=PAYLOAD),
               f.act(b, ev.INCIDENT_CALLBACK, satisfaction=2, note=PAYLOAD)]
    c = report("returned", g[2])  # a department sent it back
    events += [f.refer(c, dept, note=PAYLOAD), f.act(c, ev.REFERRAL_RETURNED, actor=f"dept_{dept}", note=PAYLOAD)]
    d = report("duplicate", g[0], caller=CALLER)  # a repeat call, voided as a duplicate of the first
    events.append(f.act(d, ev.INCIDENT_VOIDED, note=PAYLOAD, duplicate_of=a))
    report("new", g[3])  # priority 1, nobody accepted it: an alert

    target = PAYLOAD[:64]  # the longest target the relay takes
    overdue = f.order("mediate", "W001", target, note=PAYLOAD, incident=a, due_in_ms=6 * 60_000)
    done = f.order("mediate", "W002", target, note=PAYLOAD)
    back = f.order("patrol", "W003", target, note=PAYLOAD)
    events += [overdue, done, back,
               f.order_step(done.data["order"], ev.ORDER_SIGNED, "W002"),
               f.order_step(done.data["order"], ev.ORDER_DONE, "W002", note=PAYLOAD, confirmed=True),
               f.order_step(back.data["order"], ev.ORDER_RETURNED, "W003", note=PAYLOAD)]
    ids["order"] = overdue.data["order"]

    person = {"name": PAYLOAD, "id_number": ID_NUMBER, "sex": "1", "ethnicity": "01", "address_code": address,
              "floating": True, "phone": PAYLOAD}
    first = f.submission("person", "W001", person, note=PAYLOAD)
    events += [first, f.review(first, accept=True, note=PAYLOAD)]
    again = f.submission("person", "W001", {**person, "phone": "13900000000", "workplace": PAYLOAD},
                         record=first.data["record"], note=PAYLOAD)
    dispute = f.submission("dispute", "W002", {"type": "劳资", "parties": PAYLOAD,
                                                           "description": PAYLOAD, "address_code": address,
                                                           "resolved": False}, note=PAYLOAD)
    events += [again, dispute, f.review(dispute, accept=False, note=PAYLOAD)]
    ids["submission"] = again.data["submission"]
    ids["returned_submission"] = dispute.data["submission"]
    ids["record"] = first.data["record"]

    left = Alert("left_grid", "W004", g[3].code, f.at, PAYLOAD)  # the relay's own, worded from worker names
    events += [f.sos("W003"), f.forge(ev.GEOFENCE_ALERT, "system", left.to_event_data()),
               f.command("zone.set", zone="Z1", name=PAYLOAD[:64], polygon=[list(p) for p in g[0].polygon])]
    f.at = NOW_MS - 5_000
    for k, wid in enumerate(scenario.workers):  # the phones' fixes up to now reach the relay
        grid = next(gr for gr in g if gr.code == scenario.workers[wid].grid_code)
        events.append(f.position(wid, *grid_center(grid, 0.3, -0.3 + 0.1 * k), NOW_MS - 2_000))
    events += [f.command("call.dial", by="w002", call="C0000000000a1", to=["desk"], media="video"),
               f.command("call.dial", call="C0000000000a2", to=["W001"], media="audio"),
               f.command("call.hangup", call="C0000000000a2", reason=PAYLOAD)]
    return Poisoned(events, ids, scenario)


@pytest.fixture
def desk(poisoned) -> FakeSession:
    return FakeSession(poisoned.state(), account="ddy01", role="dispatcher")


def _show(qtbot, widget: QWidget, size=(1000, 700)) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# --- the helper itself -------------------------------------------------------------------------

def test_plain_text_everywhere_helpers(qtbot):
    assert escape(PAYLOAD) == ("&lt;h1&gt;X&lt;/h1&gt;&lt;img src=&#x27;file:///etc/passwd&#x27;&gt;"
                               "&lt;font size=100 color=red&gt;红&lt;/font&gt;")
    assert plain_tip("张伟 已签收\n李娜") == "张伟 已签收\n李娜"  # not HTML to Qt: shown as it is
    for text in (PAYLOAD, f"{PAYLOAD}\n第二行  两个空格", "&lt;b&gt; typed as entities"):
        tip = plain_tip(text)
        assert qt_guesses_rich(tip) and not any(tag in tip for tag in TAGS)
        assert html_text(tip) == text
    assert plain_tip(None) == ""
    assert menu_text("A&B 区域") == "A&&B 区域"
    label = PlainLabel(PAYLOAD)
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == PAYLOAD
    parent = QWidget()
    qtbot.addWidget(parent)
    assert PlainLabel(parent).parent() is parent and PlainLabel(parent).text() == ""
    assert RichLabel(f"<b>{escape(PAYLOAD)}</b>").textFormat() == Qt.TextFormat.RichText
    box = message_box(QMessageBox.Icon.Warning, "操作失败", PAYLOAD, QMessageBox.StandardButton.Ok)
    box.setInformativeText(PAYLOAD)
    qtbot.addWidget(box)
    texts = [lbl for lbl in box.findChildren(QLabel) if lbl.text()]
    assert len(texts) == 2 and all(lbl.textFormat() == Qt.TextFormat.PlainText for lbl in texts)
    check_plain(box, at_least=2)


# --- the console window: queue, detail, workers, log, alerts, orders, review, calls, map ------

@pytest.fixture
def window(qtbot, empty_session, poisoned, tmp_path, clock):
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    win = _show(qtbot, MainWindow(empty_session, settings, clock=clock), (1500, 950))
    empty_session.reset(poisoned.scenario.empty_state())
    empty_session.feed(poisoned.events)  # the event log lists them as they come
    win.queue.set_filter("all")
    return win


def test_plain_text_everywhere_in_the_console_window(window, empty_session, poisoned, qtbot):
    session, ids = empty_session, poisoned.ids
    window.select_incident(ids["worked"])
    detail = window.detail
    for name in ("地址", "案情"):
        assert_plain_label(detail.values[name], exact=True)
    caller = detail.values["报警人"]
    assert caller.textFormat() == Qt.TextFormat.PlainText and caller.text() == CALLER
    assert_plain_label(detail.values["处置人"])
    assert_plain_label(detail.extension_label)
    check_plain(window, at_least=60)
    for dock, at_least in ((window.queue_dock, 10), (window.workers_dock, 6), (window.detail_dock, 15),
                           (window.log_dock, 10), (window.alerts_dock, 3), (window.orders_dock, 6),
                           (window.review_dock, 4), (window.calls_dock, 1)):
        check_plain(dock.widget(), at_least=at_least)
    log = window.event_log.model
    log_texts = [log.index(r, 3).data() for r in range(log.rowCount())]
    assert sum(PAYLOAD in t for t in log_texts) >= 10  # reports, notes, orders, submissions, zone, call reason
    tips = [log.index(r, 3).data(Qt.ItemDataRole.ToolTipRole) for r in range(log.rowCount())]
    assert any(t != log_texts[r] and html_text(t) == log_texts[r] for r, t in enumerate(tips)), "escaped tooltips"

    window.select_incident(ids["referred"])
    for name in ("反馈", "反馈单位", "转办原因"):
        assert_plain_label(detail.referral_values[name])
    window.select_incident(ids["returned"])
    assert_plain_label(detail.referral_values["退回意见"])
    window.select_incident(ids["duplicate"])
    assert detail.links.textFormat() == Qt.TextFormat.RichText and ids["worked"] in html_text(detail.links.text())
    check_plain(detail, at_least=3)

    # the map: cards, the follow banner and the hover tooltip
    district_map = window.map.map
    district_map.show_worker_card("W001")
    card = district_map.worker_card
    assert_rich_label_escapes(card.title)
    assert_plain_label(card.values["电话"], exact=True)
    district_map.show_grid_card(poisoned.scenario.grids[0].code)
    assert_plain_label(district_map.grid_card.values["网格员"])
    district_map.follow("W001")
    assert_plain_label(district_map.follow_banner)
    pos = session.state.positions["W001"]
    x, y = district_map.frame.to_xy(pos.lng, pos.lat)
    district_map._on_mouse_moved(district_map.view_box.mapViewToScene(QPointF(float(x), float(y))))
    tip = district_map.view.toolTip()
    assert qt_guesses_rich(tip) and html_text(tip).startswith(PAYLOAD)
    check_plain(district_map, at_least=4)

    # the status bar and the message boxes carry the relay's words (which may quote typed text)
    window.status.set_connection("disconnected", PAYLOAD)
    assert_rich_label_escapes(window.status.connection_label)
    window.show_command_failed("incident.accept", {"code": "E_STATE", "zh": PAYLOAD})
    window.offer_force_dispatch({"code": "E_BUSY", "zh": PAYLOAD,
                                 "request": {"incident": ids["worked"], "worker": "W003"}})
    for box in (window._error_box, window.force_box):
        assert box.textFormat() == Qt.TextFormat.PlainText
        check_plain(box)
    window.status.showMessage(PAYLOAD)
    check_plain(window.status, at_least=2)


def test_plain_text_everywhere_in_the_incident_detail_alone(qtbot, desk, poisoned, clock):
    detail = _show(qtbot, IncidentDetail(desk, clock=clock))
    detail.show_incident(poisoned.ids["worked"])
    table = detail.timeline
    notes = [table.item(r, 5).text() for r in range(table.rowCount())]
    assert sum(n.endswith(PAYLOAD) for n in notes) >= 6
    assert html_text(table.item(1, 5).toolTip()) == PAYLOAD
    assert detail.assignments.item(0, 0).text().startswith(PAYLOAD)
    check_plain(detail, at_least=15)
    detail.show_incident(poisoned.ids["referred"])
    assert detail.callbacks.item(0, 3).text() == PAYLOAD


# --- dialogs: dispatch and every incident action ---------------------------------------------

def test_plain_text_everywhere_in_dispatch_and_action_dialogs(qtbot, desk, poisoned):
    state = desk.state
    inc = state.incidents[poisoned.ids["worked"]]
    dispatch = _show(qtbot, DispatchDialog(state, inc, now_ms=NOW_MS))
    assert_rich_label_escapes(dispatch.header)
    assert html_text(dispatch.header.text()).count(PAYLOAD) == 3  # the address and both workers on it
    check_plain(dispatch, at_least=5)
    dispatch.table.selectRow(0)
    dispatch.accept()  # the busy / unavailable warning names the worker
    if dispatch.warning.isVisible():
        assert_plain_label(dispatch.warning)

    dialogs = [ReferDialog(inc), VoidDialog(state, state.incidents[poisoned.ids["duplicate"]], NOW_MS),
               ReworkDialog(inc), CancelAssignmentDialog(state, inc, ["W001", "W002"]), SuperviseDialog(inc),
               ExtensionRequestDialog(inc), ExtensionDecisionDialog(inc), CallbackDialog(inc)]
    for dialog in dialogs:
        _show(qtbot, dialog, (520, 320))
        assert_rich_label_escapes(dialog.header)
        assert category_name(inc.category) in html_text(dialog.header.text())
        check_plain(dialog)
    decision = dialogs[6]
    assert any(lbl.text().endswith(PAYLOAD) and lbl.textFormat() == Qt.TextFormat.PlainText
               for lbl in decision.findChildren(QLabel)), "the request's reason"
    callback = dialogs[7]
    assert any(lbl.text() == CALLER and lbl.textFormat() == Qt.TextFormat.PlainText
               for lbl in callback.findChildren(QLabel)), "the caller"
    assert sum(PAYLOAD in dialogs[3].worker.itemText(i) for i in range(dialogs[3].worker.count())) == 2
    assert any(PAYLOAD in dialogs[1].original.itemText(i) for i in range(dialogs[1].original.count()))


def test_plain_text_everywhere_in_the_intake_form(qtbot, desk, poisoned, clock):
    intake = _show(qtbot, IntakeDialog(desk.state, clock=clock), (700, 500))
    caller = PAYLOAD[:intake.caller.maxLength()]
    desk.state.last_call[caller] = poisoned.ids["worked"]
    intake.caller.setText(caller)  # the caller called before: the repeat warning links the earlier incident
    intake._update_repeat()
    assert intake.repeat_warning.isVisible()
    assert intake.repeat_warning.textFormat() == Qt.TextFormat.RichText
    assert not any(tag in intake.repeat_warning.text() for tag in TAGS)
    check_plain(intake, at_least=0)  # nothing typed by others shows here, but nothing may render as HTML


# --- review, records and orders ------------------------------------------------------------

def test_plain_text_everywhere_in_review_and_records(qtbot, poisoned, clock):
    officer = FakeSession(poisoned.state(), account="mj01", role="officer")
    panel = _show(qtbot, ReviewPanel(officer, clock=clock), (1000, 760))
    panel.queue.status_combo.setCurrentIndex(panel.queue.status_combo.count() - 1)  # 全部状态
    panel.queue.select_submission(poisoned.ids["submission"])
    detail = panel.queue.detail
    assert detail.title.textFormat() == Qt.TextFormat.PlainText and PAYLOAD in detail.title.text()
    assert_plain_label(detail.meta)
    assert detail.meta.text().count(PAYLOAD) >= 2  # the worker's name and the note
    cells = [detail.table.item(r, c).text() for r in range(detail.table.rowCount()) for c in (1, 2)]
    assert cells.count(PAYLOAD) >= 4  # name, phone (old), workplace (new), …
    check_plain(panel, at_least=10)
    panel.queue.select_submission(poisoned.ids["returned_submission"])
    assert detail.meta.text().endswith(PAYLOAD)  # the reason it was returned
    check_plain(detail, at_least=4)

    panel.setCurrentWidget(panel.records)
    panel.records.run_search()
    row = panel.records.model.row_of(poisoned.ids["record"])
    panel.records.table.selectRow(row)
    versions = panel.records.versions
    assert versions.rowCount() == 2
    check_plain(panel.records, at_least=3)


def test_plain_text_everywhere_in_the_order_dialog(qtbot, desk, poisoned):
    dialog = _show(qtbot, IssueOrderDialog(desk, incident_id=poisoned.ids["worked"], clock=lambda: NOW_MS))
    assert dialog.note_edit.text() == PAYLOAD[:60]
    dialog.worker_edit.setText("W002")
    assert_plain_label(dialog.worker_hint)
    dialog.show_earlier({"key": f"person:{ID_NUMBER}", "at": NOW_MS - 3_600_000, "by": "W001", "source": "order",
                         "ref": PAYLOAD, "result": PAYLOAD})
    assert_plain_label(dialog.earlier_text)
    assert dialog.earlier_text.text().count(PAYLOAD) == 3  # who, the order and the result
    desk.command_failed.emit("order.issue", {"code": "E_X", "zh": PAYLOAD})
    dialog._pending = {"worker": "W002"}
    desk.command_failed.emit("order.issue", {"code": "E_X", "zh": PAYLOAD})
    assert_plain_label(dialog.message)
    check_plain(dialog, at_least=3)


# --- the video wall: incoming call, tiles, group call, refusals --------------------------------

def test_plain_text_everywhere_on_the_video_wall(qtbot, desk, poisoned):
    service = FakeCallService()
    wall = _show(qtbot, VideoWall(desk, service, clock=lambda: NOW_MS, linger_ms=60_000), (900, 640))
    bar = wall._incoming["C0000000000a1"]
    assert_plain_label(bar.label)
    call_id = wall.call_worker("W001", "video")
    tile = wall.tile_of(call_id)
    assert tile.title.startswith(PAYLOAD) and html_text(tile.toolTip()).startswith(PAYLOAD)
    group = wall.group_call(poisoned.scenario.grids[0].code)
    desk.command_failed.emit("call.dial", {"code": "E_OTHER", "zh": PAYLOAD, "request": {"call": group}})
    assert wall.group_panel.isVisible()
    assert_rich_label_escapes(wall.group_panel.state_label)
    assert all(t.startswith(PAYLOAD) for t in wall.group_panel.member_texts())
    wall._fill_group_menu()
    check_plain(wall, at_least=4)


# --- replay bookmarks, the printed report, the summary's lists ---------------------------------

class _Tips:
    """Stands in for QToolTip inside :mod:`console.ui.plain`: records what would be shown."""

    shown: ClassVar[list[str]] = []

    @classmethod
    def showText(cls, _pos, text, _widget=None, *_args) -> None:
        cls.shown.append(text)


def test_plain_text_everywhere_in_replay_report_and_summary(qtbot, poisoned, monkeypatch):
    axis = _show(qtbot, TimeAxis(NOW_MS - 3_600_000, NOW_MS), (800, 70))
    at = NOW_MS - 1_800_000
    axis.bookmarks = [{"id": "BM1", "at": at, "note": PAYLOAD, "by": PAYLOAD}]
    monkeypatch.setattr(plain, "QToolTip", _Tips)
    _Tips.shown = []
    x = axis.x_of(at)
    axis.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, QPointF(x, 5), QPointF(x, 5), Qt.MouseButton.NoButton,
                                    Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    (tip,) = _Tips.shown
    assert qt_guesses_rich(tip) and not any(tag in tip for tag in TAGS)
    assert html_text(tip).count(PAYLOAD) == 2

    scenario = poisoned.scenario
    replay = ListReplay(scenario.district, scenario.workers, poisoned.events)
    report = build_incident_report(replay, poisoned.ids["worked"], NOW_MS)
    markup = report_html(report)
    assert "<img" not in markup and "<font" not in markup and escape(PAYLOAD) in markup  # its own <h1> only
    text = report_document(report).toPlainText()
    assert text.count(PAYLOAD) >= 10  # caller, address, narrative, every note, the workers

    items = [ItemRef("incident", poisoned.ids["worked"], PAYLOAD, "处置中", NOW_MS, "", PAYLOAD, PAYLOAD)]
    lists = _show(qtbot, ItemList("overdue", "超期"), (900, 300))
    lists.set_items(items, PAYLOAD)
    assert_plain_label(lists.heading, exact=True)
    tip = lists.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert html_text(tip) == f"{PAYLOAD}\n{PAYLOAD}"
    check_plain(lists, at_least=4)


def test_plain_text_everywhere_means_no_html_for_what_looks_harmless(qtbot, desk, poisoned, clock):
    """A note that is not HTML stays byte-for-byte what was typed (the helper only steps in for HTML)."""
    detail = _show(qtbot, IncidentDetail(desk, clock=clock))
    detail.show_incident(poisoned.ids["new"])
    desk.state.incidents[poisoned.ids["new"]].narrative = "楼上 & 楼下  争吵 <不是标签"
    detail.refresh()
    assert detail.values["案情"].text() == "楼上 & 楼下  争吵 <不是标签"
