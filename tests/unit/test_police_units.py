"""Police units and safe recommendations: eligibility by what the category needs, then ETA by travel mode."""

from __future__ import annotations

import json

import pytest

from console.domain import events as ev
from console.domain.dispatch_needs import load_needs
from console.domain.state import State, apply
from console.domain.suggest import suggest
from console.domain.unit_status import ARRIVED_MS, REST_MS, UnitStatus, unit_states
from console.domain.units import Capability, TravelMode
from console.domain.workers import Worker, WorkerKind, worker_from_row, worker_row
from console.testing.factory import EventFactory, advance
from console.testing.sample_state import build_district, grid_center

NOW = 1_800_000_000_000
M_PER_DEG_LAT = 111_195.0


def _world(units: dict[str, tuple[WorkerKind, TravelMode | None, float]], category: str,
           busy: tuple[str, ...] = ()) -> tuple[State, str]:
    """Units ``id -> (kind, mode, metres north of the incident)`` on duty with fresh fixes, and one incident."""
    district = build_district(2, 2)
    grid = district.grids[0]
    roster = {wid: Worker(wid, wid, kind, grid.code, mode=mode) for wid, (kind, mode, _) in units.items()}
    state = State(district, roster)
    f = EventFactory(State(district, dict(roster)), NOW - 60_000)
    lng, lat = grid_center(grid)
    events = [f.duty(w) for w in roster]
    events += [f.position(w, lng, lat + metres / M_PER_DEG_LAT, NOW - 1_000) for w, (_, _, metres) in units.items()]
    for w in busy:
        other = f.report(grid, (lng, lat), category="500000")
        events += [other, *advance(other.data["incident"], f, w, 3)]
    report = f.report(grid, (lng, lat), category=category, priority=2)
    events.append(report)
    for e in events:
        apply(state, e)
    return state, report.data["incident"]


def _ranked(state: State, incident: str):
    return suggest(state, state.incidents[incident], NOW)


FIGHT_ROSTER = {
    "G_NEAR": (WorkerKind.GRID_WORKER, None, 40.0),
    "F_AUX": (WorkerKind.AUXILIARY, None, 60.0),
    "P_OFFICER": (WorkerKind.OFFICER, None, 900.0),
    "X_CAR": (WorkerKind.PATROL, TravelMode.CAR, 1500.0),
}


@pytest.mark.parametrize("category", ["200100", "200600", "100400", "700000"])
def test_police_first_for_violent_and_criminal_categories(category):
    state, inc = _world(FIGHT_ROSTER, category)
    ranked = _ranked(state, inc)
    assert [s.worker_id for s in ranked[:2]] == ["X_CAR", "P_OFFICER"]  # car 1.5 km beats e-bike 900 m
    assert ranked[0].eligible and ranked[0].reason_text == "巡逻车 · 约5分钟 · 具备执法能力"
    grid_worker = next(s for s in ranked if s.worker_id == "G_NEAR")
    assert not grid_worker.eligible and grid_worker.support_only
    assert grid_worker.flag == "仅协助 · 无执法权"
    assert next(s for s in ranked if s.worker_id == "F_AUX").flag == "仅协助 · 无执法权"


def test_police_first_even_when_every_police_unit_is_busy():
    state, inc = _world(FIGHT_ROSTER, "200100", busy=("X_CAR", "P_OFFICER"))
    ranked = _ranked(state, inc)
    assert ranked[0].kind.is_police and ranked[0].busy_with is not None
    assert all(s.kind is not WorkerKind.GRID_WORKER for s in ranked[:2])
    assert all(s.flag.startswith("仅协助") for s in ranked if s.kind is WorkerKind.GRID_WORKER)


def test_police_first_does_not_demote_grid_workers_for_mediation():
    state, inc = _world(FIGHT_ROSTER, "200200")  # 治安纠纷: mediation, grid workers may lead
    ranked = _ranked(state, inc)
    assert ranked[0].worker_id == "G_NEAR" and ranked[0].eligible and ranked[0].flag == ""
    car = next(s for s in ranked if s.worker_id == "X_CAR")
    assert not car.eligible and car.flag == "缺调解能力" and not car.support_only


