"""警情查询 against a real relay: old closed work is found, marked 历史 and opens read-only with its timeline; a result
the console holds is selected in the queue; a role that may not search sees why, in Chinese."""

from __future__ import annotations

import time

from console.domain import events as ev
from console.services.demo_seed import DEMO_PASSWORD
from console.ui.queue.history import HistoryIncident, HistorySearch
from console.ui.session import ConsoleSession
from tests.integration.harness import Recorder, running_relay, wait_until
from tests.qt_loop import run_on_qt_loop

DAY_S = 86_400


def test_search_marks_old_closed_work_as_history_and_opens_it_read_only(qtbot, qapp, seeded_db):
    db_url, demo = seeded_db
    address = demo.district.addresses[3]
    ten_days_ago = time.time() - 10 * DAY_S

    async def scenario():
        async with running_relay(db_url, clock=lambda: ten_days_ago, closed_days=3) as relay, \
                Recorder(relay.url, "d01") as desk:
            for narrative in ("早已作废", "一直未办结"):
                await desk.cmd("incident.report", category="200200", address_code=address.code, narrative=narrative)
            await wait_until(lambda: len(desk.of_type(ev.INCIDENT_REPORTED)) == 2, what="the reports")
            old, still_open = (e.data["incident"] for e in desk.of_type(ev.INCIDENT_REPORTED))
            await desk.cmd("incident.void", incident=old, note="重复报警")
        async with running_relay(db_url, closed_days=3) as relay:
            session = ConsoleSession(relay.url, "d01", DEMO_PASSWORD)
            trainer = ConsoleSession(relay.url, "t01", DEMO_PASSWORD)
            for s in (session, trainer):
                s.start()
            await wait_until(lambda: session.state is not None and trainer.state is not None, what="the logins")
            assert old not in session.state.incidents and still_open in session.state.incidents
            dialog = HistorySearch(session)
            qtbot.addWidget(dialog)
            dialog.show()
            dialog.text.setText(address.text)
            await dialog.search()
            rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 6).text() for r in range(2)}
            assert dialog.table.rowCount() == 2 and rows == {old: "历史", still_open: ""}
            assert not dialog.next_button.isEnabled() and "第 1 页" in dialog.status.text()
            old_row = next(r for r in range(2) if dialog.table.item(r, 0).text() == old)
            await dialog.open_row(old_row)
            (window,) = dialog.opened
            assert isinstance(window, HistoryIncident)
            assert old in window.windowTitle() and "只读" in window.windowTitle()
            timeline = window.detail.timeline
            assert [timeline.item(r, 5).text() for r in range(timeline.rowCount())][-1] == "重复报警"
            with qtbot.waitSignal(dialog.live_selected) as selected:
                assert dialog.open_row(1 - old_row) is None  # held by the session: selected in the queue instead
            assert selected.args == [still_open]
            refused = HistorySearch(trainer)
            qtbot.addWidget(refused)
            await refused.search()
            assert refused.table.rowCount() == 0 and refused.status.text().startswith("查询失败：")
            assert "无权" in refused.status.text()
            for s in (session, trainer):
                await s.async_close()

    run_on_qt_loop(qapp, scenario())
