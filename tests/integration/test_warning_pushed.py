"""A warning pushed, signed, worked and closed through a real relay: a repeat caller in W0001's grid makes the
relay raise 重复警情; the grid worker's phone page (headless Chromium) shows it, signs it and gives feedback;
the dispatcher's 预警 dock, over the desk's live state, closes it; the phone shows it closed."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.state import State, apply
from console.ui.demo_session import DemoSession
from console.ui.warnings_dock import COLUMNS, WarningsView
from tests.integration.chromium import Chromium
from tests.integration.harness import Recorder, run, running_relay
from tests.integration.test_dept_page import LIVE, _log_in, _seen, needs_chromium

FEEDBACK = "已上门走访，两次报警为同一邻里纠纷，已调解"


def _desk_state(desk: Recorder) -> State:
    state = State.from_snapshot(desk.snapshots[0])
    for e in desk.events:
        apply(state, e)
    return state


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_warning_pushed_signed_worked_and_closed_on_phone_and_console(seeded_db, qtbot, shots):
    db_url, demo = seeded_db
    worker = next(w for w in demo.workers if w.id == "W0001")
    address = next(a for a in demo.district.addresses if a.grid_code == worker.grid_code)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium(360, 800) as page:
            await _log_in(page, f"http://127.0.0.1:{relay.port}", "/field/", "w0001", LIVE)
            for text in ("楼上吵闹", "又吵起来了"):
                await desk.cmd("incident.report", category="200200", address_code=address.code,
                               caller="13700001234", narrative=text)
            raised = await _seen(desk, ev.WARNING_RAISED, "warning raised", rule="repeat_call")
            warning = raised.data["warning"]
            await page.wait_for(f"!!document.querySelector('#warning-{warning} .warning-sign')", what="warning shown")
            await page.screenshot(shots / "field_warning_360.png")
            await page.click(f"#warning-{warning} .warning-sign")
            signed = await _seen(desk, ev.WARNING_SIGNED, "signed on the phone", warning=warning)
            await page.wait_for(f"!!document.querySelector('#warning-{warning} .warning-note')", what="反馈 form")
            await page.fill(f"#warning-{warning} .warning-note", FEEDBACK)
            await page.click(f"#warning-{warning} .warning-feedback")
            fed = await _seen(desk, ev.WARNING_FEEDBACK, "feedback from the phone", warning=warning)
            session = DemoSession(_desk_state(desk), account="d01")  # the dispatcher's dock over its live state
            view = WarningsView(session)
            qtbot.addWidget(view)
            view.select(warning)
            view.note.setText("已化解，办结")
            view.close_button.click()
            (_, op, args), = session.calls
            await desk.cmd(op, **args)
            closed = await _seen(desk, ev.WARNING_CLOSED, "closed from the console", warning=warning)
            await page.wait_for(f"!!document.querySelector('#warning-{warning}.closed .warning-done')",
                                what="closed on the phone")
            await page.screenshot(shots / "field_warning_closed_360.png")
            session.feed([closed])
            return raised, signed, fed, closed, view.row_texts(), await page.evaluate("[...warnings.held.keys()]")

    raised, signed, fed, closed, rows, held = run(scenario(), 120)
    assert worker.id in raised.data["workers"] and raised.actor == "system"
    assert len(raised.data["evidence"]) == 2 and held == [raised.data["warning"]]
    assert (signed.actor, signed.data["worker"]) == ("w0001", worker.id)
    assert fed.data["note"] == FEEDBACK and closed.actor == "d01"
    row = next(r for r in rows if r[COLUMNS.index("规则")] == "重复警情")
    assert row[COLUMNS.index("状态")] == "已办结"
