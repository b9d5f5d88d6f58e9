"""人流热力: person-minutes of on-duty workers, e码 page views and incidents per hour and cell, with known answers."""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain import events as ev
from console.domain.decide_public import PUBLIC_ACTOR, scanned
from console.domain.errors import DomainError
from console.domain.heat import CELL_DEG, HeatDay, HeatSource, PeopleFolder, cell_of
from console.domain.workers import Worker, WorkerKind
from console.kpi.heat import heat_days
from console.services.summary import read_snapshot
from tests.unit.kpi_world import CENTRE, DAY, G1, G2, HOUR, MIN, T0, World

P, S, INC = HeatSource.PEOPLE.value, HeatSource.SCANS.value, HeatSource.INCIDENTS.value
C1, C2 = cell_of(*CENTRE[G1]), cell_of(*CENTRE[G2])


def fix(seq: int, at: int, worker: str, where: tuple[float, float]) -> ev.Event:
    return ev.Event(seq, at, ev.POSITION_REPORTED, "fieldsim", {"worker": worker, "lng": where[0], "lat": where[1],
                                                                  "at": at})


def duty(seq: int, at: int, worker: str, on: bool) -> ev.Event:
    return ev.Event(seq, at, ev.DUTY_SET, worker, {"worker": worker, "on": on})


def test_cells_are_fixed_degree_squares():
    assert cell_of(120.0005, 31.0009) == (120000, 31000)
    assert cell_of(120.0010, 31.0010) == (120001, 31001)
    assert cell_of(-0.0001, 0.0) == (-1, 0)
    assert CELL_DEG == 0.001


def test_folder_counts_person_minutes_of_on_duty_workers_only():
    workers = {w: Worker(w, w, WorkerKind.GRID_WORKER, G1) for w in ("w1", "w2")} | {
        "p1": Worker("p1", "巡逻一组", WorkerKind.PATROL, G1)}
    edge = T0 + 9 * HOUR
    events = [
        duty(1, edge - 5 * MIN, "w1", True),
        fix(2, edge - 1, "w1", CENTRE[G1]),          # 08:59:59.999: hour 8
        fix(3, edge - 1, "w2", CENTRE[G1]),          # w2 never went on duty: not counted
        fix(4, edge, "w1", CENTRE[G2]),              # 09:00:00.000: hour 9, another minute, another cell
        fix(5, edge + 30_000, "w1", CENTRE[G1]),     # the same minute as the last: not counted again
        fix(6, edge + 10_000, "p1", CENTRE[G2]),     # a patrol unit on duty before the batch
        duty(7, edge + MIN, "w1", False),
        fix(8, edge + 2 * MIN, "w1", CENTRE[G2]),    # after 下岗 in the same batch: not counted
    ]
    added = PeopleFolder().fold(events, workers, on_duty_after={"p1"})
    assert added == {(edge - HOUR, *C1): 1, (edge, *C2): 2}


def test_folder_remembers_the_minute_across_batches():
    folder, workers = PeopleFolder(), {"w1": Worker("w1", "w1", WorkerKind.GRID_WORKER, G1)}
    assert folder.fold([fix(1, T0 + 5_000, "w1", CENTRE[G1])], workers, {"w1"}) == {(T0, *C1): 1}
    assert folder.fold([fix(2, T0 + 50_000, "w1", CENTRE[G1])], workers, {"w1"}) == {}
    assert folder.fold([fix(3, T0 + 60_000, "w1", CENTRE[G1])], workers, {"w1"}) == {(T0, *C1): 1}


@pytest.fixture
def world(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'heat.db'}")
    lng, lat = CENTRE[G2]
    w.at(T0, ev.REFERENCE_UPSERTED, kind="address", rows=[
        {"code": "A1", "text": "大儒巷1号", "road": "大儒巷", "door": "1", "compound": "", "building": "", "unit": "",
         "floor": "", "room": "", "lng": lng, "lat": lat, "grid": G2, "police_grid": "", "station": ""}])
    yield w
    w.store.dispose()


def read(w: World, first: dt.date, last: dt.date | None = None) -> HeatDay:
    with read_snapshot(w.store) as conn:
        return heat_days(conn, first, last or first)


