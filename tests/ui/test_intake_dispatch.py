"""110 intake → dispatched from the keyboard: the taker accepts on submit, the incident is selected,
Ctrl+Enter opens the dispatch dialog with the first suggestion current, Enter sends.

Typing text is not counted; every other key (Tab, Enter, arrows, F-keys, shortcuts) is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from console.domain.incidents import Status
from console.testing.sample_state import grid_center
from console.ui.intake.flow import IntakeFlow
from tests.qt_loop import run_on_qt_loop
from tests.ui.conftest import FakeSession
from tests.ui.test_intake import type_text

MAX_COMMAND_KEYS = 5


class KeyCounter:
    """Presses command keys where the keyboard would send them, and counts them."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def press(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.keys.append(f"{'Ctrl+' if modifier else ''}{Qt.Key(key).name.removeprefix('Key_')}")
        QTest.keyClick(widget, key, modifier)


def _focus(dialog):
    """The completion popup while it is open, else the focused field (where a real key goes)."""
    for field in (dialog.address, dialog.category):
        if field.completer_.popup().isVisible():
            return field.completer_.popup()
    return dialog.focusWidget()


def test_intake_to_dispatch_keys_through_a_real_relay(qtbot, qapp, seeded_db, tmp_path):

    from console.services.demo_seed import DEMO_PASSWORD
    from console.ui.main_window import MainWindow
    from console.ui.session import ConsoleSession
    from tests.integration.harness import Recorder, running_relay, wait_until

    db_url, demo = seeded_db
    address = demo.district.addresses[5]
    counter = KeyCounter()

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "w0001") as worker:
            await worker.cmd("worker.duty", on=True)
            await worker.cmd("position.report", lng=address.lng + 0.0005, lat=address.lat)
            session = ConsoleSession(relay.url, "d01", DEMO_PASSWORD)
            session.start()
            await wait_until(lambda: session.state is not None and session.role == "dispatcher", what="login")
            await wait_until(lambda: bool(session.state.on_duty), what="the worker on duty")
            window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
            qtbot.addWidget(window)
            window.show()
            qtbot.waitExposed(window)
            window.open_intake()  # the open form (F1, not counted here)
            dialog = window.intake_dialog
            dialog.activateWindow()
            await wait_until(dialog.isActiveWindow, what="the form active")
            type_text(qtbot, dialog, "13812345678")
            counter.press(_focus(dialog), Qt.Key.Key_Tab)
            type_text(qtbot, dialog, address.code)  # one standard address: chosen on leaving the field
            counter.press(_focus(dialog), Qt.Key.Key_Tab)
            type_text(qtbot, dialog, "200200")  # 治安纠纷: a grid worker may lead (mediation)
            counter.press(_focus(dialog), Qt.Key.Key_Tab)
            assert dialog.address.chosen_key() == address.code and dialog.category.chosen_key() == "200200"
            type_text(qtbot, dialog, "邻居因噪音争吵")
            counter.press(_focus(dialog), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            await wait_until(lambda: window.dispatch_dialog is not None, what="the dispatch dialog")
            incident_id = window.dispatch_dialog.incident_id
            assert window.selected_incident() == incident_id == window.queue.selected_incident()
            inc = session.state.incidents[incident_id]
            assert inc.status is Status.ACCEPTED and [t.actor for t in inc.timeline] == ["d01", "d01"]
            first = window.dispatch_dialog.suggestions[0].worker_id
            assert window.dispatch_dialog.chosen_worker_id() == first
            window.dispatch_dialog.activateWindow()
            await wait_until(window.dispatch_dialog.isActiveWindow, what="the dispatch dialog active")
            counter.press(window.dispatch_dialog.table, Qt.Key.Key_Return)
            await wait_until(lambda: session.state.incidents[incident_id].status is Status.DISPATCHED,
                             what="dispatched")
            assert first in session.state.incidents[incident_id].assignments
            await session.async_close()  # the window closes at teardown (closing it here would end the loop)

    run_on_qt_loop(qapp, scenario())
    assert counter.keys == ["Tab", "Tab", "Tab", "Ctrl+Return", "Return"]
    assert len(counter.keys) <= MAX_COMMAND_KEYS


@pytest.fixture
def fake(scenario):
    return FakeSession(scenario.state())


def test_flow_selects_only_our_report_and_forgets_a_refused_one(qtbot, fake, scenario):
    sent: list = []
    flow = IntakeFlow(fake, lambda op, args: sent.append((op, args)))
    got: list = []
    flow.reported.connect(lambda inc, dispatch: got.append((inc, dispatch)))
    args = flow.submit({"category": "200100", "narrative": "打架"}, dispatch=True)
    assert args["accept"] is True and sent == [("incident.report", args)]
    where = (scenario.grids[0], grid_center(scenario.grids[0]))
    other = scenario.f.report(*where, category="200100", narrative="打架", actor="ddy02")
    fake.feed([other])
    assert got == [] and flow.pending() == 1  # the same words from another desk are not ours
    ours = scenario.f.report(*where, category="200100", narrative="打架", accept=True)  # the relay's answer
    fake.feed([ours])
    assert got == [(ours.data["incident"], True)] and flow.pending() == 0
    flow.submit({"category": "200200", "narrative": "吵架"})
    fake.command_failed.emit("incident.report", {"code": "E_FIELD", "request": {"category": "200200",
                                                                                 "narrative": "吵架"}})
    assert flow.pending() == 0


def test_a_role_that_may_not_accept_reports_without_accept(qtbot, scenario):
    session = FakeSession(scenario.state(), role="grid_worker")
    sent: list = []
    IntakeFlow(session, lambda op, args: sent.append(args)).submit({"category": "200100", "narrative": "x"})
    assert "accept" not in sent[0]
