"""Geofence rules on hand-made tracks: leaving the grid, uncovered grids, watched zones."""

from __future__ import annotations

import json
import math
import random

import pytest

from console.domain.errors import DomainError
from console.domain.geofence import (
    GRID_COVERED,
    GRID_UNCOVERED,
    LEFT_GRID,
    RETURNED_TO_GRID,
    ZONE_INCIDENT,
    GeofenceConfig,
    GeofenceMonitor,
    fold_open_alert,
)
from console.domain.places import District, Grid
from console.domain.state import State
from console.domain.workers import Position, Worker, WorkerKind
from console.field.district import generate_district

# Two 0.01° squares side by side at lat 31: A (west) and B (east); about 953 m × 1,112 m each.
W, E, S, N = 120.00, 120.01, 31.00, 31.01
KY = 6_371_008.8 * math.pi / 180
KX = KY * math.cos(math.radians(31.005))
A, B = "320508019001001", "320508019001002"
MIN = 60_000
GRACE = 3 * MIN
COVER_GRACE = 10 * MIN


def square(x0: float, x1: float) -> tuple:
    return ((x0, N), (x1, N), (x1, S), (x0, S))


DISTRICT = District("测试街道", "320508019", grids=[
    Grid(A, "甲网格", "320508019001", square(W, E)),
    Grid(B, "乙网格", "320508019001", square(E, E + 0.01)),
])
WORKERS = [
    Worker("W1", "张三", WorkerKind.GRID_WORKER, A),
    Worker("W2", "李四", WorkerKind.GRID_WORKER, B),
    Worker("P1", "王警官", WorkerKind.OFFICER, A),
]
MID_LAT = (S + N) / 2


def north_of_a(metres: float) -> tuple[float, float]:
    """A point ``metres`` north of grid A's north edge (negative: inside), above A's middle."""
    return (W + 0.005, N + metres / KY)


def monitor(**config) -> GeofenceMonitor:
    return GeofenceMonitor(DISTRICT, WORKERS, GeofenceConfig(**config), start_ms=0)


def kinds(alerts) -> list[tuple[str, str]]:
    return [(a.kind, a.subject) for a in alerts]


def test_walk_out_of_the_grid_and_back_raises_once_after_the_grace_time():
    m = monitor()
    assert m.on_duty("W1", True, 0) == []
    assert m.on_position("W1", *north_of_a(-100), 0) == []
    assert m.on_position("W1", *north_of_a(200), 10_000) == []  # out: the clock starts
    assert m.on_position("W1", *north_of_a(250), 10_000 + GRACE - 1) == []
    raised = m.on_position("W1", *north_of_a(300), 10_000 + GRACE)
    assert kinds(raised) == [(LEFT_GRID, "W1")]
    alert = raised[0]
    assert alert.zone == A and alert.at == 10_000 + GRACE and "张三" in alert.message and "甲网格" in alert.message
    assert (alert.lng, alert.lat) == pytest.approx(north_of_a(300))
    for k in range(1, 20):  # still out: never repeated, not by positions and not by ticks
        assert m.on_position("W1", *north_of_a(300), 10_000 + GRACE + k * 5_000) == []
        assert [a for a in m.tick(10_000 + GRACE + k * 5_000) if a.kind == LEFT_GRID] == []
    back = m.on_position("W1", *north_of_a(-50), 10_000 + GRACE + 200_000)
    assert kinds(back) == [(RETURNED_TO_GRID, "W1")]
    assert m.on_position("W1", *north_of_a(-60), 10_000 + GRACE + 205_000) == []


def test_a_short_excursion_restarts_the_clock():
    m = monitor()
    m.on_duty("W1", True, 0)
    m.on_position("W1", *north_of_a(200), 0)
    m.on_position("W1", *north_of_a(-10), GRACE - 1)  # back just in time
    assert m.on_position("W1", *north_of_a(200), GRACE) == []
    assert m.on_position("W1", *north_of_a(200), 2 * GRACE - 1) == []
    assert kinds(m.on_position("W1", *north_of_a(200), 2 * GRACE)) == [(LEFT_GRID, "W1")]


