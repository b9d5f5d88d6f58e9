"""Need-to-know through a real relay: a grid worker, a liaison and a field gateway see only their part,
redacted; the source of a report follows the sender's role."""

from __future__ import annotations

import json

from console.domain import events as ev
from console.domain.events import Event
from console.domain.state import State, apply
from console.domain.visibility import LIAISON_ACTIONS, MASK
from console.domain.workers import WorkerKind
from console.net.client import CommandRefused
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until

WORKSTATION = "WS-DESK-7"
CALLER = "13912345678"


def _text(part: dict | list[Event]) -> str:
    """A snapshot or received events as the JSON text to search for what must not be there."""
    return json.dumps(part if isinstance(part, dict) else [e.to_wire() for e in part], ensure_ascii=False)


async def _report(desk: Recorder, address, **extra) -> str:
    ack = await desk.cmd("incident.report", category=extra.pop("category", "200200"), priority=2,
                         address_code=address.code, caller=CALLER, narrative="邻里纠纷", **extra)
    await wait_until(lambda: any(e.seq == ack["seq"] for e in desk.events), what="report seen")
    return next(e for e in desk.events if e.seq == ack["seq"]).data["incident"]


def test_need_to_know_snapshot_and_live_events_of_a_worker_and_a_liaison(seeded_db):
    db_url, demo = seeded_db
    workers = {w.id: w for w in demo.workers}

    async def scenario():
        async with running_relay(db_url) as relay:
            desk = Recorder(relay.url, "d01")
            desk.client.workstation = WORKSTATION
            async with desk, Recorder(relay.url, "w0001") as me, Recorder(relay.url, "l01") as city:
                mine = workers[me.client.account["worker"]]
                other = next(w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER
                             and w.grid_code != mine.grid_code)
                here = next(a for a in demo.district.addresses if a.grid_code == mine.grid_code)
                there = next(a for a in demo.district.addresses if a.grid_code != mine.grid_code)
                first = await _report(desk, here)
                await desk.cmd("incident.accept", incident=first, note="受理")
                await desk.cmd("incident.dispatch", incident=first, worker=mine.id, note="请速到场")
                await me.cmd("incident.sign", incident=first)
                second = await _report(desk, there)
                await desk.cmd("incident.accept", incident=second)
                await desk.cmd("incident.dispatch", incident=second, worker=other.id, note="派他人")
                referred = await _report(desk, there, category="600600")
                await desk.cmd("incident.refer", incident=referred, department="600600", note="属城管职责")
                await city.cmd("referral.sign", incident=referred)
                await wait_until(lambda: city.of_type(ev.REFERRAL_SIGNED) and me.of_type(ev.INCIDENT_SIGNED),
                                 what="live events reached the worker and the liaison")
                async with Recorder(relay.url, "w0001") as me_again, Recorder(relay.url, "l01") as city_again:
                    snaps = (desk.client.last_seq, me_again.snapshots[0], city_again.snapshots[0])
            return mine, first, second, referred, desk, me, city, snaps

    mine, first, _second, referred, desk, me, city, (_, worker_snap, city_snap) = run(scenario())
    assert WORKSTATION in _text(desk.events) and CALLER in _text(desk.events), "the desk sees all of it"

    # the grid worker: its own incident only, its grid's addresses, itself and its community officer
    officers = {w.id for w in demo.workers if w.kind is WorkerKind.OFFICER}
    roster = {row[0] for row in worker_snap["workers"]}
    assert mine.id in roster and roster - {mine.id} <= officers and roster - {mine.id}
    assert set(worker_snap["on_duty"]) <= {mine.id}
    assert [i["id"] for i in worker_snap["incidents"]] == [first]
    assert {a["grid_code"] for a in worker_snap["district"]["addresses"]} == {mine.grid_code}
    assert worker_snap["records"] == [] and worker_snap["zones"] == []
    assert {e.data.get("incident") for e in me.events} == {first}
    others_phones = {w.phone for w in demo.workers if w.id not in roster and w.phone}
    for text in (_text(worker_snap), _text(me.events)):
        assert WORKSTATION not in text and CALLER not in text and '"ws"' not in text
        assert not [p for p in others_phones if p in text]
    entries = worker_snap["incidents"][0]["timeline"]
    assert {row[3] for row in entries} == {MASK, "w0001"} and {row[6] for row in entries} == {""}
    assert {e.actor for e in me.events} <= {MASK, "w0001"}

    # the liaison: its department's referral, without the police's own history or anyone's roster
    assert [i["id"] for i in city_snap["incidents"]] == [referred]
    assert city_snap["workers"] == [] and city_snap["on_duty"] == [] and city_snap["positions"] == []
    inc = city_snap["incidents"][0]
    assert inc["assignments"] == [] and inc["referral"]["by"] == MASK and inc["referral"]["signed_by"] == "l01"
    assert {row[2] for row in inc["timeline"]} <= LIAISON_ACTIONS and "accept" not in {r[2] for r in inc["timeline"]}
    assert {a["code"] for a in city_snap["district"]["addresses"]} == {inc["address_code"]}
    assert {e.data["incident"] for e in city.events} == {referred}
    assert [e.type for e in city.events] == [ev.INCIDENT_REFERRED, ev.REFERRAL_SIGNED]
    for text in (_text(city_snap), _text(city.events)):
        assert WORKSTATION not in text and CALLER not in text and '"ws"' not in text
        assert not [w.phone for w in demo.workers if w.phone and w.phone in text]


