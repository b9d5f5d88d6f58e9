"""The risk rules on a real relay (SQLite, migrations, sockets): warnings are events the relay commits after the
event that fired them, so a console resuming, a fresh snapshot and the replay of the stored log show the same
warnings at the same seqs as the live stream; the key-person registry never reaches a dispatcher's or a grid
worker's connection, only the station's officers and chiefs."""

from __future__ import annotations

import json

import pytest

from console.domain import events as ev
from console.domain.state import State, apply
from console.replay.engine import Replay
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until

T0 = 1_766_000_000_000
DAY = 24 * 3_600_000
NAME, ID_NUMBER = "钱某某", "320508198802023456"


def _address_of(demo, worker_id: str):
    grid = next(w.grid_code for w in demo.workers if w.id == worker_id)
    return next(a for a in demo.district.addresses if a.grid_code == grid)


def _fold(recorder: Recorder) -> State:
    state = State.from_snapshot(recorder.snapshots[0])
    for e in recorder.events:
        apply(state, e)
    return state


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_risk_rule_replay_shows_the_warnings_at_the_seqs_they_fired(seeded_db):
    db_url, demo = seeded_db
    address = _address_of(demo, "W0001")
    now = [T0]

    async def scenario():
        async with running_relay(db_url, clock=lambda: now[0] / 1000) as relay, Recorder(relay.url, "d01") as desk:
            reports = []
            for day in range(3):
                now[0] = T0 + day * DAY
                ack = await desk.cmd("incident.report", category="200200", address_code=address.code,
                                     narrative=f"邻里纠纷第{day + 1}次")
                reports.append(ack["seq"])
            await wait_until(lambda: desk.of_type(ev.WARNING_RAISED), what="warning live")
            async with Recorder(relay.url, "d02", last_seq=reports[0]) as resumed, \
                    Recorder(relay.url, "c01") as fresh:
                await wait_until(lambda: resumed.of_type(ev.WARNING_RAISED), what="warning on resume")
                return reports, list(desk.events), desk.snapshots[0], list(resumed.events), fresh.snapshots[0]

    reports, live, snapshot, resumed, fresh = run(scenario(), 60)
    warnings = [e for e in live if e.type == ev.WARNING_RAISED]
    raised = warnings[0]  # 矛盾升级 first, then 高发地址 (治安 three times in a week)
    assert [e.data["rule"] for e in warnings] == ["dispute_escalation", "hot_address"]
    assert raised.seq == reports[2] + 1 and raised.actor == "system"  # right after the third dispute
    assert len(raised.data["evidence"]) == 3
    assert [(e.seq, e.data) for e in resumed if e.type == ev.WARNING_RAISED] == [(e.seq, e.data) for e in warnings]
    live_state = State.from_snapshot(snapshot)
    for e in live:
        apply(live_state, e)
    warning = live_state.warnings[raised.data["warning"]]
    assert State.from_snapshot(fresh).warnings[warning.id].to_dict() == warning.to_dict()
    store = Store(db_url)
    try:
        replay = Replay(store, T0 - 1, T0 + 3 * DAY)
        before = replay.state_at(T0 + 2 * DAY - 1)
        after = replay.state_at(T0 + 2 * DAY)
        stored = store.load_state()
    finally:
        store.dispose()
    assert not before.warnings and after.warnings[warning.id].to_dict() == warning.to_dict()
    assert stored.warnings[warning.id].to_dict() == warning.to_dict()  # the projection agrees too


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_key_person_identity_never_reaches_a_dispatcher_or_grid_worker(seeded_db):
    db_url, demo = seeded_db
    address = _address_of(demo, "W0001")

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker, Recorder(relay.url, "m01") as officer:
            await officer.cmd("keyperson.add", name=NAME, id_number=ID_NUMBER, kind="社区矫正",
                              address_code=address.code)
            await wait_until(lambda: officer.of_type(ev.KEY_PERSON_ADDED), what="key person at the officer")
            await desk.cmd("incident.report", category="500200", address_code=address.code, narrative="求助")
            await wait_until(lambda: desk.of_type(ev.WARNING_RAISED) and worker.of_type(ev.WARNING_RAISED),
                             what="warning at the desk and the worker")
            async with Recorder(relay.url, "d02") as late, Recorder(relay.url, "d02", last_seq=0) as resumed, \
                    Recorder(relay.url, "c01") as chief:
                await wait_until(lambda: resumed.of_type(ev.WARNING_RAISED), what="resumed history")
                return desk, worker, officer, late, resumed, chief

    desk, worker, officer, late, resumed, chief = run(scenario(), 60)
    for who in (desk, worker, late, resumed):
        seen = json.dumps([e.to_wire() for e in who.events] + who.snapshots, ensure_ascii=False)
        assert NAME not in seen and ID_NUMBER not in seen, who.client
        assert not who.of_type(ev.KEY_PERSON_ADDED)
    (warned,) = worker.of_type(ev.WARNING_RAISED)
    assert warned.data["rule"] == "key_person" and warned.data["address_code"] == address.code
    assert NAME in json.dumps([e.to_wire() for e in officer.events], ensure_ascii=False)
    assert [p["name"] for p in chief.snapshots[0]["key_persons"]] == [NAME]  # the station's chief sees it
    assert _fold(late).warnings and not _fold(late).key_persons
