"""巡查覆盖率 and the 网格无人 alert count only duty hours, and a grid only while one of its own workers is on duty."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from console import config as settings
from console.domain import events as ev
from console.domain.geofence import GRID_UNCOVERED, GeofenceConfig, GeofenceMonitor
from console.domain.summary import Scope
from console.kpi.config import KpiConfig
from console.services.summary import build_daily_summary, compute_kpis, day_period
from console.store import tables as t
from tests.unit.kpi_world import DAY, G1, G2, G3, HOUR, MIN, S1, T0, WORKERS, World, district

STATION, TODAY, CFG = Scope("station", S1, ""), day_period(DAY), KpiConfig(duty_hours=(8, 18))


@pytest.fixture
def world(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'duty.db'}")
    yield w
    w.close()


def duty(w: World, ms: int, worker: str, on: bool) -> None:
    w.at(ms, ev.DUTY_SET, "fieldsim", worker=worker, on=on)


def test_coverage_duty_hours_count_only_the_grid_workers_shift(world):
    # w1 (G1) on duty 14:00-18:30, present 14:00-17:00: 3 h of the 4 h of duty hours on duty -> covered.
    # w2 (G2) never on duty: G2 is not due. w3 (G3, other station) on duty but nowhere: due, not covered.
    duty(world, T0 + 14 * HOUR, "w1", True)
    duty(world, T0 + 9 * HOUR, "w3", True)
    world.batch(world.walk("w1", G1, T0 + 14 * HOUR, T0 + 17 * HOUR))
    duty(world, T0 + 18 * HOUR + 30 * MIN, "w1", False)
    with world.store.engine.connect() as conn:
        shifts = conn.execute(select(t.kpi_duty.c.worker_id, t.kpi_duty.c.grid_code, t.kpi_duty.c.on_at,
                                     t.kpi_duty.c.off_at).order_by(t.kpi_duty.c.on_at)).all()
    assert shifts == [("w3", G3, T0 + 9 * HOUR, None), ("w1", G1, T0 + 14 * HOUR, T0 + 18 * HOUR + 30 * MIN)]
    end = TODAY.end_ms
    v = compute_kpis(world.store, STATION, TODAY, config=CFG, now_ms=end).values["coverage_rate"]
    assert (v.numerator, v.denominator) == (1, 1)
    summary = build_daily_summary(world.store, DAY, S1, config=CFG, now_ms=end)
    assert summary.uncovered_grids == []
    other = compute_kpis(world.store, Scope("station", "320508540000", ""), TODAY, config=CFG, now_ms=end)
    assert (other.values["coverage_rate"].numerator, other.values["coverage_rate"].denominator) == (0, 1)
    # at 16:00, 2 h on duty and 2 h present
    at_four = compute_kpis(world.store, STATION, TODAY, config=CFG, now_ms=T0 + 16 * HOUR)
    assert at_four.values["coverage_rate"].value == 1.0


def test_coverage_duty_hours_a_night_shift_is_not_judged_against_the_day(world):
    """The demo at night: every worker on duty and walking since 19:00; the day's duty hours were 08-18.
    Before the fix every grid showed 0% covered; now no grid was due, so nothing is reported uncovered."""
    for w in ("w1", "w2", "w3"):
        duty(world, T0 + 19 * HOUR, w, True)
    world.batch(world.walk("w1", G1, T0 + 19 * HOUR, T0 + 23 * HOUR, every_s=30)
                + world.walk("w2", G2, T0 + 19 * HOUR, T0 + 23 * HOUR, every_s=30))
    summary = build_daily_summary(world.store, DAY, S1, config=CFG, now_ms=T0 + 23 * HOUR)
    assert summary.today.values["coverage_rate"].value is None and summary.uncovered_grids == []
    # a deployment with night duty hours judges the same walk: covered only where the walk held enough
    night = KpiConfig(duty_hours=(18, 24))
    v = compute_kpis(world.store, STATION, TODAY, config=night, now_ms=T0 + 23 * HOUR).values["coverage_rate"]
    assert (v.numerator, v.denominator) == (0, 2)  # a fix every 30 s holds 15 s: half the time, under 60%
    world.batch(world.walk("w1", G1, T0 + 23 * HOUR, T0 + 24 * HOUR, every_s=10))
    v = compute_kpis(world.store, STATION, TODAY, config=night, now_ms=TODAY.end_ms).values["coverage_rate"]
    assert (v.numerator, v.denominator) == (1, 2)  # G1: 4 h at half + 1 h full = 3 h of 5 h on duty, 60%


def test_coverage_duty_hours_grid_uncovered_alert_waits_for_duty_hours():
    monitor = GeofenceMonitor(district(), WORKERS, GeofenceConfig(duty_hours=(8, 18)), start_ms=T0)
    for hour in range(0, 8):
        assert monitor.tick(T0 + hour * HOUR + 30 * MIN) == []  # all night: nobody in any grid, nothing raised
    assert monitor.tick(T0 + 8 * HOUR + 9 * MIN) == []  # the grace time starts with duty
    raised = monitor.tick(T0 + 8 * HOUR + 10 * MIN)
    assert sorted(a.subject for a in raised if a.kind == GRID_UNCOVERED) == [G1, G2, G3]
    assert monitor.tick(T0 + 19 * HOUR) == []


def test_coverage_duty_hours_setting(monkeypatch):
    monkeypatch.setenv("JINGWANG_DUTY_HOURS", "7-19")
    assert settings.duty_hours() == (7, 19) and KpiConfig().duty_hours == (7, 19)
    assert settings.relay_options()["geofence"].duty_hours == (7, 19)
    for bad in ("18-8", "8", "0-25", "a-b"):
        monkeypatch.setenv("JINGWANG_DUTY_HOURS", bad)
        with pytest.raises(ValueError, match="值守时段无效"):
            settings.duty_hours()
