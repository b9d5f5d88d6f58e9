"""Incremental queue updates against full rebuilds, the big-batch path, and the 1 s SLA tick."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from console.domain.state import apply_all
from console.testing.sample_load import BurstMaker, big_state
from console.testing.sample_state import grid_center
from console.ui.queue.columns import Col
from console.ui.queue.model import INCIDENT_ID_ROLE, IncidentTableModel
from console.ui.queue.query import GROUP_LABELS, QueueFilter
from tests.ui.conftest import NOW_MS, FakeSession

WARN = QAbstractItemModelTester.FailureReportingMode.Warning
DESC = Qt.SortOrder.DescendingOrder


def ids(model) -> list[str]:
    return [model.index(r, 0).data(INCIDENT_ID_ROLE) for r in range(model.rowCount())]


def rows(model) -> list[tuple]:
    """Every cell's text, row by row: what the dispatcher sees."""
    return [tuple(model.index(r, c).data() for c in Col) for r in range(model.rowCount())]


def rebuilt(model, session) -> IncidentTableModel:
    """A fresh model over the same state, clock, filter and sort."""
    fresh = IncidentTableModel(session, clock=model._clock)
    fresh.set_query(model.query())
    spec = model.sort_spec()
    fresh.sort(spec.column, DESC if spec.descending else Qt.SortOrder.AscendingOrder)
    return fresh


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**16),
    batches=st.lists(st.integers(1, 90), min_size=1, max_size=4),
    column=st.sampled_from([-1, *Col]),
    descending=st.booleans(),
    group=st.sampled_from(list(GROUP_LABELS)),
    text=st.sampled_from(["", "路", "1号"]),
)
def test_incremental_updates_equal_a_rebuild(qapp, seed, batches, column, descending, group, text):
    state = big_state(300, NOW_MS, seed=seed, cols=4, rows=2, workers=30)
    session = FakeSession(state)
    model = IncidentTableModel(session, clock=lambda: NOW_MS + 3_600_000, big_batch=40)
    QAbstractItemModelTester(model, WARN, model)
    model.set_query(QueueFilter(group, text=text))
    model.sort(column, DESC if descending else Qt.SortOrder.AscendingOrder)
    maker = BurstMaker(state, seed=seed, start_ms=NOW_MS)
    for size in batches:
        session.feed(maker.burst(size))
        assert rows(model) == rows(rebuilt(model, session))


def test_big_and_small_batch_paths_give_the_same_order(qapp):
    state = big_state(2_000, NOW_MS, seed=3)
    session = FakeSession(state)
    clock = lambda: NOW_MS + 7_200_000  # noqa: E731
    small = IncidentTableModel(session, clock=clock, big_batch=10**9)
    big = IncidentTableModel(session, clock=clock, big_batch=0)
    for model in (small, big):  # no QAbstractItemModelTester: it re-checks all 2,000 rows on every signal
        model.set_filter("all")
    maker = BurstMaker(state, seed=5, start_ms=NOW_MS)
    moved = 0
    for size in (1, 30, 200, 5):
        before = ids(small)
        session.feed(maker.burst(size))
        moved += before != ids(small)
        assert ids(small) == ids(big) == ids(rebuilt(small, session))
    assert moved == 4  # every batch changed the order, so the comparison means something


def test_persistent_index_follows_its_incident_through_bursts_filters_and_sorts(qapp):
    state = big_state(500, NOW_MS, seed=9)
    session = FakeSession(state)
    model = IncidentTableModel(session, clock=lambda: NOW_MS, big_batch=20)
    model.set_filter("all")
    watched = model.incident_id(50)
    keep = QPersistentModelIndex(model.index(50, Col.ADDRESS))
    maker = BurstMaker(state, seed=2, start_ms=NOW_MS)
    for step in (lambda: session.feed(maker.burst(10)), lambda: session.feed(maker.burst(100)),
                 lambda: model.sort(Col.ADDRESS, DESC), lambda: model.set_filter("open"),
                 lambda: model.set_filter("all")):
        step()
        assert keep.isValid()
        assert keep.data(INCIDENT_ID_ROLE) == watched
        assert keep.column() == Col.ADDRESS
    model.set_query(QueueFilter(text="no such incident"))
    assert not keep.isValid()  # its row went away, and the index with it


class Recorder:
    """Counts what a model announces."""

    def __init__(self, model) -> None:
        self.changed: list[tuple[int, int, int, int]] = []
        self.moves = 0
        model.dataChanged.connect(lambda a, b, _roles=(): self.changed.append((a.row(), a.column(), b.row(),
                                                                                b.column())))
        for signal in (model.layoutChanged, model.rowsMoved, model.rowsInserted, model.rowsRemoved,
                       model.modelReset):
            signal.connect(self._moved)

    def _moved(self, *_args) -> None:
        self.moves += 1


def test_tick_repaints_only_the_time_column_of_the_visible_rows(qtbot, session):
    clock = [NOW_MS]
    model = IncidentTableModel(session, clock=lambda: clock[0])
    model.set_filter("all")
    seen = Recorder(model)
    clock[0] += 1_000
    model.tick(1, 3)
    assert seen.changed == [(1, Col.SLA, 3, Col.SLA)]
    assert seen.moves == 0
    model.tick(2, 99)  # clipped to the rows there are
    assert seen.changed[-1] == (2, Col.SLA, 4, Col.SLA)


def test_tick_re_sorts_when_an_sla_level_changes(qtbot, scenario, session):
    clock = [NOW_MS]
    model = IncidentTableModel(session, clock=lambda: clock[0])
    QAbstractItemModelTester(model, WARN, model)
    i, f = scenario.ids, scenario.f
    f.at = NOW_MS
    report = f.report(scenario.grids[1], grid_center(scenario.grids[1]), priority=4)  # 受理 yellow after 3 min
    session.feed([report])
    new = report.data["incident"]
    assert ids(model) == [i["I1"], i["I2"], i["I3"], new, i["I4"]]  # normal, priority 4, newer than I4
    seen = Recorder(model)
    clock[0] += 4 * 60_000
    model.tick(0, 4)
    assert seen.moves == 1  # re-placed once: yellow now outranks the normal ones
    assert ids(model) == [i["I1"], new, i["I2"], i["I3"], i["I4"]]
    assert model.index(1, Col.SLA).data() == "剩 2分01秒"  # to red: reported at +1 s, red 6 min later
    model.set_filter("overdue")
    assert ids(model) == [i["I1"], new]
    seen.moves = 0
    clock[0] += 1_000
    model.tick(0, 1)  # no level changed since
    assert seen.moves == 0


@pytest.mark.parametrize("big_batch", [0, 10**9])
def test_tick_through_many_level_changes_matches_a_rebuild(qapp, big_batch):
    state = big_state(800, NOW_MS, seed=4)
    session = FakeSession(state)
    clock = [NOW_MS]
    model = IncidentTableModel(session, clock=lambda: clock[0], big_batch=big_batch)
    before = ids(model)
    for _ in range(3):
        clock[0] += 2 * 3_600_000
        model.tick()
    assert ids(model) != before
    assert ids(model) == ids(rebuilt(model, session))


def test_events_before_a_state_are_ignored_and_reset_rebuilds(qtbot, scenario):
    session = FakeSession(None)
    model = IncidentTableModel(session, clock=lambda: NOW_MS)
    state = scenario.empty_state()
    model.apply_changes(apply_all(state, scenario.base_events()))
    assert model.rowCount() == 0
    session.reset(state)
    assert model.rowCount() == 4 and model.total_count() == 5
