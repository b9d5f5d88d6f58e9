"""The phone page (/field/) completed: SOS, submissions of every kind, 退回, 情况不符, an offline queue,
one live session per worker, and the community officer's review and orders — each driven in headless
Chromium at 360×800 against a real relay (SQLite, migrations).
"""

from __future__ import annotations

import json
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


# -- submissions --------------------------------------------------------------------------------------

async def _collect(page: Chromium, choice: str, values: dict, note: str = "") -> None:
    """Pick a kind in 采集, fill its fields as a user would, press 提交审核."""
    await page.wait_for("!document.getElementById('collect-btn').disabled", what="the last submission settled")
    await page.evaluate(f"(s => {{ s.value = {json.dumps(choice)}; s.dispatchEvent(new Event('change')); }})"
                        "(document.getElementById('collect-kind'))")
    for name, value in values.items():
        selector = f"#collect-fields [name={name}]"
        if isinstance(value, bool):
            await page.evaluate(f"document.querySelector({json.dumps(selector)}).checked = {json.dumps(value)}")
        else:
            await page.fill(selector, str(value))
    await page.fill("#collect-note", note)
    await page.click("#collect-btn")


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_submission_of_every_kind_and_refusals_by_field(seeded_db, tmp_path, shots):
    from tests.integration.test_web_client import _test_photo

    db_url, demo = seeded_db
    addresses = [a.code for a in _addresses(demo, WORKER)]
    person_id = _with_check("32050819850612123", id_number_problem)
    credit = _with_check("92320508MA1XK7P0Q", credit_code_problem)
    kinds = [
        ("person", {"name": "李春华", "id_number": person_id, "sex": "2", "ethnicity": "01",
                    "address_code": addresses[0], "floating": True, "phone": "13912345678"}),
        ("house", {"address_code": addresses[1], "use": "owner", "occupants": 3, "owner": "王建国"}),
        ("house:rental", {"address_code": addresses[2], "occupants": 2, "owner": "周丽"}),
        ("house:group_rental", {"address_code": addresses[3], "occupants": 14, "owner": "陈强"}),
        ("unit", {"name": "姑苏便利店", "credit_code": credit, "address_code": addresses[4], "key_unit": False,
                  "contact": "赵敏 13800000000"}),
        ("dispute", {"type": "物业管理", "parties": "业主张某与物业公司", "description": "停车费争议",
                     "address_code": addresses[5], "resolved": False}),
        ("hazard", {"type": "消防", "description": "楼道堆放电动车充电", "address_code": addresses[6],
                    "rectified": False}),
    ]
    photo = _test_photo(tmp_path / "door.jpg")

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium(**PHONE) as page:
            await _worker_page(page, f"http://127.0.0.1:{relay.port}", demo, desk)
            await page.click(".tabs button[data-tab=collect]")
            await page.set_files("#collect-photo", photo)
            await page.wait_for("!document.getElementById('collect-preview').hidden", what="photo ready")
            got = []
            for n, (choice, values) in enumerate(kinds):
                await _collect(page, choice, values, note=f"第{n + 1}条")
                got.append(await _seen(desk, ev.SUBMISSION_SUBMITTED, choice, note=f"第{n + 1}条"))
            await page.screenshot(shots / "phone_collect.png")

            bad_id = person_id[:-1] + ("0" if person_id[-1] != "0" else "1")  # caught in the page: nothing sent
            sent = len(_sent_ops(page, "submission.submit"))
            await _collect(page, "person", {**kinds[0][1], "id_number": bad_id})
            await page.wait_for("document.querySelector('[data-field=id_number] .field-error').textContent !== ''",
                                what="ID number problem shown")
            page_check = (await _text(page, "[data-field=id_number] .field-error"),
                          len(_sent_ops(page, "submission.submit")) - sent)
            await page.screenshot(shots / "phone_collect_bad_id.png")

            # a name of zero-width characters only passes the page's trim() but not the relay's text check
            await _collect(page, "person", {**kinds[0][1], "id_number": _with_check("32050819900101456",
                                                                                      id_number_problem),
                                            "name": "\u200b\u200b"})
            await page.wait_for("document.querySelector('[data-field=name] .field-error').textContent !== ''",
                                what="the relay's refusal next to the name")
            relay_check = (await _text(page, "[data-field=name] .field-error"), await _text(page, "#collect-error"))
            await page.screenshot(shots / "phone_collect_refused.png")
            await page.click(".tabs button[data-tab=mine]")
            await page.wait_for(f"document.querySelectorAll('#mine .submission').length === {len(kinds)}",
                                what="submissions in 我的")
            return got, page_check, relay_check

    got, page_check, relay_check = run(scenario(), timeout=150)
    assert [e.data["kind"] for e in got] == ["person", "house", "house", "house", "unit", "dispute", "hazard"]
    for event, (choice, values) in zip(got, kinds, strict=True):
        use = {"house:rental": {"use": "rental"}, "house:group_rental": {"use": "group_rental"}}.get(choice, {})
        assert event.data["fields"] == {**values, **use}, choice
        assert event.data["photo"] if choice == "person" else "photo" not in event.data
    assert got[0].data["fields"]["floating"] is True  # 流动人口
    assert page_check[0].startswith("校验位应为") and page_check[1] == 0
    assert relay_check[0] == "应为1-500字的文本" and "审核系统退回" in relay_check[1]


