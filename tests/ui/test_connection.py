"""Losing the relay is visible at once, stops writing and makes worker statuses unknown; the login dialog."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from console.domain.workers import WorkerStatus
from console.ui.main_window import MainWindow
from console.ui.session import ConsoleSession
from console.ui.workers.model import WCol
from tests.qt_loop import run_on_qt_loop

URL = "ws://10.1.2.3:8765"


@pytest.fixture
def live_window(qtbot, scenario, clock, tmp_path):
    """A main window over a real (never started) ConsoleSession whose client hooks the test drives."""
    session = ConsoleSession(URL, "d01", "secret")
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), clock=clock)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    session.client.account = {"role": "dispatcher", "account": "d01"}
    session.client.on_status("connected", "d01")
    _reset(session, scenario.empty_state())  # as a snapshot would, without freezing the test's objects
    session.client.on_events(scenario.base_events())
    session.client.on_live()
    window.select_incident(scenario.ids["I1"])
    return window, session


def _reset(session, state) -> None:
    session.state = state
    session.on_state_reset(state)


def _statuses(window) -> list[str]:
    model = window.workers.model
    return [model.index(r, WCol.STATUS).data() for r in range(model.rowCount())]


def test_relay_lost_banner_disables_writing_and_unknowns_workers(live_window, qtbot, scenario):
    window, session = live_window
    banner, accept = window.connection_banner, window.incident_actions.actions["accept"]
    assert not banner.isVisible() and accept.isEnabled()
    assert any(s.endswith("失联") for s in _statuses(window))  # W005's fix is old: the field lost it
    district_map = window.map.map
    assert district_map.worker_counts()[WorkerStatus.STALE] >= 1

    session.client.on_status("disconnected", "2.0 秒后重连")
    qtbot.waitUntil(banner.isVisible, timeout=1000)
    text = banner.label.text()
    assert "与中继的连接已断开，正在重连" in text and URL in text and "2.0 秒后重连" in text
    assert not accept.isEnabled() and "与中继的连接已断开" in accept.toolTip() and URL in accept.toolTip()
    assert not window.intake_action.isEnabled() and URL in window.intake_action.toolTip()
    assert set(_statuses(window)) == {"? 未知"}  # not 失联: we cannot tell what the field is doing
    on_map = district_map.worker_counts()
    assert on_map[WorkerStatus.UNKNOWN] >= 2 and on_map[WorkerStatus.STALE] == on_map[WorkerStatus.ON_DUTY] == 0
    window.incident_actions.trigger("accept")
    assert session.client.pending_count == 0  # nothing queued while the desk cannot see the truth

    session.client.on_status("connecting", URL)
    assert banner.isVisible() and not accept.isEnabled()
    session.client.on_status("connected", "d01")
    missed = [scenario.f.position("W001", 120.62, 31.31), scenario.f.position("W002", 120.62, 31.31)]
    session.client.on_events(missed)
    session.client.on_live()
    assert banner.label.text() == "已重新连接，补收 2 条事件"
    assert accept.isEnabled() and "断开" not in accept.toolTip()
    assert "? 未知" not in _statuses(window)
    assert district_map.worker_counts()[WorkerStatus.UNKNOWN] == 0
    banner.hide_timer.setInterval(10)
    banner.hide_timer.start()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=1000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_login_dialog_retries_after_a_wrong_password_and_an_unreachable_relay(qtbot, qapp, seeded_db, tmp_path):

    from console.services.demo_seed import DEMO_PASSWORD
    from console.ui.login import LoginDialog
    from tests.integration.harness import running_relay, wait_until

    db_url, demo = seeded_db
    settings = QSettings(str(tmp_path / "login.ini"), QSettings.Format.IniFormat)
    nowhere = f"ws://127.0.0.1:{_free_port()}"

    async def scenario():
        async with running_relay(db_url) as relay:
            dialog = LoginDialog(relay.url, "d01", settings=settings)
            qtbot.addWidget(dialog)
            dialog.show()
            dialog.password_edit.setText("wrong-password")
            dialog.login_button.click()
            await wait_until(lambda: "用户名或密码错误" in dialog.message.text(), what="the refusal")
            assert dialog.isVisible() and dialog.result() == 0 and dialog.session is None
            assert dialog.message.text().startswith("登录失败")

            dialog.relay_edit.setText(nowhere)
            dialog.password_edit.setText(DEMO_PASSWORD)
            dialog.login_button.click()
            await wait_until(lambda: nowhere in dialog.message.text() and "无法连接中继" in dialog.message.text(),
                             what="the unreachable address")
            assert "正在重试" in dialog.message.text() and dialog.isVisible()

            dialog.relay_edit.setText(relay.url)
            dialog.login_button.click()
            await wait_until(lambda: dialog.result() == LoginDialog.DialogCode.Accepted, what="the login")
            session = dialog.session
            assert session.state is not None and session.role == "dispatcher"
            assert demo.district.stations[0].name in dialog.station.text()
            assert settings.value("login/relay") == relay.url and settings.value("login/user") == "d01"
            settings.sync()
            assert DEMO_PASSWORD not in Path(settings.fileName()).read_text(encoding="utf-8")
            await session.async_close()

    run_on_qt_loop(qapp, scenario())
