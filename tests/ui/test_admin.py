"""The administrator's account panel and the login dialog's new-password step, over a real relay."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from console.services.demo_seed import DEMO_PASSWORD
from console.ui.admin import AccountsPanel
from console.ui.login import LoginDialog
from console.ui.session import ConsoleSession
from tests.integration.harness import Recorder, running_relay, wait_until
from tests.qt_loop import run_on_qt_loop

STRONG = "Xq7-penguin-river"
NEWER = "Lantern#42-harbour"


def on_qasync(qapp, scenario, timeout: float = 60) -> None:
    run_on_qt_loop(qapp, scenario(), timeout)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_login_dialog_asks_for_a_new_password_after_an_initial_one(qtbot, qapp, seeded_db, tmp_path):
    db_url, _ = seeded_db
    settings = QSettings(str(tmp_path / "login.ini"), QSettings.Format.IniFormat)

    async def scenario():
        async with running_relay(db_url) as relay:
            async with Recorder(relay.url, "a01") as admin:
                await admin.cmd("account.create", account="zb06", role="dispatcher", password=STRONG)
            dialog = LoginDialog(relay.url, "zb06", settings=settings)
            qtbot.addWidget(dialog)
            dialog.show()
            assert dialog.new_edit.isHidden() and dialog.login_button.text() == "登录"
            dialog.password_edit.setText(STRONG)
            dialog.login_button.click()
            await wait_until(lambda: dialog.changing, what="the new-password step")
            assert not dialog.new_edit.isHidden() and not dialog.confirm_edit.isHidden()
            assert "首次登录须修改初始密码" in dialog.message.text() and dialog.login_button.text() == "修改密码并登录"
            assert dialog.session.state is None, "nothing is loaded before the password is changed"
            for new, confirm, reason in ((NEWER, NEWER + "x", "两次输入的新密码不一致"),
                                         ("abcdefghij", "abcdefghij", "至少需要 3 类")):
                dialog.new_edit.setText(new)
                dialog.confirm_edit.setText(confirm)
                dialog.login_button.click()
                assert reason in dialog.message.text() and dialog.result() == 0
            dialog.new_edit.setText(NEWER)
            dialog.confirm_edit.setText(NEWER)
            dialog.login_button.click()
            await wait_until(lambda: dialog.result() == LoginDialog.DialogCode.Accepted, what="the login")
            session = dialog.session
            assert session.state is not None and session.role == "dispatcher" and not session.client.must_change
            await session.async_close()
            assert not relay.writer.state.accounts["zb06"].must_change

    on_qasync(qapp, scenario)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_account_panel_shows_what_another_connection_adds_and_sends_its_actions(qtbot, qapp, seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay:
            session = ConsoleSession(relay.url, "a01", DEMO_PASSWORD)
            session.start()
            await wait_until(lambda: session.state is not None, what="the admin's snapshot")
            panel = AccountsPanel(session)
            qtbot.addWidget(panel)
            panel.show()
            model = panel.model
            assert model.row_of("a01") >= 0 and model.row_of("zb07") < 0
            async with Recorder(relay.url, "a01") as other:
                await other.cmd("account.create", account="zb07", role="officer", password=STRONG,
                                display_name="民警乙")
            await wait_until(lambda: model.row_of("zb07") >= 0, what="the account another connection added")
            row = [model.index(model.row_of("zb07"), c).data() for c in range(6)]
            assert row == ["zb07", "民警乙", "社区民警", "全辖区", "正常（须改密码）", "从未登录"]

            panel.select("zb07")
            assert panel.buttons["disable"].isEnabled() and not panel.buttons["enable"].isEnabled()
            assert not panel.buttons["unlock"].isEnabled(), "解锁 only for a locked account"
            assert [b.text() for b in panel.buttons.values()] == ["新建账户", "停用", "启用", "解锁", "重置密码",
                                                                  "修改角色", "修改范围"]
            panel.act("disable")
            await wait_until(lambda: model.lines[model.row_of("zb07")].status.startswith("停用"), what="停用")
            await wait_until(lambda: panel.message.text() == "已停用账户：zb07", what="the panel's word on the ack")

            form = panel.open_form("create")
            form.name.setText("zb08")
            form.role.setCurrentIndex(form.role.findData("liaison"))
            form.department.setCurrentIndex(form.department.findData("600600"))
            form.password.setText(STRONG)
            form.confirm.setText(STRONG + "!")
            form.accept()
            assert form.isVisible() and "不一致" in form.error.text()
            form.confirm.setText(STRONG)
            form.accept()
            await wait_until(lambda: model.row_of("zb08") >= 0, what="the account the panel created")
            assert model.lines[model.row_of("zb08")].scope == "部门 600600"

            panel.select("a01")
            panel.act("disable")
            await wait_until(lambda: "失败" in panel.message.text(), what="the refusal")
            assert "不能停用最后一个管理员" in panel.message.text()
            await session.async_close()

    on_qasync(qapp, scenario)


def test_scope_form_takes_one_station_from_the_list_or_several_typed_as_codes(qtbot):
    """A 分局 desk's scope lists several stations; the form shows them as codes and sends a list."""
    import dataclasses

    from console.domain.accounts import Account
    from console.domain.places import Station
    from console.domain.state import State
    from console.testing.sample_state import build_district
    from console.ui.admin.form import AccountForm

    base = build_district()
    a, b = base.stations[0].code, "320508550000"
    state = State(dataclasses.replace(base, stations=[*base.stations, Station(b, "第二派出所")]), {})
    branch = AccountForm("scope", state, Account("fj01", "dispatcher", scope={"station": [a, b]}))
    qtbot.addWidget(branch)
    assert branch.station.currentText() == f"{a},{b}" and branch.scope() == {"station": [a, b]}
    single = AccountForm("scope", state, Account("sa01", "dispatcher", scope={"station": b}))
    qtbot.addWidget(single)
    assert single.station.currentText() == f"第二派出所 {b}" and single.scope() == {"station": b}
    single.station.setCurrentIndex(0)
    assert single.scope() == {}, "（不限）: the whole district"
