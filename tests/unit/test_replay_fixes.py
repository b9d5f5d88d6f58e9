"""Positions as columns: folding a log slice's events plus its Fixes gives the State applying the events gives."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain import events as ev
from console.domain.events import Event
from console.domain.state import State, apply
from console.replay.fixes import COLUMNS, Fixes, fold
from console.testing.sample_state import build_district, build_roster

T0 = 1_763_700_000_000
DISTRICT = build_district()
WORKERS = build_roster(DISTRICT, 4)
IDS = list(WORKERS)

# a position's values: mostly plain floats, sometimes what only the reducer's own step keeps exactly
coordinate = st.one_of(st.floats(-180, 180, allow_nan=False), st.integers(-180, 180))
extras = st.fixed_dictionaries({}, optional={"speed": st.one_of(st.floats(0, 50), st.none()),
                                             "heading": st.one_of(st.floats(0, 360), st.integers(0, 359)),
                                             "accuracy": st.floats(0, 100)})
position = st.tuples(st.just("pos"), st.sampled_from(IDS), coordinate, coordinate, st.integers(-5_000, 0), extras)
other = st.tuples(st.sampled_from(("duty_on", "duty_off", "sos", "sos_cleared")), st.sampled_from(IDS))


def make_log(steps: list[tuple], back_steps: list[int]) -> list[Event]:
    """Events in seq order; the relay's clock sometimes steps back (``back_steps``)."""
    events, at = [], T0
    for seq, step in enumerate(steps, start=1):
        at += 1_000 - (2_500 if seq in back_steps else 0)
        kind, worker = step[0], step[1]
        if kind == "pos":
            _, _, lng, lat, lag, more = step
            events.append(Event(seq, at, ev.POSITION_REPORTED, "gw", {"worker": worker, "lng": lng, "lat": lat,
                                                                        "at": at + lag, **more}))
        elif kind.startswith("duty"):
            events.append(Event(seq, at, ev.DUTY_SET, "gw", {"worker": worker, "on": kind == "duty_on"}))
        else:
            event_type = ev.WORKER_SOS if kind == "sos" else ev.WORKER_SOS_CLEARED
            events.append(Event(seq, at, event_type, "gw", {"worker": worker}))
    return events


def fresh() -> State:
    return State(DISTRICT, dict(WORKERS))


def applied(events: list[Event]) -> State:
    state = fresh()
    for e in events:
        apply(state, e)
    return state


def same(a: State, b: State) -> bool:
    return (a.seq, a.positions, a.on_duty, a.sos) == (b.seq, b.positions, b.on_duty, b.sos)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(position, other), max_size=40), st.lists(st.integers(1, 40), max_size=4),
       st.lists(st.integers(0, 40), max_size=5))
def test_folding_slices_as_columns_equals_applying_the_events(steps, back_steps, cuts):
    events = make_log(steps, back_steps)
    state = fresh()
    bounds = sorted({0, len(events), *(c for c in cuts if c <= len(events))})
    for i, j in itertools.pairwise(bounds):
        part = events[i:j]
        fold(state, [e for e in part if e.type != ev.POSITION_REPORTED], Fixes.of_events(part))
        assert same(state, applied(events[:j]))
    assert same(state, applied(events))


def test_a_fix_already_folded_is_not_folded_again_unless_every_fix_is_asked_for():
    events = make_log([("pos", "W001", 120.5, 31.25, 0, {}), ("duty_on", "W002"),
                       ("pos", "W001", 120.75, 31.5, 0, {})], [])
    state = applied(events)
    fold(state, [], Fixes.of_events(events[:1]))  # a replayed duplicate: seq at or below the state's
    assert state.positions["W001"].lng == 120.75 and state.seq == 3
    bare = applied([events[1]])  # a checkpoint: folded without its positions
    fold(bare, [], Fixes.of_events([events[0]]), every_fix=True)
    assert bare.positions["W001"].lng == 120.5 and bare.seq == 2


def test_slices_keep_odd_rows_with_their_events():
    events = make_log([("pos", "W001", 120.5, 31.25, 0, {}), ("pos", "W002", 120, 31.25, 0, {}),
                       ("pos", "W003", 120.5, 31.25, 0, {"speed": None}), ("pos", "W004", 120.5, 31.5, -7, {})], [])
    fixes = Fixes.of_events(reversed(events))  # any order in, seq order out
    assert fixes.seq.tolist() == [1, 2, 3, 4] and sorted(fixes.odd) == [1, 2]
    assert fixes.lng.tolist() == [120.5, 120.0, 120.5, 120.5] and fixes.speed.tolist() == [0.0] * 4
    assert fixes.fix_at.tolist()[3] == events[3].at - 7
    tail = fixes.take(2, 4)
    assert tail.odd == {0: events[2]} and tail.worker.tolist() == ["W003", "W004"]
    picked = fixes.where(fixes.worker != "W001")
    assert picked.odd == {0: events[1], 1: events[2]}
    again = Fixes.concat([fixes.take(0, 1), Fixes.empty(), fixes.take(1, 4)])
    assert again.odd == fixes.odd and all((getattr(again, c) == getattr(fixes, c)).all() for c in COLUMNS)
    assert len(Fixes.concat([])) == 0


def test_the_wire_form_folds_to_the_same_state_odd_rows_included():
    """``replay.fixes`` sends Fixes as JSON; what the workstation rebuilds folds exactly as the original."""
    import json

    events = make_log([("pos", "W001", 120.5, 31.25, 0, {}), ("pos", "W002", 120, 31.25, -3, {"accuracy": 5.0}),
                       ("pos", "W003", 120.5, 31.25, 0, {"speed": None}), ("pos", "W001", 120.75, 31.5, -7, {})], [])
    fixes = Fixes.of_events(events)
    again = Fixes.from_wire(json.loads(json.dumps(fixes.to_wire())))
    assert sorted(again.odd) == sorted(fixes.odd) == [1, 2]
    assert all(again.odd[k].to_wire() == fixes.odd[k].to_wire() for k in fixes.odd)
    assert all((getattr(again, c) == getattr(fixes, c)).all() for c in COLUMNS)
    state = fresh()
    fold(state, [], again)
    assert same(state, applied(events))
    assert Fixes.from_wire(Fixes.empty().to_wire()).seq.tolist() == []
