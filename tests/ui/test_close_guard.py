"""Closing a console with open work asks first; the demo asks before it stops a relay other desks use."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QPushButton

from console.services.open_work import mid_dispatch
from console.ui.close_guard import RelayOwner, install_close_guard
from console.ui.launch import health_url
from console.ui.main_window import MainWindow
from tests.qt_loop import run_on_qt_loop
from tests.ui.conftest import FakeSession


def make_window(qtbot, session, tmp_path):
    win = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def guard_box(qtbot, guard) -> QMessageBox:
    qtbot.waitUntil(lambda: guard.box is not None and guard.box.isVisible(), timeout=2000)
    return guard.box


def click(box: QMessageBox, name: str) -> None:
    next(b for b in box.findChildren(QPushButton) if b.objectName() == name).click()


def test_open_work_is_this_desks_accepted_incidents_unsent_commands_and_open_forms(qtbot, scenario, tmp_path):
    session = FakeSession(scenario.state())  # ddy01 accepted I2 (受理, not yet dispatched)
    win = make_window(qtbot, session, tmp_path)
    guard = install_close_guard(win, session)
    assert mid_dispatch(session.state, "ddy01") == [scenario.ids["I2"]]
    assert mid_dispatch(session.state, "ddy02") == []
    win.open_intake()
    work = guard.open_work()
    assert work.incidents == (scenario.ids["I2"],) and work.dialogs == ("接警",) and work.unsent == 0
    lines = work.describe()
    assert any("尚未派遣" in line and scenario.ids["I2"] in line for line in lines)
    assert any("接警" in line for line in lines)


def test_close_with_open_work_asks_and_the_default_goes_back(qtbot, scenario, tmp_path):
    session = FakeSession(scenario.state())
    win = make_window(qtbot, session, tmp_path)
    guard = install_close_guard(win, session)
    closed = []
    win.closed.connect(lambda: closed.append(True))
    win.close()  # Alt+F4 / the X
    box = guard_box(qtbot, guard)
    assert win.isVisible() and not closed
    assert "尚未派遣" in box.text() and box.defaultButton().text().startswith("返回处理")
    box.defaultButton().click()  # Enter: back to work
    qtbot.waitUntil(lambda: guard.box is None, timeout=2000)
    assert win.isVisible() and not closed
    win.close()
    click(guard_box(qtbot, guard), "closeAnyway")
    qtbot.waitUntil(lambda: bool(closed), timeout=2000)
    assert not win.isVisible()


def test_close_without_open_work_closes_at_once(qtbot, scenario, tmp_path):
    session = FakeSession(scenario.state(), account="ddy02")  # accepted nothing
    win = make_window(qtbot, session, tmp_path)
    guard = install_close_guard(win, session)
    win.close()
    assert not win.isVisible() and guard.box is None


def test_health_url_follows_the_relay_url():
    assert health_url("ws://127.0.0.1:8765") == "http://127.0.0.1:8765/healthz"
    assert health_url("wss://relay.lan:8765/") == "https://relay.lan:8765/healthz"


def test_demo_close_asks_before_stopping_a_relay_other_desks_use(qtbot, qapp, seeded_db, tmp_path):

    from tests.integration.harness import Recorder, running_relay, wait_until

    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01"), Recorder(relay.url, "d02"), \
                Recorder(relay.url, "w0001"):
            owner = RelayOwner(health_url(relay.url))
            counts: list[int] = []
            owner.counted.connect(counts.append)
            owner.count_other_desks()
            await wait_until(lambda: counts, what="/healthz")
            assert counts == [1]  # d02; d01 is this console, w0001 a phone
            session = FakeSession(None, account="d01")  # nothing open: straight to the relay question
            win = make_window(qtbot, session, tmp_path)
            guard = install_close_guard(win, session, owner)
            win.close()
            await wait_until(lambda: guard.box is not None and guard.box.isVisible(), what="the question")
            assert "另有 1 个席位连接到本中继" in guard.box.text()
            assert guard.box.defaultButton().objectName() == "keepRelay"
            click(guard.box, "keepRelay")
            await wait_until(lambda: not win.isVisible(), what="the window closed")
            assert owner.keep_running

    run_on_qt_loop(qapp, scenario())


@pytest.mark.parametrize("answer", ["not json", '{"status": "ok"}'])
def test_a_relay_that_does_not_say_how_many_desks_counts_as_unknown(qtbot, answer):
    owner = RelayOwner("http://127.0.0.1:1/healthz")
    got: list[int] = []
    owner.counted.connect(got.append)

    class Reply:
        def deleteLater(self):
            pass

        def readAll(self):
            from PySide6.QtCore import QByteArray
            return QByteArray(answer.encode())

    owner._answered(Reply())
    assert got == [-1]