# -- 退回 an incident, 情况不符 on an order ----------------------------------------------------------------

@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_incident_return_and_order_mismatch(seeded_db, shots):
    db_url, demo = seeded_db
    lng, lat = _centre(demo, WORKER)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium(**PHONE) as page:
            await _worker_page(page, f"http://127.0.0.1:{relay.port}", demo, desk)
            ack = await desk.cmd("incident.report", category="200200", lng=lng, lat=lat, narrative="邻里噪音纠纷")
            await wait_until(lambda: any(e.seq == ack["seq"] for e in desk.events), what="report")
            incident = next(e for e in desk.events if e.seq == ack["seq"]).data["incident"]
            await desk.cmd("incident.accept", incident=incident)
            await desk.cmd("incident.dispatch", incident=incident, worker=WORKER)
            house = _addresses(demo, WORKER)[0].code
            ack = await desk.cmd("order.issue", worker=WORKER, kind="verify_house", target=house, due_hours=8)
            await wait_until(lambda: any(e.seq == ack["seq"] for e in desk.events), what="order")
            order = next(e for e in desk.events if e.seq == ack["seq"]).data["order"]
            await page.wait_for(f"!!document.querySelector('#order-{order}') && "
                                f"!!document.querySelector('#incident-{incident}')", what="both tasks shown")
            await page.evaluate("window.prompt = (title) => title === '退回原因' ? '不属网格员职责,需民警处置' "
                                ": '房屋已拆除,无人居住'")
            await page.evaluate(f"[...document.querySelectorAll('#incident-{incident} .actions button')]"
                                ".find(b => b.textContent === '退回').click()")
            returned = await _seen(desk, ev.INCIDENT_RETURNED, "incident returned", incident=incident)
            await page.click(f"#order-{order} .actions button.ok")
            await _seen(desk, ev.ORDER_SIGNED, "order signed", order=order)
            await page.wait_for(f"!!document.querySelector('#order-{order} button.warn')", what="情况不符 offered")
            await page.screenshot(shots / "phone_order_signed.png")
            await page.click(f"#order-{order} button.warn")
            done = await _seen(desk, ev.ORDER_DONE, "order feedback", order=order)
            await page.wait_for(f"!document.querySelector('#incident-{incident}') && "
                                f"!document.querySelector('#order-{order}')", what="tasks gone")
            return returned, done

    returned, done = run(scenario(), timeout=120)
    assert returned.data["note"] == "不属网格员职责,需民警处置" and returned.data["worker"] == WORKER
    assert done.data["confirmed"] is False and done.data["note"] == "房屋已拆除,无人居住"


# -- offline queue ---------------------------------------------------------------------------------------