def test_need_to_know_snapshot_of_a_gateway_is_its_bound_workers(seeded_db, demo_roster):
    db_url, demo = seeded_db
    _, accounts = demo_roster
    grid_workers = [w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER]
    bound, stranger = grid_workers[:2], grid_workers[2]
    store = Store(db_url)
    store.seed(demo.district, demo.workers, [(*a[:6], {"workers": [w.id for w in bound]}) if a[0] == "fieldsim"
                                             else a for a in accounts])
    store.dispose()
    address = next(a for a in demo.district.addresses if a.grid_code == bound[0].grid_code)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "fieldsim", "fieldsim") as gateway:
            await gateway.cmd("worker.duty", worker=bound[0].id, on=True)
            try:
                await gateway.cmd("worker.duty", worker=stranger.id, on=True)
                refused = None
            except CommandRefused as err:
                refused = err.code
            for worker in (bound[0], stranger):
                incident = await _report(desk, address)
                await desk.cmd("incident.accept", incident=incident)
                await desk.cmd("incident.dispatch", incident=incident, worker=worker.id)
            await gateway.cmd("worker.duty", worker=bound[0].id, on=False)  # after all else: the gateway hears it last
            await wait_until(lambda: len(gateway.of_type(ev.DUTY_SET)) == 2, what="the gateway's last event")
            return refused, gateway.snapshots[0], gateway.events

    refused, snap, events = run(scenario())
    assert refused == "E_FORBIDDEN"
    assert {row[0] for row in snap["workers"]} == {w.id for w in bound}
    assert {e.data.get("worker") for e in events if e.type != ev.WARNING_RAISED} == {bound[0].id}
    for warned in (e for e in events if e.type == ev.WARNING_RAISED):  # a repeat caller at its worker's address
        assert set(warned.data["workers"]) <= {w.id for w in bound}  # without other recipients
    dispatched = next(e for e in events if e.type == ev.INCIDENT_DISPATCHED)
    assert dispatched.data["brief"]["address_code"] == address.code and "caller" not in dispatched.data["brief"]
    state = State.from_snapshot(snap)
    for event in events:
        apply(state, event)  # a gateway first hears of the incident at its dispatch: the brief suffices
    assert state.incidents[dispatched.data["incident"]].assignments.keys() == {bound[0].id}
    assert state.on_duty == set() and [e.data["on"] for e in events if e.type == ev.DUTY_SET] == [True, False]


def test_source_from_role(seeded_db):
    db_url, demo = seeded_db
    address = demo.district.addresses[0]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "l01") as city, Recorder(relay.url, "w0001") as worker:
            report = {"category": "100000", "address_code": address.code, "narrative": "声称被盗", "source": "110"}
            acks = [await city.cmd("incident.report", **report), await worker.cmd("incident.report", **report),
                    await desk.cmd("incident.report", **{**report, "source": "video"})]
            await wait_until(lambda: len(desk.of_type(ev.INCIDENT_REPORTED)) == 3, what="three reports")
            return [next(e for e in desk.events if e.seq == a["seq"]).data["source"] for a in acks]

    assert run(scenario()) == ["12345", "grid", "video"]
