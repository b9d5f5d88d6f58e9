"""Which stations an event belongs to, and what a scoped or decimated subscription picks of a stream."""

from __future__ import annotations

import dataclasses

import pytest

from console.domain import events as ev
from console.domain.audience import station_keys
from console.domain.decide_common import Actor
from console.domain.decide_risk import station_of
from console.domain.errors import DomainError
from console.domain.places import PoliceGrid, Station
from console.domain.scope import Scope
from console.domain.state import State, apply
from console.domain.subscription import Picker, Subscription
from console.domain.workers import Role
from console.testing.sample_state import build_district, build_roster

BASE = build_district()
A, B = BASE.stations[0].code, "320508550000"
[PG] = BASE.police_grids
GRIDS_A, GRIDS_B = PG.grid_codes[::2], PG.grid_codes[1::2]  # 044xxx and 045xxx
DISTRICT = dataclasses.replace(BASE, stations=[*BASE.stations, Station(B, "第二派出所")], police_grids=[
    dataclasses.replace(PG, grid_codes=GRIDS_A),
    PoliceGrid("32050855000001", "二所一格", B, GRIDS_B, PG.polygon)])
ROSTER = build_roster(DISTRICT, 2)
W_A, W_B = "W001", "W002"  # in grids 044001 and 045001
T0 = 1_700_000_000_000


def _fix(seq: int, worker: str, at: int = T0) -> ev.Event:
    return ev.Event(seq, at, ev.POSITION_REPORTED, "gw", {"worker": worker, "lng": 120.6, "lat": 31.3, "at": at})


def _state() -> State:
    state = State(DISTRICT, ROSTER)
    lng, lat = DISTRICT.grids[1].polygon[0]
    apply(state, ev.Event(1, T0, ev.INCIDENT_REPORTED, "d01", {
        "incident": "I-B", "category": "200200", "priority": 2, "source": "110", "lng": lng, "lat": lat,
        "grid": GRIDS_B[0], "address": "", "narrative": "n", "caller": ""}))
    return state


def test_an_event_belongs_to_the_stations_of_its_incident_and_its_workers():
    state = _state()
    assert ROSTER[W_A].grid_code in GRIDS_A and ROSTER[W_B].grid_code in GRIDS_B
    assert station_keys(state, _fix(2, W_A)) == {f"st:{A}"}
    assert station_keys(state, _fix(2, W_B)) == {f"st:{B}"}
    accepted = ev.Event(2, T0, ev.INCIDENT_ACCEPTED, "d01", {"incident": "I-B"})
    assert station_keys(state, accepted) == {f"st:{B}"}
    zone = ev.Event(2, T0, ev.ZONE_SET, "d01", {"zone": "Z1", "name": "z", "polygon": [[1, 1], [2, 2], [1, 2]]})
    assert station_keys(state, zone) == frozenset(), "a zone names no station: every desk gets it"


def test_a_station_subscription_picks_its_station_and_what_names_none():
    state = _state()
    zone = ev.Event(4, T0, ev.ZONE_SET, "d01", {"zone": "Z1", "name": "z", "polygon": [[1, 1], [2, 2], [1, 2]]})
    stream = [_fix(2, W_A), _fix(3, W_B), zone]
    picked = Picker(Subscription(frozenset({A}))).pick(stream, lambda e: station_keys(state, e))
    assert [e.seq for e in picked] == [2, 4]
    both = Picker(Subscription(frozenset({A, B}))).pick(stream, lambda e: station_keys(state, e))
    assert [e.seq for e in both] == [2, 3, 4]


def test_decimation_passes_one_position_per_worker_per_period_across_batches():
    picker = Picker(Subscription(positions_every_ms=1000))
    ats = [0, 400, 999, 1000, 1500, 2100]
    first = picker.pick([_fix(i + 1, W_A, T0 + at) for i, at in enumerate(ats[:3])], lambda e: frozenset())
    later = picker.pick([_fix(i + 4, W_A, T0 + at) for i, at in enumerate(ats[3:])] + [_fix(9, W_B, T0 + 1500)],
                        lambda e: frozenset())
    assert [e.at - T0 for e in first + later if e.data["worker"] == W_A] == [0, 1000, 2100]
    assert [e.seq for e in later if e.data["worker"] == W_B] == [9], "each worker has its own period"


def test_a_subscription_is_checked_against_the_district_the_bounds_and_the_account_scope():
    state = _state()
    desk = Actor("d01", Role.DISPATCHER)
    bound = Actor("sa01", Role.DISPATCHER, scope=Scope(stations=frozenset({A})).resolved(DISTRICT))
    assert Subscription.of(desk, state, [A, B], 10, 300) == Subscription(frozenset({A, B}), 10_000)
    assert Subscription.of(bound, state, [A], 0, 300).stations == {A}
    for actor, stations, every, code in ((desk, ["999"], 0, "E_FIELD"), (desk, [A], 301, "E_FIELD"),
                                          (desk, None, -1, "E_FIELD"), (bound, [B], 0, "E_FORBIDDEN")):
        with pytest.raises(DomainError) as refused:
            Subscription.of(actor, state, stations, every, 300)
        assert refused.value.code == code


def test_a_desk_scoped_to_several_stations_subscribes_to_any_of_them():
    """A 分局 or city centre account (``station``: a list) covers each listed station's grids."""
    state = _state()
    branch = Scope.from_arg({"station": [A, B]})
    assert branch.to_dict() == {"station": sorted([A, B])} and Scope.parse(branch.to_dict()) == branch
    assert branch.describe() == "派出所 2 个" and branch.problems(DISTRICT, {}, {}) == []
    desk = Actor("fj01", Role.DISPATCHER, scope=branch.resolved(DISTRICT))
    assert desk.scope.grids == set(GRIDS_A) | set(GRIDS_B)
    assert Subscription.of(desk, state, [A, B], 0, 300).stations == {A, B}
    only_a = Actor("sa01", Role.DISPATCHER, scope=Scope.from_arg({"station": [A]}).resolved(DISTRICT))
    assert only_a.scope.to_dict()["station"] == A, "one station is stored as a plain code"
    with pytest.raises(DomainError) as refused:
        Subscription.of(only_a, state, [A, B], 0, 300)
    assert refused.value.code == "E_FORBIDDEN"
    assert Scope.from_arg({"station": [A, "999"]}).problems(DISTRICT, {}, {}) == ["派出所 999 不存在"]
    with pytest.raises(DomainError):
        Scope.from_arg({"station": [A, 5]})
    chief = Actor("c02", Role.STATION_CHIEF, scope=Scope.from_arg({"station": B}).resolved(DISTRICT))
    assert station_of(state, chief) == B, "a chief bound to one station reads its key persons"
    assert station_of(state, dataclasses.replace(desk, role=Role.STATION_CHIEF)) is None, \
        "a 分局 chief reads no single station's registry"


def test_a_scoped_snapshot_keeps_only_its_stations_incidents_and_positions():
    state = _state()
    apply(state, _fix(2, W_A))
    apply(state, _fix(3, W_B))
    trimmed = Subscription(frozenset({A})).trim(state.to_snapshot(), state)
    assert trimmed["incidents"] == [] and [p[0] for p in trimmed["positions"]] == [W_A]
    assert len(trimmed["workers"]) == len(ROSTER), "the roster stays whole"
    assert [i["id"] for i in Subscription(frozenset({B})).trim(state.to_snapshot(), state)["incidents"]] == ["I-B"]
