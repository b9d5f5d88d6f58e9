"""Desks see each other: presence marks between consoles (never logged, never to the field), and a
dispatch chosen on stale data is refused with the fresh incident."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.net.client import CommandRefused
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay, wait_until

REPORT = {"category": "200200", "priority": 2, "lng": 120.62, "lat": 31.31, "narrative": "邻里纠纷"}


def _recorder(url: str, user: str) -> tuple[Recorder, list[dict]]:
    rec = Recorder(url, user)
    marks: list[dict] = []
    rec.client.on_focus = marks.append
    return rec, marks


def test_stale_dispatch_refused_with_the_fresh_incident(seeded_db):
    db_url, demo = seeded_db
    first, second = (w.id for w in demo.workers[:2])

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as d1, Recorder(relay.url, "d02") as d2:
            await d1.cmd("incident.report", **REPORT)
            await wait_until(lambda: d1.of_type(ev.INCIDENT_REPORTED), what="report")
            incident = d1.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            accepted = await d1.cmd("incident.accept", incident=incident)
            await wait_until(lambda: d2.seqs and d2.seqs[-1] == accepted["seq"], what="accept on d02")
            seen_by_d01 = accepted["seq"]  # the version d01's dispatch dialog was opened on
            dispatched = await d2.cmd("incident.dispatch", incident=incident, worker=first, version=seen_by_d01,
                                      force=True)
            with pytest.raises(CommandRefused) as refused:
                await d1.cmd("incident.dispatch", incident=incident, worker=second, version=seen_by_d01, force=True)
            error = refused.value.error
            assert error["code"] == "E_CONFLICT"
            fresh = error["incident"]
            assert fresh["version"] == dispatched["seq"]
            assert [a["worker_id"] for a in fresh["assignments"]] == [first]
            assert fresh["timeline"][-1][3] == "d02"  # who changed it, for the console to say so
            await wait_until(lambda: d1.seqs and d1.seqs[-1] == dispatched["seq"], what="d02's dispatch on d01")
            assert len(d1.of_type(ev.INCIDENT_DISPATCHED)) == 1  # the second dispatch never happened

    run(scenario())


def test_focus_reaches_the_other_desks_only_and_is_not_logged(seeded_db):
    db_url, _demo = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay:
            d1, d1_marks = _recorder(relay.url, "d01")
            d2, d2_marks = _recorder(relay.url, "d02")
            worker, worker_marks = _recorder(relay.url, "w0001")
            async with d1, d2, worker:
                head = relay.writer.state.seq
                d1.client.send_focus("JQ1")
                await wait_until(lambda: d2_marks, what="d01's mark at d02")
                mark = d2_marks[-1]
                assert (mark["account"], mark["display"], mark["incident"]) == ("d01", "调度员一", "JQ1")
                assert mark["at"] > 0
                late, late_marks = _recorder(relay.url, "c01")
                async with late:  # a desk that logs in later gets the current marks at once
                    await wait_until(lambda: late_marks, what="current marks on login")
                    assert late_marks[0]["incident"] == "JQ1"
                d1.client.send_focus("JQ1")  # unchanged: nothing is sent again
                d1.client.send_focus(None)
                await wait_until(lambda: d2_marks[-1]["incident"] is None, what="blur")
                assert len([m for m in d2_marks if m["account"] == "d01"]) == 2
                d1.client.send_focus("JQ2")
                await wait_until(lambda: d2_marks[-1]["incident"] == "JQ2", what="second focus")
            assert worker_marks == [] and d1_marks == []  # never to the field; never back to the sender
            assert relay.writer.state.seq == head  # presence is not an event

    run(scenario())


def test_a_closed_desk_is_cleared_and_the_field_may_not_send_focus(seeded_db):
    db_url, _demo = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay:
            d2, d2_marks = _recorder(relay.url, "d02")
            async with d2:
                async with Recorder(relay.url, "d01") as d1:
                    d1.client.send_focus("JQ9")
                    await wait_until(lambda: d2_marks, what="focus")
                await wait_until(lambda: d2_marks[-1]["incident"] is None, what="cleared on disconnect")
                async with raw_socket(relay.url, "w0001") as ws:
                    reply = await exchange(ws, {"v": 1, "t": "focus", "id": "f1", "incident": "JQ9"})
                    assert (reply["t"], reply["code"]) == ("error", "E_FORBIDDEN")
                async with raw_socket(relay.url, "d01") as ws:
                    reply = await exchange(ws, {"v": 1, "t": "focus", "id": "f2", "incident": 5})
                    assert (reply["t"], reply["code"]) == ("error", "E_FIELD")
                    reply = await exchange(ws, {"v": 1, "t": "focus", "id": "f3", "incident": None})
                    assert reply == {"v": 1, "t": "focus.ok", "id": "f3"}

    run(scenario())
