"""The map's arrays and numbers: tracks, heat map, worker status, declutter, scale bar, cards, search."""

from __future__ import annotations

import numpy as np
import pytest

from console.domain.orders import OrderKind
from console.domain.state import apply
from console.domain.workers import WorkerStatus
from console.ui.map import DistrictMap
from console.ui.map.card_info import grid_info, officers_of, start_of_day_ms, worker_info
from console.ui.map.declutter import declutter
from console.ui.map.heatmap import HEAT_WINDOWS, Extent, gaussian_matrix, heat_grid, heat_rgba
from console.ui.map.overlays import format_length, nice_length
from console.ui.map.projection import LocalFrame
from console.ui.map.search import build_entries
from console.ui.map.style import FAMILIES, family_index, incident_style_index, incident_styles
from console.ui.map.tracks import TrackBuffer
from console.ui.map.worker_table import NO_FIX, WorkerTable

MIN = 60_000


def test_track_buffer_keeps_only_the_window():
    buf = TrackBuffer(window_ms=15 * MIN, workers=3)
    times = np.arange(0, 40 * MIN, 5_000)  # 40 minutes of fixes every 5 s for worker 1
    buf.append(np.ones(len(times), dtype=np.intp), times.astype(float), times * 0.0, times)
    now = int(times[-1])
    x, _y, at = buf.track(1, now)
    assert at.min() >= now - 15 * MIN and at.max() == now
    assert len(at) == 15 * MIN // 5_000 + 1
    assert np.all(np.diff(at) > 0), "oldest first"
    assert np.array_equal(x, at.astype(float))
    assert len(buf.track(0, now)[2]) == 0
    later = buf.track(1, now + 10 * MIN)[2]
    assert later.min() >= now - 5 * MIN and len(later) == 5 * MIN // 5_000 + 1


def test_track_buffer_batches_with_repeats_and_lines_with_breaks():
    buf = TrackBuffer(window_ms=15 * MIN, workers=3)
    idx = np.array([0, 2, 0, 2, 0])  # several fixes of one worker in one batch, in time order
    at = np.array([1_000, 1_000, 6_000, 6_000, 11_000])
    buf.append(idx, idx * 10.0 + at / 1000, idx * 1.0, at)
    x0, _, t0 = buf.track(0, 11_000)
    assert t0.tolist() == [1_000, 6_000, 11_000] and x0.tolist() == [1.0, 6.0, 11.0]
    xs, _ys = buf.lines(11_000)
    assert len(xs) == 3 + 1 + 2 + 1, "each moving worker's track, then a NaN break"
    assert np.isnan(xs[3]) and np.isnan(xs[-1]) and np.isfinite(xs[:3]).all()
    only_2, _ = buf.lines(11_000, np.array([2]))
    assert only_2[:2].tolist() == [21.0, 26.0] and len(only_2) == 3


def test_track_window_change_keeps_recent_fixes():
    buf = TrackBuffer(window_ms=5 * MIN, workers=1)
    times = np.arange(0, 5 * MIN, 10_000)
    buf.append(np.zeros(len(times), dtype=np.intp), times * 1.0, times * 1.0, times)
    buf.set_window(30 * MIN)
    assert buf.capacity > 30 * MIN // 5_000
    assert buf.track(0, int(times[-1]))[2].tolist() == times.tolist()


def test_heat_grid_sums_to_incidents_in_window():
    rng = np.random.default_rng(3)
    extent = Extent.around(0, 0, 3000, 2000)
    x, y = rng.uniform(0, 3000, 500), rng.uniform(0, 2000, 500)
    grid = heat_grid(x, y, extent)
    assert grid.shape == extent.shape
    assert grid.sum() == pytest.approx(500)
    assert grid.max() < 50, "blurred, not a spike per incident"
    m = gaussian_matrix(40, 3.0)
    assert np.allclose(m.sum(axis=0), 1.0)
    rgba = heat_rgba(grid)
    assert rgba.dtype == np.uint8 and rgba.shape == (*grid.shape, 4)
    assert rgba[..., 3].max() > 150 and (rgba[..., 3] == 0).any()


