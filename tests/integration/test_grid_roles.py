"""专属网格 and the 网格长 — 小区长 — 楼栋长 hierarchy: imported through a running relay (``jingwang import 网格`` and
``网格职务``), folded by a connected console, shown on the map's grid and worker cards, stored, and counted by the
assessment's roll-up (专属网格数, 楼栋长覆盖率, the key site due a 隐患排查 in 隐患排查率). A bad row imports nothing
and says why in Chinese."""

from __future__ import annotations

import time

from console.domain.reference import RefKind
from console.domain.summary import Period
from console.domain.workers import WorkerKind, WorkerStatus
from console.services import assessment
from console.services import data_import as di
from console.services.demo_seed import DEMO_PASSWORD
from console.services.session import Session
from console.store.store import Store
from console.ui.map.card_info import grid_info, worker_info
from tests.integration.harness import run, running_relay, wait_until
from tests.unit.test_import_tables import xlsx

GRID_HEADER = ["网格编码", "网格类型", "场所类型", "场所名称", "场所地址编码"]
ROLE_HEADER = ["网格编码", "职务", "小区", "楼栋", "姓名", "手机号", "人员编号"]
DAY = 86_400_000


def _rollup(url: str) -> dict:
    now = int(time.time() * 1000)
    store = Store(url)
    try:
        return assessment.rollup(store, Period(now - DAY, now + DAY, "今日"), now_ms=now + DAY)
    finally:
        store.dispose()


def _value(levels: dict, level: str, code: str, kpi: str) -> tuple[float, float]:
    v = levels[level][code].values[kpi]
    return v.numerator, v.denominator


def test_grid_kind_and_posts_imported_via_relay_shown_and_rolled_up(seeded_db, tmp_path):
    url, demo = seeded_db
    grid = demo.district.grids[0]
    community = grid.community_code
    inside = [a for a in demo.district.addresses if a.grid_code == grid.code and a.building]
    site, (compound, building) = inside[0], (inside[0].compound, inside[0].building)
    buildings = {(a.compound, a.building) for a in inside}
    worker = next(w for w in demo.workers if w.grid_code == grid.code and w.kind is WorkerKind.GRID_WORKER)
    before = _rollup(url)
    bad = xlsx(tmp_path / "bad.xlsx", [GRID_HEADER, [grid.code, "专属", "学校", "实验学校", ""]])
    grids = xlsx(tmp_path / "grids.xlsx", [GRID_HEADER, [grid.code, "专属", "学校", "平江实验学校", site.code],
                                           [demo.district.grids[1].code, "普通", "", "", ""]])
    roles = xlsx(tmp_path / "roles.xlsx", [ROLE_HEADER,
                                           [grid.code, "网格长", "", "", worker.name, worker.phone, worker.id],
                                           [grid.code, "小区长", compound, "", "陈小区", "13900000001", ""],
                                           [grid.code, "楼栋长", compound, building, "林楼栋", "13900000002", ""]])
    lines: list[str] = []

    async def scenario():
        async with running_relay(url) as relay:
            console = Session(relay.url, "d01", DEMO_PASSWORD)
            console.start()
            await console.client.wait_live()
            refused = await di.import_via_relay(relay.url, "a01", DEMO_PASSWORD, di.Request(RefKind.GRID, bad),
                                                lines.append)
            head = relay.writer.state.seq
            for kind, path in ((RefKind.GRID, grids), (RefKind.GRID_ROLE, roles)):
                outcome = await di.import_via_relay(relay.url, "a01", DEMO_PASSWORD, di.Request(kind, path),
                                                    lines.append)
                assert outcome.exit_code == 0, lines
            await wait_until(lambda: len(console.state.grid_profiles.get(grid.code, None).roles
                                         if grid.code in console.state.grid_profiles else ()) == 3,
                             what="the posts at the console")
            await console.async_close()
            return refused, head, console.state

    refused, head, state = run(scenario())
    assert refused.exit_code != 0 and any("专属网格须填场所地址编码" in line for line in lines), lines
    assert head == _head(url) - 2, "the bad file wrote nothing; one event per good file"
    card = grid_info(state, grid.code, int(time.time() * 1000))
    assert card.kind == f"专属网格（学校） · 平江实验学校 · {site.code}"
    assert card.head == f"{worker.name} {worker.phone}"
    assert card.compound_heads == (f"{compound} 陈小区 13900000001",)
    assert card.building_heads[0].endswith("林楼栋 13900000002") and card.buildings == (1, len(buildings))
    assert grid_info(state, demo.district.grids[1].code, 0).kind == "普通网格"
    assert worker_info(state, worker.id, WorkerStatus.ON_DUTY).posts == f"网格长 {grid.name}"
    store = Store(url)
    try:
        stored = store.load_state().grid_profiles[grid.code]
    finally:
        store.dispose()
    assert stored.to_dict() == state.grid_profiles[grid.code].to_dict()
    after = _rollup(url)
    assert _value(after, "grid", grid.code, "key_site_grids")[0] == 1.0
    assert _value(after, "community", community, "key_site_grids")[0] == 1.0  # the 普通 grid counts nothing
    assert _value(after, "grid", grid.code, "building_head_rate") == (1.0, float(len(buildings)))
    assert _value(before, "grid", grid.code, "building_head_rate") == (0.0, float(len(buildings)))
    due_before = _value(before, "grid", grid.code, "hazard_check_rate")[1]
    assert _value(after, "grid", grid.code, "hazard_check_rate")[1] == due_before + 1, "the key site is due"
    county = next(iter(after["county"]))
    assert _value(after, "county", county, "key_site_grids")[0] == 1.0