def test_tick_raises_a_worker_who_stopped_reporting_outside_exactly_at_the_grace_time():
    m = monitor()
    m.on_duty("W1", True, 0)
    m.on_position("W1", *north_of_a(500), 1_000)
    assert [a for a in m.tick(1_000 + GRACE - 1) if a.kind == LEFT_GRID] == []
    raised = [a for a in m.tick(1_000 + GRACE) if a.kind == LEFT_GRID]
    assert kinds(raised) == [(LEFT_GRID, "W1")] and raised[0].at == 1_000 + GRACE


def test_gps_jitter_at_the_edge_does_not_flap():
    m = monitor()
    m.on_duty("W1", True, 0)
    rng = random.Random(3)
    out = []
    for k in range(720):  # an hour of fixes every 5 s on the boundary road, up to 45 m either side
        out += m.on_position("W1", *north_of_a(rng.uniform(-45, 45)), k * 5_000)
        out += [a for a in m.tick(k * 5_000) if a.kind in (LEFT_GRID, RETURNED_TO_GRID)]
    assert out == []


def test_after_raising_jitter_near_the_limit_neither_clears_nor_repeats():
    m = monitor()
    m.on_duty("W1", True, 0)
    m.on_position("W1", *north_of_a(100), 0)
    assert kinds(m.on_position("W1", *north_of_a(100), GRACE)) == [(LEFT_GRID, "W1")]
    for k in range(1, 200):  # 30..60 m out: above the 25 m return threshold
        assert m.on_position("W1", *north_of_a(30 + (k * 7) % 31), GRACE + k * 5_000) == []
    assert kinds(m.on_position("W1", *north_of_a(20), GRACE + 1_000_000)) == [(RETURNED_TO_GRID, "W1")]


def test_off_duty_clears_silently_and_stops_the_clock():
    m = monitor()
    m.on_duty("W1", True, 0)
    m.on_position("W1", *north_of_a(200), 0)
    assert kinds(m.on_position("W1", *north_of_a(200), GRACE)) == [(LEFT_GRID, "W1")]
    assert m.on_duty("W1", False, GRACE + 1) == []
    assert m.on_position("W1", *north_of_a(200), GRACE + 2 * GRACE) == []  # off duty: not checked
    assert [a for a in m.tick(10 * GRACE) if a.subject == "W1"] == []
    m.on_duty("W1", True, 10 * GRACE)
    back = m.on_position("W1", *north_of_a(-100), 10 * GRACE + 1)
    assert [a for a in back if a.subject == "W1"] == []  # no returned_to_grid: it was cleared
    m.on_position("W1", *north_of_a(200), 11 * GRACE)
    assert m.on_position("W1", *north_of_a(200), 12 * GRACE - 1) == []
    assert kinds(m.on_position("W1", *north_of_a(200), 12 * GRACE)) == [(LEFT_GRID, "W1")]


def test_officers_are_not_checked_and_unknown_workers_and_old_fixes_are_ignored():
    m = monitor()
    m.on_duty("P1", True, 0)
    m.on_position("P1", *north_of_a(2_000), 0)
    assert m.on_position("P1", *north_of_a(2_000), 10 * GRACE) == []
    assert [a for a in m.tick(10 * GRACE) if a.kind == LEFT_GRID] == []
    assert m.on_position("nobody", *north_of_a(2_000), 1) == []
    m.on_duty("W1", True, 0)
    m.on_position("W1", *north_of_a(-100), 100_000)
    assert m.on_position("W1", *north_of_a(500), 50_000) == []  # older than the latest fix
    assert m.on_position("W1", *north_of_a(-100), 100_000 + GRACE) == []


