"""Trimming closed work: old closed incidents leave a state, open ones stay however old, and an event about an
incident the state no longer holds is skipped (the console's and replay's fold), not a crash."""

from __future__ import annotations

from console.domain import events as ev
from console.domain.state import DAY_MS, State, apply, holds_subject, trim_closed
from console.testing.factory import EventFactory, advance
from console.testing.sample_state import build_district, build_roster, grid_center

T0 = 1_763_700_000_000


def _story():
    district = build_district(2, 2)
    f = EventFactory(State(district, dict(build_roster(district, 4))), T0)
    point = grid_center(district.grids[0], 0.1, 0.1)
    closed = f.report(district.grids[0], point, caller="13900000001").data["incident"]
    advance(closed, f, "W001", 7)
    still_open = f.report(district.grids[0], point, caller="13900000002").data["incident"]
    return f, closed, still_open


def test_trim_drops_old_closed_incidents_and_keeps_open_ones_however_old():
    f, _closed, still_open = _story()
    state = f.state
    assert trim_closed(state, T0 - DAY_MS) == 0  # nothing closed before then
    assert trim_closed(state, f.at + 10 * DAY_MS) == 1
    assert set(state.incidents) == {still_open}
    assert state.last_call == {"13900000002": still_open}  # no repeat-caller entry points at a dropped one


def test_an_event_about_a_trimmed_incident_is_skipped_and_the_seq_moves_on():
    f, closed, _ = _story()
    note = f.act(closed, ev.INCIDENT_NOTED, note="当事人再次来电")  # decided while the factory still holds it
    console = State(f.state.district, dict(f.state.workers))
    console.incidents = {i: inc for i, inc in f.state.incidents.items() if i != closed}
    console.seq = note.seq - 1
    assert not holds_subject(console, note)
    changes = apply(console, note)
    assert console.seq == note.seq and closed not in console.incidents and not changes.incidents
    assert holds_subject(f.state, note)
