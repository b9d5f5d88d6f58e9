"""The phone page (/field/) in English with ``?lang=en``, in headless Chromium against a real relay:
the login form, the relay's refusal, the task list and its buttons; without the parameter a Chinese
phone keeps the Chinese page and an English one gets English; the e码 public page too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.integration.chromium import CHROMIUM, Chromium
from tests.integration.harness import Recorder, run, running_relay, wait_until

CJK = re.compile(r"[\u4e00-\u9fff]")
WORKER, ACCOUNT = "W0001", "w0001"


def _texts(selector: str) -> str:
    return f"[...document.querySelectorAll({selector!r})].map((e) => e.innerText).join(' | ')"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (scripts/setup.sh --test)")
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_phone_page_in_english(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium() as page:
            origin = f"http://127.0.0.1:{relay.port}"
            await page.goto(origin + "/field/")
            await page.wait_for("document.readyState === 'complete'", what="the Chinese page")
            chinese = await page.evaluate(f"[navigator.language, {_texts('#login h1, #login-btn')}]")
            await page.goto(origin + "/field/?lang=en")
            await page.wait_for("document.documentElement.lang === 'en'", what="the English page")
            login = await page.evaluate(_texts("#login"))
            title = await page.evaluate("document.title")
            await page.fill("#user", ACCOUNT)
            await page.fill("#password", "wrong-password")
            await page.click("#login-btn")
            await page.wait_for("document.getElementById('login-error').textContent !== ''", what="the refusal")
            refusal = await page.evaluate("document.getElementById('login-error').textContent")
            await page.fill("#password", "jingwang")
            await page.click("#login-btn")
            await page.wait_for("document.getElementById('link').classList.contains('on')", what="logged in")
            ack = await desk.cmd("order.issue", worker=WORKER, kind="patrol", target="东门", due_hours=2)
            await wait_until(lambda: any(e.seq == ack["seq"] for e in desk.events), what="order")
            order = next(e for e in desk.events if e.seq == ack["seq"]).data["order"]
            await page.wait_for(f"!!document.querySelector('#order-{order}')", what="the order on the phone")
            task = await page.evaluate(_texts(f"#order-{order}"))
            chrome = await page.evaluate(_texts("nav.tabs[data-group=worker], .duty, .sos, .dial, #link"))
            async with Chromium(flags=("--accept-lang=en-US",)) as english_phone:
                await english_phone.goto(origin + "/field/")
                await english_phone.wait_for("document.documentElement.lang === 'en'", what="English by the browser")
                by_browser = await english_phone.evaluate(_texts("#login h1"))
                await english_phone.goto(origin + "/dept/")
                await english_phone.wait_for("document.documentElement.lang === 'en'", what="the department page")
                by_browser += " | " + await english_phone.evaluate(_texts("#login, header"))
        return chinese, login, title, refusal, task, chrome, by_browser

    chinese, login, title, refusal, task, chrome, by_browser = run(scenario(), timeout=120)
    assert chinese[0] == "zh-CN" and "移动端登录" in chinese[1] and "登录" in chinese[1]
    assert "Mobile sign-in" in login and "Account" in login and "Password" in login and "Sign in" in login
    assert not CJK.search(login), login
    assert title == "Jingwang · Mobile"
    assert refusal == "wrong user name or password"
    assert task.startswith("Patrol · ") and "To sign" in task and "Sign" in task and "Target: 东门" in task
    assert not CJK.search(task.replace("东门", "")), task  # the target is what the desk typed
    assert "Tasks" in chrome and "Off duty" in chrome and "SOS" in chrome and "Video call" in chrome
    assert "Online" in chrome
    assert not CJK.search(chrome), chrome
    assert by_browser.startswith("Mobile sign-in | ") and "Department sign-in" in by_browser
    assert "Jingwang · Non-police referrals" in by_browser and not CJK.search(by_browser), by_browser


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed (scripts/setup.sh --test)")
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_public_ecode_page_in_english(seeded_db, shots):
    from tests.integration.ecode_harness import SIGNER, running_public

    db_url, demo = seeded_db
    address = sorted(demo.district.addresses, key=lambda a: a.code)[0]

    async def scenario():
        async with running_public(db_url) as (_relay, public), Chromium(360, 800) as page:
            await page.goto(f"{public.url}/e/{address.code}?s={SIGNER.sign(address.code)}&lang=en")
            await page.wait_for("!document.getElementById('home').hidden && document.documentElement.lang === 'en'",
                                what="the plate's page in English")
            home = await page.evaluate(_texts("header, #home .label, #home button, #home .hint"))
            codes = await page.evaluate(_texts("#codes"))
            await page.click("#go-report")
            await page.click("#send-report")  # nothing described: the page says so
            await page.wait_for("document.getElementById('message').textContent !== ''", what="the page's reason")
            report = await page.evaluate(_texts("#report h2, #report label, #report button, #message"))
            placeholder = await page.evaluate("document.getElementById('text').placeholder")
            options = await page.evaluate("[...document.querySelectorAll('#category option')].map((o) => o.text)")
            await page.screenshot(shots / "ecode_report_en.png")
            csp = await page.evaluate("document.querySelectorAll('script[src]').length")
            return home, codes, report, placeholder, options, csp

    home, codes, report, placeholder, options, csp = run(scenario(), timeout=120)
    assert "Scan to report" in home and "Report something" in home and "Residence registration" in home
    assert "In an emergency call 110" in home and not CJK.search(home), home
    assert codes.startswith(f"Address code {address.code} · Grid ")  # grid names are names: not translated
    assert "Please describe what happened" in report and "Submit report" in report and "Back" in report
    assert not CJK.search(report), report
    assert placeholder.startswith("What happened and where")
    assert "Fire hazard" in options and not any(CJK.search(o) for o in options)
    assert csp == 2  # the dictionary is the page's own file (i18n.js beside app.js): the CSP stays 'self'
