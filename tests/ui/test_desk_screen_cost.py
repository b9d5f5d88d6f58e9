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


def test_queue_does_not_repaint_when_the_window_loses_and_regains_the_focus(window, qtbot):
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.repaint()  # what was pending is painted now, not counted below
    painted = PaintCounter(window.queue.table.viewport())
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QApplication.processEvents()  # the repaints an activation posts
    assert painted.count == 0
    window.queue.table.viewport().update()  # a real change still repaints
    qtbot.waitUntil(lambda: painted.count == 1)


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
