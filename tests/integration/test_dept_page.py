"""The department liaison's page (/dept/) and 信息推送 on the phone page, driven in headless Chromium over CDP.

A real relay (SQLite, migrations) serves both pages. The 城管 liaison (l01) signs and answers one referral and
returns another, seeing only its department's work with the time limit counting down; the 12345 platform
transfers a call in, which reaches a dispatcher with source 12345. A dispatcher's notice to a grid is read on
the phone page, and the dispatcher's state (and its 信息推送 dock) shows it read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.domain import events as ev
from console.domain.state import State, apply
from console.ui.demo_session import DemoSession
from console.ui.notices import COLUMNS, NoticesView
from tests.integration.chromium import CHROMIUM, Chromium
from tests.integration.harness import Recorder, run, running_relay, wait_until

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="chromium is not installed (scripts/setup.sh --test installs it)")
PAGE_FRAMES = {"auth", "subscribe", "cmd"}  # all a page may send: it asks the relay for nothing more


def _centre(demo, grid_code: str) -> tuple[float, float]:
    polygon = next(g.polygon for g in demo.district.grids if g.code == grid_code)
    return sum(p[0] for p in polygon) / len(polygon), sum(p[1] for p in polygon) / len(polygon)


async def _seen(desk: Recorder, event_type: str, what: str, **data) -> ev.Event:
    def match():
        return next((e for e in desk.of_type(event_type) if all(e.data.get(k) == v for k, v in data.items())), None)
    await wait_until(lambda: match() is not None, 20.0, what)
    return match()


async def _refer(desk: Recorder, lng: float, lat: float, department: str, narrative: str) -> str:
    ack = await desk.cmd("incident.report", category="600000", priority=3, lng=lng, lat=lat, narrative=narrative,
                         address="平江路" + narrative)
    await wait_until(lambda: ack["seq"] in desk.seqs, what="report committed")
    incident = next(e for e in desk.events if e.seq == ack["seq"]).data["incident"]
    await desk.cmd("incident.refer", incident=incident, department=department, note="非警务事项,转职能部门")
    await _seen(desk, ev.INCIDENT_REFERRED, "referred", incident=incident)
    return incident


async def _log_in(page: Chromium, origin: str, path: str, user: str, ready: str) -> None:
    await page.goto(origin + path)
    await page.wait_for("document.querySelectorAll('#category option').length > 20", what="categories loaded")
    await page.fill("#user", user)
    await page.fill("#password", "jingwang")
    await page.click("#login-btn")
    await page.wait_for(f"!document.getElementById('app').hidden && {ready}", what=f"{user} logged in and live")


async def _desk_size(page: Chromium) -> None:
    await page.send("Emulation.setDeviceMetricsOverride", width=1366, height=768, deviceScaleFactor=1, mobile=False)


async def _phone_size(page: Chromium) -> None:
    await page.send("Emulation.setDeviceMetricsOverride", width=360, height=800, deviceScaleFactor=1, mobile=True)


LIVE = "document.getElementById('link').classList.contains('on')"


async def _answer(page: Chromium, incident: str, kind: str, note: str, unit: str = "") -> None:
    """Open the inline 反馈 / 退回 form of a work order, fill it in and send it, as a liaison would."""
    item = f"#ref-{incident}"
    await page.click(f"{item} button.{kind}")
    await page.fill(f"{item} textarea.note", note)
    if unit:
        await page.fill(f"{item} input.unit", unit)
    await page.click(f"{item} form button[type=submit]")


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_dept_page_sign_feedback_return_and_a_12345_transfer_in(seeded_db, shots):
    db_url, demo = seeded_db
    grid = demo.district.grids[0].code
    lng, lat = _centre(demo, grid)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium(360, 800) as page:
            origin = f"http://127.0.0.1:{relay.port}"
            first = await _refer(desk, lng, lat, "600600", "夜市占道经营")
            other = await _refer(desk, lng, lat, "600200", "小区停电")  # 电力: not the 城管 liaison's business
            await _log_in(page, origin, "/dept/", "l01", LIVE)
            await page.wait_for(f"!!document.querySelector('#ref-{first} .countdown.normal')", what="first referral")
            second = await _refer(desk, lng, lat, "600600", "违章搭建")  # pushed while the page is open
            await page.wait_for(f"!!document.querySelector('#ref-{second}')", what="a referral pushed live")
            countdown = await page.evaluate(f"document.querySelector('#ref-{first} .countdown').textContent")
            await page.screenshot(shots / "dept_todo_360.png")
            held = await page.evaluate("[...model.incidents.keys()]")

            await page.click(f"#ref-{first} button.sign")
            await _seen(desk, ev.REFERRAL_SIGNED, "signed on the page", incident=first)
            await page.wait_for(f"!!document.querySelector('#ref-{first} button.feedback')", what="反馈 offered")
            await _answer(page, first, "feedback", "已责令摊贩撤离并清理现场", "城管执法一中队")
            feedback = await _seen(desk, ev.REFERRAL_FEEDBACK, "feedback from the page", incident=first)
            await _answer(page, second, "return", "属于住建部门职责,请改派")
            returned = await _seen(desk, ev.REFERRAL_RETURNED, "returned from the page", incident=second)
            await page.click(".tabs button[data-tab=done]")
            await page.wait_for(f"!!document.querySelector('#done #ref-{first}.done') && "
                                f"!!document.querySelector('#done #ref-{second}.returned')", what="both in 已办")
            await page.screenshot(shots / "dept_done_360.png")
            await _desk_size(page)
            await page.screenshot(shots / "dept_done_1366.png")
            liaison_frames = list(page.ws_sent)

            await _phone_size(page)
            await _log_in(page, origin, "/dept/", "hotline12345", LIVE)  # the 12345 platform sees every department
            await page.wait_for(f"!!document.querySelector('#ref-{other}')", what="every department's referral")
            await page.click("#transfer-tab")
            await page.evaluate("document.getElementById('category').value = '500000'")
            await page.evaluate(f"document.getElementById('grid').value = {json.dumps(grid)}")
            await page.fill("#address", "平江路88号")
            await page.fill("#caller", "13700001111")
            await page.fill("#narrative", "来电反映老人走失,请求民警协助寻找")
            await page.screenshot(shots / "dept_transfer_360.png")
            await page.click("#transfer-btn")
            transfer = await _seen(desk, ev.INCIDENT_REPORTED, "12345 transfer at the desk", source="12345")
            await page.wait_for(f"!!document.querySelector('#sent-{transfer.data['incident']}')", what="in 已转入")
            await _desk_size(page)
            await page.screenshot(shots / "dept_transfer_1366.png")
            return (first, second, other, held, countdown, feedback, returned, transfer, liaison_frames,
                    relay.writer.state.incidents[first])

    (first, second, other, held, countdown, feedback, returned, transfer, frames, stored) = run(scenario(), 150)
    assert set(held) == {first, second} and other not in held  # 电力's referral never reached the 城管 liaison
    assert countdown.startswith("剩余 ")
    assert feedback.actor == "l01" and feedback.data["note"] == "已责令摊贩撤离并清理现场"
    assert feedback.data["unit"] == "城管执法一中队"
    assert stored.referral.status.value == "done" and stored.referral.unit == "城管执法一中队"
    assert returned.data["note"] == "属于住建部门职责,请改派" and returned.data["department"] == "600600"
    assert {f.get("t") for f in frames} <= PAGE_FRAMES
    assert [f["op"] for f in frames if f.get("t") == "cmd"] == ["referral.sign", "referral.feedback", "referral.return"]
    assert transfer.actor == "hotline12345" and transfer.data["grid"] == grid
    assert transfer.data["narrative"] == "来电反映老人走失,请求民警协助寻找"
    assert transfer.data["address"] == "平江路88号"
    assert transfer.data["caller"] == "13700001111"


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_notice_read_on_the_phone_page_shows_read_at_the_desk(seeded_db, qtbot, shots):
    db_url, demo = seeded_db
    worker = next(w for w in demo.workers if w.id == "W0001")
    elsewhere = next(g.code for g in demo.district.grids if g.code != worker.grid_code)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium(360, 800) as page:
            origin = f"http://127.0.0.1:{relay.port}"
            await _log_in(page, origin, "/field/", "w0001", LIVE)
            ack = await desk.cmd("notice.send", text="今晚8级大风,请巡查广告牌和工地围挡", priority="urgent",
                                 audience="grid", code=worker.grid_code)
            sent = await _seen(desk, ev.NOTICE_SENT, "notice committed", text="今晚8级大风,请巡查广告牌和工地围挡")
            notice = sent.data["notice"]
            await desk.cmd("notice.send", text="另一网格的通知", audience="grid", code=elsewhere)
            await _seen(desk, ev.NOTICE_SENT, "second notice committed", code=elsewhere)
            await page.wait_for(f"!!document.querySelector('#notice-{notice} .notice-read')", what="notice on phone")
            await page.screenshot(shots / "field_notice_360.png")
            await page.click(f"#notice-{notice} .notice-read")
            read = await _seen(desk, ev.NOTICE_READ, "read from the phone", notice=notice)
            await page.wait_for(f"!!document.querySelector('#notice-{notice}.read .notice-done')", what="已读 shown")
            await page.screenshot(shots / "field_notice_read_360.png")
            held = await page.evaluate("[...notices.held.keys()]")
            return ack, sent, read, held, desk.snapshots[0], list(desk.events)

    ack, sent, read, held, snapshot, events = run(scenario(), 120)
    notice = sent.data["notice"]
    assert held == [notice] and ack["seq"] == sent.seq  # the other grid's notice never reached this worker
    assert worker.id in sent.data["workers"] and read.data["worker"] == worker.id and read.actor == "w0001"
    desk_state = State.from_snapshot(snapshot)
    for e in events:
        apply(desk_state, e)
    assert worker.id in desk_state.notices[notice].read
    read_count, total = desk_state.notices[notice].read_count()
    assert read_count == 1 and total == len(sent.data["workers"])
    view = NoticesView(DemoSession(desk_state))  # the dispatcher's 信息推送 dock over that state
    qtbot.addWidget(view)
    row = next(r for r in view.row_texts() if r[COLUMNS.index("内容")] == sent.data["text"])
    assert row[COLUMNS.index("已读")] == f"已读 1/{total}" and row[COLUMNS.index("优先级")] == "紧急"
