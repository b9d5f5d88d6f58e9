"""The web field client served by the relay, driven end to end in headless Chromium over CDP.

A real relay (SQLite, migrations) serves ``/field/``; the page logs in as a demo grid worker, shares
its (emulated) geolocation, signs an order and an incident, reports with a photo picked through the
file input, resumes after a dropped connection, and answers a video call from the console's own
stack (ConsoleSession, CallService, MediaEngine on a qasync loop) with Chromium's fake camera.
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import ssl
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
import qasync
from PySide6.QtGui import QImage

from console.domain import events as ev
from console.media.engine import MediaEngine
from console.relay.server import Relay
from console.relay.tls import make_self_signed, server_context
from console.services.demo_seed import DEMO_PASSWORD
from console.store.store import Store
from console.ui.calls.service import CallService
from console.ui.session import ConsoleSession
from tests.integration.chromium import CHROMIUM, Chromium
from tests.integration.harness import Recorder, run, running_relay, wait_until

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="chromium is not installed (scripts/setup.sh --test installs it)")


def _http_get(port: int, path: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_relay_serves_the_page_over_plain_http_and_refuses_the_rest(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay:
            fetch = lambda path: asyncio.to_thread(_http_get, relay.port, path)  # noqa: E731
            return [await fetch(p) for p in ("/field/", "/field/app.js", "/field/../relay/server.py",
                                             "/field/nothing.js", "/healthz")]

    page, script, traversal, missing, health = run(scenario())
    assert page[0] == 200 and page[1]["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in page[1] and b"app.js" in page[2]
    assert script[0] == 200 and script[1]["Content-Type"].startswith("text/javascript")
    assert traversal[0] == 400 and b"import" not in traversal[2]
    assert missing[0] == 404
    assert health[0] == 200


def _https_get(port: int, cafile: Path) -> tuple[int, bytes]:
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=ssl.create_default_context(cafile=cafile))
    try:
        conn.request("GET", "/field/")
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _test_photo(path: Path) -> Path:
    """A 2400×1600 JPEG of several hundred KB: the page has to shrink it to fit one frame."""
    y, x = np.mgrid[0:1600, 0:2400]
    rgb = np.stack([(x // 7) % 256, (y // 5) % 256, ((x + y) // 11) % 256], axis=-1).astype(np.uint8)
    rgb += np.random.default_rng(5).integers(0, 24, rgb.shape, dtype=np.uint8)
    frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuvj420p")
    codec = av.CodecContext.create("mjpeg", "w")
    codec.width, codec.height, codec.pix_fmt, codec.time_base = 2400, 1600, "yuvj420p", Fraction(1, 1)
    path.write_bytes(b"".join(bytes(p) for p in [*codec.encode(frame), *codec.encode(None)]))
    return path


def _centre(demo, worker_id: str) -> tuple[float, float]:
    worker = next(w for w in demo.workers if w.id == worker_id)
    polygon = next(g.polygon for g in demo.district.grids if g.code == worker.grid_code)
    return sum(p[0] for p in polygon) / len(polygon), sum(p[1] for p in polygon) / len(polygon)


async def _seen(desk: Recorder, event_type: str, what: str, timeout: float = 20.0, **data) -> ev.Event:
    """The first event of ``event_type`` whose data holds ``data``, waiting for it."""
    def match():
        return next((e for e in desk.of_type(event_type) if all(e.data.get(k) == v for k, v in data.items())), None)
    await wait_until(lambda: match() is not None, timeout, what)
    return match()


async def _log_in(page: Chromium, origin: str, shots: Path) -> None:
    await page.goto(origin + "/field/")
    await page.wait_for("document.querySelectorAll('#category option').length > 20", what="categories loaded")
    await page.screenshot(shots / "web_login.png")
    await page.fill("#user", "w0001")
    await page.fill("#password", "jingwang")
    await page.click("#login-btn")
    await page.wait_for("!document.getElementById('app').hidden && "
                        "document.getElementById('link').classList.contains('on')", what="logged in and live")


async def _sign_order_and_work_incident(page: Chromium, desk: Recorder, worker: str, lng: float, lat: float,
                                        shots: Path) -> None:
    ack = await desk.cmd("order.issue", worker=worker, kind="patrol", target="夜市周边", due_hours=2, note="晚间巡查")
    order = (await _wait_seq(desk, ack["seq"])).data["order"]
    await page.click(f"#order-{order} .actions button.ok")
    await _seen(desk, ev.ORDER_SIGNED, "order signed from the page", order=order, worker=worker)

    ack = await desk.cmd("incident.report", category="200200", priority=2, lng=lng, lat=lat, narrative="邻里纠纷")
    incident = (await _wait_seq(desk, ack["seq"])).data["incident"]
    await desk.cmd("incident.accept", incident=incident)
    await desk.cmd("incident.dispatch", incident=incident, worker=worker)
    await page.wait_for(f"!!document.querySelector('#incident-{incident}')", what="dispatched incident on the page")
    await page.screenshot(shots / "web_tasks.png")
    await page.click(f"#incident-{incident} .actions button.ok")
    await _seen(desk, ev.INCIDENT_SIGNED, "incident signed", incident=incident, worker=worker)
    await page.click(f"#incident-{incident} .actions button.ok")
    await _seen(desk, ev.INCIDENT_ARRIVED, "incident arrived", incident=incident, worker=worker)
    await page.evaluate("window.prompt = () => '已现场调解'")  # the browser's own dialog, answered as a user would
    await page.click(f"#incident-{incident} .actions button.ok")
    done = await _seen(desk, ev.INCIDENT_FEEDBACK, "incident feedback", incident=incident, worker=worker)
    assert done.data["note"] == "已现场调解"


async def _wait_seq(desk: Recorder, seq: int) -> ev.Event:
    await wait_until(lambda: any(e.seq == seq for e in desk.events), what=f"event {seq}")
    return next(e for e in desk.events if e.seq == seq)


async def _resume_after_a_cut(page: Chromium, desk: Recorder, worker: str) -> tuple[int, list[dict], list[dict]]:
    """Cut the page's socket, issue an order while it is away, reconnect: it logs in with its resume ticket
    and resumes after its last seq."""
    held = await page.evaluate("relay.closed = true; relay.ws.close(); relay.lastSeq")
    await page.wait_for("!relay.live && document.getElementById('link').classList.contains('off')", what="offline")
    ack = await desk.cmd("order.issue", worker=worker, kind="mediate", target="三号楼邻里纠纷", due_hours=4)
    order = (await _wait_seq(desk, ack["seq"])).data["order"]
    await page.evaluate("relay.closed = false; relay.connect()")
    await page.wait_for(f"!!document.querySelector('#order-{order}') && relay.live", what="missed order after resume")
    sent = page.ws_sent
    return held, [f for f in sent if f.get("t") == "subscribe"], [f for f in sent if f.get("t") == "auth"]


async def _report_with_photo(page: Chromium, desk: Recorder, worker: str, photo: Path, shots: Path) -> ev.Event:
    await page.click(".tabs button[data-tab=report]")
    await page.set_files("#photo", photo)
    await page.wait_for("!document.getElementById('photo-preview').hidden", what="photo shrunk and previewed")
    await page.fill("#narrative", "小区东门消防通道被车辆堵塞")
    await page.evaluate("document.getElementById('category').value = '400000'")
    await page.screenshot(shots / "web_report.png")
    await page.click("#report-btn")
    report = await _seen(desk, ev.INCIDENT_REPORTED, "report with photo", reporter_worker=worker)
    await page.wait_for(f"!!document.querySelector('#incident-{report.data['incident']}')", what="report in 我的上报")
    return report


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_grid_worker_in_headless_chromium(seeded_db, tmp_path, shots):
    db_url, demo = seeded_db
    worker = "W0001"
    lng, lat = _centre(demo, worker)
    photo = _test_photo(tmp_path / "scene.jpg")

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, Chromium() as page:
            origin = f"http://127.0.0.1:{relay.port}"
            await page.grant(origin, "geolocation", "videoCapture", "audioCapture")
            await page.set_geolocation(lat, lng)
            await _log_in(page, origin, shots)
            fix = await _seen(desk, ev.POSITION_REPORTED, "position from the browser", worker=worker)
            await page.click("#duty-btn")
            await _seen(desk, ev.DUTY_SET, "on duty from the page", worker=worker, on=True)
            await _sign_order_and_work_incident(page, desk, worker, lng, lat, shots)
            report = await _report_with_photo(page, desk, worker, photo, shots)
            resume = await _resume_after_a_cut(page, desk, worker)
            return fix, report, relay.writer.state.incidents[report.data["incident"]], resume

    fix, report, stored, (held, subscribes, logins) = run(scenario(), timeout=180)
    assert abs(fix.data["lng"] - lng) < 1e-6 and abs(fix.data["lat"] - lat) < 1e-6
    jpeg = base64.b64decode(report.data["photo"])
    assert jpeg[:3] == b"\xff\xd8\xff" and len(report.data["photo"]) <= 48000
    assert photo.stat().st_size > 4 * len(jpeg)  # shrunk in the browser
    assert report.data["category"] == "400000" and report.data["narrative"] == "小区东门消防通道被车辆堵塞"
    assert stored.photo == report.data["photo"] and stored.reporter_worker == worker
    assert held >= report.seq and subscribes[0]["after"] is None  # first a snapshot …
    assert subscribes[-1]["after"] == held  # … after the cut, only what it missed
    assert "password" in logins[0] and "ticket" not in logins[0]
    assert logins[-1]["ticket"] and "password" not in logins[-1]  # the reconnect used the resume ticket


class FieldSide:
    """The relay and the browser on a thread (and asyncio loop) of their own, as on separate machines."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.thread = MediaEngine("field").start()
        self.page = Chromium()

    def start(self) -> None:
        self.thread.submit(self._start()).result(90)

    async def run(self, coro):
        """Await ``coro`` on the field loop from the console's loop."""
        return await self.thread.run(coro)

    async def _start(self) -> None:
        self.store = Store(self.db_url)
        self.relay = Relay(self.store, "127.0.0.1", 0)
        await self.relay.start()
        await self.page.__aenter__()

    def stop(self) -> None:
        self.thread.submit(self._stop()).result(60)
        self.thread.stop()

    async def _stop(self) -> None:
        await self.page.__aexit__(None, None, None)
        await self.relay.stop()
        self.store.dispose()


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_console_video_calls_the_browser_and_shows_its_camera(seeded_db, qapp, tmp_path, shots):
    db_url, demo = seeded_db
    worker = "W0001"
    lng, lat = _centre(demo, worker)
    field = FieldSide(db_url)
    field.start()
    page = field.page
    engine = MediaEngine().start()

    async def scenario():
        origin = f"http://127.0.0.1:{field.relay.port}"
        await field.run(page.grant(origin, "geolocation", "videoCapture", "audioCapture"))
        await field.run(page.set_geolocation(lat, lng))
        await field.run(_log_in(page, origin, shots))
        session = ConsoleSession(field.relay.url, "d01", DEMO_PASSWORD)
        service = CallService(session, engine, recordings=tmp_path / "recordings")
        seen: list[ev.Event] = []
        session.events_applied.connect(seen.extend)
        session.start()
        await wait_until(lambda: session.state is not None and worker in session.state.positions, timeout=30,
                         what="the browser's position in the console")

        call_id = service.dial([worker], "video")
        frames: list[QImage] = []
        await wait_until(lambda: worker in service.media(call_id), what="call media opened")
        service.media(call_id)[worker].frame.connect(frames.append)
        await field.run(page.wait_for("document.getElementById('call').dataset.phase === 'ringing'",
                                      what="ringing on the page"))
        await field.run(page.screenshot(shots / "web_ringing.png"))
        await field.run(page.click("#accept-btn"))
        await wait_until(lambda: len(frames) >= 30, timeout=40, what="30 frames of the browser's camera shown")
        await field.run(page.wait_for("document.getElementById('call').dataset.phase === 'active'",
                                      what="call active on the page"))
        await field.run(page.screenshot(shots / "web_call.png"))
        await field.run(page.click("#hangup-btn"))  # the worker hangs up
        await wait_until(lambda: session.state.calls[call_id]["status"] == "ended", what="call ended")
        await wait_until(lambda: session.state.calls[call_id]["recordings"], timeout=30, what="call recorded")

        declined = service.dial([worker], "audio")
        await field.run(page.click("#decline-btn"))
        await wait_until(lambda: session.state.calls.get(declined, {}).get("status") == "ended", what="declined")
        await field.run(page.wait_for("document.getElementById('call').hidden", what="call screen closed"))
        await service.async_close()
        await session.async_close()
        return call_id, declined, frames, seen, service.recorded

    loop = qasync.QEventLoop(qapp)
    try:
        call_id, declined, frames, seen, recorded = loop.run_until_complete(asyncio.wait_for(scenario(), 150))
    finally:
        engine.stop()
        field.stop()
        loop.close()

    assert len(frames) >= 30 and all(f.width() > 0 and f.height() > 0 for f in frames)
    events = [e for e in seen if e.data.get("call") == call_id]
    assert [e.type for e in events] == [ev.CALL_RINGING, ev.CALL_ACCEPTED, ev.CALL_ENDED, ev.CALL_RECORDED]
    assert events[1].actor == "w0001" and events[2].data["party"] == worker and events[2].data["reason"] == "hangup"
    (recording,) = recorded
    with av.open(recording.file) as container:  # the browser's camera, recorded by the console
        assert next(container.decode(video=0)).width > 0
    refusal = [e for e in seen if e.data.get("call") == declined]
    assert [e.type for e in refusal] == [ev.CALL_RINGING, ev.CALL_DECLINED]
    assert refusal[1].data["party"] == worker


