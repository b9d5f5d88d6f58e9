"""What the desk's screen does not redo: presence marks in the queue's model (no Python delegate), no
table repaint when the window gains or loses the focus, no action refresh when nothing changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from console.services.desk_presence import DeskPresence
from console.ui.main_window import MainWindow
from console.ui.queue.columns import Col
from tests.ui.conftest import FakeSession


class DeskSession(FakeSession):
    """A session with the other desks' presence marks, as ``ConsoleSession`` has them."""

    desks_changed = Signal(object)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, account="d01", **kwargs)
        self.desks = DeskPresence("d01")
        self.focused: list = []

    def focus(self, incident_id) -> None:
        self.focused.append(incident_id)

    def mark(self, account: str, incident: str | None) -> None:
        self.desks_changed.emit(self.desks.apply({"account": account, "incident": incident, "at": 1}))


class PaintCounter(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        self.count += event.type() == QEvent.Type.Paint
        return False


@pytest.fixture
def window(qtbot, scenario, tmp_path, clock):
    session = DeskSession(scenario.empty_state())
    win = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), clock=clock)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    session.feed(scenario.base_events())
    return win


def test_presence_mark_is_model_text_and_leaves_with_the_desk(window):
    queue = window.queue
    incident = queue.model.incident_id(0)
    assert queue.table.itemDelegateForColumn(Col.ID) is None  # Qt's own delegate paints the number
    window.session.mark("d02", incident)
    assert queue.model.index(0, Col.ID).data() == f"{incident} ◉d02"
    window.session.mark("c01", incident)
    assert queue.model.index(0, Col.ID).data() == f"{incident} ◉d02、c01"
    window.session.mark("d02", None)
    window.session.mark("c01", None)
    assert queue.model.index(0, Col.ID).data() == incident


def test_item_views_skip_the_activation_repaint(window, qtbot):
    """Qt answers a window (de)activation with a full repaint of every item view's viewport; with the
    console's palette (the same active and inactive) the views skip it."""
    views = (window.queue.table, window.event_log.table, window.detail.timeline)
    window.repaint()  # what was pending is painted now, not counted below
    painted = [PaintCounter(view.viewport()) for view in views]
    for view in views:
        for kind in (QEvent.Type.WindowDeactivate, QEvent.Type.WindowActivate):
            QApplication.sendEvent(view.viewport(), QEvent(kind))
    QApplication.processEvents()
    assert [p.count for p in painted] == [0, 0, 0]
    window.queue.table.viewport().update()  # a real change still repaints
    qtbot.waitUntil(lambda: painted[0].count == 1)


def test_actions_are_not_refreshed_when_nothing_about_them_changed(window, qtbot):
    actions = window.incident_actions
    window.select_incident(window.queue.model.incident_id(0))
    changed = []
    for action in actions.actions.values():
        action.changed.connect(lambda a=action: changed.append(a.objectName()))
    actions.refresh()
    assert changed == []
    actions.set_offline_reason("中继连接已断开")
    assert changed  # going offline disables them, with the reason
    assert not actions.actions["accept"].isEnabled()
    assert Qt.ShortcutContext.WindowShortcut == actions.actions["accept"].shortcutContext()


def test_detail_appends_timeline_rows(window, scenario):
    from console.domain import events as ev

    detail = window.detail
    incident = scenario.ids["I2"]  # 受理: the next step is a dispatch
    window.select_incident(incident)
    first = detail.timeline.item(0, 0)
    rows = detail.timeline.rowCount()
    window.session.feed([scenario.f.step(incident, ev.INCIDENT_DISPATCHED, worker="W002")])
    assert detail.timeline.rowCount() == rows + 1
    assert detail.timeline.item(0, 0) is first  # the rows already shown were not rebuilt
    assert detail.timeline.item(rows, 1).text() == "派遣"
    other = scenario.ids["I1"]
    window.select_incident(other)  # another incident: filled afresh
    assert detail.timeline.rowCount() == len(window.session.state.incidents[other].timeline)
