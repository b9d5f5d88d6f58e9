"""jingwang import-grids through a running relay: a grid split in two reaches a connected console at once, the
relay files a report inside the new grid under it, the database keeps it, and the same files again change
nothing; the relay checks every row again and only an administrator may send it."""

from __future__ import annotations

import asyncio
import json

import pytest
import shapely
from shapely.geometry import Polygon, box

from console import cli
from console.domain.reference import RefKind
from console.geo_import import district_to_geojson
from console.net.client import CommandRefused
from console.services import data_import as di
from console.services.demo_seed import DEMO_PASSWORD
from console.services.grid_import import import_grids_via_relay
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until
from tests.integration.test_import_relay import WatchingConsole
from tests.unit.test_import_tables import xlsx


def split_files(district, folder):
    """The district's grids and 警格 as GeoJSON with one grid cut in two along its centroid's meridian: the
    west half keeps the code, the east half is a new grid that its 警格 lists too. (files, old, new code, a
    point inside the new grid)."""
    grids, police = district_to_geojson(district)
    for feature in grids["features"]:
        shape = Polygon(feature["geometry"]["coordinates"][0])
        x0, y0, x1, y1 = shape.bounds
        cx = shape.centroid.x
        west, east = shape.intersection(box(x0 - 1, y0 - 1, cx, y1 + 1)), shape.intersection(box(cx, y0 - 1, x1 + 1,
                                                                                                 y1 + 1))
        if west.geom_type == east.geom_type == "Polygon":
            break
    i = grids["features"].index(feature)
    old = feature["properties"]["code"]
    used = {f["properties"]["code"] for f in grids["features"]}
    new = next(c for n in range(999, 0, -1) if (c := f"{old[:12]}{n:03d}") not in used)
    ring = lambda p: [list(xy) for xy in shapely.geometry.polygon.orient(p).exterior.coords]  # noqa: E731
    feature["geometry"]["coordinates"] = [ring(west)]
    grids["features"].insert(i + 1, {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring(east)]},
                                     "properties": {**feature["properties"], "code": new, "name": "新划分网格"}})
    for p in police["features"]:
        if old in p["properties"]["grid_codes"]:
            p["properties"]["grid_codes"].append(new)
    paths = folder / "grids.geojson", folder / "police.geojson"
    for path, fc in zip(paths, (grids, police), strict=True):
        path.write_text(json.dumps(fc, ensure_ascii=False), encoding="utf-8")
    inside = east.representative_point()
    return paths, old, new, (inside.x, inside.y)


def test_import_grids_through_a_relay_reaches_a_console_and_the_relay_uses_the_new_grid(seeded_db, tmp_path):
    url, demo = seeded_db
    (grids, police), old, new, (lng, lat) = split_files(demo.district, tmp_path)
    address = xlsx(tmp_path / "address.xlsx", [["地址编码", "街路巷", "门牌号", "经度", "纬度"],
                                                [f"{new}9001", "新建路", "1号", lng, lat]])
    lines: list[str] = []

    async def scenario():
        async with running_relay(url) as relay, Recorder(relay.url, "d01") as desk:
            console = WatchingConsole(relay.url, "d01", DEMO_PASSWORD)
            console.start()
            await console.client.wait_live()
            before = await desk.cmd("incident.report", category="200200", lng=lng, lat=lat)
            first = await import_grids_via_relay(relay.url, "a01", DEMO_PASSWORD, grids, police, out=lines.append)
            await wait_until(lambda: any(g.code == new for g in console.state.district.grids), what="the new grid")
            after = await desk.cmd("incident.report", category="200200", lng=lng, lat=lat)
            placed = await di.import_via_relay(relay.url, "a01", DEMO_PASSWORD, di.Request(RefKind.ADDRESS, address),
                                               lines.append)
            head = relay.writer.state.seq
            again = await import_grids_via_relay(relay.url, "a01", DEMO_PASSWORD, grids, police, out=lines.append)
            await console.async_close()
            reports = {e.seq: e.data["grid"] for e in desk.of_type("incident.reported")}
            return first, again, console, reports[before["seq"]], reports[after["seq"]], head, relay.writer.state.seq, \
                placed

    first, again, console, grid_before, grid_after, head, head_again, placed = run(scenario())
    assert placed.exit_code == 0 and console.state.address_index[f"{new}9001"].grid_code == new, "an address too"
    assert first.exit_code == 0 and first.commands >= 1
    assert first.changed == {"grids": 2, "police_grids": 1}, "the cut grid, the new one and the 警格 listing it"
    assert (grid_before, grid_after) == (old, new), "the relay files the report under the new grid at once"
    assert any(new in c.grids and c.district for c in console.changes)
    pg = next(p for p in console.state.district.police_grids if old in p.grid_codes)
    assert new in pg.grid_codes and console.state.officers_of_grid.get(new) == console.state.officers_of_grid[old]
    assert again.exit_code == 0 and again.commands == 0 and head_again == head, "the same files change nothing"
    assert lines[-1] == "没有需要导入的变化：0 处变更"
    store = Store(url)
    stored = store.load_state().district
    store.dispose()
    cut = next(g for g in console.state.district.grids if g.code == old)
    assert next(g for g in stored.grids if g.code == old).polygon == cut.polygon
    assert new in next(p for p in stored.police_grids if p.code == pg.code).grid_codes
    assert len(stored.grids) == len(demo.district.grids) + 1