def test_grid_uncovered_after_grace_then_covered_when_someone_arrives():
    m = monitor()
    m.on_duty("W1", True, 0)
    m.on_position("W1", *north_of_a(-100), 0)
    m.on_position("W1", *north_of_a(-100), COVER_GRACE - 1)
    assert m.tick(COVER_GRACE - 1) == []
    m.on_position("W1", *north_of_a(-100), COVER_GRACE)
    assert kinds(m.tick(COVER_GRACE)) == [(GRID_UNCOVERED, B)]  # nobody in B since the monitor started
    assert m.tick(COVER_GRACE + 1) == []  # not repeated
    # W1 crosses into B: B is covered at once; A has nobody from then on.
    t = COVER_GRACE + 10_000
    covered = m.on_position("W1", E + 0.004, MID_LAT, t)
    assert kinds(covered) == [(GRID_COVERED, B)] and "张三" in covered[0].message
    for k in range(1, 120):
        m.on_position("W1", E + 0.004, MID_LAT, t + k * 5_000)
        assert [a for a in m.tick(t + k * 5_000 - 1) if a.subject == A] == []
    assert kinds(m.tick(t + COVER_GRACE)) == [(GRID_UNCOVERED, A)]


def test_a_stale_worker_stops_covering_the_grid():
    m = monitor(stale_after_ms=15_000)
    m.on_duty("W2", True, 0)
    m.on_position("W2", E + 0.005, MID_LAT, 0)
    last = 60_000
    m.on_position("W2", E + 0.005, MID_LAT, last)  # then silence
    assert [a for a in m.tick(last + 15_000 + COVER_GRACE - 1) if a.subject == B] == []
    assert [a.kind for a in m.tick(last + 15_000 + COVER_GRACE) if a.subject == B] == [GRID_UNCOVERED]
    assert kinds(m.on_position("W2", E + 0.005, MID_LAT, last + 20 * MIN)) == [(GRID_COVERED, B)]


def test_going_off_duty_leaves_the_grid_uncovered_after_the_grace_time():
    m = monitor()
    m.on_duty("W2", True, 0)
    for k in range(100):
        m.on_position("W2", E + 0.005, MID_LAT, k * 5_000)
        m.tick(k * 5_000)
    off = 99 * 5_000 + 1
    m.on_duty("W2", False, off)
    assert [a for a in m.tick(off + COVER_GRACE - 1) if a.subject == B] == []
    assert [a.kind for a in m.tick(off + COVER_GRACE) if a.subject == B] == [GRID_UNCOVERED]
    back = off + COVER_GRACE + 60_000
    m.on_position("W2", E + 0.005, MID_LAT, back - 5_000)  # fixes off duty are kept, not counted
    assert [a for a in m.tick(back - 1) if a.subject == B] == []
    assert kinds(m.on_duty("W2", True, back)) == [(GRID_COVERED, B)]  # a fresh fix counts at once


def test_going_on_duty_with_an_old_fix_waits_for_a_new_one():
    m = monitor()
    m.on_position("W2", E + 0.005, MID_LAT, 0)
    assert kinds(m.tick(COVER_GRACE)) == [(GRID_UNCOVERED, A), (GRID_UNCOVERED, B)]
    assert m.on_duty("W2", True, COVER_GRACE + 60_000) == []
    assert kinds(m.on_position("W2", E + 0.005, MID_LAT, COVER_GRACE + 61_000)) == [(GRID_COVERED, B)]


ZONE = ((E - 0.002, S + 0.002), (E + 0.002, S + 0.002), (E + 0.002, S + 0.006), (E - 0.002, S + 0.006))


def test_zone_incident_inside_outside_on_the_boundary_and_after_removal():
    m = monitor()
    m.add_zone("Z1", "火车站广场", ZONE)
    inside = m.on_incident("I1", E, S + 0.004, 1_000)
    assert kinds(inside) == [(ZONE_INCIDENT, "I1")]
    assert inside[0].zone == "Z1" and "火车站广场" in inside[0].message and inside[0].at == 1_000
    assert m.on_incident("I2", E + 0.0021, S + 0.004, 2_000) == []  # ~10 m outside
    assert kinds(m.on_incident("I3", E + 0.002, S + 0.004, 3_000)) == [(ZONE_INCIDENT, "I3")]  # on the east edge
    assert kinds(m.on_incident("I4", E - 0.002, S + 0.006, 4_000)) == [(ZONE_INCIDENT, "I4")]  # on a corner
    m.add_zone("Z2", "学校", square(E - 0.001, E + 0.001))
    assert sorted(a.zone for a in m.on_incident("I5", E, S + 0.004, 5_000)) == ["Z1", "Z2"]
    m.remove_zone("Z1")
    assert [a.zone for a in m.on_incident("I6", E, S + 0.004, 6_000)] == ["Z2"]
    m.remove_zone("Z2")
    m.remove_zone("Z2")  # removing twice is harmless
    assert m.on_incident("I7", E, S + 0.004, 7_000) == []


