"""Read queries through a real relay: replay ranges equal to the database's, refusals at the edge, and a
query that never holds up commands, the event loop or the writer."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import numpy as np
import pytest

from console.domain import events as ev
from console.domain import periods, station_time
from console.domain.clock import ManualClock, use_clock
from console.domain.errors import DomainError
from console.domain.summary import Period
from console.net.client import QueryRefused, RelayClient
from console.relay.limits import RelayLimits
from console.replay import Replay
from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT
from console.services.history import StoreHistory
from console.services.relay_history import BlockingQueries, RelayHistory, RelaySummarySource
from console.services.summary_source import StoreSummarySource
from console.store.store import Store
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay, wait_until


@pytest.fixture
def history(seeded_db):
    """A worked incident with positions, a bookmark and a second open incident, all through the relay.
    Yields (db url, start, end, the worked incident's id)."""
    db_url, demo = seeded_db
    address = demo.district.addresses[4]

    async def scenario():
        start = int(time.time() * 1000) - 1
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker, Recorder(relay.url, "t01") as trainer:
            wid = worker.client.account["worker"]
            await worker.cmd("worker.duty", on=True)

            async def walk(k: int) -> None:
                await worker.cmd("position.report", lng=address.lng + 0.0005 * k, lat=address.lat + 0.0001 * k)

            await walk(0)
            await desk.cmd("incident.report", category="200200", priority=2, address_code=address.code,
                           caller="13912345678", narrative="楼道纠纷")
            await desk.cmd("incident.report", category="200100", priority=3, address_code=address.code)
            await wait_until(lambda: len(desk.of_type(ev.INCIDENT_REPORTED)) == 2, what="the reports")
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.accept", incident=incident)
            await desk.cmd("incident.dispatch", incident=incident, worker=wid)
            for k, op in enumerate(("incident.sign", "incident.arrive", "incident.feedback"), start=1):
                await walk(k)
                await worker.cmd(op, incident=incident, note="已调解")
            await desk.cmd("incident.verify", incident=incident, note="电话核实")
            await desk.cmd("incident.close", incident=incident, outcome="mediated", note="已调解")
            await trainer.cmd("replay.bookmark_add", at=start + 1, note="开始处", incident=incident)
            await wait_until(lambda: desk.of_type(ev.BOOKMARK_ADDED), what="the bookmark")
            return start, int(time.time() * 1000) + 1, incident

    start, end, incident = run(scenario())
    return db_url, start, end, incident


async def _client(url: str, user: str) -> RelayClient:
    client = RelayClient(url, user, DEMO_PASSWORD, subscribe=False)
    client.start()
    await client.wait_live()
    return client


def _snapshot(state) -> dict:
    snap = state.to_snapshot()
    snap.pop("accounts")  # a trainer's snapshot lists no accounts (only an administrator's does)
    return snap


def _same_fixes(a, b) -> None:
    for column in ("seq", "at", "worker", "lng", "lat", "fix_at", "speed", "heading"):
        assert np.array_equal(getattr(a, column), getattr(b, column)), column
    assert a.odd.keys() == b.odd.keys()


def _compare(remote, local, start: int, end: int) -> int:
    """Every read the replay window and the report make, through the relay and from the store; the moments compared."""
    assert remote.marks() == local.marks()
    assert [b.to_dict() for b in remote.bookmarks()] == [b.to_dict() for b in local.bookmarks()]
    assert remote.recordings() == local.recordings()
    moments = sorted({start, (start + end) // 2, end, *(at for at, _ in local.marks())})
    for t in moments:
        assert _snapshot(remote.state_at(t)) == _snapshot(local.state_at(t)), t
    assert [e.to_wire() for e in remote.events_between(start, end)] == \
        [e.to_wire() for e in local.events_between(start, end)]
    for only in (False, True):
        _same_fixes(remote.fixes_between(start, end, incident_only=only),
                    local.fixes_between(start, end, incident_only=only))
    assert remote.tracks(start, end) == local.tracks(start, end)
    return len(moments)


def test_a_replay_range_through_the_relay_equals_the_one_from_the_store(history):
    db_url, start, end, incident = history

    async def scenario():
        async with running_relay(db_url) as relay:
            client = await _client(relay.url, "t01")
            try:
                ask = BlockingQueries(client, asyncio.get_running_loop())
                return await asyncio.to_thread(compare_all, RelayHistory(ask))
            finally:
                await client.close()

    def compare_all(remote: RelayHistory) -> None:
        local = StoreHistory(Store(db_url))
        try:
            assert remote.incident_range(incident) == local.incident_range(incident)
            first, last = local.incident_range(incident)
            for span in ((start, end, None), (first, last, incident)):
                moments = _compare(remote.replay(*span), Replay(local.store, *span[:2], incident=span[2]),
                                   span[0], span[1])
                assert moments >= 5
            whole = remote.replay(start, end)
            assert incident in whole.state_at(end).incidents and len(whole.state_at(end).incidents) == 2
            assert whole.state_at(end).incidents[incident].status.label == "已办结"
        finally:
            local.dispose()

    run(scenario())


@pytest.mark.parametrize(("user", "password"), [("w0001", DEMO_PASSWORD), GATEWAY_ACCOUNT, ("l01", DEMO_PASSWORD),
                                                ("a01", DEMO_PASSWORD)])
def test_field_roles_liaisons_and_admins_are_refused_with_a_reason(seeded_db, user, password):
    db_url, _ = seeded_db

    async def scenario():
        async with running_relay(db_url) as relay, raw_socket(relay.url, user, password) as ws:
            for name, args in (("summary.stations", {}), ("replay.reference", {})):
                reply = await exchange(ws, {"v": 1, "t": "query", "id": "q", "name": name, "args": args})
                assert reply["t"] == "error" and reply["code"] == "E_FORBIDDEN", reply
                assert "无权查询" in reply["zh"]
            assert (await exchange(ws, {"v": 1, "t": "ping", "id": "p"}))["t"] == "pong"

    run(scenario())


def test_malformed_queries_are_refused_and_the_relay_keeps_serving(seeded_db):
    db_url, demo = seeded_db
    station = demo.district.stations[0].code
    bad = [
        ({"name": "summary.everything", "args": {}}, "E_UNKNOWN_TYPE", "未知查询"),
        ({"name": "summary.daily", "args": {"date": "2026-11-21"}}, "E_FIELD", "缺少"),
        ({"name": "summary.daily", "args": {"date": "2026-11-21", "station": station, "x": 1}}, "E_FIELD", "未知字段"),
        ({"name": "summary.daily", "args": {"date": 20261121, "station": station}}, "E_FIELD", "类型"),
        ({"name": "summary.daily", "args": {"date": "21.11.2026", "station": station}}, "E_FIELD", "日期"),
        ({"name": "summary.daily", "args": {"date": "2026-11-21", "station": "999"}}, "E_NOT_FOUND", "999"),
        ({"name": "replay.state", "args": {"start": 10, "end": 5, "at": 7}}, "E_FIELD", "回放范围为空"),
        ({"name": "replay.state", "args": {"start": -1, "end": 5, "at": 0}}, "E_FIELD", "超出范围"),
        ({"name": "summary.drill", "args": "kpi"}, "E_FIELD", "args"),
        ({"name": "", "args": {}}, "E_FIELD", "name"),
        ({"name": ["summary.daily"]}, "E_FIELD", "name"),
        ({"name": "history.incident_range", "args": {"incident": "JQ-NOPE"}}, "E_NOT_FOUND", "JQ-NOPE"),
        ({"name": "summary.stations", "args": {}, "pad": "x" * 70_000}, "E_TOO_LARGE", "过大"),
    ]

    async def scenario():
        async with running_relay(db_url) as relay, raw_socket(relay.url, "c01") as ws:
            for k, (frame, code, words) in enumerate(bad):
                reply = await exchange(ws, {"v": 1, "t": "query", "id": f"q{k}", **frame})
                assert reply["t"] == "error" and reply["code"] == code, (frame, reply)
                assert words in reply["zh"], reply
            reply = await exchange(ws, {"v": 1, "t": "query", "id": "ok", "name": "summary.stations", "args": {}})
            assert reply == {"v": 1, "t": "result", "id": "ok", "data": [{"code": station,
                                                                           "name": demo.district.stations[0].name}]}
            async with Recorder(relay.url, "d01") as desk:  # commands still go through
                await desk.cmd("incident.report", category="200200", address_code=demo.district.addresses[0].code)
            assert relay.health()["status"] == "ok"

    run(scenario())


def test_a_desk_bound_to_grids_reads_only_inside_them(seeded_db):
    db_url, demo = seeded_db
    station = demo.district.stations[0].code
    grid = demo.district.grids[0].code

    inside = next(a for a in demo.district.addresses if a.grid_code == grid)
    outside = next(a for a in demo.district.addresses if a.grid_code != grid)

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "a01") as admin, \
                Recorder(relay.url, "d01") as desk:
            for address in (inside, outside):
                await desk.cmd("incident.report", category="200200", address_code=address.code)
            await wait_until(lambda: len(desk.of_type(ev.INCIDENT_REPORTED)) == 2, what="the reports")
            mine, other = (e.data["incident"] for e in desk.of_type(ev.INCIDENT_REPORTED))
            await admin.cmd("account.create", account="d09", role="dispatcher", password="Start-2026x",
                            scope={"grids": [grid]})
            client = RelayClient(relay.url, "d09", "Start-2026x", subscribe=False)
            client.start()
            await wait_until(lambda: client.connected.is_set(), what="d09 login")
            with pytest.raises(QueryRefused) as first:
                await client.query("summary.stations")
            assert first.value.code == "E_PASSWORD_CHANGE_REQUIRED"
            await client.change_password("Start-2026x", "Changed-2026y")
            assert await client.query("summary.stations") == []  # the station is wider than the grid
            for name, args in (("summary.daily", {"date": "2026-11-21", "station": station}),
                               ("summary.assessment", {"kind": "month", "period": "2026-11", "station": station}),
                               ("summary.analysis", {"start": 0, "end": 86_400_000}),  # the district
                               ("replay.state", {"start": 1, "end": 2, "at": 1})):
                with pytest.raises(QueryRefused) as refused:
                    await client.query(name, args)
                assert refused.value.code == "E_FORBIDDEN" and "范围" in refused.value.error["zh"]
            day = {"kpi": "close_rate", "scope_kind": "grid", "scope_code": grid, "start": 0, "end": 86_400_000}
            assert await client.query("summary.drill", day) == []
            span = await client.query("history.incident_range", {"incident": mine})
            state = await client.query("replay.state", {**span, "incident": mine, "at": span["end"]})
            assert mine in {i["id"] for i in state["incidents"]}
            with pytest.raises(QueryRefused) as foreign:
                await client.query("history.incident_range", {"incident": other})
            assert foreign.value.code == "E_FORBIDDEN" and other in foreign.value.error["zh"]
            await client.close()

    run(scenario())


def test_period_assessment_and_analysis_through_the_relay_equal_the_stores(history):
    """The chief's 周期考核 and 研判 on a workstation with no database: the same figures as on the server."""
    db_url, start, end, _incident = history
    store = Store(db_url)
    try:
        code = store.load_reference().district.stations[0].code
    finally:
        store.dispose()
    today = station_time.day_of(start)
    local = StoreSummarySource(db_url)

    async def scenario():
        async with running_relay(db_url) as relay:
            client = await _client(relay.url, "c01")
            remote = RelaySummarySource(BlockingQueries(client, asyncio.get_running_loop()))
            found = []
            for spec, where in ((periods.month(today), code), (periods.week(today), "")):
                found.append(await asyncio.to_thread(remote.assessment, spec, where))
            span = periods.week(today).period()
            found.append(await asyncio.to_thread(remote.analysis, span, code))
            with pytest.raises(DomainError) as bad:
                await asyncio.to_thread(remote.analysis, Period(span.end_ms, span.start_ms, ""), code)
            await client.close()
            return found, bad.value

    # one "now" for both sides: the due counts grow with the time elapsed in the period
    with use_clock(ManualClock(end + 60_000)):
        (month, week, analysis), bad = run(scenario())
        try:
            assert month == local.assessment(periods.month(today), code)
            assert week == local.assessment(periods.week(today), "")
            assert analysis == local.analysis(periods.week(today).period(), code)
        finally:
            local.close()
    assert month.current.values["close_rate"].denominator >= 1 and month.levels  # not a comparison of empties
    assert sum(map(sum, analysis.heat)) >= 2  # the fixture's two reports
    assert bad.code == "E_FIELD" and "结束时间" in bad.zh


class GatedReads:
    """A read backend whose answers wait for :attr:`gate`; records the threads it ran on."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.threads: set[str] = set()

    def run(self, actor, name, args):
        self.threads.add(threading.current_thread().name)
        self.gate.wait(30)
        return {"asked": name, "by": actor.account}

    def close(self) -> None:
        self.gate.set()


def test_a_slow_query_holds_up_no_command_and_the_in_flight_and_rate_limits_hold(seeded_db):
    db_url, demo = seeded_db
    reads = GatedReads()
    budget = RelayLimits(query_burst=6, queries_per_s=0.01)

    async def scenario():
        async with running_relay(db_url, reads=reads, budget=budget) as relay, raw_socket(relay.url, "d01") as ws:
            frames = [{"v": 1, "t": "query", "id": f"q{k}", "name": "summary.stations", "args": {}} for k in range(4)]
            for frame in frames:
                await ws.send(json.dumps(frame))
            await wait_until(lambda: len(relay.reads.pool._threads) == 2, what="both query threads busy")
            over = await exchange(ws, {**frames[0], "id": "q4"})
            assert over["code"] == "E_RATE" and "同时进行的查询" in over["zh"]  # 4 in flight already
            ack = await exchange(ws, {"v": 1, "t": "cmd", "id": "c1", "op": "incident.report",
                                      "args": {"category": "200200", "address_code": demo.district.addresses[0].code}})
            assert ack["t"] == "ack"  # the writer commits while every query thread waits
            assert (await exchange(ws, {"v": 1, "t": "ping", "id": "p"}))["t"] == "pong"
            async with raw_socket(relay.url, "c01") as quitter:  # asks, then leaves before the answer
                await quitter.send(json.dumps(frames[0]))
            reads.gate.set()
            answers = [json.loads(await ws.recv()) for _ in range(4)]
            assert sorted(a["id"] for a in answers) == ["q0", "q1", "q2", "q3"]
            assert all(a["t"] == "result" and a["data"] == {"asked": "summary.stations", "by": "d01"} for a in answers)
            assert reads.threads and all(t.startswith("relay-query") for t in reads.threads)
            await exchange(ws, {**frames[0], "id": "q5"})  # the sixth of a burst of six
            limited = await exchange(ws, {**frames[0], "id": "q6"})
            assert limited["code"] == "E_RATE" and limited["retry_after"] > 0
            assert relay.health()["status"] == "ok"

    run(scenario())
