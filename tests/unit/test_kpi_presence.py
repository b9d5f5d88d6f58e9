"""Grid presence per hour (for 巡查覆盖率), folded from committed positions, and coverage from it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console.domain import events as ev
from console.domain.events import Event
from console.domain.presence import PresenceTracker
from console.domain.summary import Scope
from console.kpi.config import KpiConfig
from console.services.summary import build_daily_summary, compute_kpis, day_period, drill_down
from console.store import tables as t
from tests.unit.kpi_world import CENTRE, DAY, G1, G2, HOUR, S1, T0, WORKERS, World, district

WORKER_MAP = {w.id: w for w in WORKERS}
DIST = district()


def fix(seq: int, at: int, worker: str, lng: float, lat: float) -> Event:
    return Event(seq, at, ev.POSITION_REPORTED, "fieldsim", {"worker": worker, "lng": lng, "lat": lat, "at": at})


def fold(tracker: PresenceTracker, fixes: list[Event], on_duty=frozenset({"w1", "w2", "m1"})) -> dict:
    return tracker.fold(fixes, DIST, WORKER_MAP, set(on_duty))


def test_fixes_every_ten_seconds_cover_the_hour_and_spill_over():
    lng, lat = CENTRE[G1]
    start = T0 + 9 * HOUR
    added = fold(PresenceTracker(), [fix(i + 1, start + i * 10_000, "w1", lng, lat) for i in range(360)])
    assert added == {(G1, start): 3600.0, (G1, start + HOUR): 5.0}  # the last fix holds 15 s


def test_two_workers_in_one_grid_count_once_and_gaps_are_not_filled():
    lng, lat = CENTRE[G1]
    at = T0 + 9 * HOUR
    fixes = [fix(1, at, "w1", lng, lat), fix(2, at, "w2", lng, lat), fix(3, at + 5_000, "w2", lng, lat),
             fix(4, at + 60_000, "w1", lng, lat)]
    assert fold(PresenceTracker(), fixes) == {(G1, at): 20.0 + 15.0}


def test_only_on_duty_grid_workers_count_and_each_counts_where_they_are():
    tracker = PresenceTracker()
    at = T0 + 9 * HOUR
    g1_edge = (120.62 - 0.0003, 31.315)  # about 30 m west of G1: within the 50 m edge tolerance
    fixes = [fix(1, at, "m1", *CENTRE[G1]), fix(2, at, "w2", *CENTRE[G1]), fix(3, at, "w1", *g1_edge),
             fix(4, at + 20_000, "w1", *CENTRE[G2]), fix(5, at + 40_000, "w1", 121.0, 32.0)]
    assert fold(tracker, fixes, on_duty={"w1", "m1"}) == {(G1, at): 15.0, (G2, at): 15.0}
    # w2 would count for G1 (in its neighbour's grid) when on duty; another worker's fix does not count twice
    assert fold(tracker, [fix(6, at + 1_000, "w2", *CENTRE[G1])], on_duty={"w2"}) == {(G1, at): 1.0}


@pytest.fixture
def world(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'presence.db'}")
    w.batch([(T0, ev.DUTY_SET, "fieldsim", {"worker": "w1", "on": True}),
             (T0, ev.DUTY_SET, "fieldsim", {"worker": "w2", "on": True})])
    yield w
    w.close()


def test_coverage_needs_the_required_share_of_duty_hours(world):
    # duty 08-18 (10 h), share 0.6: G1 present 08:00-15:00 (7 h) is covered, G2 08:00-12:00 (4 h) is not
    world.batch(world.walk("w1", G1, T0 + 8 * HOUR, T0 + 15 * HOUR)
                + world.walk("w2", G2, T0 + 8 * HOUR, T0 + 12 * HOUR))
    with world.store.engine.connect() as conn:
        hours = conn.execute(select(t.kpi_presence.c.hour_at).where(t.kpi_presence.c.grid_code == G2)).scalars().all()
    assert sorted(hours) == [T0 + h * HOUR for h in range(8, 13)]  # 12:00-12:00:15 spills into the 12 o'clock hour
    station, today, config = Scope("station", S1, ""), day_period(DAY), KpiConfig()
    end = today.end_ms
    kset = compute_kpis(world.store, station, today, config=config, now_ms=end)
    assert kset.values["coverage_rate"].value == 0.5
    uncovered = drill_down(world.store, "coverage_rate", station, today, "denominator", config=config, now_ms=end)
    assert [(g.id, g.status) for g in uncovered] == [(G1, "已覆盖"), (G2, "未覆盖")]
    summary = build_daily_summary(world.store, DAY, S1, config=config, now_ms=end)
    assert [(g.id, g.detail) for g in summary.uncovered_grids] == [(G2, "在岗覆盖 40%（要求 60%）")]
    at_noon = compute_kpis(world.store, station, today, config=config, now_ms=T0 + 12 * HOUR)
    assert at_noon.values["coverage_rate"].value == 1.0  # 4 h of 4 h elapsed duty time
    before_duty = compute_kpis(world.store, station, today, config=config, now_ms=T0 + 7 * HOUR)
    assert before_duty.values["coverage_rate"].value is None
    worker = compute_kpis(world.store, Scope("worker", "w2", ""), today, config=config, now_ms=end)
    assert worker.values["coverage_rate"].numerator == 0 and worker.values["coverage_rate"].denominator == 1