def test_eta_order_car_far_beats_walker_near():
    state, inc = _world({"W_WALK": (WorkerKind.GRID_WORKER, None, 400.0),
                         "X_CAR": (WorkerKind.PATROL, TravelMode.CAR, 1500.0)}, "500000")
    ranked = _ranked(state, inc)
    assert [s.worker_id for s in ranked] == ["X_CAR", "W_WALK"]
    assert ranked[0].eta_s < ranked[1].eta_s


def test_eta_order_nearer_worker_in_the_same_grid_first():
    # A_FAR is the grid's responsible worker and sorts first by name: distance still wins
    state, inc = _world({"A_FAR": (WorkerKind.GRID_WORKER, None, 351.0),
                         "B_NEAR": (WorkerKind.GRID_WORKER, None, 98.0)}, "500000")
    ranked = _ranked(state, inc)
    assert [s.worker_id for s in ranked] == ["B_NEAR", "A_FAR"]
    assert "责任网格员" in ranked[1].reason_text


def test_eta_order_then_load_on_equal_time():
    state, inc = _world({"A": (WorkerKind.GRID_WORKER, None, 200.0), "B": (WorkerKind.GRID_WORKER, None, 200.0)},
                        "500000", busy=("A",))
    assert [s.worker_id for s in _ranked(state, inc)] == ["B", "A"]


def test_needs_table_longest_prefix_and_override(tmp_path):
    table = load_needs()
    assert table.need_of("200100").police_lead and Capability.ENFORCEMENT in table.need_of("200100").needs
    assert not table.need_of("200200").police_lead
    assert table.need_of("990000") == table.default
    path = tmp_path / "needs.json"
    path.write_text(json.dumps({"categories": [{"prefix": "99", "needs": ["first_aid"], "police_lead": True}]}),
                    encoding="utf-8")
    assert load_needs(str(path)).need_of("990000").needs == {Capability.FIRST_AID}


def test_roster_row_round_trip_keeps_mode_capabilities_and_station():
    car = Worker("X01", "巡逻一组(车)", WorkerKind.PATROL, "g", "1", TravelMode.CAR, station_code="320508540000")
    assert worker_from_row(worker_row(car)) == car
    old = worker_from_row(["W1", "张三", "grid_worker", "g", "1"])
    assert old.mode is TravelMode.WALK and Capability.ENFORCEMENT not in old.capabilities
    assert car.unit_label == "巡逻车" and WorkerKind.AUXILIARY.label == "辅警"


def test_unit_status_follows_the_assignment():
    state, inc = _world({"X_CAR": (WorkerKind.PATROL, TravelMode.CAR, 500.0),
                         "X_FOOT": (WorkerKind.PATROL, TravelMode.WALK, 300.0)}, "200100")
    f = EventFactory.following(state, NOW - 30_000)
    apply(state, f.step(inc, ev.INCIDENT_ACCEPTED))  # a new incident is accepted before anyone is dispatched
    assert unit_states(state, ["X_CAR"], NOW)["X_CAR"].status is UnitStatus.IDLE
    steps = [(ev.INCIDENT_DISPATCHED, UnitStatus.DISPATCHED), (ev.INCIDENT_SIGNED, UnitStatus.EN_ROUTE),
             (ev.INCIDENT_ARRIVED, UnitStatus.ARRIVED)]
    for type_, status in steps:
        e = f.step(inc, type_, "X_CAR")
        apply(state, e)
        us = unit_states(state, ["X_CAR"], e.at)["X_CAR"]
        assert (us.status, us.since, us.incident) == (status, e.at, inc)
    arrived = f.at
    assert unit_states(state, ["X_CAR"], arrived + ARRIVED_MS + 1)["X_CAR"].status is UnitStatus.HANDLING
    done = f.step(inc, ev.INCIDENT_FEEDBACK, "X_CAR")
    apply(state, done)
    assert unit_states(state, ["X_CAR"], done.at + 1)["X_CAR"].status is UnitStatus.RESTING
    idle = unit_states(state, ["X_CAR"], done.at + REST_MS)["X_CAR"]
    assert (idle.status, idle.since) == (UnitStatus.IDLE, done.at + REST_MS)
    apply(state, f.duty("X_FOOT", on=False))
    assert unit_states(state, ["X_FOOT"], NOW)["X_FOOT"].status is UnitStatus.OFF_DUTY
