"""A field gateway's positions in bulk (``position.batch``) through a real relay: each fix its own event and
seq, bad fixes refused one by one in the frame's one ack with nothing else changed, a resent frame answered
as duplicate, the limits (fixes per frame, gateway only) refused whole."""

from __future__ import annotations

import json
import time

from console.domain.decide_field import MAX_FIXES
from console.domain.events import POSITION_REPORTED
from tests.integration.harness import exchange, raw_socket, run, running_relay

AT = int(time.time() * 1000) - 60_000


def batch(key: str, fixes: list) -> str:
    return json.dumps({"v": 1, "t": "cmd", "id": key, "op": "position.batch", "args": {"fixes": fixes}})


def fix(worker: str, i: int, **extra) -> dict:
    return {"worker": worker, "lng": 120.62 + i * 1e-4, "lat": 31.31, "at": AT + i, **extra}


def test_each_fix_is_its_own_event_bad_ones_are_refused_alone_in_one_ack_and_a_resend_is_a_duplicate(seeded_db):
    db_url, demo = seeded_db
    workers = [w.id for w in demo.workers[:3]]
    fixes = [fix(workers[0], 0), fix(workers[1], 1, speed=1.5),
             fix(workers[2], 2, lng=10.0),  # far outside the district
             "not an object", fix("NOBODY", 4), {**fix(workers[0], 5), "colour": "red"},
             fix(workers[2], 6, heading=90)]

    async def scenario():
        async with running_relay(db_url) as relay, raw_socket(relay.url, "fieldsim", "fieldsim") as gateway:
            head = relay.writer.state.seq
            ack = await exchange(gateway, batch("b1", fixes))
            events = relay.store.events_after(head, 100)
            again = await exchange(gateway, batch("b1", fixes))
            after = relay.store.events_after(head, 100)
            served = {w for w in workers if relay.presence.is_present(w)}
            return head, ack, events, again, after, served

    head, ack, events, again, after, served = run(scenario())
    assert ack["t"] == "ack" and ack["id"] == "b1" and ack["duplicate"] is False
    assert [(r["i"], r["worker"], r["code"]) for r in ack["refused"]] == [
        (2, workers[2], "E_FIELD"), (3, None, "E_FIELD"), (4, "NOBODY", "E_NOT_FOUND"), (5, workers[0], "E_FIELD")]
    assert all(r["zh"] for r in ack["refused"])
    assert [e.type for e in events] == [POSITION_REPORTED] * 3  # the good fixes only, nothing else changed
    assert [e.seq for e in events] == [head + 1, head + 2, head + 3] and ack["seq"] == head + 3
    assert [(e.data["worker"], e.data["at"]) for e in events] == [(workers[0], AT), (workers[1], AT + 1),
                                                                  (workers[2], AT + 6)]
    assert events[1].data["speed"] == 1.5 and events[2].data["heading"] == 90
    assert again["duplicate"] is True and again["seq"] == head + 3 and len(again["refused"]) == 4
    assert len(after) == 3  # the resent frame committed nothing again
    assert served == set(workers)  # the gateway now serves the workers it reported for


def test_a_batch_over_the_limit_or_from_a_desk_is_refused_whole(seeded_db):
    db_url, demo = seeded_db
    worker = demo.workers[0].id

    async def scenario():
        async with running_relay(db_url) as relay, raw_socket(relay.url, "fieldsim", "fieldsim") as gateway, \
                raw_socket(relay.url, "d01") as desk:
            head = relay.writer.state.seq
            too_many = await exchange(gateway, batch("big", [fix(worker, i) for i in range(MAX_FIXES + 1)]))
            from_desk = await exchange(desk, batch("desk", [fix(worker, 0)]))
            empty = await exchange(gateway, batch("none", []))
            return too_many, from_desk, empty, relay.store.events_after(head, 10)

    too_many, from_desk, empty, events = run(scenario())
    assert too_many["t"] == "error" and too_many["code"] == "E_FIELD" and too_many["id"] == "big"
    assert from_desk["t"] == "error" and from_desk["code"] == "E_FORBIDDEN"
    assert empty == {"v": 1, "t": "ack", "id": "none", "seq": 0, "duplicate": False, "refused": []}
    assert events == []
