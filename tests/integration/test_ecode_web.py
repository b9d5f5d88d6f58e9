"""The public e码 page in headless Chromium at 360×800: scan a plate, report with a photo, see the desk's reply.

A real relay and its public listener (SQLite); a dispatcher's Recorder sees the report arrive with source
群众扫码 and answers it with ``incident.public_reply``; the page's 刷新进度 shows that answer.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from console.domain import events as ev
from tests.integration.chromium import CHROMIUM, Chromium
from tests.integration.ecode_harness import SIGNER, declaration_address, running_public
from tests.integration.harness import Recorder, run, wait_until

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")


def _photo(path: Path) -> Path:
    """A 2000×1500 JPEG of several hundred KB, far above what one report may carry: the page must shrink it."""
    y, x = np.mgrid[0:1500, 0:2000]
    rgb = np.stack([(x // 7) % 256, (y // 5) % 256, ((x + y) // 11) % 256, np.full_like(x, 255)], axis=-1)
    rgb = (rgb + np.random.default_rng(5).integers(0, 24, rgb.shape)).clip(0, 255).astype(np.uint8)
    image = QImage(rgb.tobytes(), 2000, 1500, 2000 * 4, QImage.Format.Format_RGB32)
    assert image.save(str(path), "JPG", 90)
    assert path.stat().st_size > 200_000
    return path


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_ecode_report_in_chromium_reaches_the_desk_and_shows_the_reply(seeded_db, tmp_path, shots, qapp):
    db_url, demo = seeded_db
    address = sorted(demo.district.addresses, key=lambda a: a.code)[0]
    photo = _photo(tmp_path / "scene.jpg")
    reply = "已通知物业清理楼道，感谢您的反映"

    async def scenario():
        async with running_public(db_url) as (relay, public), Recorder(relay.url, "d01") as desk, \
                Chromium(360, 800) as page:
            await page.goto(f"{public.url}/e/{address.code}?s={SIGNER.sign(address.code)}")
            await page.wait_for("!document.getElementById('home').hidden", what="the plate's page")
            assert await page.evaluate("document.getElementById('address').textContent") == address.text
            await page.screenshot(shots / "ecode_home.png")
            await page.click("#go-report")
            await page.evaluate("document.getElementById('category').value = '400000'")
            await page.fill("#text", "三楼楼道堆满纸箱，<b>堵住</b>消防通道")
            await page.set_files("#photo", photo)
            await page.wait_for("document.getElementById('photo-note').textContent.includes('已压缩')",
                                timeout=40, what="the photo shrunk")
            await page.screenshot(shots / "ecode_report.png")
            await page.click("#send-report")
            await page.wait_for("!document.getElementById('done').hidden", what="the receipt view")
            receipt = await page.evaluate("document.getElementById('receipt').textContent")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="the report on the desk")
            reported = desk.of_type(ev.INCIDENT_REPORTED)[0]
            await desk.cmd("incident.public_reply", incident=reported.data["incident"], note=reply)
            await page.click("#refresh")
            await page.wait_for(f"document.getElementById('reply').textContent === {reply!r}", what="the reply")
            await page.screenshot(shots / "ecode_receipt.png")
            await page.click("button.back")
            await page.wait_for("!document.getElementById('mine').hidden", what="my reports")
            await page.click("#go-declare")
            await page.screenshot(shots / "ecode_declare.png")
            bold = await page.evaluate("document.querySelectorAll('b').length")
            token = await page.evaluate("localStorage.getItem('ecode.client')")
            return reported, receipt, bold, token, page.console

    reported, receipt, bold, token, console = run(scenario(), timeout=90)
    data = reported.data
    assert reported.actor == "public" and data["source"] == "ecode" and data["address_code"] == address.code
    assert data["grid"] == address.grid_code and data["public"]["police_grid"]
    assert data["public"]["receipt"] == receipt and data["category"] == "400000"
    assert data["narrative"] == "三楼楼道堆满纸箱，<b>堵住</b>消防通道" and bold == 0  # text stays text
    assert 0 < len(data["photo"]) <= 48_000
    assert token and token not in str(data)
    assert not [line for line in console if "Content Security Policy" in line], console


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_self_declaration_receipt_in_chromium_shows_its_progress(seeded_db, shots):
    """居住登记 on the page → receipt with 已提交 and 核查中; the officer registers it → 刷新进度 shows 已登记."""
    from tests.integration.ecode_harness import ID_FEMALE

    db_url, demo = seeded_db
    address = declaration_address(demo)  # in m01's 警格
    steps = "[...document.querySelectorAll('#progress li strong')].map(s => s.textContent)"

    async def scenario():
        async with running_public(db_url) as (relay, public), Recorder(relay.url, "m01") as m01, \
                Chromium(360, 800) as page:
            await page.goto(f"{public.url}/e/{address.code}?s={SIGNER.sign(address.code)}")
            await page.click("#go-declare")
            for selector, value in (("#d-name", "林晓梅"), ("#d-id", ID_FEMALE), ("#d-phone", "13800138000"),
                                    ("#d-work", "姑苏快递站")):
                await page.fill(selector, value)
            await page.evaluate("document.getElementById('d-move-in').value = '2024-03-01'")
            await page.click("#send-declare")
            await page.wait_for("!document.getElementById('done').hidden && "
                                "document.querySelectorAll('#progress li').length === 2", what="the receipt")
            first = (await page.evaluate(steps), await page.evaluate("document.getElementById('status').textContent"))
            await wait_until(lambda: relay.writer.state.submissions, what="the submission")
            (sub,) = relay.writer.state.submissions.values()
            await m01.cmd("submission.accept", submission=sub.id, note="已核实")
            await page.click("#refresh")
            await page.wait_for("document.getElementById('status').textContent === '已登记'", what="已登记")
            await page.screenshot(shots / "receipt.png")
            body = await page.evaluate("document.getElementById('done').textContent")
            return first, await page.evaluate(steps), body, page.console

    first, after, body, console = run(scenario(), timeout=90)
    assert first == (["已提交", "核查中"], "核查中")
    assert after == ["已提交", "核查中", "已登记"]
    assert ID_FEMALE not in body and "林晓梅" not in body  # the receipt view shows no personal data
    assert not [line for line in console if "Content Security Policy" in line], console
