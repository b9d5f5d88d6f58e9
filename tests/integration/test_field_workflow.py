"""The simulated district does its field work through the real relay: orders, returns and extensions,
submissions for review, and the 12345 liaison signing, answering and returning referrals.

Every test drives the simulators with an injected clock, five simulated seconds a step, and waits
after each step until the relay has acknowledged every command and the watchers hold every event.
"""

from __future__ import annotations

from itertools import takewhile

from console.domain import events as ev
from console.domain.geo import distance_m
from console.domain.incidents import categories
from console.domain.records import credit_code_problem, id_number_problem
from console.field.liaison import LiaisonBot
from console.field.simulator import FieldSimulator
from console.field.work import WorkRates
from console.net.client import RelayClient
from tests.integration.harness import Recorder, run, running_relay, wait_until

STEP_S = 5.0


async def _advance(relay, clock: list[float], tickers, clients, desk: Recorder, until, steps: int = 2000) -> None:
    """Step the clock until ``until()`` holds, letting the relay, the desk (which hears everything) and the
    simulators' own clients catch up after each step."""
    for _ in range(steps):
        clock[0] += STEP_S
        for ticker in tickers:
            ticker.tick(clock[0])
        await wait_until(lambda: all(c.pending_count == 0 for c in clients), what="relay acknowledged the step")
        await wait_until(lambda head=relay.writer.state.seq: (desk.client.last_seq or 0) >= head
                         and all(_current(relay, desk, c) for c in clients), what="watchers caught up")
        if until():
            return
    raise AssertionError(f"not reached in {steps} steps")


def _current(relay, desk: Recorder, client: RelayClient) -> bool:
    """Whether ``client`` holds every event the desk holds that its need-to-know view lets it see."""
    view = next((v for v in relay.fanout.views.values() if v.account == client.user), None)
    if view is None:
        return False  # not (yet) subscribed
    newer = takewhile(lambda e: e.seq > (client.last_seq or 0), reversed(desk.events))
    return not any(view.sees(e) for e in newer)


def _simulator(relay, demo, clock, **kwargs) -> tuple[FieldSimulator, RelayClient]:
    client = RelayClient(relay.url, "fieldsim", "fieldsim")
    options = {"report_interval_s": 1e9, "submission_interval_s": 1e9, **kwargs}
    sim = FieldSimulator(client, demo, seed=3, interval_s=STEP_S, clock=lambda: clock[0], **options)
    client.start()
    return sim, client


async def _report_and_dispatch(desk: Recorder, worker_id: str, lng: float, lat: float) -> str:
    ack = await desk.cmd("incident.report", category="200200", priority=2, lng=lng, lat=lat, narrative="邻里纠纷")
    await wait_until(lambda: any(e.seq == ack["seq"] for e in desk.events), what="report seen")
    incident = next(e for e in desk.events if e.seq == ack["seq"]).data["incident"]
    await desk.cmd("incident.accept", incident=incident)
    await desk.cmd("incident.dispatch", incident=incident, worker=worker_id)
    return incident


def _far_corner(demo, worker) -> tuple[float, float]:
    grid = next(g for g in demo.district.grids if g.code != worker.grid_code)
    return grid.polygon[0]


