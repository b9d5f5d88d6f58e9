"""Frozen reducer states thaw into independent copies that share the reference data."""

from __future__ import annotations

from console.domain.events import Event
from console.domain.places import Community, District, Grid
from console.domain.state import State, apply
from console.domain.workers import Worker, WorkerKind
from console.replay import checkpoints

SQUARE = ((120.60, 31.30), (120.61, 31.30), (120.61, 31.31), (120.60, 31.31))


def test_thawed_states_are_independent_copies_sharing_reference_data():
    district = District("测试街道", "320508019", communities=[Community("320508019001", "一社区")],
                        grids=[Grid("320508019001001", "一网格", "320508019001", SQUARE)])
    state = State(district, {"W1": Worker("W1", "张三", WorkerKind.GRID_WORKER, "320508019001001")})
    reported = {"incident": "JQ1", "category": "200200", "priority": 2, "source": "110", "lng": 120.605,
                "lat": 31.305, "grid": "320508019001001", "address": "", "narrative": "纠纷", "caller": "139"}
    apply(state, Event(1, 1000, "incident.reported", "d01", reported))
    apply(state, Event(2, 2000, "worker.duty_set", "d01", {"worker": "W1", "on": True}))
    frozen = checkpoints.freeze(state)
    a, b = checkpoints.thaw(frozen, state), checkpoints.thaw(frozen, state)
    assert a.district is state.district and a.workers is state.workers
    assert a.incidents["JQ1"].to_dict() == state.incidents["JQ1"].to_dict() and a.on_duty == {"W1"} and a.seq == 2
    apply(a, Event(3, 3000, "incident.dispatched", "d01", {"incident": "JQ1", "worker": "W1"}))
    apply(a, Event(4, 4000, "worker.duty_set", "d01", {"worker": "W1", "on": False}))
    assert a.busy == {"W1": {"JQ1"}} and not a.on_duty
    assert b.busy == {} and b.on_duty == {"W1"} and not b.incidents["JQ1"].assignments
    assert state.busy == {} and state.seq == 2


def test_gc_paused_holds_the_collector_off_until_the_last_load_ends_and_restores_it():
    import gc

    from console.replay.engine import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # a second load on another thread
            assert not gc.isenabled()
        assert not gc.isenabled(), "the first load is still under way"
    assert gc.isenabled()
    gc.disable()  # whoever turned it off before keeps it off
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
