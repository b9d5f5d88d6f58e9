"""The 研判 PDF reaches the phones: ``jingwang analysis --push`` uploads the report to a real relay, a grid worker's
phone page (headless Chromium at 360×800) shows 下载研判报告 and opens the very file; the notice's officer signs
for it on his console, the worker on the phone, and the desk's 信息推送 list counts both. A request without a live
page session, or for a notice sent to someone else, is refused."""

from __future__ import annotations

import asyncio
import hashlib
import time
import urllib.error
import urllib.request

import pytest
from PySide6.QtCore import Qt

from console.domain import events as ev
from console.domain import periods, station_time
from console.relay.attachment_store import AttachmentStore
from console.ui.demo_session import DemoSession
from console.ui.notices import COLUMNS, NoticesView
from tests.integration.chromium import Chromium
from tests.integration.harness import Recorder, run, running_relay
from tests.integration.test_analysis_push import _jingwang
from tests.integration.test_dept_page import LIVE, _log_in, _seen, needs_chromium
from tests.integration.test_warning_pushed import _desk_state

LINK = "#notices a.notice-file"


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers.get("Content-Type", ""), refused.read()


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_analysis_pdf_opens_on_the_phone_of_a_recipient_only_and_officers_sign(seeded_db, tmp_path, qtbot, shots):
    db_url, demo = seeded_db
    station = demo.district.stations[0].code
    worker = next(w for w in demo.workers if w.id == "W0001")
    pg = next(p for p in demo.district.police_grids if worker.grid_code in p.grid_codes)
    officer = next(w for w in demo.workers if w.kind.value == "officer" and w.grid_code in pg.grid_codes)
    assert officer.id == "P001"  # the demo account m01
    week = periods.week(station_time.today()).previous().label
    pdf = tmp_path / f"研判_{week}.pdf"
    store = AttachmentStore(tmp_path / "attachments", 20 << 20)

    async def scenario():
        async with running_relay(db_url, attachments=store) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "m01") as console:
            origin = f"http://127.0.0.1:{relay.port}"
            async with Chromium(360, 800) as page:
                await _log_in(page, origin, "/field/", "w0001", LIVE)
                pushed = await asyncio.to_thread(_jingwang, "--week", week, "--station", station, "--pdf", str(pdf),
                                                 "--db", db_url, "--push", "--relay", relay.url, "--user", "c01")
                assert pushed.returncode == 0, pushed.stderr
                mine = await _seen(desk, ev.NOTICE_SENT, "the 警格's notice", code=pg.code)
                others = [e for e in desk.of_type(ev.NOTICE_SENT) if e.data["code"] != pg.code]
                await page.wait_for(f"!!document.querySelector('{LINK}')", what="下载研判报告 shown")
                await page.screenshot(shots / "field_analysis_pdf_360.png")
                link = await page.evaluate(f"(() => {{ const a = document.querySelector('{LINK}'); return "
                                           "[a.textContent, a.target, a.href, a.getBoundingClientRect().width]; })()")
                fetched = await page.evaluate(
                    f"fetch(document.querySelector('{LINK}').href).then(async r => [r.status, "
                    "r.headers.get('content-type'), [...new Uint8Array(await crypto.subtle.digest('SHA-256', "
                    "await r.arrayBuffer()))].map(b => b.toString(16).padStart(2, '0')).join('')])")
                await _tap(page, LINK)
                await _opened(page, link[2])
                key = link[2].split("?k=")[1]
                anonymous = await asyncio.to_thread(_get, f"{origin}/files/{mine.data['notice']}")
                wrong_key = await asyncio.to_thread(_get, f"{origin}/files/{mine.data['notice']}?k=guess")
                not_his = await asyncio.to_thread(_get, f"{origin}/files/{others[0].data['notice']}?k={key}")
                await page.click(f"#notice-{mine.data['notice']} .notice-read")
                await console.cmd("notice.read", notice=mine.data["notice"])  # the officer signs on his console
                for who in (worker.id, officer.id):
                    await _seen(desk, ev.NOTICE_READ, f"{who} signed", notice=mine.data["notice"], worker=who)
            logged_out = await _refused_once_closed(link[2])  # the browser is gone: its key with it
            return mine, others, link, fetched, anonymous, wrong_key, not_his, _desk_state(desk), logged_out

    mine, others, link, fetched, anonymous, wrong_key, not_his, state, logged_out = run(scenario(), 240)
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert mine.data["file"] == sha and mine.data["file_name"] == pdf.name
    assert worker.id in mine.data["workers"] and officer.id in mine.data["workers"]
    assert link[0] == "下载研判报告" and link[1] == "_blank" and link[3] > 0
    assert fetched == [200, "application/pdf", sha]
    assert anonymous[0] == 403 and "请先登录" in anonymous[2].decode()
    assert wrong_key[0] == 403
    assert worker.id not in others[0].data["workers"]
    assert not_his[0] == 403 and "未推送给您" in not_his[2].decode()
    assert logged_out[0] == 403 and "请先登录" in logged_out[2].decode()
    view = NoticesView(DemoSession(state, account="d01"))
    qtbot.addWidget(view)
    row = next(r for r, n in zip(view.row_texts(), _ids(view), strict=True) if n == mine.data["notice"])
    assert row[COLUMNS.index("已读")] == f"已读 2/{len(mine.data['workers'])}"


def _ids(view: NoticesView) -> list[str]:
    return [view.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(view.tree.topLevelItemCount())]


async def _until(probe, done, what: str, timeout: float = 20.0):
    """``await probe()`` until ``done(result)``; fail with ``what`` and the last result after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not done(result := await probe()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {result!r}")
        await asyncio.sleep(0.05)
    return result


async def _tap(page: Chromium, selector: str) -> None:
    """A finger's tap on ``selector`` (a user gesture: a target=_blank link may open a tab)."""
    x, y = await page.evaluate(f"(r => [r.x + r.width / 2, r.y + r.height / 2])"
                               f"(document.querySelector('{selector}').getBoundingClientRect())")
    for kind in ("mousePressed", "mouseReleased"):
        await page.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


async def _opened(page: Chromium, url: str) -> None:
    """Clicking the link opened a browser tab at ``url`` (target=_blank)."""
    async def tabs() -> list[str]:
        return [t["url"] for t in (await page.browser("Target.getTargets"))["targetInfos"]]
    await _until(tabs, lambda urls: url in urls, f"a tab at {url}")


async def _refused_once_closed(url: str) -> tuple[int, str, bytes]:
    """GET ``url`` until the relay, having seen the page's websocket close, refuses it."""
    return await _until(lambda: asyncio.to_thread(_get, url), lambda r: r[0] == 403, "the key to expire")
