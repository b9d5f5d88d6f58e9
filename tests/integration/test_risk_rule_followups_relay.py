"""Risk rule follow-ups on a real relay (SQLite, migrations, sockets, the writer's own clock ticking): a report
naming a key person raises 触圈预警 whose key persons reach the station's officer and chief only; past its time
limit the warning gets one automatic 黄牌督办 that the grid worker's phone page (headless Chromium) shows; a
dispute grade steps down after its quiet days, and the stored log replayed shows it at the same moment."""

from __future__ import annotations

import json

import pytest

from console.domain import events as ev
from console.relay.auth_guard import AuthPolicy
from console.replay.engine import Replay
from console.store.store import Store
from tests.integration.chromium import Chromium
from tests.integration.harness import Recorder, run, running_relay, wait_until
from tests.integration.test_dept_page import LIVE, _log_in, _seen, needs_chromium
from tests.integration.test_risk_relay import ID_NUMBER, NAME, T0, _address_of

HOUR = 3_600_000
DAY = 24 * HOUR
LONG_LOGIN = AuthPolicy(session_max_s=7 * 24 * 3600.0)  # the phone stays logged in while the clock jumps a day


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_risk_rule_named_key_person_hidden_from_the_desk_and_supervised_once_when_overdue(seeded_db):
    db_url, demo = seeded_db
    address = _address_of(demo, "W0001")
    home = next(a for a in demo.district.addresses if a.code != address.code and a.station_code == address.station_code)
    now = [T0]

    async def scenario():
        async with running_relay(db_url, clock=lambda: now[0] / 1000) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker, Recorder(relay.url, "m01") as officer:
            await officer.cmd("keyperson.add", name=NAME, id_number=ID_NUMBER, address_code=home.code)
            await desk.cmd("incident.report", category="200200", address_code=address.code,
                           narrative=f"报警人称{NAME}在楼道闹事")
            raised = await _seen(desk, ev.WARNING_RAISED, "触圈预警 at the desk", rule="key_person")
            await wait_until(lambda: officer.of_type(ev.WARNING_RAISED), what="at the officer")
            async with Recorder(relay.url, "c01") as chief, Recorder(relay.url, "d02") as fresh:
                now[0] = raised.data["due_at"] + 1  # past the limit: the writer's next tick supervises it
                supervised = await _seen(desk, ev.WARNING_SUPERVISED, "automatic 督办", auto="due:yellow")
                await wait_until(lambda: worker.of_type(ev.WARNING_SUPERVISED), what="督办 at the worker")
                return raised, supervised, desk, worker, officer, chief, fresh

    raised, supervised, desk, worker, officer, chief, fresh = run(scenario(), 60)
    person = officer.of_type(ev.KEY_PERSON_ADDED)[0].data["key_person"]
    for who in (desk, worker, fresh):
        seen = json.dumps([e.to_wire() for e in who.events] + who.snapshots, ensure_ascii=False)
        assert person not in seen and NAME not in seen.replace(f"报警人称{NAME}", "") and ID_NUMBER not in seen
    assert raised.data["key_persons"] == [] and raised.data["title"] == "报警内容提及本所重点人员（按姓名比对）"
    assert officer.of_type(ev.WARNING_RAISED)[0].data["key_persons"] == [person]
    (row,) = [w for w in chief.snapshots[0]["warnings"] if w["id"] == raised.data["warning"]]
    assert row["key_persons"] == [person]
    assert supervised.actor == "system" and supervised.data["level"] == "yellow"
    assert len(desk.of_type(ev.WARNING_SUPERVISED)) == 1
    store = Store(db_url)
    try:
        stored = store.load_state().warnings[raised.data["warning"]]
    finally:
        store.dispose()
    assert (stored.supervision, stored.auto_supervised) == (2, ["due:yellow"])


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_risk_rule_grade_steps_down_on_the_relay_and_replay_shows_it_then(seeded_db):
    db_url, demo = seeded_db
    address = _address_of(demo, "W0001")
    now = [T0]

    async def scenario():
        async with running_relay(db_url, clock=lambda: now[0] / 1000) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker:
            await worker.cmd("submission.submit", kind="dispute", fields={
                "type": "婚姻家庭邻里", "parties": "张甲、李乙", "description": "噪音纠纷",
                "address_code": address.code})
            record = (await _seen(desk, ev.SUBMISSION_SUBMITTED, "the dispute record", kind="dispute")).data["record"]
            for k in (1, 2):
                now[0] = T0 + k * HOUR
                await desk.cmd("incident.report", category="200200", address_code=address.code, narrative="又吵了")
            await _seen(desk, ev.DISPUTE_GRADED, "graded orange", record=record, grade="orange")
            now[0] = T0 + 2 * HOUR + 30 * DAY  # quiet for 30 days: 橙 → 黄 at the next tick
            stepped = await _seen(desk, ev.DISPUTE_GRADED, "stepped down", record=record, grade="yellow",
                                  quiet_since=T0 + 2 * HOUR)
            return record, stepped

    record, stepped = run(scenario(), 60)
    assert stepped.actor == "system" and stepped.at >= T0 + 2 * HOUR + 30 * DAY
    store = Store(db_url)
    try:
        replay = Replay(store, T0 - 1, stepped.at + 1)
        before, after = replay.state_at(stepped.at - 1), replay.state_at(stepped.at)
        stored = store.load_state()
    finally:
        store.dispose()
    assert before.records[record].grade == "orange" and after.records[record].grade == "yellow"
    assert stored.records[record].grade == "yellow"
    assert stored.records[record].grade_since == T0 + 2 * HOUR + 30 * DAY


@needs_chromium
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_risk_rule_overdue_warning_shows_its_supervision_on_the_phone(seeded_db, shots):
    db_url, demo = seeded_db
    address = _address_of(demo, "W0001")
    now = [T0]

    async def scenario():
        async with running_relay(db_url, clock=lambda: now[0] / 1000, auth=LONG_LOGIN) as relay, \
                Recorder(relay.url, "d01") as desk, Chromium(360, 800) as page:
            await _log_in(page, f"http://127.0.0.1:{relay.port}", "/field/", "w0001", LIVE)
            for text in ("楼上吵闹", "又吵起来了"):
                await desk.cmd("incident.report", category="200200", address_code=address.code,
                               caller="13700001234", narrative=text)
            raised = await _seen(desk, ev.WARNING_RAISED, "warning raised", rule="repeat_call")
            warning = raised.data["warning"]
            await page.wait_for(f"!!document.querySelector('#warning-{warning}')", what="warning shown")
            now[0] = raised.data["due_at"] + 1
            await _seen(desk, ev.WARNING_SUPERVISED, "automatic 督办", warning=warning)
            badge = f"#warning-{warning} .warning-supervised"
            await page.wait_for(f"!!document.querySelector('{badge}')", what="督办 on the phone")
            await page.screenshot(shots / "field_warning_supervised_360.png")
            return await page.evaluate(f"document.querySelector('{badge}').textContent")

    assert run(scenario(), 120) == "黄牌督办"