def test_heat_layer_counts_the_chosen_window(qtbot, session, clock):
    now = clock()
    m = DistrictMap(session, clock=clock)
    qtbot.addWidget(m)
    m.registry.set_visible("heatmap", True)
    reported = m.model.incidents.reported_at
    for key, (_label, window) in HEAT_WINDOWS.items():
        m.set_heat_window(key)
        expected = int(((reported >= now - window) & (reported <= now)).sum())
        assert m.heat.grid.sum() == pytest.approx(expected)
    m.model.incidents.reported_at = reported - 2 * 3_600_000  # all older than an hour
    m.heat.window_key = "1h"
    assert m.heat.update(m.model.incidents.x, m.model.incidents.y, m.model.incidents.reported_at, now) == 0
    assert m.heat.grid.sum() == 0


def test_worker_table_matches_domain_status(scenario, clock):
    now = clock()
    state = scenario.state()
    frame = LocalFrame.around([p for g in state.district.grids for p in g.polygon])
    table = WorkerTable()
    table.reset(state, frame)
    table.refresh_base(state, 15_000)
    for at in (now, now + 20_000, now + 120_000):
        codes = table.codes(at, 15_000)
        for k, wid in enumerate(table.ids):
            assert table.statuses[codes[k]] == state.worker_status(wid, at, 15_000), (wid, at)
            assert table.status(wid, at, 15_000) == state.worker_status(wid, at, 15_000)
    assert table.statuses[table.codes(now, 15_000)[table.index["W005"]]] == WorkerStatus.STALE


def test_worker_table_ingest_last_fix_wins(scenario):
    state = scenario.state()
    frame = LocalFrame(120.62, 31.31)
    table = WorkerTable()
    table.reset(state, frame)
    k1, k2 = table.index["W001"], table.index["W002"]
    first = table.ingest(np.array([k1, k2, k1]), np.array([1.0, 2.0, 3.0]), np.zeros(3), np.array([1, 2, 3]))
    assert first == 0, "both already had a fix"
    assert table.x[k1] == 3.0 and table.fix_at[k1] == 3 and table.x[k2] == 2.0
    table.fix_at[k2] = NO_FIX  # as if W002 had never reported
    assert table.ingest(np.array([k2]), np.zeros(1), np.zeros(1), np.array([9])) == 1


def test_declutter_keeps_important_and_non_overlapping():
    rects = np.array([
        [0, 0, 100, 20],  # 0 most important
        [50, 10, 150, 30],  # 1 overlaps 0
        [200, 0, 260, 20],  # 2 free
        [90, 15, 110, 25],  # 3 overlaps 0 (its group's fallback 4 is free)
        [300, 300, 320, 310],  # 4
    ], dtype=float)
    keep = declutter(rects, np.array([0, 1, 2, 3, 4]), groups=np.array([0, 1, 2, 3, 3]))
    assert keep.tolist() == [True, False, True, False, True]
    blocked = declutter(rects, np.array([2]), obstacles=np.array([[210, 5, 220, 15]], dtype=float))
    assert not blocked[2]


@pytest.mark.parametrize(
    ("limit", "length", "text"),
    [(130, 100, "100 m"), (260, 200, "200 m"), (700, 500, "500 m"), (1300, 1000, "1 km"), (4000, 2000, "2 km"),
     (9.9, 5, "5 m")],
)
def test_scale_bar_nice_lengths(limit, length, text):
    assert nice_length(limit) == length
    assert format_length(length) == text


def test_incident_families_and_styles():
    assert FAMILIES[family_index("100100")].label == "刑事"
    assert FAMILIES[family_index("200600")].label == "治安"
    assert FAMILIES[family_index("601300")].label == "社会联动"
    assert FAMILIES[family_index("650000")].label == "警种协助"
    assert FAMILIES[family_index("990000")].label == "其它"
    styles = incident_styles()
    open_p1 = styles[incident_style_index(family_index("100100"), 1, False)]
    closed_p1 = styles[incident_style_index(family_index("100100"), 1, True)]
    assert open_p1.shape == closed_p1.shape == "star"
    assert closed_p1.size < open_p1.size and closed_p1.fill_alpha < open_p1.fill_alpha
    assert len({(s.shape, s.fill, s.size) for s in styles}) == len(styles)


