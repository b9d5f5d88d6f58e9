"""A police unit's 现场上报 (巡逻发现) on the phone page (/field/) against a real relay, with a real console queue.

The patrol unit p01 logs in in headless Chromium at 360×800 standing at a standard address of its grid. A report
with no text is stopped by the page; a category outside the patrol subset (a stale page) and a blank text sent
past the page are refused by the relay with a Chinese reason shown beside the field, and write nothing. A good
report with 已在现场 lands in the console's queue (IncidentTableModel over a ConsoleSession) as 巡逻发现, 处置中,
with the unit as 处置人 on scene, and in the unit's own task list with 处置完毕 to press; its 警力状态 says 到场.
Busy there, a second report with 已在现场 is refused beside that box naming the incident (a unit cannot be in two
places), that reason shown once on the screen; unticked, it is filed for the desk to dispatch."""

from __future__ import annotations

import json

import pytest

from console.domain.incidents import AssignmentStatus, Source, Status
from console.services.demo_seed import unit_account
from console.ui.queue.columns import Col
from console.ui.queue.model import IncidentTableModel
from tests.integration.chromium import Chromium
from tests.integration.harness import running_relay, wait_until
from tests.integration.test_phone_client import needs_chromium
from tests.qt_loop import run_on_qt_loop
from tests.ui.test_phone_unit import _text, desk_session, unit_logs_in

TEXT = "路口两名男子扭打，已上前制止"
SECOND = "巷口有人倒地,需要另派警力"


async def _field_error(page: Chromium, field: str) -> str:
    return await _text(page, f"#found-form .field[data-field={field}] .field-error")