def test_order_is_signed_worked_on_site_and_answered_and_a_long_job_asks_for_time(seeded_db):
    db_url, demo = seeded_db
    clock = [0.0]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk:
            sim, client = _simulator(relay, demo, clock, rates=WorkRates(incident_return=0, extension=1,
                                                                         order_return=0))
            await sim.start()
            checker, rider = list(sim.workers.values())[:2]
            house = max((a for a in demo.district.addresses if a.grid_code == checker.worker.grid_code),
                        key=lambda a: distance_m((a.lng, a.lat), checker.walker.position))
            order_ack = await desk.cmd("order.issue", worker=checker.worker.id, kind="verify_house", target=house.code,
                                       due_hours=4, note="核查出租情况")
            incident = await _report_and_dispatch(desk, rider.worker.id, *_far_corner(demo, rider.worker))

            def answered() -> bool:
                return bool(desk.of_type(ev.ORDER_DONE) and desk.of_type(ev.INCIDENT_FEEDBACK))

            await _advance(relay, clock, [sim], [client], desk, answered)
            await client.close()
            return desk, order_ack, incident, house, checker.worker.id, sim.refused

    desk, order_ack, incident, house, checker_id, refused = run(scenario(), timeout=180)
    order = next(e for e in desk.events if e.seq == order_ack["seq"]).data["order"]
    steps = [e for e in desk.events if e.data.get("order") == order]
    assert [e.type for e in steps] == [ev.ORDER_ISSUED, ev.ORDER_SIGNED, ev.ORDER_DONE]
    assert {e.actor for e in steps[1:]} == {"fieldsim"}
    done = steps[-1].data
    assert done["note"].strip() and isinstance(done["confirmed"], bool)
    fixes = [e for e in desk.of_type(ev.POSITION_REPORTED) if e.data["worker"] == checker_id and e.seq < steps[-1].seq]
    assert distance_m((fixes[-1].data["lng"], fixes[-1].data["lat"]), (house.lng, house.lat)) < 30, "checked on site"

    mine = [e for e in desk.events if e.data.get("incident") == incident]
    assert [e.type for e in mine] == [ev.INCIDENT_REPORTED, ev.INCIDENT_ACCEPTED, ev.INCIDENT_DISPATCHED,
                                      ev.INCIDENT_SIGNED, ev.INCIDENT_ARRIVED, ev.EXTENSION_REQUESTED,
                                      ev.INCIDENT_FEEDBACK]
    extension = mine[5].data
    assert extension["hours"] in (24, 48, 72) and extension["note"].strip()
    assert refused == 0


def test_workers_send_back_orders_and_incidents_with_a_reason(seeded_db):
    db_url, demo = seeded_db
    clock = [0.0]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk:
            sim, client = _simulator(relay, demo, clock, rates=WorkRates(incident_return=1, order_return=1))
            await sim.start()
            visitor, rider = list(sim.workers.values())[:2]
            visit_to = next(a for a in demo.district.addresses if a.grid_code == visitor.worker.grid_code)
            await desk.cmd("order.issue", worker=visitor.worker.id, kind="visit", target=visit_to.code, due_hours=8)
            incident = await _report_and_dispatch(desk, rider.worker.id, *_far_corner(demo, rider.worker))

            def returned() -> bool:
                return bool(desk.of_type(ev.ORDER_RETURNED) and desk.of_type(ev.INCIDENT_RETURNED))

            await _advance(relay, clock, [sim], [client], desk, returned)
            free = visitor.free and rider.free
            status = sim.state.incidents[incident].status.value
            await client.close()
            return desk, free, status, sim.refused

    desk, free, status, refused = run(scenario(), timeout=180)
    order_steps = [e.type for e in desk.events if e.type in ev.ORDER_EVENTS]
    assert order_steps == [ev.ORDER_ISSUED, ev.ORDER_SIGNED, ev.ORDER_RETURNED], "signed, went, then sent it back"
    assert desk.of_type(ev.ORDER_RETURNED)[0].data["note"].strip()
    assert not desk.of_type(ev.INCIDENT_SIGNED), "an incident outside the worker's remit goes back unsigned"
    assert desk.of_type(ev.INCIDENT_RETURNED)[0].data["note"].strip()
    assert status == "returned" and free
    assert refused == 0


def test_submissions_reach_the_community_officer_for_review(seeded_db):
    db_url, demo = seeded_db
    clock = [0.0]
    officer_grids = set(demo.district.police_grids[0].grid_codes)  # m01 is P001, officer of the first 警格

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "m01") as officer:
            sim, client = _simulator(relay, demo, clock, submission_interval_s=10.0)
            await sim.start()

            def reviewable() -> bool:
                subs = officer.of_type(ev.SUBMISSION_SUBMITTED)
                return len(subs) >= 8 and any(e.data["grid"] in officer_grids for e in subs)

            await _advance(relay, clock, [sim], [client], officer, reviewable)
            mine = next(e for e in officer.of_type(ev.SUBMISSION_SUBMITTED) if e.data["grid"] in officer_grids)
            pending = sim.state.submissions[mine.data["submission"]].status.value
            await officer.cmd("submission.accept", submission=mine.data["submission"], note="信息准确")
            await wait_until(lambda: officer.of_type(ev.SUBMISSION_ACCEPTED), what="accepted")
            await client.close()
            return officer, pending, sim.refused

    officer, pending, refused = run(scenario(), timeout=180)
    subs = officer.of_type(ev.SUBMISSION_SUBMITTED)
    assert pending == "pending"
    assert {e.actor for e in subs} == {"fieldsim"}
    for e in subs:
        fields = e.data["fields"]
        if e.data["kind"] == "person":
            assert id_number_problem(fields["id_number"]) is None
            assert e.data["key"] == f"person:{fields['id_number']}"
        elif e.data["kind"] == "unit":
            assert credit_code_problem(fields["credit_code"]) is None
    assert len({e.data["kind"] for e in subs}) >= 3
    assert refused == 0