PHASE = "document.getElementById('call').dataset.phase === '{}'"


async def _worker_calls_the_desk(field: FieldSide, session: ConsoleSession, service: CallService, worker: str,
                                 shots: Path) -> tuple[str, list[QImage], str]:
    """呼叫指挥中心 on the page: the desk rings, the console accepts, shows the phone's camera and hangs up."""
    page = field.page
    await field.run(page.click("#dial-video-btn"))
    await field.run(page.wait_for(PHASE.format("calling"), what="calling the desk on the page"))

    def ringing_call():
        return next((c["id"] for c in session.state.calls.values()
                     if c["caller_party"] == worker and c["status"] == "ringing"), None)

    await wait_until(lambda: ringing_call() is not None, what="the desk rings")
    call_id = ringing_call()
    service.accept(call_id)
    frames: list[QImage] = []
    service.media(call_id)[worker].frame.connect(frames.append)
    await wait_until(lambda: len(frames) >= 30, timeout=40, what="30 frames of the phone's camera at the desk")
    await field.run(page.wait_for(PHASE.format("active"), what="call to the desk active on the page"))
    await field.run(page.screenshot(shots / "web_desk_call.png"))
    service.hangup(call_id)  # the dispatcher ends it: the page shows it ended
    await field.run(page.wait_for("document.getElementById('call').hidden", what="desk call over on the page"))
    toast = await field.run(page.evaluate("document.getElementById('toast').textContent"))
    return call_id, frames, toast


