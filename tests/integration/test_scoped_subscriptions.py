"""Scoped subscriptions through a real relay: a desk subscribed to station A never gets station B's incidents,
positions or orders (snapshot or live); a decimated subscription gets at most one position per worker per
``positions_every_s`` while a full one gets them all; a bad or forbidden subscribe is refused and changes nothing."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import time

import pytest

from console.domain import events as ev
from console.domain.passwords import hash_password
from console.domain.places import Station
from console.domain.workers import WorkerKind
from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT
from console.store.store import Store
from tests.integration.harness import Recorder, exchange, raw_socket, run, running_relay, wait_until

STATION_B = Station("320508550000", "桐泾派出所")
SPARSE_MS = 250
T0 = int(time.time() * 1000) - 60_000  # fixes a minute old: within what the relay accepts


@pytest.fixture
def two_stations(db_url, demo_roster):
    """The demo district split in two: its last four 警格 (and their officers) belong to a second station;
    a dispatcher ``sa01`` is bound to station A."""
    demo, accounts = demo_roster
    district = demo.district
    a = district.stations[0].code
    moved = {pg.code for pg in district.police_grids[-4:]}
    police_grids = [dataclasses.replace(pg, station_code=STATION_B.code) if pg.code in moved else pg
                    for pg in district.police_grids]
    station_of = {g: pg.station_code for pg in police_grids for g in pg.grid_codes}
    workers = [dataclasses.replace(w, station_code=station_of[w.grid_code]) if w.station_code else w
               for w in demo.workers]
    split = dataclasses.replace(district, stations=[*district.stations, STATION_B], police_grids=police_grids)
    extra = [("sa01", hash_password(DEMO_PASSWORD), "dispatcher", None, "派出所调度", "", {"station": a})]
    store = Store(db_url)
    store.upgrade()
    store.seed(split, workers, [*accounts, *extra])
    store.dispose()
    in_a = [w for w in workers if w.kind is WorkerKind.GRID_WORKER and station_of[w.grid_code] == a]
    in_b = [w for w in workers if w.kind is WorkerKind.GRID_WORKER and station_of[w.grid_code] == STATION_B.code]
    return db_url, split, station_of, a, in_a, in_b


def _address_in(district, station_of, station: str):
    return next(a for a in district.addresses if station_of.get(a.grid_code) == station)


def test_a_desk_scoped_to_station_a_never_gets_station_b(two_stations):
    db_url, district, station_of, a, in_a, in_b = two_stations
    addr_a, addr_b = _address_in(district, station_of, a), _address_in(district, station_of, STATION_B.code)
    fixes = itertools.count()

    async def work(desk: Recorder, field: Recorder) -> dict[str, set[str]]:
        """An incident, an order and positions in each station; the ids made in station B."""
        made_b: dict[str, set[str]] = {"incidents": set(), "orders": set()}
        for addr, worker, bucket in ((addr_a, in_a[0], None), (addr_b, in_b[0], made_b)):
            inc = await desk.cmd("incident.report", category="200200", address_code=addr.code, narrative="纠纷")
            order = await desk.cmd("order.issue", worker=worker.id, kind="visit", target=addr.code, due_hours=4)
            if bucket is not None:
                bucket["incidents"].add(_id_of(desk, inc["seq"], "incident"))
                bucket["orders"].add(_id_of(desk, order["seq"], "order"))
        for worker in (*in_a[:3], *in_b[:3]):
            await field.cmd("position.report", worker=worker.id, lng=120.62, lat=31.31, at=T0 + next(fixes))
        return made_b

    async def scenario():
        async with running_relay(db_url) as relay:
            desk = Recorder(relay.url, "d01")
            field = Recorder(relay.url, GATEWAY_ACCOUNT[0], GATEWAY_ACCOUNT[1])
            async with desk, field:
                before_b = await work(desk, field)
                scoped = Recorder(relay.url, "sa01")
                scoped.client.narrow = {"stations": [a]}
                async with scoped:
                    live_b = await work(desk, field)
                    head = desk.client.last_seq
                    await wait_until(lambda: desk.client.last_seq == head and scoped.events, what="live events")
                    marker = await desk.cmd("incident.report", category="200200", address_code=addr_a.code)
                    await wait_until(lambda: marker["seq"] in scoped.seqs, what="station A's last report")
                    return desk, scoped, before_b, live_b

    desk, scoped, before_b, live_b = run(scenario())
    b_workers = {w.id for w in in_b}
    snap = scoped.snapshots[0]
    assert {i["grid_code"] for i in snap["incidents"]} and \
        all(station_of[i["grid_code"]] == a for i in snap["incidents"]), "only station A's incidents"
    assert not {i["id"] for i in snap["incidents"]} & before_b["incidents"]
    assert not {o["id"] for o in snap["orders"]} & before_b["orders"] and snap["orders"]
    assert snap["positions"] and not {p[0] for p in snap["positions"]} & b_workers
    got = scoped.events
    assert got and all(e.data.get("incident") not in live_b["incidents"] for e in got)
    assert all(e.data.get("order") not in live_b["orders"] for e in got)
    assert not [e for e in got if e.type == ev.POSITION_REPORTED and e.data["worker"] in b_workers]
    assert {e.data["worker"] for e in got if e.type == ev.POSITION_REPORTED} == {w.id for w in in_a[:3]}
    assert [e for e in got if e.type == ev.ORDER_ISSUED], "station A's order arrived live"
    full = [e for e in desk.events if e.seq > scoped.snapshots[0]["seq"]]
    assert len(full) > len(got), "the unscoped desk got station B's events too"


def _id_of(rec: Recorder, seq: int, field: str) -> str:
    return next(e for e in rec.events if e.seq == seq).data[field]


def test_a_decimated_subscription_gets_at_most_one_position_per_worker_per_period(two_stations):
    db_url, _district, _station_of, _a, in_a, in_b = two_stations
    workers = [w.id for w in (*in_a[:3], *in_b[:2])]
    rounds = 12
    now = [T0 // 1000 + 30.0]  # the relay's clock: each round of fixes is decided 125 ms (exact in binary) later

    async def scenario():
        async with running_relay(db_url, clock=lambda: now[0]) as relay:
            full = Recorder(relay.url, "d01")
            sparse = Recorder(relay.url, "d02")
            sparse.client.narrow = {"positions_every_s": SPARSE_MS / 1000}
            field = Recorder(relay.url, GATEWAY_ACCOUNT[0], GATEWAY_ACCOUNT[1])
            async with full, sparse, field:
                last = None
                for r in range(rounds):
                    now[0] += 0.125
                    acks = await asyncio.gather(*(field.cmd("position.report", worker=w, lng=120.6, lat=31.3,
                                                            at=T0 + r * 100 + i) for i, w in enumerate(workers)))
                    last = max(ack["seq"] for ack in acks)
                await wait_until(lambda: full.client.last_seq >= last, what="every fix at the full desk")
                marker = await full.cmd("zone.set", name="标记", polygon=[[120.6, 31.3], [120.7, 31.3], [120.7, 31.4]])
                await wait_until(lambda: marker["seq"] in sparse.seqs, what="the sparse desk caught up")
                return full, sparse

    full, sparse = run(scenario())
    all_fixes = full.of_type(ev.POSITION_REPORTED)
    assert len(all_fixes) == rounds * len(workers), "the full subscription gets every position"
    for worker in workers:  # decided every 125 ms: one in two passes
        mine = [e.at for e in sparse.of_type(ev.POSITION_REPORTED) if e.data["worker"] == worker]
        assert all(b - a >= SPARSE_MS for a, b in itertools.pairwise(mine)), f"{worker}: {mine}"
        assert len(mine) == rounds // 2, f"{worker}: {mine}"


def test_a_bad_or_forbidden_subscription_is_refused_in_chinese_and_changes_nothing(two_stations):
    db_url, _district, _station_of, a, _in_a, _in_b = two_stations

    async def scenario():
        async with running_relay(db_url, port=0) as relay:
            refusals = []
            async with raw_socket(relay.url, "sa01") as ws:
                for narrow in ({"stations": ["999999999999"]}, {"positions_every_s": 10_000},
                               {"positions_every_s": -1}, {"stations": "x"}, {"stations": [STATION_B.code]}):
                    refusals.append(await exchange(ws, {"v": 1, "t": "subscribe", "id": "s", "after": None, **narrow}))
                ok = await exchange(ws, {"v": 1, "t": "subscribe", "id": "s", "after": None, "stations": [a]})
            async with raw_socket(relay.url, "w0001") as ws:
                refusals.append(await exchange(ws, {"v": 1, "t": "subscribe", "id": "s", "after": None,
                                                    "positions_every_s": 5}))
            return refusals, ok

    refusals, ok = run(scenario())
    assert [r["code"] for r in refusals] == ["E_FIELD"] * 4 + ["E_FORBIDDEN"] * 2
    assert "不存在" in refusals[0]["zh"] and "不在本账户范围内" in refusals[4]["zh"]
    assert ok["t"] == "snapshot", "a refused subscribe leaves the connection able to subscribe"
