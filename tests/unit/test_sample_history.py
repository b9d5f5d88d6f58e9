"""Sample histories are decider-made: replaying their commands on a fresh state gives the same events,
and the factory refuses what the relay refuses."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.decide import decide
from console.domain.errors import DomainError
from console.domain.state import State, apply
from console.testing import factory
from console.testing.factory import EventFactory, advance
from console.testing.sample_load import BurstMaker, big_state
from console.testing.sample_state import build_district, build_roster, demo_events, grid_center

NOW = 1_763_700_000_000


def recording(monkeypatch) -> list[tuple]:
    """Every decision the factory asks for: (actor, op, args, now_ms, seq)."""
    asked: list[tuple] = []

    def decide_and_note(state, actor, op, args, now_ms, seq):
        asked.append((actor, op, dict(args), now_ms, seq))
        return decide(state, actor, op, args, now_ms, seq)

    monkeypatch.setattr(factory, "decide", decide_and_note)
    return asked


def test_demo_history_is_its_commands_decided_again_on_a_fresh_state(monkeypatch):
    asked = recording(monkeypatch)
    empty, events = demo_events(NOW)
    assert len(asked) == len(events) > 100  # every event was decided: none written by hand
    assert {e.type for e in events} >= {ev.DUTY_SET, ev.INCIDENT_REPORTED, ev.INCIDENT_DISPATCHED, ev.INCIDENT_CLOSED,
                                        ev.POSITION_REPORTED}
    state = State(empty.district, dict(empty.workers))
    for (actor, op, args, now_ms, seq), event in zip(asked, events, strict=True):
        event_type, data = decide(state, actor, op, args, now_ms, seq)
        again = ev.Event(seq, now_ms, event_type, actor.account, data)
        assert again.to_wire() == event.to_wire()
        apply(state, again)
    assert len({i.status for i in state.incidents.values()}) >= 7  # 新建 … 已办结: every stage the UI shows


def test_factory_refuses_what_the_relay_refuses_and_stays_as_it_was():
    district = build_district(2, 2)
    f = EventFactory(State(district, build_roster(district, 4)), NOW)
    grid = district.grids[0]
    inc = f.report(grid, grid_center(grid)).data["incident"]
    advance(inc, f, "W001", 2)  # accepted, dispatched to W001
    seq, at = f.seq, f.at
    with pytest.raises(DomainError) as refused:
        f.step(inc, ev.INCIDENT_SIGNED, "W002")  # not dispatched to W002
    assert refused.value.code == "E_FORBIDDEN"
    with pytest.raises(DomainError) as no_outcome:
        f.step(inc, ev.INCIDENT_CLOSED, note="办结")  # not even 核查 yet, and no 处理结果
    assert no_outcome.value.code in ("E_FIELD", "E_TRANSITION")
    with pytest.raises(DomainError) as too_long:
        f.report(grid, grid_center(grid), caller="1" * 33)  # the relay's argument check
    assert too_long.value.code == "E_FIELD"
    with pytest.raises(ValueError):
        f.report(grid, grid_center(district.grids[3]))  # the relay would grid it elsewhere
    assert (f.seq, f.at) == (seq, at) and f.state.seq == seq
    signed = f.step(inc, ev.INCIDENT_SIGNED, "W001")
    assert (signed.seq, signed.actor, signed.data["worker"]) == (seq + 1, "w001", "W001")


def test_police_units_report_through_the_field_gateway():
    district = build_district(2, 2)
    roster = build_roster(district, 5)  # W005 is a community officer: no field login of their own
    f = EventFactory(State(district, roster), NOW)
    assert f.duty("W001").actor == "w001"
    assert f.duty("W005").actor == factory.GATEWAY


def test_bursts_are_decided_against_the_state_they_are_folded_into(monkeypatch):
    state = big_state(300, NOW, seed=3, cols=4, rows=2, workers=30)
    asked = recording(monkeypatch)
    maker = BurstMaker(state, seed=5, start_ms=NOW)
    for size in (10, 50, 100):
        burst = maker.burst(size)
        assert [e.seq for e in burst] == list(range(state.seq + 1, state.seq + size + 1))
        for e in burst:
            apply(state, e)
    assert len(asked) == 160 and state.seq == 300 + 160
