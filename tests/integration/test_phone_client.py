"""The phone page (/field/) completed: SOS, submissions of every kind, 退回, 情况不符, an offline queue,
one live session per worker, and the community officer's review and orders — each driven in headless
Chromium at 360×800 against a real relay (SQLite, migrations).
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest

from console.domain import events as ev
from console.domain.records import credit_code_problem, id_number_problem
from console.services.demo_seed import GATEWAY_ACCOUNT
from tests.integration.chromium import CHROMIUM, Chromium
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay, wait_until

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="chromium is not installed (scripts/setup.sh --test installs it)")
WORKER, ACCOUNT = "W0001", "w0001"
PHONE = {"width": 360, "height": 800}


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the 360×800 screenshots go: set JINGWANG_SCREENSHOTS to keep them."""
    folder = Path(os.environ.get("JINGWANG_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _centre(demo, worker_id: str) -> tuple[float, float]:
    worker = next(w for w in demo.workers if w.id == worker_id)
    polygon = next(g.polygon for g in demo.district.grids if g.code == worker.grid_code)
    return sum(p[0] for p in polygon) / len(polygon), sum(p[1] for p in polygon) / len(polygon)


def _addresses(demo, worker_id: str) -> list:
    grid = next(w.grid_code for w in demo.workers if w.id == worker_id)
    return [a for a in demo.district.addresses if a.grid_code == grid]


def _with_check(body: str, problem) -> str:
    """``body`` completed with the check character its problem names (a valid code)."""
    for c in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if problem(body + c) is None:
            return body + c
    raise AssertionError(body)


async def _seen(desk: Recorder, event_type: str, what: str, timeout: float = 20.0, **data) -> ev.Event:
    def match():
        return next((e for e in desk.of_type(event_type) if all(e.data.get(k) == v for k, v in data.items())), None)
    await wait_until(lambda: match() is not None, timeout, what)
    return match()


async def _log_in(page: Chromium, origin: str, user: str, live: bool = True) -> None:
    await page.goto(origin + "/field/")
    await page.wait_for("collect.codes !== null && document.querySelectorAll('#category option').length > 20",
                        what="category and code tables loaded")
    await page.fill("#user", user)
    await page.fill("#password", "jingwang")
    await page.click("#login-btn")
    if live:
        await page.wait_for("document.getElementById('link').classList.contains('on')", what=f"{user} live")


async def _worker_page(page: Chromium, origin: str, demo, desk: Recorder) -> None:
    lng, lat = _centre(demo, WORKER)
    await page.grant(origin, "geolocation")
    await page.set_geolocation(lat, lng)
    await _log_in(page, origin, ACCOUNT)
    await _seen(desk, ev.POSITION_REPORTED, "position from the phone", worker=WORKER)


async def _text(page: Chromium, selector: str) -> str:
    return await page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent")


async def _press(page: Chromium, selector: str, kind: str) -> None:
    await page.evaluate(f"document.querySelector({json.dumps(selector)})"
                        f".dispatchEvent(new PointerEvent({json.dumps(kind)}, {{bubbles: true}}))")


def _sent_ops(page: Chromium, op: str) -> list[dict]:
    return [f for f in page.ws_sent if f.get("t") == "cmd" and f.get("op") == op]


# -- SOS, duty and place ------------------------------------------------------------------------------

@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_sos_long_press_duty_and_place(seeded_db, shots):
    db_url, demo = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium(**PHONE) as page:
            origin = f"http://127.0.0.1:{relay.port}"
            await _worker_page(page, origin, demo, desk)
            await page.wait_for("document.getElementById('geo-grid').textContent !== ''", what="grid shown")
            place = (await _text(page, "#geo-grid"), await _text(page, "#geo"))
            off = (await _text(page, "#duty-state"), await _text(page, "#duty-btn"))
            await page.click("#duty-btn")
            await _seen(desk, ev.DUTY_SET, "on duty", worker=WORKER, on=True)
            await page.wait_for("document.getElementById('duty-state').textContent === '在岗'", what="在岗 shown")
            on = (await _text(page, "#duty-state"), await _text(page, "#duty-btn"))
            await page.screenshot(shots / "phone_worker.png")

            await _press(page, "#sos-btn", "pointerdown")  # a short press: the bar fills part way, nothing sent
            await page.wait_for("parseFloat(document.getElementById('sos-bar').style.width) >= 30",
                                what="SOS progress visible")
            await page.screenshot(shots / "phone_sos_holding.png")
            await _press(page, "#sos-btn", "pointerup")
            short = (await _text(page, "#sos-status"), len(_sent_ops(page, "worker.sos")))

            pressed = await page.evaluate("performance.now()")
            await _press(page, "#sos-btn", "pointerdown")  # held: sent once the bar is full
            await page.wait_for("document.getElementById('sos-btn').dataset.phase === 'raised'", what="SOS raised")
            held_ms = await page.evaluate("performance.now()") - pressed
            sos = await _seen(desk, ev.WORKER_SOS, "SOS at the desk", worker=WORKER)
            raised = await _text(page, "#sos-status")
            await page.screenshot(shots / "phone_sos_raised.png")
            await desk.cmd("worker.sos_clear", worker=WORKER, note="已派民警前往")
            await page.wait_for("document.getElementById('sos-btn').dataset.phase === 'cleared'", what="SOS cleared")
            cleared = await _text(page, "#sos-status")
            return place, off, on, short, held_ms, sos, raised, cleared

    place, off, on, short, held_ms, sos, raised, cleared = run(scenario(), timeout=120)
    grid = next(g for g in demo.district.grids if g.code == next(w.grid_code for w in demo.workers if w.id == WORKER))
    assert place[0] == grid.name
    assert any(a.text in place[1] for a in _addresses(demo, WORKER)) and "." not in place[1]  # no raw coordinates
    assert off == ("下班", "上岗") and on == ("在岗", "下班")  # the state and the action, apart
    assert short == ("长按 1.5 秒发出求助", 0)
    assert held_ms >= 1500
    lng, lat = _centre(demo, WORKER)
    assert abs(sos.data["lng"] - lng) < 1e-6 and abs(sos.data["lat"] - lat) < 1e-6
    assert "等待" in raised and cleared == "指挥中心已确认并解除求助"