@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_offline_queue_sends_each_action_once(seeded_db, shots):
    db_url, demo = seeded_db
    hazard = {"type": "公共安全", "description": "井盖缺失", "address_code": _addresses(demo, WORKER)[0].code}

    async def offline_actions(page: Chromium, order: str) -> list[dict]:
        await page.click(f"#order-{order} .actions button.ok")  # 签收
        await page.wait_for(f"document.querySelector('#order-{order} .tag').textContent === '待发送'",
                            what="order marked 待发送")
        await page.click("#duty-btn")
        await page.click(".tabs button[data-tab=collect]")
        await _collect(page, "hazard", hazard, note="离线采集")
        await page.wait_for("!document.getElementById('pending').hidden && "
                            "document.getElementById('pending').textContent === '待发送 3'", what="3 queued")
        await page.screenshot(shots / "phone_offline.png")
        return await page.evaluate("outboxRows()")

    async def scenario():
        async with running_relay(db_url) as relay:
            port = relay.port
            origin = f"http://127.0.0.1:{port}"
            page = await Chromium(**PHONE).__aenter__()
            try:
                async with Recorder(relay.url, "d01") as desk:
                    await _worker_page(page, origin, demo, desk)
                    ack = await desk.cmd("order.issue", worker=WORKER, kind="patrol", target="东门", due_hours=2)
                    await wait_until(lambda: any(e.seq == ack["seq"] for e in desk.events), what="order")
                    order = next(e for e in desk.events if e.seq == ack["seq"]).data["order"]
                    await page.wait_for(f"!!document.querySelector('#order-{order}')", what="order on the phone")
            except BaseException:
                await page.__aexit__(None, None, None)
                raise
        try:
            await page.wait_for("document.getElementById('link').classList.contains('off')", what="offline")
            await page.evaluate("window.outboxRows = () => relay.store.of('w0001')")
            queued = await offline_actions(page, order)
            async with running_relay(db_url, port=port) as relay, Recorder(relay.url, "d01") as desk:
                await page.wait_for("relay.live && document.getElementById('pending').hidden", timeout=30,
                                    what="reconnected and the queue sent")
                left = await page.evaluate("outboxRows()")
                # the same keys again (a phone whose acks were lost): acknowledged as duplicates, applied once
                resend = ("new Promise(r => {{ relay.outbox.set({key}, {{frame: null, resolve: r, reject: r}}); "
                          "relay.sendRaw({frame}); }})")
                again = [await page.evaluate(resend.format(key=json.dumps(f["id"]), frame=json.dumps(f)))
                         for f in queued]
                events = list(desk.events)
                return order, queued, left, again, events
        finally:
            await page.__aexit__(None, None, None)

    order, queued, left, again, events = run(scenario(), timeout=150)
    assert sorted(f["op"] for f in queued) == ["order.sign", "submission.submit", "worker.duty"]
    assert left == []
    assert all(a.get("t") == "ack" and a["duplicate"] for a in again)
    assert len([e for e in events if e.type == ev.ORDER_SIGNED and e.data["order"] == order]) == 1
    assert len([e for e in events if e.type == ev.SUBMISSION_SUBMITTED and e.data["note"] == "离线采集"]) == 1
    assert len([e for e in events if e.type == ev.DUTY_SET and e.data["worker"] == WORKER]) == 1


# -- one live session per worker -------------------------------------------------------------------------

@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_takeover_and_gateway_refused_while_on_phone(seeded_db, shots):
    db_url, demo = seeded_db
    lng, lat = _centre(demo, WORKER)
    other = "W0002"
    olng, olat = _centre(demo, other)
    fix = {"v": 1, "t": "cmd", "op": "position.report"}

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium(**PHONE) as page:
            await _worker_page(page, f"http://127.0.0.1:{relay.port}", demo, desk)
            async with raw_socket(relay.url, *GATEWAY_ACCOUNT) as gateway:
                refused = await exchange(gateway, {**fix, "id": "g1", "args": {"worker": WORKER, "lng": lng,
                                                                                "lat": lat}})
                allowed = await exchange(gateway, {**fix, "id": "g2", "args": {"worker": other, "lng": olng,
                                                                                "lat": olat}})
                async with raw_socket(relay.url, ACCOUNT):  # the same worker logs in elsewhere: it takes over
                    await page.wait_for("!document.getElementById('ended').hidden", what="taken over on the page")
                    ended = await _text(page, "#ended-text")
                    closes = await page.evaluate("relay.closed && !relay.live")
                    await page.screenshot(shots / "phone_taken_over.png")
                    still = await exchange(gateway, {**fix, "id": "g3", "args": {"worker": WORKER, "lng": lng,
                                                                                  "lat": lat}})
                await wait_until(lambda: relay.presence.personal(WORKER) is None, what="the other device gone")
                after = await exchange(gateway, {**fix, "id": "g4", "args": {"worker": WORKER, "lng": lng, "lat": lat}})
            return refused, allowed, ended, closes, still, after

    refused, allowed, ended, closes, still, after = run(scenario(), timeout=120)
    assert refused["t"] == "error" and refused["code"] == "E_ON_PHONE" and WORKER in refused["zh"]
    assert allowed["t"] == "ack"
    assert ended == "已在其他设备登录" and closes is True
    assert still["code"] == "E_ON_PHONE"  # the newer session is the worker's own too
    assert after["t"] == "ack"  # nobody on the phone: the gateway may act again


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_takeover_of_an_officer_leaves_the_desk_console(seeded_db, shots):
    """One live session per phone login for an officer too: page B takes over page A, which says so and stops
    reconnecting; B works; the officer's desk console (not a page) is not taken over by either."""
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "m01") as console, Chromium(**PHONE) as a, Chromium(**PHONE) as b:
            origin = f"http://127.0.0.1:{relay.port}"
            [desk_console] = relay.presence.connections("m01")
            await _log_in(a, origin, "m01")
            await _log_in(b, origin, "m01")
            await a.wait_for("!document.getElementById('ended').hidden", what="page A taken over")
            notice = (await _text(a, "#ended-text"), await _text(a, "#ended .hint"))
            shown = await a.evaluate("[document.getElementById('officer').hidden, relay.closed, relay.live]")
            await a.screenshot(shots / "phone_takeover_notice.png")
            await b.click(".tabs[data-group=officer] button[data-tab=team]")
            await b.click(f"#team-{WORKER} .actions button")
            await b.fill("#order-target", "迎晓里3幢")
            await b.click("#order-send")
            issued = await _seen(desk, ev.ORDER_ISSUED, "order from page B", worker=WORKER)
            await _seen(console, ev.ORDER_ISSUED, "the officer's desk console still live", worker=WORKER)
            a_logins = len([f for f in a.ws_sent if f.get("t") == "auth"])
            serving = relay.presence.connections("m01")
            b_state = await b.evaluate("[relay.live, document.getElementById('ended').hidden]")
            return notice, shown, issued, a_logins, desk_console in serving and len(serving), b_state

    notice, shown, issued, a_logins, serving, b_state = run(scenario(), timeout=120)
    assert notice == ("已在其他设备登录", "本设备已断开。如需在本设备继续使用,请重新登录。")
    assert shown == [True, True, False]  # the work is hidden and the page does not reconnect
    assert a_logins == 1  # page A never logged in again
    assert issued.actor == "m01" and b_state == [True, True]
    assert serving == 2  # the same desk console connection and page B; page A is gone


