"""The phone page (/field/) in headless Chromium: a grid worker whose password an administrator reset
is asked for a new one (twice) before the page loads anything, and the relay's reason shows when it
refuses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.domain import events as ev
from tests.integration.chromium import CHROMIUM, Chromium
from tests.integration.harness import Recorder, run, running_relay, wait_until

RESET = "Xq7-penguin-river"
OWN = "Lantern#42-harbour"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (scripts/setup.sh --test)")
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_phone_asks_for_a_new_password_after_a_reset(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as admin, Chromium() as page:
            await admin.cmd("account.set_password", account="w0001", password=RESET)
            await page.goto(f"http://127.0.0.1:{relay.port}/field/")
            await page.fill("#user", "w0001")
            await page.fill("#password", RESET)
            await page.click("#login-btn")
            await page.wait_for("!document.getElementById('change-password').hidden", what="the new-password form")
            held = await page.evaluate("[document.getElementById('app').hidden, relay.live, relay.lastSeq]")
            await page.fill("#new-password", OWN)
            await page.fill("#confirm-password", OWN + "x")
            await page.click("#change-btn")
            mismatch = await page.evaluate("document.getElementById('change-error').textContent")
            for value in ("#new-password", "#confirm-password"):
                await page.fill(value, "abcdefghij")
            await page.click("#change-btn")
            await page.wait_for("document.getElementById('change-error').textContent.includes('至少需要')",
                                what="the relay's reason for a weak password")
            for value in ("#new-password", "#confirm-password"):
                await page.fill(value, OWN)
            await page.click("#change-btn")
            await page.wait_for("!document.getElementById('app').hidden && relay.live", what="logged in and live")
            await wait_until(lambda: admin.of_type(ev.ACCOUNT_PASSWORD_CHANGED), what="the change in the log")
            sent = [f for f in page.ws_sent if f.get("op") == "account.change_own_password"]
            return held, mismatch, admin.of_type(ev.ACCOUNT_PASSWORD_CHANGED)[0], sent

    held, mismatch, changed, sent = run(scenario(), timeout=120)
    assert held == [True, False, None], "nothing loads while the initial password stands"
    assert mismatch == "两次输入的新密码不一致"
    assert changed.actor == "w0001" and changed.data["account"] == "w0001"
    assert [f["args"]["new"] for f in sent] == ["abcdefghij", OWN], "the mismatch never left the page"