def test_the_relay_checks_every_grid_row_and_only_admins_may_import(seeded_db):
    url, demo = seeded_db
    grid = demo.district.grids[0]
    pg = demo.district.police_grids[0]
    square = [[grid.polygon[0][0], grid.polygon[0][1]], [grid.polygon[1][0], grid.polygon[1][1]],
              [grid.polygon[2][0], grid.polygon[2][1]]]
    cases = {
        "unknown grid in 警格": ("a01", {"police_grids": [{"code": pg.code, "name": pg.name, "station": pg.station_code,
                                                         "grids": [*pg.grid_codes, "320000000000999"],
                                                         "polygon": square}]}),
        "unknown community": ("a01", {"grids": [{"code": "329999999999001", "name": "x", "community": "329999999999",
                                                 "polygon": square}]}),
        "two points": ("a01", {"grids": [{"code": grid.code, "name": grid.name, "community": grid.community_code,
                                          "polygon": square[:2]}]}),
        "dispatcher": ("d01", {"grids": [{"code": grid.code, "name": "改名", "community": grid.community_code,
                                          "polygon": square}]}),
    }

    async def scenario():
        async with running_relay(url) as relay:
            refusals = {}
            for name, (user, args) in cases.items():
                async with Recorder(relay.url, user) as client:
                    with pytest.raises(CommandRefused) as err:
                        await client.cmd("grids.upsert", **args)
                refusals[name] = (err.value.code, err.value.error.get("zh", ""))
            return refusals, relay.writer.state.seq

    refusals, head = run(scenario())
    assert refusals["unknown grid in 警格"][0] == "E_FIELD"
    assert "所辖网格 320000000000999 不存在" in refusals["unknown grid in 警格"][1]
    assert refusals["unknown community"][0] == "E_FIELD"
    assert "社区 329999999999 不存在" in refusals["unknown community"][1]
    assert refusals["two points"][0] == "E_FIELD" and "3–5000 个点" in refusals["two points"][1]
    assert refusals["dispatcher"][0] == "E_FORBIDDEN"
    assert head == 0, "nothing written"


def test_cli_import_grids_needs_the_relay_while_one_runs(seeded_db, tmp_path, monkeypatch, capsys):
    url, demo = seeded_db
    (grids, police), _, new, _ = split_files(demo.district, tmp_path)
    monkeypatch.setenv("JINGWANG_PASSWORD", DEMO_PASSWORD)

    async def scenario():
        async with running_relay(url) as relay:
            offline = await asyncio.to_thread(cli.main, ["import-grids", str(grids), "--police", str(police),
                                                         "--db", url])
            refused = capsys.readouterr().err
            dry = await asyncio.to_thread(cli.main, ["import-grids", str(grids), "--police", str(police), "--relay",
                                                     relay.url, "--user", "a01", "--dry-run"])
            return offline, refused, dry, capsys.readouterr().out, relay.writer.state

    offline, refused, dry, said, state = run(scenario())
    assert offline == 2 and "中继正在运行" in refused and "--relay" in refused
    assert dry == 0 and "网格 2 个新增或变更、警格 1 个新增或变更" in said and "试运行：未写入任何数据" in said
    assert state.seq == 0 and all(g.code != new for g in state.district.grids)