@pytest.mark.parametrize("polygon", [[(E, S), (E, N)], [(E, S), (E, N), (E, float("nan"))], [(E, S), (E, N), (E, S)],
                                     "not a polygon"])
def test_invalid_zone_polygons_are_refused(polygon):
    with pytest.raises(DomainError) as err:
        monitor().add_zone("Z9", "坏区域", polygon)
    assert err.value.code == "E_FIELD"


def test_alert_event_data_is_json_ready():
    m = monitor()
    m.add_zone("Z1", "广场", ZONE)
    zone_alert = m.on_incident("I1", E, S + 0.004, 1_000)[0]
    data = json.loads(json.dumps(zone_alert.to_event_data(), ensure_ascii=False))
    assert data == {"kind": ZONE_INCIDENT, "subject": "I1", "zone": "Z1", "at": 1_000, "message": zone_alert.message,
                    "lng": E, "lat": S + 0.004}
    grid_alert = m.tick(COVER_GRACE)[0]
    assert set(grid_alert.to_event_data()) == {"kind", "subject", "zone", "at", "message"}


def test_open_alerts_fold_and_resume_without_repeating():
    m = monitor()
    m.on_duty("W1", True, 0)
    log = m.on_position("W1", *north_of_a(300), 0) + m.on_position("W1", *north_of_a(300), GRACE)
    log += m.tick(COVER_GRACE)
    open_alerts: dict = {}
    for alert in log:
        fold_open_alert(open_alerts, alert.to_event_data())
    assert set(open_alerts) == {(LEFT_GRID, "W1"), (GRID_UNCOVERED, A), (GRID_UNCOVERED, B)}
    # The relay restarts: duty and the latest fix come from the state, raised alerts from the projection.
    now = COVER_GRACE + 1_000
    state = State(DISTRICT, {w.id: w for w in WORKERS}, on_duty={"W1"},
                  positions={"W1": Position("W1", *north_of_a(300), COVER_GRACE)})
    resumed = GeofenceMonitor.from_state(state, now, open_alerts=open_alerts.values(), zones=[("Z1", "广场", ZONE)])
    assert resumed.tick(now) == []
    assert resumed.on_position("W1", *north_of_a(300), now + GRACE) == []
    back = resumed.on_position("W1", *north_of_a(-100), now + GRACE + 5_000)
    assert kinds(back) == [(GRID_COVERED, A), (RETURNED_TO_GRID, "W1")]
    for alert in back:
        fold_open_alert(open_alerts, alert.to_event_data())
    assert set(open_alerts) == {(GRID_UNCOVERED, B)}
    assert kinds(resumed.on_incident("I1", E, S + 0.004, now + GRACE + 6_000)) == [(ZONE_INCIDENT, "I1")]


def test_same_calls_give_the_same_alerts_on_the_demo_district():
    demo = generate_district(7, 60)

    def run() -> list:
        rng = random.Random(5)
        m = GeofenceMonitor(demo.district, demo.workers, start_ms=0)
        out = []
        for w in demo.workers:
            out += m.on_duty(w.id, True, 0)
        for k in range(3_000):
            w = rng.choice(demo.workers)
            out += m.on_position(w.id, rng.uniform(120.615, 120.650), rng.uniform(31.305, 31.330), k * 1_000)
            if k % 10 == 0:
                out += m.tick(k * 1_000)
        return out

    first = run()
    assert first == run()
    assert {a.kind for a in first} >= {LEFT_GRID, RETURNED_TO_GRID}