# -- the community officer on the same page --------------------------------------------------------------

@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_phone_officer_reviews_submissions_and_issues_an_order(seeded_db, shots):
    db_url, demo = seeded_db
    addresses = [a.code for a in _addresses(demo, WORKER)]
    officer = next(w for w in demo.workers if w.kind.value == "officer")
    police_grid = next(p for p in demo.district.police_grids if officer.grid_code in p.grid_codes)
    mine = sorted(w.id for w in demo.workers if w.kind.value == "grid_worker" and w.grid_code in police_grid.grid_codes)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, ACCOUNT) as phone, Chromium(**PHONE) as page:
            subs = []
            for n, fields in enumerate([
                    {"type": "消防", "description": "楼道堆放杂物", "address_code": addresses[0], "rectified": False},
                    {"address_code": addresses[1], "use": "group_rental", "occupants": 12}]):
                ack = await phone.cmd("submission.submit", kind="hazard" if n == 0 else "house", fields=fields)
                await wait_until(lambda a=ack: any(e.seq == a["seq"] for e in desk.events), what="submitted")
                subs.append(next(e for e in desk.events if e.seq == ack["seq"]).data["submission"])
            await _log_in(page, f"http://127.0.0.1:{relay.port}", "m01")
            await page.wait_for("document.querySelectorAll('#reviews .submission').length === 2", what="2 to review")
            who = await _text(page, "#who")
            await page.screenshot(shots / "phone_officer_review.png")
            await page.click(f"#review-{subs[0]} .actions button.ok")
            accepted = await _seen(desk, ev.SUBMISSION_ACCEPTED, "accepted", submission=subs[0])
            await page.evaluate("window.prompt = () => '人数与实际不符,请重新核实'")
            await page.evaluate(f"[...document.querySelectorAll('#review-{subs[1]} .actions button')]"
                                ".find(b => b.textContent === '退回').click()")
            returned = await _seen(desk, ev.SUBMISSION_RETURNED, "returned", submission=subs[1])
            await page.wait_for("document.querySelectorAll('#reviews .submission').length === 0", what="queue empty")
            await page.click(".tabs[data-group=officer] button[data-tab=team]")
            team = await page.evaluate("[...document.querySelectorAll('#team .worker')].map(e => e.id.slice(5))")
            await page.click(f"#team-{WORKER} .actions button")
            await page.fill("#order-target", "迎晓里3幢")
            await page.evaluate("document.getElementById('order-kind').value = 'patrol'")
            await page.fill("#order-note", "夜间重点巡查")
            await page.screenshot(shots / "phone_officer_order.png")
            await page.click("#order-send")
            issued = await _seen(desk, ev.ORDER_ISSUED, "order issued", worker=WORKER)
            await page.wait_for("document.getElementById('order-form').hidden", what="order form closed")
            await page.screenshot(shots / "phone_officer_team.png")
            return who, accepted, returned, team, issued

    who, accepted, returned, team, issued = run(scenario(), timeout=120)
    assert officer.name in who and police_grid.name in who
    assert accepted.actor == "m01" and returned.data["note"] == "人数与实际不符,请重新核实"
    assert sorted(team) == mine and WORKER in team
    assert issued.actor == "m01" and issued.data["kind"] == "patrol" and issued.data["note"] == "夜间重点巡查"