async def _desk_declines(field: FieldSide, session: ConsoleSession, service: CallService, worker: str) -> str:
    """语音呼叫 from the page, declined at the desk: the page says so."""
    await field.run(field.page.click("#dial-audio-btn"))
    await wait_until(lambda: any(c["caller_party"] == worker and c["status"] == "ringing" and c["media"] == "audio"
                                 for c in session.state.calls.values()), what="the desk rings for a voice call")
    service.decline(next(c["id"] for c in session.state.calls.values() if c["status"] == "ringing"))
    await field.run(field.page.wait_for("document.getElementById('call').hidden", what="declined call over"))
    return await field.run(field.page.evaluate("document.getElementById('toast').textContent"))


async def _reload_while_ringing(field: FieldSide, origin: str, service: CallService, worker: str,
                                shots: Path) -> tuple[str, int]:
    """The phone reloads the page while the console's call still rings: the page asks for the offer again."""
    page = field.page
    call_id = service.dial([worker], "audio")
    await field.run(page.wait_for(f"calls.id === '{call_id}' && calls.offer !== null", what="offer on the page"))
    await field.run(_log_in(page, origin, shots))  # the old page, and the offer it held, are gone
    await field.run(page.wait_for(PHASE.format("ringing") + " && calls.offer !== null",
                                  what="ringing again after the reload, with the offer sent again"))
    await field.run(page.click("#accept-btn"))
    await field.run(page.wait_for(PHASE.format("active"), timeout=30, what="call active after the reload"))
    await wait_until(lambda: service.media(call_id)[worker].current_state == "connected", what="console connected")
    asks = sum(1 for f in page.ws_sent if f.get("t") == "signal" and f.get("kind") == "need_offer")
    service.hangup(call_id)
    await field.run(page.wait_for("document.getElementById('call').hidden", what="call screen closed"))
    return call_id, asks


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_browser_calls_the_desk_and_recovers_a_ringing_call_after_a_reload(seeded_db, qapp, tmp_path, shots):
    db_url, demo = seeded_db
    worker = "W0001"
    lng, lat = _centre(demo, worker)
    field = FieldSide(db_url)
    field.start()
    engine = MediaEngine().start()

    async def scenario():
        origin = f"http://127.0.0.1:{field.relay.port}"
        await field.run(field.page.grant(origin, "geolocation", "videoCapture", "audioCapture"))
        await field.run(field.page.set_geolocation(lat, lng))
        await field.run(_log_in(field.page, origin, shots))
        session = ConsoleSession(field.relay.url, "d01", DEMO_PASSWORD)
        service = CallService(session, engine)
        seen: list[ev.Event] = []
        session.events_applied.connect(seen.extend)
        session.start()
        await wait_until(lambda: session.state is not None and worker in session.state.positions, timeout=30,
                         what="the browser's position in the console")
        desk_call = await _worker_calls_the_desk(field, session, service, worker, shots)
        declined = await _desk_declines(field, session, service, worker)
        rung = await _reload_while_ringing(field, origin, service, worker, shots)
        await wait_until(lambda: session.state.calls[rung[0]]["status"] == "ended", what="reloaded call ended")
        await service.async_close()
        await session.async_close()
        return desk_call, declined, rung, seen

    loop = qasync.QEventLoop(qapp)
    try:
        (desk_call, frames, toast), declined, (rung, asks), seen = loop.run_until_complete(
            asyncio.wait_for(scenario(), 150))
    finally:
        engine.stop()
        field.stop()
        loop.close()

    assert len(frames) >= 30 and all(f.width() > 0 and f.height() > 0 for f in frames)
    events = [e for e in seen if e.data.get("call") == desk_call]
    assert [e.type for e in events] == [ev.CALL_RINGING, ev.CALL_ACCEPTED, ev.CALL_ENDED]
    assert events[0].actor == "w0001" and events[0].data["to"] == ["desk"] and events[0].data["media"] == "video"
    assert events[1].data["account"] == "d01" and events[2].data["party"] == "desk"
    assert toast == "通话已结束" and declined == "指挥中心未接听"
    assert asks >= 1  # the reloaded page asked for the offer it had lost
    reloaded = [e.type for e in seen if e.data.get("call") == rung]
    assert reloaded == [ev.CALL_RINGING, ev.CALL_ACCEPTED, ev.CALL_ENDED]


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_page_works_over_https_and_wss(seeded_db, tmp_path):
    """Phones give camera, microphone and position only to secure pages: the relay serves TLS too."""
    db_url, demo = seeded_db
    cert, key = tmp_path / "relay.pem", tmp_path / "relay.key"
    make_self_signed(cert, key, ["127.0.0.1"])
    lng, lat = _centre(demo, "W0001")

    async def scenario():
        async with running_relay(db_url, tls=server_context(cert, key)) as relay, Chromium(
                flags=("--ignore-certificate-errors",)) as page:
            origin = f"https://127.0.0.1:{relay.port}"
            fetched = await asyncio.to_thread(_https_get, relay.port, cert)
            await page.grant(origin, "geolocation")
            await page.set_geolocation(lat, lng)
            await _log_in(page, origin, tmp_path)
            socket_url = await page.evaluate("window.isSecureContext && relay.ws.url")
            await wait_until(lambda: "W0001" in relay.writer.state.positions, what="position over wss")
            return relay.url, fetched, socket_url, relay.writer.state.positions["W0001"]

    url, (status, body), socket_url, fix = run(scenario(), timeout=120)
    assert url.startswith("wss://") and socket_url.startswith("wss://127.0.0.1:")
    assert status == 200 and "移动端登录".encode() in body
    assert abs(fix.lng - lng) < 1e-6 and abs(fix.lat - lat) < 1e-6