def _head(url: str) -> int:
    store = Store(url)
    try:
        return store.head()
    finally:
        store.dispose()


def test_period_kpi_posts_stand_as_at_the_period_end(seeded_db, tmp_path):
    """专属网格数 and 楼栋长覆盖率 of November are November's: a December import (the grid back to 普通, a second
    楼栋长) changes December only; the migration's backfill from the log gives the same history."""
    import datetime as dt
    import importlib

    from sqlalchemy import delete, select

    from console.domain import periods, station_time
    from console.store import tables as t

    url, demo = seeded_db
    grid = demo.district.grids[0]
    inside = sorted({(a.compound, a.building, a.code) for a in demo.district.addresses
                     if a.grid_code == grid.code and a.building})
    buildings = {(c, b) for c, b, _ in inside}
    assert len(buildings) >= 2
    (c1, b1, site), (c2, b2) = inside[0], next((c, b) for c, b, _ in inside if (c, b) != inside[0][:2])
    november, december = periods.parse("month", "2026-11"), periods.parse("month", "2026-12")
    moments = [station_time.to_ms(dt.datetime(2026, 11, 10, 9)), station_time.to_ms(dt.datetime(2026, 12, 3, 9))]
    now = [moments[0] / 1000]
    files = [
        (RefKind.GRID, xlsx(tmp_path / "g1.xlsx", [GRID_HEADER, [grid.code, "专属", "学校", "实验学校", site]])),
        (RefKind.GRID_ROLE, xlsx(tmp_path / "r1.xlsx", [ROLE_HEADER, [grid.code, "楼栋长", c1, b1, "林一", "", ""]])),
        (RefKind.GRID, xlsx(tmp_path / "g2.xlsx", [GRID_HEADER, [grid.code, "普通", "", "", ""]])),
        (RefKind.GRID_ROLE, xlsx(tmp_path / "r2.xlsx", [ROLE_HEADER, [grid.code, "楼栋长", c2, b2, "林二", "", ""]])),
    ]

    async def scenario():
        async with running_relay(url, clock=lambda: now[0]) as relay:
            for i, (kind, path) in enumerate(files):
                now[0] = moments[i // 2] / 1000 + i
                outcome = await di.import_via_relay(relay.url, "a01", DEMO_PASSWORD, di.Request(kind, path))
                assert outcome.exit_code == 0

    run(scenario())

    def figures(spec) -> tuple:
        store = Store(url)
        try:
            levels = assessment.rollup(store, spec.period(), now_ms=moments[1] + 30 * DAY)
        finally:
            store.dispose()
        return (_value(levels, "grid", grid.code, "key_site_grids")[0],
                _value(levels, "grid", grid.code, "building_head_rate"))

    n = float(len(buildings))
    assert figures(november) == (1.0, (1.0, n)), "November as it stood on 30 November"
    assert figures(december) == (0.0, (2.0, n)), "December: 普通 again, two 楼栋长"
    store = Store(url)
    H = t.grid_profile_history
    try:
        with store.engine.begin() as conn:
            written = conn.execute(select(H).order_by(H.c.grid, H.c.seq)).all()
            conn.execute(delete(H))
            importlib.import_module("console.migrations.versions.0018_grid_profile_history")._backfill(conn)
            backfilled = conn.execute(select(H).order_by(H.c.grid, H.c.seq)).all()
    finally:
        store.dispose()
    assert len(written) == 4 and [r.at for r in written] == sorted(r.at for r in written)
    assert backfilled == written
