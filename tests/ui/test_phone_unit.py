"""A police unit on the phone page (/field/) against a real relay, with a real console session beside it.

The patrol unit logs in as p01 in headless Chromium at 360×800 and goes on duty; the console session
dispatches it to a fight; it taps 出发, 到场 and 处置完毕, and after each tap the console's 警力状态 board
(UnitBoard over the ConsoleSession) and the phone's own status line say 途中, 到场 and 休整. While the unit
is on its phone the field gateway may not act for it (E_ON_PHONE). Nothing grid-worker-only is offered."""

from __future__ import annotations

import json

import pytest

from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT, unit_account
from console.ui.units.board import UCol, UnitBoard
from tests.integration.chromium import Chromium
from tests.integration.harness import exchange, raw_socket, running_relay, wait_until
from tests.integration.test_phone_client import _centre, needs_chromium
from tests.qt_loop import run_on_qt_loop


async def _text(page: Chromium, selector: str) -> str:
    return await page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent")


async def _tap(page: Chromium, incident: str, label: str) -> None:
    """Press the button called ``label`` on the incident's card, as the unit would."""
    card = json.dumps(f"#incident-{incident} .actions button")
    await page.wait_for(f"[...document.querySelectorAll({card})].some(b => b.textContent === {json.dumps(label)} "
                        "&& !b.disabled)", what=f"{label} offered")
    await page.evaluate(f"[...document.querySelectorAll({card})].find(b => b.textContent === {json.dumps(label)})"
                        ".click()")


async def desk_session(relay):
    """A console session of dispatcher d01 on ``relay``, logged in."""
    from console.ui.session import ConsoleSession

    session = ConsoleSession(relay.url, "d01", DEMO_PASSWORD)
    session.start()
    await wait_until(lambda: session.state is not None, 20, "console logged in")
    return session


async def unit_logs_in(page: Chromium, origin: str, lng: float, lat: float) -> None:
    """The first patrol unit (p01) logs in on the phone page standing at (lng, lat) and is live."""
    await page.grant(origin, "geolocation")
    await page.set_geolocation(lat, lng)
    await page.goto(origin + "/field/")
    await page.wait_for("collect.codes !== null && found.allowed.size > 0", what="tables loaded")
    await page.fill("#user", unit_account(0))
    await page.fill("#password", DEMO_PASSWORD)
    await page.click("#login-btn")
    await page.wait_for("document.getElementById('link').classList.contains('on')", what="the unit live")


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_unit_sets_off_arrives_and_finishes_as_the_unit_board_shows(qtbot, qapp, seeded_db, shots):
    db_url, demo = seeded_db
    unit = next(w for w in demo.workers if w.kind.value == "patrol")
    lng, lat = _centre(demo, unit.id)
    address = next(a for a in demo.district.addresses if a.grid_code == unit.grid_code)
    seen: dict = {}

    async def scenario():
        async with running_relay(db_url) as relay, Chromium(width=360, height=800) as page:
            origin = f"http://127.0.0.1:{relay.port}"
            session = await desk_session(relay)
            board = UnitBoard(session, tick_ms=100)
            qtbot.addWidget(board)
            board.show()

            def board_says(status: str) -> bool:
                row = board.row_of(unit.id)
                return row is not None and row.text(UCol.STATUS) == status

            await unit_logs_in(page, origin, lng, lat)
            await page.click("#duty-btn")
            await wait_until(lambda: board_says("空闲"), 20, "the unit on duty on the board")
            await page.wait_for("document.getElementById('unit-state').textContent === '空闲'", what="空闲 on phone")
            seen["who"] = await _text(page, "#who")
            seen["tabs"] = await page.evaluate(
                "[...document.querySelectorAll('.tabs[data-group=worker] button')]"
                ".filter(b => getComputedStyle(b).display !== 'none').map(b => b.textContent.trim())")
            seen["collect_shown"] = await page.evaluate(
                "getComputedStyle(document.getElementById('tab-collect')).display !== 'none'")

            async with raw_socket(relay.url, *GATEWAY_ACCOUNT) as gateway:
                seen["gateway"] = await exchange(gateway, {"v": 1, "t": "cmd", "id": "g1", "op": "position.report",
                                                           "args": {"worker": unit.id, "lng": lng, "lat": lat}})

            ack = await session.command("incident.report", {"category": "200100", "address_code": address.code,
                                                            "narrative": "两名男子在路口斗殴", "accept": True})
            await wait_until(lambda: session.state.seq >= ack["seq"], 10, "report folded")
            incident = next(i.id for i in session.state.incidents.values() if i.narrative == "两名男子在路口斗殴")
            await session.command("incident.dispatch", {"incident": incident, "worker": unit.id})
            await wait_until(lambda: board_says("已派"), 20, "已派 on the board")
            await page.wait_for(f"!!document.querySelector('#incident-{incident}')", what="the dispatch on the phone")
            seen["dispatched"] = (await _text(page, f"#incident-{incident} .tag"), await page.evaluate(
                f"[...document.querySelectorAll('#incident-{incident} .actions button')].map(b => b.textContent)"))
            await page.screenshot(shots / "phone_unit_dispatched.png")

            await page.evaluate("window.prompt = () => '双方已分开,带回派出所处理'")
            for label, status in (("出发", "途中"), ("到场", "到场"), ("处置完毕", "休整")):
                await _tap(page, incident, label)
                await wait_until(lambda s=status: board_says(s), 20, f"{status} on the board")
                await page.wait_for(f"document.getElementById('unit-state').textContent === {json.dumps(status)}",
                                    what=f"{status} on the phone")
                seen[label] = status
                if label == "到场":
                    await page.screenshot(shots / "phone_unit.png")
            seen["gone"] = await page.evaluate(f"!document.querySelector('#incident-{incident}')")
            seen["feedback"] = [t.note for t in session.state.incidents[incident].timeline if t.action == "feedback"]
            await session.async_close()

    run_on_qt_loop(qapp, scenario(), 150)
    assert unit.name in seen["who"]
    assert seen["tabs"] == ["任务 0", "现场上报"] and seen["collect_shown"] is False  # no 上报 / 采集 / 我的
    assert seen["gateway"]["t"] == "error" and seen["gateway"]["code"] == "E_ON_PHONE"
    assert seen["dispatched"] == ("待出发", ["出发", "退回"])
    assert [seen[k] for k in ("出发", "到场", "处置完毕")] == ["途中", "到场", "休整"]
    assert seen["gone"] is True and seen["feedback"] == ["双方已分开,带回派出所处理"]
