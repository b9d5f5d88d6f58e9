"""The summary data end to end: commands through a real relay, projections in the real database
(SQLite and PostgreSQL, migrated), then the daily summary and drill-down read back from it."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, insert, select

from console.domain import events as ev
from console.domain.incidents import Assignment, AssignmentStatus, Incident, Source, Status
from console.domain.summary import Scope
from console.domain.workdays import china_date
from console.kpi.config import KpiConfig
from console.services.summary import build_daily_summary, day_period, drill_down
from console.store import migrate
from console.store import tables as t
from console.store.rows import incident_row
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {tbl.name: conn.scalar(select(func.count()).select_from(tbl))
                for tbl in (t.events, t.incidents, t.kpi_incidents, t.kpi_work, t.kpi_presence)}


def test_a_relayed_day_shows_up_in_the_summary(seeded_db):
    db_url, demo = seeded_db
    station = demo.district.stations[0]

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker:
            wid = worker.client.account["worker"]
            me = next(w for w in demo.workers if w.id == wid)
            grid = next(g for g in demo.district.grids if g.code == me.grid_code)
            address = next(a for a in demo.district.addresses if a.grid_code == me.grid_code)
            lng = sum(x for x, _ in grid.polygon) / len(grid.polygon)
            lat = sum(y for _, y in grid.polygon) / len(grid.polygon)
            await worker.cmd("worker.duty", on=True)  # on their own phone (the gateway may not act for them now)
            for _ in range(3):
                await worker.cmd("position.report", lng=lng, lat=lat)
            ids = []
            for category in ("200200", "600600"):
                ack = await desk.cmd("incident.report", category=category, priority=2, address_code=address.code,
                                     caller="", narrative="测试")
                await wait_until(lambda seq=ack["seq"]: any(e.seq == seq for e in desk.events), what="report")
                ids.append(next(e for e in desk.events if e.seq == ack["seq"]).data["incident"])
            first, second = ids
            await desk.cmd("incident.accept", incident=first)
            await desk.cmd("incident.dispatch", incident=first, worker=wid)
            for op in ("incident.sign", "incident.arrive", "incident.feedback"):
                await worker.cmd(op, incident=first, note="已处置")
            await desk.cmd("incident.verify", incident=first, note="核实")
            await desk.cmd("incident.callback", incident=first, satisfaction=2)
            await desk.cmd("incident.close", incident=first, outcome="handled", note="办结")
            await desk.cmd("incident.refer", incident=second, department="600600", note="属城管职责")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REFERRED), what="referral")
            return first, second, wid, me.grid_code, max(e.at for e in desk.events)

    first, second, wid, grid_code, last_at = run(scenario())
    store = Store(db_url)
    try:
        before = counts(store)
        day = china_date(last_at)
        summary = build_daily_summary(store, day, station.code, config=KpiConfig(), now_ms=last_at + 1)
        assert counts(store) == before  # the summary only reads
        v = summary.today.values
        assert (v["close_rate"].numerator, v["close_rate"].denominator) == (1, 2)
        assert v["referral_count"].value == 1 and v["satisfaction_rate"].value == 1.0
        assert v["on_time_sign_rate"].value == 1.0 and v["avg_response_min"].denominator == 1
        assert sum(summary.by_hour) == 2
        families = {(c.family, c.name, c.count) for c in summary.by_category}
        assert families == {("20", "治安案件", 1), ("60", "社会联动", 1)}
        assert [r.id for r in summary.referrals_waiting] == [second]
        assert summary.referrals_waiting[0].detail.startswith("转办 600600 城管执法 · 待反馈")
        row = next(r for r in summary.workers if r.worker_id == wid)
        assert (row.grid_code, row.kpis.values["close_rate"].value) == (grid_code, 1.0)
        assert summary.yesterday.values["close_rate"].value is None
        closed = drill_down(store, "close_rate", Scope("worker", wid, ""), day_period(day), now_ms=last_at + 1)
        assert [i.id for i in closed] == [first]
        with store.engine.connect() as conn:
            p = t.kpi_presence.c
            seconds = conn.scalar(select(func.sum(p.seconds)).where(p.grid_code == grid_code))
        assert seconds >= 15  # three fixes hold the grid for at least 15 s
    finally:
        store.dispose()


def test_migration_projects_incidents_that_existed_before_it(db_url, demo_roster):
    """A database written before revision 0003 gets its facts on upgrade (sqlite and postgresql)."""
    demo, _ = demo_roster
    address = demo.district.addresses[0]
    incidents = [Incident(f"J{i:04d}", "200200", 2, Source.CALL_110, Status.NEW, address.lng, address.lat,
                          address.grid_code, address.text, "x", "", "d01", 1_795_000_000_000 + i, i + 1)
                 for i in range(1200)]  # more than one page of the upgrade's backfill
    incidents[7] = dataclasses.replace(incidents[7], source=Source.QR_CODE, public={"receipt": "E00000000000000AB"})
    store = Store(db_url)
    try:
        with store.engine.begin() as conn:
            migrate.upgrade(store.url, conn, "0002")
        # the roster, accounts and addresses gained columns after 0002: seed the places only
        store.seed(dataclasses.replace(demo.district, addresses=[]), [], [])
        with store.engine.begin() as conn:
            later = {"address", "caller", "address_code", "receipt"}  # columns 0015 and 0019 add, filled from the body
            conn.execute(insert(t.incidents), [{k: v for k, v in incident_row(inc).items() if k not in later}
                                               for inc in incidents])
        store.upgrade()
        with store.engine.connect() as conn:
            row = conn.execute(select(t.kpi_incidents).where(t.kpi_incidents.c.id == "J1001")).one()
            total = conn.scalar(select(func.count()).select_from(t.kpi_incidents))
            searched = conn.execute(select(t.incidents.c.address, t.incidents.c.caller)
                                    .where(t.incidents.c.id == "J1001")).one()
            receipts = conn.execute(select(t.incidents.c.id).where(t.incidents.c.receipt != "")).scalars().all()
        assert total == 1200
        assert tuple(searched) == (address.text, incidents[1001].caller)  # 0015 filled the search columns
        assert receipts == ["J0007"]  # 0019 filled the public report's e码 receipt
        assert (row.grid_code, row.station_code, row.status, row.reported_at, row.void) == (
            address.grid_code, address.station_code, "new", incidents[1001].reported_at, False)
    finally:
        store.dispose()


def test_migration_0012_projects_sites_and_order_targets(db_url, demo_roster):
    """Households and hazard sites recorded before revision 0012 become due; orders get their address."""
    from console.domain.orders import Order, OrderKind, OrderStatus
    from console.domain.records import Record, RecordKind, RecordVersion, VersionStatus
    from console.store.rows import work_row

    demo, _ = demo_roster
    address = demo.district.addresses[0]
    house = Record("R1", RecordKind.HOUSE, f"house:{address.code}", address.grid_code,
                   [RecordVersion("S1", {"address_code": address.code, "use": "rental"}, VersionStatus.EFFECTIVE,
                                  1_795_000_000_000, "m01")], 1, 1_795_000_000_000)
    person = Record("R2", RecordKind.PERSON, "person:x", address.grid_code,
                    [RecordVersion("S2", {"address_code": address.code}, VersionStatus.EFFECTIVE, 1, "m01")], 1, 1)
    order = Order("O1", OrderKind.VISIT, "w0001", address.grid_code, address.code, address.text, 1_795_100_000_000,
                  1_795_000_000_000, "m01", 1, status=OrderStatus.DONE, done_at=1_795_050_000_000)
    store = Store(db_url)
    try:
        with store.engine.begin() as conn:
            migrate.upgrade(store.url, conn, "0011")
        store.seed(demo.district, [], [])
        with store.engine.begin() as conn:
            conn.execute(insert(t.records), [work_row(house), work_row(person)])
            conn.execute(insert(t.orders), [work_row(order)])
            conn.execute(insert(t.kpi_work), [{
                "entity": "order", "id": "O1", "kind": "visit", "status": "done", "grid_code": address.grid_code,
                "community_code": "", "police_grid_code": "", "station_code": "", "worker_id": "w0001", "title": "x",
                "anchor_at": order.due_at, "issued_at": order.issued_at, "due_at": order.due_at,
                "done_at": order.done_at, "resolved": False, "version": 1}])
        store.upgrade()
        with store.engine.connect() as conn:
            sites = conn.execute(select(t.kpi_sites.c.record_id, t.kpi_sites.c.kind, t.kpi_sites.c.address_code,
                                        t.kpi_sites.c.station_code, t.kpi_sites.c.until_at)).all()
            target = conn.scalar(select(t.kpi_work.c.target).where(t.kpi_work.c.id == "O1"))
        assert sites == [("R1", "house", address.code, address.station_code, None)]
        assert target == address.code
    finally:
        store.dispose()


def test_migration_0017_gives_the_facts_their_source_and_the_response_time_leaves_patrol_out(db_url, demo_roster):
    """Facts written before revision 0017 get the incident's source from the incidents projection; after it a
    巡逻发现 on scene no longer counts as a 0-minute response (sqlite and postgresql)."""
    from console.domain.kpi_facts import grid_places, incident_facts
    from console.domain.station_time import DAY_MS
    from console.services.summary import compute_kpis, days_period

    demo, _ = demo_roster
    address = demo.district.addresses[0]
    at = 1_795_000_000_000

    def incident(i: str, source: Source, arrive_min: int) -> Incident:
        arrived = at + arrive_min * 60_000
        return Incident(i, "200100", 2, source, Status.ON_SCENE, address.lng, address.lat, address.grid_code,
                        address.text, "x", "", "d01", at, 3, accepted_at=at, assignments={"w0001": Assignment(
                            "w0001", AssignmentStatus.ON_SCENE, at, "d01", signed_at=arrived, arrived_at=arrived)})

    incidents = [incident("J1", Source.CALL_110, 12), incident("J2", Source.PATROL, 0),
                 incident("J3", Source.GRID_WORKER, 8)]
    store = Store(db_url)
    try:
        with store.engine.begin() as conn:
            migrate.upgrade(store.url, conn, "0016")
        store.seed(demo.district, [], [])
        places = grid_places(demo.district)
        with store.engine.begin() as conn:
            conn.execute(insert(t.incidents), [{k: v for k, v in incident_row(inc).items() if k != "receipt"}
                                               for inc in incidents])  # 0019 adds the receipt
            conn.execute(insert(t.kpi_incidents), [{k: v for k, v in incident_facts(inc, places).items()
                                                    if k != "source"} for inc in incidents])
        store.upgrade()
        with store.engine.connect() as conn:
            sources = dict(conn.execute(select(t.kpi_incidents.c.id, t.kpi_incidents.c.source)).all())
        assert sources == {"J1": "110", "J2": "patrol", "J3": "grid"}
        day = days_period(china_date(at), 1)
        v = compute_kpis(store, Scope("district", "", ""), day, now_ms=at + DAY_MS, config=KpiConfig())
        response = v.values["avg_response_min"]
        assert (response.numerator, response.denominator, response.value) == (20, 2, 10)  # J1, J3; not J2
    finally:
        store.dispose()