def test_liaison_signs_answers_and_returns_referrals_and_transfers_12345_calls(seeded_db):
    db_url, demo = seeded_db
    clock = [0.0]
    addresses = demo.district.addresses

    async def refer(desk: Recorder, bot: LiaisonBot, category: str, addr) -> tuple[str, float]:
        ack = await desk.cmd("incident.report", category=category, priority=3, address_code=addr.code,
                             narrative="占道经营" if category == "600600" else "自来水管破裂", caller="13800000000")
        await wait_until(lambda: any(e.seq == ack["seq"] for e in desk.events), what="report seen")
        incident = next(e for e in desk.events if e.seq == ack["seq"]).data["incident"]
        await desk.cmd("incident.refer", incident=incident, department=category, note="非警务警情，一键转办")
        await wait_until(lambda: incident in bot.jobs, what="the liaison heard of the referral")
        return incident, clock[0]

    def seen(recorder: Recorder, event_type: str, incident: str) -> list:
        return [e for e in recorder.of_type(event_type) if e.data.get("incident") == incident]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "l01") as city:
            client = RelayClient(relay.url, "hotline12345", "jingwang")
            bot = LiaisonBot(client, demo.district, seed=3, transfer_interval_s=60.0, return_rate=0.0,
                             clock=lambda: clock[0])
            client.start()
            await client.wait_live()
            answered, referred_at = await refer(desk, bot, "600600", addresses[0])
            times = {}

            def note_times() -> bool:
                for key, event_type in (("signed", ev.REFERRAL_SIGNED), ("answered", ev.REFERRAL_FEEDBACK)):
                    if key not in times and seen(desk, event_type, answered):
                        times[key] = clock[0] - referred_at
                return len(times) == 2

            await _advance(relay, clock, [bot], [client], desk, note_times)
            await desk.cmd("incident.callback", incident=answered, satisfaction=2)

            bot.return_rate = 1.0
            returned, _ = await refer(desk, bot, "601300", addresses[1])
            await _advance(relay, clock, [bot], [client], desk,
                           lambda: bool(seen(desk, ev.REFERRAL_RETURNED, returned)))
            await wait_until(lambda: seen(city, ev.REFERRAL_FEEDBACK, answered), what="the 600600 liaison heard")
            await client.close()
            return desk, city, answered, returned, times, bot.refused

    desk, city, answered, returned, times, refused = run(scenario(), timeout=180)
    assert 10 <= times["signed"] <= 60 + STEP_S
    assert times["signed"] + 60 <= times["answered"] <= times["signed"] + 600 + STEP_S
    signed = seen(desk, ev.REFERRAL_SIGNED, answered)[0]
    feedback = seen(desk, ev.REFERRAL_FEEDBACK, answered)[0]
    assert signed.actor == feedback.actor == "hotline12345"
    assert feedback.data["note"].strip() and feedback.data["unit"].strip()
    assert seen(desk, ev.INCIDENT_CALLBACK, answered)
    back = seen(desk, ev.REFERRAL_RETURNED, returned)[0]
    assert back.actor == "hotline12345" and back.data["note"].strip()
    assert [e.type for e in city.events if e.data.get("incident") == answered] == [
        ev.INCIDENT_REFERRED, ev.REFERRAL_SIGNED, ev.REFERRAL_FEEDBACK, ev.INCIDENT_CALLBACK]
    assert not [e for e in city.events if e.data.get("incident") == returned], "601300 is not the city's department"

    transfers = [e for e in desk.of_type(ev.INCIDENT_REPORTED) if e.actor == "hotline12345"]
    assert len(transfers) >= 5
    for e in transfers:
        assert e.data["source"] == "12345" and e.data["reporter_worker"] is None
        assert e.data["category"] in categories() and e.data["category"][:2] in ("50", "60", "95")
        assert e.data["address_code"] and e.data["grid"] and e.data["narrative"].strip()
    assert refused == 0