def _sent(page: Chromium) -> int:
    return len([f for f in page.ws_sent if f.get("t") == "cmd" and f.get("op") == "incident.discover"])


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_unit_report_lands_in_the_console_queue_on_scene_and_bad_or_busy_ones_write_nothing(
        qtbot, qapp, seeded_db, shots):
    db_url, demo = seeded_db
    unit = next(w for w in demo.workers if w.kind.value == "patrol")
    address = next(a for a in demo.district.addresses if a.grid_code == unit.grid_code)
    seen: dict = {}

    async def scenario():
        async with running_relay(db_url) as relay, Chromium(width=360, height=800) as page:
            origin = f"http://127.0.0.1:{relay.port}"
            session = await desk_session(relay)
            queue = IncidentTableModel(session)
            queue.set_filter("all")
            before = len(relay.writer.state.incidents)

            await unit_logs_in(page, origin, address.lng, address.lat)
            await page.click("#duty-btn")
            await page.wait_for("document.getElementById('unit-state').textContent === '空闲'", what="on duty")
            await page.click(".tabs[data-group=worker] button[data-tab=found]")
            await page.wait_for(f"document.getElementById('found-place').textContent === {json.dumps(address.text)}",
                                what="the nearest address as the place")
            seen["choices"] = await page.evaluate("[...found.allowed]")

            await page.click("#found-btn")  # no text: the page says so beside the field, nothing is sent
            seen["empty"] = (await _field_error(page, "narrative"), await _text(page, "#found-error"), _sent(page))

            # a page whose table is out of date offers 城管执法: the relay refuses it beside the category
            await page.evaluate("{ const s = document.getElementById('found-category'); "
                                "s.append(new Option('城管执法', '600600')); s.value = '600600'; "
                                "found.allowed.add('600600') }")
            await page.fill("#found-text", TEXT)
            await page.click("#found-btn")
            await page.wait_for("document.getElementById('found-error').textContent !== ''", what="the refusal")
            seen["category"] = (await _field_error(page, "category"), await _text(page, "#found-error"))
            await page.screenshot(shots / "phone_unit_report_refused.png")
            blank = ("relay.command('incident.discover', {category: '200100', narrative: '  ', "
                     f"lng: {address.lng}, lat: {address.lat}}}).then(() => null, (err) => err)")
            seen["blank"] = await page.evaluate(blank)

            await page.evaluate("{ const s = document.getElementById('found-category'); s.value = '200100'; "
                                "s.dispatchEvent(new Event('input', {bubbles: true})) }")
            seen["cleared"] = (await _field_error(page, "category"), await _text(page, "#found-error"))
            await page.screenshot(shots / "phone_unit_report_form.png")
            await page.click("#found-btn")
            await wait_until(lambda: any(i.source is Source.PATROL for i in session.state.incidents.values()), 20,
                             "the report in the console")
            incident = next(i for i in session.state.incidents.values() if i.source is Source.PATROL)
            await wait_until(lambda: queue.row_of(incident.id) >= 0, 10, "the report in the queue")
            row = queue.row_of(incident.id)
            seen["row"] = [queue.index(row, col).data() for col in (Col.SOURCE, Col.STATUS, Col.WORKER, Col.ADDRESS)]
            seen["incident"] = incident
            card = f"#tasks #incident-{incident.id}"
            await page.wait_for(f"!!document.querySelector('{card}')", what="on the unit's tasks")
            seen["task"] = (await _text(page, f"{card} .tag"), await page.evaluate(
                f"[...document.querySelectorAll('{card} .actions button')].map(b => b.textContent)"))
            await page.screenshot(shots / "phone_unit_report_sent.png")
            await page.wait_for("document.getElementById('unit-state').textContent === '到场'", what="到场 on phone")

            # busy on that one, the unit comes across another: it cannot be on scene at both
            await page.click(".tabs[data-group=worker] button[data-tab=found]")
            await page.fill("#found-text", SECOND)
            await page.click("#found-btn")
            await page.wait_for("document.getElementById('found-error').textContent !== ''", what="the busy refusal")
            seen["busy"] = (await _field_error(page, "on_scene"), await _text(page, "#found-error"),
                            len(relay.writer.state.incidents) - before)
            seen["busy_shown"] = await page.evaluate(  # how often the reason is on the screen (form and toasts)
                f"document.body.innerText.split({json.dumps(f'正在处置 {incident.id}')}).length - 1")
            await page.screenshot(shots / "phone_unit_report_busy.png")
            await page.click("#found-onscene")  # report only: the desk dispatches someone else
            seen["unchecked"] = await _field_error(page, "on_scene")
            await page.click("#found-btn")
            await wait_until(lambda: any(i.narrative == SECOND for i in session.state.incidents.values()), 20,
                             "the second report in the console")
            seen["second"] = next(i for i in session.state.incidents.values() if i.narrative == SECOND)
            seen["written"] = len(relay.writer.state.incidents) - before
            seen["sent"] = _sent(page)
            await session.async_close()

    run_on_qt_loop(qapp, scenario(), 150)
    assert "200100" in seen["choices"] and "600600" not in seen["choices"] and "900000" not in seen["choices"]
    assert seen["empty"] == ("请填写现场情况", "请更正标红的项目", 0)
    category_error, refusal = seen["category"]
    assert category_error == "巡逻发现不能上报此类别 600600" and refusal == "上报失败:请更正标红的项目"
    assert seen["cleared"] == ("", "")  # a changed field loses its mark
    assert seen["blank"]["code"] == "E_FIELD" and seen["blank"]["problems"] == ["narrative: 请填写现场情况"]
    assert seen["sent"] == 5  # the refused one, the blank one by hand, the good one, the busy one, report only
    assert seen["written"] == 2  # the good report and the one filed without 已在现场
    inc = seen["incident"]
    assert inc.category == "200100" and inc.narrative == TEXT and inc.reporter_worker == unit.id
    assert inc.status is Status.ON_SCENE and inc.address_code == address.code and inc.reporter == unit_account(0)
    assert inc.assignments[unit.id].status is AssignmentStatus.ON_SCENE and inc.accepted_at == inc.reported_at
    source, status, worker, where = seen["row"]
    assert (source, status, worker) == ("巡逻发现", "处置中", unit.name) and where and address.text.endswith(where)
    assert seen["task"] == ("已到场", ["处置完毕", "退回"])
    busy_error, busy_refusal, written_then = seen["busy"]
    assert busy_error == f"正在处置 {inc.id}，不能同时到场；取消“已在现场”可只上报" and written_then == 1
    assert busy_refusal == "上报失败:请更正标红的项目" and seen["unchecked"] == ""
    assert seen["busy_shown"] == 1  # beside 已在现场 only, not again under the form
    second = seen["second"]
    assert second.status is Status.NEW and not second.assignments and second.reporter_worker == unit.id
