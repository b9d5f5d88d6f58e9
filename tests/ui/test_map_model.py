"""The map model: selection, follow, seen set and worker columns, fed by change sets (live and replay alike)."""

from __future__ import annotations

import numpy as np
import pytest

from console.domain import events as ev
from console.domain.state import apply_all
from console.replay.fixes import Fixes, fold
from console.ui.map.district_map import DistrictMap
from console.ui.map.model import MapModel
from console.ui.map.projection import LocalFrame


@pytest.fixture
def shown_map(qtbot, empty_session, scenario, clock):
    m = DistrictMap(empty_session, clock=clock)
    qtbot.addWidget(m)
    m.resize(640, 480)
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    return m


def _moves(scenario, lng_shift: float) -> list[ev.Event]:
    f = scenario.f
    state = scenario.state()
    f.at = max(f.at, *(p.at for p in state.positions.values()))  # the relay's clock as the next fixes come in
    return [f.position(w, p.lng + lng_shift, p.lat, p.at + 5_000) for w, p in state.positions.items()]


def test_map_model_takes_positions_from_the_change_set(qtbot, shown_map, empty_session, scenario):
    model = shown_map.model
    k = model.table.index["W001"]
    before = float(model.table.x[k])
    batch = _moves(scenario, 0.001)
    with qtbot.waitSignal(model.moved) as moved:
        empty_session.feed(batch)
    rows, x, _y, at = moved.args
    assert len(rows) == len(batch) and model.workers_dirty
    assert float(model.table.x[k]) > before and int(model.table.fix_at[k]) == batch[0].payload.at
    assert np.isfinite(x).all() and at.tolist() == [e.payload.at for e in batch]


def test_map_model_holds_selection_follow_and_seen(qtbot, shown_map, scenario):
    model = shown_map.model
    incident = scenario.ids["I1"]
    with qtbot.waitSignal(model.seen_changed) as seen:
        shown_map.select_incident(incident)
    assert seen.args == [incident] and incident in shown_map.seen and model.selected_incident == incident
    assert shown_map.selected_incident() == incident
    with qtbot.waitSignal(model.follow_changed) as followed:
        shown_map.follow("W002")
    assert followed.args == ["W002"] and shown_map.followed() == "W002" == model.followed
    assert not model.follow("nobody") or model.followed is None
    model.select_box(["W001"], [incident])
    assert shown_map.selected_workers == ["W001"] and shown_map.selected_incidents == [incident]


def test_map_model_drops_box_selection_on_reset_and_keeps_seen(qtbot, shown_map, empty_session, scenario):
    model = shown_map.model
    model.select_box(["W001"], [])
    seen = scenario.ids["I2"]
    model.acknowledge(seen)
    empty_session.reset(scenario.state())
    assert model.selected_workers == [] and seen in model.seen
    assert model.base_dirty is False  # reset redraws at once


def test_map_model_is_fed_the_same_by_live_batches_and_replay_columns(qtbot, scenario):
    """Replay folds its position columns through the reducer into a change set like a live batch's."""
    frame = LocalFrame.around([p for g in scenario.district.grids for p in g.polygon])
    live_state, replay_state = scenario.state(), scenario.state()
    live, replayed = MapModel(), MapModel()
    live.reset(live_state, frame)
    replayed.reset(replay_state, frame)
    batch = _moves(scenario, -0.002)
    live.apply(apply_all(live_state, batch))
    replayed.apply(fold(replay_state, [], Fixes.of_events(batch)))
    assert replay_state.positions == live_state.positions
    assert np.array_equal(live.table.x, replayed.table.x, equal_nan=True)
    assert np.array_equal(live.table.fix_at, replayed.table.fix_at)


def test_map_model_holds_incident_columns_and_layer_visibility_without_a_map(qtbot, scenario, tmp_path):
    """The incident columns and which layers show live in the model: a headless model answers both."""
    from PySide6.QtCore import QSettings

    from console.ui.map.layer_registry import ItemLayer

    frame = LocalFrame.around([p for g in scenario.district.grids for p in g.polygon])
    state = scenario.empty_state()
    model = MapModel(settings=QSettings(str(tmp_path / "m.ini"), QSettings.Format.IniFormat))
    model.reset(state, frame)
    model.refresh_incidents(state)
    assert len(model.incidents) == 0
    changes = apply_all(state, scenario.base_events())
    model.apply(changes)
    assert model.incidents_dirty and model.refresh_incidents(state)
    assert set(model.incidents.ids) == set(state.incidents) and not model.refresh_incidents(state)
    new_urgent = [i.id for i in state.incidents.values() if i.priority <= 2 and i.status.value == "new"]
    assert new_urgent and set(model.incidents.flashing) == set(new_urgent)
    model.layers.add(ItemLayer("incidents", "警情"))
    model.layers.set_visible("incidents", False)
    assert not model.layers.is_visible("incidents")