def test_grid_card_info(scenario, clock):
    now = clock()
    state = scenario.state()
    grid = scenario.grids[0]
    info = grid_info(state, grid.code, now)
    assert info.code == grid.code and info.community_name == "平江路社区"
    assert info.grid_workers == ("张伟",)  # W001; W005 (same grid) is an officer
    assert info.officers == ("陈静",)
    assert info.police_grids and info.police_grids[0].endswith("平江第一警务区")
    assert info.today == 2 and info.open == 1  # I1 (new) and I5 (closed)
    assert start_of_day_ms(now) <= now - 600_000


def test_officer_found_through_police_grid(scenario):
    state = scenario.state()
    # grid 2 has no officer of its own; W005 (officer of grid 1) shares its 警格
    assert officers_of(state, scenario.grids[1].code) == ["W005"]


def test_worker_card_info(scenario, clock):
    now = clock()
    state = scenario.state()
    info = worker_info(state, "W003", WorkerStatus.ON_ORDER)
    assert info.order_id == scenario.ids["I3"] and "治安纠纷" in info.order_text
    assert info.grid_name == scenario.grids[2].name and info.last_fix_ms == now - 2_000


def test_search_entries_cover_workers_grids_addresses(scenario):
    state = scenario.state()
    entries = build_entries(state)
    kinds = {e.kind for e in entries}
    assert {"worker", "grid"} <= kinds
    assert len({e.text for e in entries}) == len(entries)
    assert any(e.kind == "worker" and e.key == "W001" and "张伟" in e.text for e in entries)


def test_worker_card_shows_open_orders(scenario, clock):
    state = scenario.state()
    f = scenario.f
    issued = [f.order(kind, "W002", target, due_in_ms=(n + 1) * 3_600_000)
              for n, (kind, target) in enumerate((("patrol", "平江路沿线"), ("mediate", "平江路5号")))]
    for e in issued:
        apply(state, e)
    info = worker_info(state, "W002", WorkerStatus.ON_ORDER)
    assert info.order_id == issued[0].data["order"], "the order due first"
    assert info.order_text == f"{OrderKind.PATROL.label} 平江路沿线（另有派单 1 项）"
    busy = worker_info(state, "W003", WorkerStatus.ON_ORDER)
    assert busy.order_id == scenario.ids["I3"] and "另有" not in busy.order_text


def test_grid_and_worker_cards_show_the_grid_kind_and_posts(qtbot, scenario, clock):
    from console.domain.events import REFERENCE_UPSERTED, Event
    from console.domain.state import apply
    from console.ui.map.cards import GridCard, WorkerCard

    state = scenario.state()
    grid = scenario.grids[0]
    rows = [{"grid": grid.code, "role": "网格长", "compound": "", "building": "", "name": "张伟", "phone": "139",
             "worker": "W001"},
            {"grid": grid.code, "role": "楼栋长", "compound": "和谐雅苑", "building": "12", "name": "<b>林</b>",
             "phone": "", "worker": ""}]
    apply(state, Event(state.seq + 1, clock(), REFERENCE_UPSERTED, "a01", {"kind": "grid", "rows": [
        {"grid": grid.code, "grid_kind": "dedicated", "site_type": "医院", "site_name": "平江医院",
         "site_address": ""}]}))
    apply(state, Event(state.seq + 1, clock(), REFERENCE_UPSERTED, "a01", {"kind": "grid_role", "rows": rows}))
    card, worker_card = GridCard(), WorkerCard()
    qtbot.addWidget(card)
    qtbot.addWidget(worker_card)
    card.show_grid(grid_info(state, grid.code, clock()))
    assert card.values["类型"].text() == "专属网格（医院） · 平江医院"
    assert card.values["网格长"].text() == "张伟 139"
    assert card.values["楼栋长"].text().split("\n")[1] == "和谐雅苑12幢 <b>林</b>"  # typed text stays text
    assert card.values["楼栋长"].text().startswith("覆盖 ")
    worker_card.show_worker(worker_info(state, "W001", WorkerStatus.ON_DUTY), clock(), False)
    assert worker_card.values["职务"].text() == f"网格长 {grid.name}"
