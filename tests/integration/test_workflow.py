"""Issue 4 end to end through a real relay: every branch is a command from a real client, every
refusal is structured and writes nothing, and the relay's own rules (automatic 督办) are events."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.state import HOUR_MS
from console.net.client import CommandRefused
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until

T0 = 1_795_000_000.0  # 2026-11-18 06:26 UTC, a Wednesday


def head(db_url: str) -> int:
    store = Store(db_url)
    try:
        return store.head()
    finally:
        store.dispose()


def address_in_officers_grid(demo, officer_id: str):
    """A standard address in a grid of the police grid of ``officer_id``."""
    grids = {g for g, officer in demo.officer_of_grid.items() if officer == officer_id}
    return next(a for a in demo.district.addresses if a.grid_code in grids)


async def refused(recorder: Recorder, op: str, **args) -> dict:
    """The structured error of a command that must be refused."""
    with pytest.raises(CommandRefused) as info:
        await recorder.cmd(op, **args)
    return info.value.error


def test_intake_dispatch_feedback_verification_close_with_the_audit_trail(seeded_db):
    db_url, demo = seeded_db
    address = demo.district.addresses[5]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker:
            wid = worker.client.account["worker"]
            await desk.cmd("incident.report", category="200200", priority=2, address_code=address.code,
                           caller="13912345678", narrative="邻里噪音纠纷")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED))
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            for op, extra in (("incident.accept", {}), ("incident.dispatch", {"worker": wid})):
                await desk.cmd(op, incident=incident, **extra)
            for op in ("incident.sign", "incident.arrive", "incident.feedback"):
                await worker.cmd(op, incident=incident, note="已调解")
            await desk.cmd("incident.verify", incident=incident, note="电话核实")
            await desk.cmd("incident.callback", incident=incident, satisfaction=1)
            await desk.cmd("incident.close", incident=incident, outcome="handled", note="办结")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_CLOSED), what="close event")
            return incident, wid, desk.client.workstation

    incident, wid, workstation = run(scenario())
    state = Store(db_url).load_state()
    inc = state.incidents[incident]
    assert inc.status.value == "closed" and inc.address_code == address.code and inc.grid_code == address.grid_code
    assert (inc.lng, inc.lat) == (address.lng, address.lat), "the standard address gives the point"
    assert [t.action for t in inc.timeline] == ["report", "accept", "dispatch", "sign", "arrive", "feedback",
                                                "verify", "callback", "close"]
    by_action = {t.action: t for t in inc.timeline}
    assert by_action["verify"].note == "电话核实" and by_action["verify"].workstation == workstation[:64]
    assert by_action["sign"].actor == "w0001" and inc.assignments[wid].done_at > 0
    assert inc.callbacks[0].satisfaction == 1


def test_referral_department_feedback_and_callback(seeded_db):
    db_url, demo = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "l01") as liaison:
            lng, lat = demo.district.addresses[0].lng, demo.district.addresses[0].lat
            await desk.cmd("incident.report", category="600600", lng=lng, lat=lat, narrative="占道经营")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED))
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.refer", incident=incident, department="600600", note="属城管职责")
            await wait_until(lambda: liaison.of_type(ev.INCIDENT_REFERRED), what="liaison hears of it")
            assert not liaison.of_type(ev.INCIDENT_REPORTED), "a liaison sees only referrals to its department"
            await liaison.cmd("referral.sign", incident=incident)
            await liaison.cmd("referral.feedback", incident=incident, note="已劝离", unit="平江城管中队")
            await desk.cmd("incident.callback", incident=incident, satisfaction=2, note="基本满意")
            await desk.cmd("incident.verify", incident=incident)
            await desk.cmd("incident.close", incident=incident, outcome="handled", note="已处置")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_CLOSED))
            return incident, liaison.snapshots

    incident, snapshots = run(scenario())
    inc = Store(db_url).load_state().incidents[incident]
    assert inc.referral.status.value == "done" and inc.referral.unit == "平江城管中队"
    assert inc.referral.order_id.startswith("ZB") and inc.referral.signed_by == "l01"
    assert inc.callbacks[0].satisfaction == 2 and inc.status.value == "closed"
    assert snapshots and snapshots[0]["positions"] == [], "a liaison's snapshot carries no positions"


def test_submission_review_and_the_record_it_becomes(seeded_db):
    db_url, demo = seeded_db
    address = address_in_officers_grid(demo, "P001")
    person = {"id_number": "320508199001011232", "name": "王小明", "sex": "1", "ethnicity": "01",
              "address_code": address.code}

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "m01") as officer, \
                Recorder(relay.url, "w0001") as worker:
            bad = await refused(worker, "submission.submit", kind="person", fields={**person, "id_number": "1" * 18})
            first = await worker.cmd("submission.submit", kind="person", fields=person, note="新登记")
            assert first["seq"] > 0
            await wait_until(lambda: officer.of_type(ev.SUBMISSION_SUBMITTED))
            sub = officer.of_type(ev.SUBMISSION_SUBMITTED)[0].data["submission"]
            empty = await refused(officer, "submission.return", submission=sub, note=" ")
            await officer.cmd("submission.accept", submission=sub, note="信息属实")
            await worker.cmd("submission.submit", kind="person", fields={**person, "floating": True})
            await wait_until(lambda: len(officer.of_type(ev.SUBMISSION_SUBMITTED)) == 2)
            second = officer.of_type(ev.SUBMISSION_SUBMITTED)[1].data["submission"]
            await officer.cmd("submission.accept", submission=second)
            await wait_until(lambda: len(worker.of_type(ev.SUBMISSION_ACCEPTED)) == 2, what="worker told")
            return bad, empty, sub, second

    bad, empty, sub, second = run(scenario())
    assert bad["code"] == "E_FIELD" and "校验位" in bad["zh"]
    assert empty["code"] == "E_FIELD"
    state = Store(db_url).load_state()
    record = state.records[state.records_by_key["person:320508199001011232"]]
    assert [(v.submission_id, v.status.value) for v in record.versions] == [(sub, "invalid"), (second, "effective")]
    assert record.current().fields["floating"] is True
    assert state.submissions[sub].reviewer == "m01" and state.submissions[sub].status.value == "accepted"
    assert "person:320508199001011232" in state.verifications, "accepting a person record counts as a check"


def test_order_to_a_worker_and_the_duplicate_verification_warning(seeded_db):
    db_url, demo = seeded_db
    address = demo.district.addresses[3]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker:
            wid = worker.client.account["worker"]
            await desk.cmd("order.issue", worker=wid, kind="verify_house", target=address.code, due_hours=24,
                           note="核查群租")
            await wait_until(lambda: worker.of_type(ev.ORDER_ISSUED), what="worker receives the order")
            order = worker.of_type(ev.ORDER_ISSUED)[0].data["order"]
            await worker.cmd("order.sign", order=order)
            await worker.cmd("order.feedback", order=order, note="实住8人，属群租", confirmed=True)
            before = head(db_url)
            again = await refused(desk, "order.issue", worker=wid, kind="verify_house", target=address.code,
                                  due_hours=24)
            unchanged = head(db_url) == before
            await desk.cmd("order.issue", worker=wid, kind="verify_house", target=address.code, due_hours=24,
                           force=True, note="复核")
            return order, again, unchanged

    order, again, unchanged = run(scenario())
    assert again["code"] == "E_RECENTLY_VERIFIED" and unchanged
    assert again["earlier"]["ref"] == order and again["earlier"]["result"] == "实住8人，属群租"
    state = Store(db_url).load_state()
    assert state.orders[order].status.value == "done" and state.orders[order].confirmed is True
    assert len(state.orders) == 2


def test_two_desks_at_once_the_second_gets_a_conflict_and_nothing_is_lost(seeded_db):
    db_url, demo = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d1, \
                Recorder(relay.url, "d02") as d2:
            a = demo.district.addresses[1]
            await d1.cmd("incident.report", category="200100", lng=a.lng, lat=a.lat, narrative="斗殴")
            await wait_until(lambda: d2.of_type(ev.INCIDENT_REPORTED))
            report = d2.of_type(ev.INCIDENT_REPORTED)[0]
            seen_version = report.seq
            first = await d1.cmd("incident.accept", incident=report.data["incident"], version=seen_version)
            conflict = await refused(d2, "incident.void", incident=report.data["incident"], version=seen_version,
                                     note="重复")
            return report.data["incident"], first, conflict

    incident, first, conflict = run(scenario())
    assert conflict["code"] == "E_CONFLICT"
    assert conflict["incident"]["status"] == "accepted" and conflict["incident"]["version"] == first["seq"]
    inc = Store(db_url).load_state().incidents[incident]
    assert inc.status.value == "accepted" and [t.action for t in inc.timeline] == ["report", "accept"]


@pytest.mark.parametrize(("user", "op", "args", "code"), [
    ("l01", "referral.sign", {"incident": "JQ_MISSING"}, "E_NOT_FOUND"),
    ("c01", "incident.dispatch", {"incident": "X", "worker": "W0001"}, "E_FORBIDDEN"),
    ("w0001", "submission.accept", {"submission": "X"}, "E_FORBIDDEN"),
    ("d01", "incident.refer", {"incident": "X", "department": "600600", "note": "x"}, "E_NOT_FOUND"),
    ("d01", "zone.set", {"name": "学校周边", "polygon": [[120.6, 31.3], [120.6, 31.3]]}, "E_FIELD"),
    ("m01", "order.issue", {"worker": "W0001", "kind": "verify_person", "target": "123", "due_hours": 2}, "E_FIELD"),
])
def test_refusals_are_structured_and_write_nothing(seeded_db, user, op, args, code):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, user) as client:
            before = head(db_url)
            error = await refused(client, op, **args)
            return error, head(db_url) == before

    error, unchanged = run(scenario())
    assert error["code"] == code and error["zh"] and error["en"]
    assert unchanged


def test_relay_raises_automatic_supervision_when_a_time_limit_breaks(seeded_db):
    db_url, demo = seeded_db
    clock = [T0]

    async def scenario():
        async with running_relay(db_url, clock=lambda: clock[0]) as relay, Recorder(relay.url, "d01") as desk:
            a = demo.district.addresses[2]
            await desk.cmd("incident.report", category="200100", priority=1, lng=a.lng, lat=a.lat, narrative="斗殴")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED))
            clock[0] += 2 * HOUR_MS / 1000  # nobody accepted it for two hours
            await wait_until(lambda: desk.of_type(ev.INCIDENT_SUPERVISED), timeout=10, what="automatic 督办")
            return desk.of_type(ev.INCIDENT_SUPERVISED)[0]

    event = run(scenario())
    assert event.actor == "system" and event.data["level"] == "red" and event.data["auto"] == "accept:red"
    inc = next(iter(Store(db_url).load_state().incidents.values()))
    assert inc.supervision.label == "红牌督办" and inc.auto_supervised == ["accept:red"]


def test_watched_zone_alert_is_an_event_and_survives_a_restart(seeded_db):
    db_url, demo = seeded_db
    grid = demo.district.grids[0]
    xs, ys = [p[0] for p in grid.polygon], [p[1] for p in grid.polygon]
    box = [[min(xs), min(ys)], [max(xs), min(ys)], [max(xs), max(ys)], [min(xs), max(ys)]]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk:
            await desk.cmd("zone.set", name="学校周边", polygon=box)
            await wait_until(lambda: desk.of_type(ev.ZONE_SET))
            cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
            await desk.cmd("incident.report", category="200100", lng=cx, lat=cy, narrative="校门口斗殴")
            await wait_until(lambda: desk.of_type(ev.GEOFENCE_ALERT), what="zone alert")
            return desk.of_type(ev.ZONE_SET)[0].data["zone"], desk.of_type(ev.GEOFENCE_ALERT)[0]

    zone, alert = run(scenario())
    assert alert.data["kind"] == "zone_incident" and alert.data["zone"] == zone and alert.actor == "system"
    assert Store(db_url).load_state().zones[zone]["name"] == "学校周边"