def test_a_day_of_people_scans_and_incidents_by_hour(world):
    w = world
    w.at(T0 + 8 * HOUR, ev.DUTY_SET, "w1", worker="w1", on=True)
    w.batch(w.walk("w1", G1, T0 + 8 * HOUR, T0 + 9 * HOUR + 10 * MIN))  # every 10 s: one count a minute
    w.batch(w.walk("w2", G2, T0 + 8 * HOUR, T0 + 9 * HOUR))  # w2 is off duty all day
    w.at(T0 + 10 * HOUR, ev.DUTY_SET, "w1", worker="w1", on=False)
    w.batch(w.walk("w1", G1, T0 + 10 * HOUR, T0 + 11 * HOUR))  # after 下岗
    w.at(T0 + 9 * HOUR + 30 * MIN, ev.ECODE_SCANNED, "public", hour_at=T0 + 9 * HOUR, counts={"A1": 4})
    w.at(T0 + 10 * HOUR + 5, ev.ECODE_SCANNED, "public", hour_at=T0 + 9 * HOUR, counts={"A1": 1})  # a late flush
    lng, lat = CENTRE[G1]
    for k, at in enumerate((T0 + 23 * HOUR + 59 * MIN, T0 + 24 * HOUR)):  # the second is the next day
        w.at(at, ev.INCIDENT_REPORTED, incident=f"I{k}", category="200200", priority=2, source="110", lng=lng,
             lat=lat, grid=G1, address="", narrative="n", caller="")
    day = read(w, DAY)
    assert day.cells(P, 8) == {C1: 60} and day.cells(P, 9) == {C1: 10}
    assert day.total(P) == 70 and day.total(P, 10) == 0
    assert day.cells(S, 9) == {C2: 5} and day.total(S) == 5
    assert day.cells(INC, 23) == {C1: 1} and day.total(INC) == 1
    both = read(w, DAY, DAY + dt.timedelta(days=1))
    assert both.cells(INC, 0) == {C1: 1} and both.total(INC) == 2 and both.total(P) == 70
    assert HeatDay.from_dict(both.to_dict()) == both


def test_bad_ranges_and_scan_counts_are_refused(world):
    with pytest.raises(DomainError) as err:
        read(world, DAY, DAY - dt.timedelta(days=1))
    assert err.value.code == "E_FIELD" and "早于" in err.value.zh
    with pytest.raises(DomainError):
        read(world, DAY, DAY + dt.timedelta(days=31))
    state, hour = world.state, T0 + 9 * HOUR
    assert scanned(state, PUBLIC_ACTOR, {"hour_at": hour, "counts": {"A1": 2}}, hour + 1, 1)[1]["counts"] == {"A1": 2}
    for args in ({"hour_at": hour + 1, "counts": {"A1": 2}}, {"hour_at": hour, "counts": {"A9": 2}},
                 {"hour_at": hour, "counts": {"A1": 0}}, {"hour_at": hour, "counts": {}},
                 {"hour_at": hour + HOUR, "counts": {"A1": 1}}):
        with pytest.raises(DomainError) as err:
            scanned(state, PUBLIC_ACTOR, args, hour + 1, 1)
        assert err.value.code == "E_FIELD"


def test_an_account_bound_to_grids_reads_only_the_cells_inside_them(world, tmp_path):
    from console.domain.decide_common import Actor
    from console.domain.scope import Scope
    from console.domain.workers import Role
    from console.services.relay_reads import StoreReads

    w = world
    w.at(T0 + 8 * HOUR, ev.DUTY_SET, "w1", worker="w1", on=True)
    w.at(T0 + 8 * HOUR, ev.DUTY_SET, "w2", worker="w2", on=True)
    w.batch(w.walk("w1", G1, T0 + 8 * HOUR, T0 + 8 * HOUR + 5 * MIN) + w.walk("w2", G2, T0 + 8 * HOUR,
                                                                              T0 + 8 * HOUR + 5 * MIN))
    w.at(T0 + 9 * HOUR, ev.ECODE_SCANNED, "public", hour_at=T0 + 8 * HOUR, counts={"A1": 2})  # A1 lies in G2
    reads = StoreReads(w.store.url)
    try:
        args = {"first": DAY.isoformat(), "last": DAY.isoformat()}
        everyone = HeatDay.from_dict(reads.run(Actor("d01", Role.DISPATCHER), "heat.day", args))
        bound = Actor("m01", Role.OFFICER, scope=Scope(grids=frozenset({G1})))
        own = HeatDay.from_dict(reads.run(bound, "heat.day", args))
    finally:
        reads.close()
    assert everyone.cells(P, 8) == {C1: 5, C2: 5} and everyone.cells(S, 8) == {C2: 2}
    assert own.cells(P, 8) == {C1: 5} and own.total(S) == 0
