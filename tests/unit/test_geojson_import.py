"""GeoJSON (and Shapefile) import of grids and police grids: good files import, broken ones import nothing."""

from __future__ import annotations

import copy
import json

import pytest
import shapefile
import shapely
from shapely.geometry import Point as ShapelyPoint
from shapely.geometry import Polygon, shape

from console.domain.geo import point_in_polygon
from console.domain.state import State
from console.field.district import generate_district
from console.geo_import import (
    district_to_geojson,
    import_collections,
    import_files,
    import_grids,
    write_district_geojson,
)

# A hand-made community of 3 × 3 square grids (about 380 m × 445 m each), numbered west→east, north→south.
X0, Y0, D = 120.62, 31.32, 0.004
COMMUNITY = "320508019001"
STATION = "320508540000"
POLICE = "32050854000001"


def code(seq: int) -> str:
    return f"{COMMUNITY}{seq:03d}"


def cell(seq: int, west: float = 0.0, east: float = 0.0) -> list[list[float]]:
    """The closed, counter-clockwise ring of grid ``seq``; ``west``/``east`` move those edges (degrees)."""
    col, row = (seq - 1) % 3, (seq - 1) // 3
    x0, x1 = X0 + col * D + west, X0 + (col + 1) * D + east
    y1, y0 = Y0 - row * D, Y0 - (row + 1) * D
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def feature(props: dict, ring_or_geometry) -> dict:
    geometry = ring_or_geometry if isinstance(ring_or_geometry, dict) or ring_or_geometry is None else {
        "type": "Polygon", "coordinates": [ring_or_geometry]}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def grids_fc() -> dict:
    return {"type": "FeatureCollection", "features": [
        feature({"code": code(s), "name": f"和平社区第{s}网格", "community_code": COMMUNITY,
                 "community_name": "和平社区"}, cell(s))
        for s in range(1, 10)
    ]}


def police_fc() -> dict:
    outline = [[X0, Y0 - 3 * D], [X0 + 3 * D, Y0 - 3 * D], [X0 + 3 * D, Y0], [X0, Y0], [X0, Y0 - 3 * D]]
    return {"type": "FeatureCollection", "features": [
        feature({"code": POLICE, "name": "和平警格", "station_code": STATION, "station_name": "平江派出所",
                 "grid_codes": [code(s) for s in range(1, 10)]}, outline),
    ]}


def write(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return str(path)


class FakeStore:
    """Records what an import would write."""

    def __init__(self, demo) -> None:
        self.state = State(demo.district, {w.id: w for w in demo.workers})
        self.written = []

    def load_state(self) -> State:
        return self.state

    def replace_places(self, district) -> None:
        self.written.append(district)


@pytest.fixture(scope="module")
def demo():
    return generate_district(7, 50)


def ring_key(ring) -> tuple:
    """A ring's points in a canonical order (start and direction do not matter)."""
    pts = list(ring)
    k = pts.index(min(pts))
    pts = pts[k:] + pts[:k]
    return tuple(min(pts, pts[:1] + pts[:0:-1]))


# -- good files --------------------------------------------------------------------------------


def test_exported_demo_district_round_trips_with_no_errors_or_warnings(demo, tmp_path):
    grids_path, police_path = write_district_geojson(demo.district, tmp_path)
    for f in json.loads(grids_path.read_text(encoding="utf-8"))["features"]:
        ring = f["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and shapely.is_ccw(shapely.LinearRing(ring))
    report = import_files(grids_path, police_path)
    assert report.ok and report.errors == [] and report.warnings == [], report.format()
    d, src = report.district, demo.district
    assert (d.name, d.township_code) == (src.name, src.township_code)
    assert d.communities == src.communities and d.stations == src.stations
    assert [(g.code, g.name, g.community_code, ring_key(g.polygon)) for g in d.grids] == [
        (g.code, g.name, g.community_code, ring_key(g.polygon)) for g in src.grids]
    assert [(p.code, p.name, p.station_code, p.grid_codes, ring_key(p.polygon)) for p in d.police_grids] == [
        (p.code, p.name, p.station_code, p.grid_codes, ring_key(p.polygon)) for p in src.police_grids]


def test_police_coverage_is_computed_by_overlap_when_not_listed(demo):
    grids, police = district_to_geojson(demo.district)
    for f in police["features"]:
        del f["properties"]["grid_codes"]
    report = import_collections(grids, police)
    assert report.ok, report.format()
    assert [p.grid_codes for p in report.police_grids] == [p.grid_codes for p in demo.district.police_grids]


def test_property_name_variants_and_numeric_codes_are_accepted():
    grids = grids_fc()
    for f in grids["features"]:
        p = f["properties"]
        f["properties"] = {"WGBM": int(p["code"]), "wgmc": p["name"], "SQBM": p["community_code"], "SQMC": "和平社区"}
    police = police_fc()
    p = police["features"][0]["properties"]
    police["features"][0]["properties"] = {"JGBM": p["code"], "JGMC": p["name"], "PCSDM": p["station_code"],
                                           "PCSMC": p["station_name"], "WGBMS": "，".join(p["grid_codes"])}
    report = import_collections(grids, police)
    assert report.ok, report.format()
    assert [g.code for g in report.grids] == [code(s) for s in range(1, 10)]
    assert report.grids[0].name == "和平社区第1网格" and report.communities[0].name == "和平社区"
    assert report.police_grids[0].grid_codes == tuple(code(s) for s in range(1, 10))
    assert report.stations[0].name == "平江派出所"


def test_a_police_grid_without_geometry_gets_the_outline_of_its_grids():
    police = police_fc()
    police["features"][0]["geometry"] = None
    report = import_collections(grids_fc(), police)
    assert report.ok, report.format()
    assert Polygon(report.police_grids[0].polygon).equals(shapely.box(X0, Y0 - 3 * D, X0 + 3 * D, Y0))


def test_one_part_multipolygon_is_accepted_and_missing_names_are_warnings():
    grids = grids_fc()
    f = grids["features"][0]
    f["geometry"] = {"type": "MultiPolygon", "coordinates": [f["geometry"]["coordinates"]]}
    del f["properties"]["name"]
    report = import_collections(grids, police_fc())
    assert report.ok and {w.code for w in report.warnings} == {"W_NAME"}
    assert report.grids[0].name == f"网格{code(1)}"


def test_shapefile_with_chinese_names_imports(tmp_path):
    path = tmp_path / "grids.shp"
    with shapefile.Writer(str(path), shapeType=shapefile.POLYGON, encoding="gbk") as w:
        w.field("WGBM", "C", 15)
        w.field("WGMC", "C", 40)
        for f in grids_fc()["features"]:
            w.poly([list(reversed(f["geometry"]["coordinates"][0]))])  # Shapefile outer rings are clockwise
            w.record(f["properties"]["code"], f["properties"]["name"])
    (tmp_path / "grids.cpg").write_text("GBK")
    report = import_files(path, write(tmp_path, "police.geojson", police_fc()))
    assert report.ok, report.format()
    assert [g.name for g in report.grids][:2] == ["和平社区第1网格", "和平社区第2网格"]


def test_import_grids_writes_only_when_asked_and_clean(demo, tmp_path):
    grids_path, police_path = write_district_geojson(demo.district, tmp_path)
    store = FakeStore(demo)
    lines = []
    report = import_grids(grids_path, police_path, store=store, dry_run=True, out=lines.append)
    assert report.ok and not report.written and store.written == []
    assert "检查通过" in lines[0] and "试运行" in lines[-1]
    report = import_grids(grids_path, police_path, store=store, dry_run=False, out=lines.append)
    assert report.written and store.written == [report.district]
    assert report.district.addresses == demo.district.addresses and report.district.streets == demo.district.streets


def test_importing_other_grids_into_a_store_warns_about_orphaned_workers_and_addresses(demo, tmp_path):
    store = FakeStore(demo)
    grids, police = write(tmp_path, "g.geojson", grids_fc()), write(tmp_path, "p.geojson", police_fc())
    report = import_grids(grids, police, store=store, dry_run=False, out=lambda _: None)
    assert report.ok and store.written
    assert [w.code for w in report.warnings] == ["W_ORPHAN", "W_ORPHAN"]
    # Without a police layer the store's police grids are kept, and they list grids that would be gone.
    report = import_grids(grids, store=store, dry_run=False, out=lambda _: None)
    assert not report.ok and "E_UNKNOWN_GRID" in report.error_codes() and len(store.written) == 1


# -- broken files ------------------------------------------------------------------------------


def assert_refused(tmp_path, grids, police=None, *, expect: str, communities=None):
    """The import fails with ``expect`` among its errors, and nothing is imported or written."""
    paths = [write(tmp_path, "grids.geojson", grids)]
    paths.append(write(tmp_path, "police.geojson", police) if police is not None else None)
    comm = write(tmp_path, "communities.geojson", communities) if communities is not None else None
    written = []

    class Store:
        def load_state(self):
            return State(generate_district(7, 10).district, {})

        def replace_places(self, district):
            written.append(district)

    printed = []
    report = import_grids(*paths, communities=comm, store=Store(), dry_run=False, out=printed.append)
    assert not report.ok and expect in report.error_codes(), report.format()
    assert written == [] and not report.written
    assert (report.grids, report.police_grids, report.communities, report.district) == ([], [], [], None)
    assert "未导入任何数据" in printed[0] and expect in printed[0]
    return [e for e in report.errors if e.code == expect]


@pytest.mark.parametrize(("field", "value", "why"), [
    ("code", "32050801900101", "15位"),  # 14 digits
    ("code", "320508019001000", "序号"),
    ("code", "99050801900101X", "15位"),
    ("community_code", "990508019001", "省级前缀"),
])
def test_bad_code_format(tmp_path, field, value, why):
    grids = grids_fc()
    grids["features"][4]["properties"][field] = value
    errors = assert_refused(tmp_path, grids, police_fc(), expect="E_CODE_FORMAT")
    assert errors[0].index == 4 and why in errors[0].message


@pytest.mark.parametrize(("props", "why"), [
    ({"station_code": "32050854000"}, "派出所代码"),
    ({"station_code": "320508540001"}, "应以所属派出所代码 320508540001 开头"),
    ({"code": "3205085400000A"}, "警格编码"),
])
def test_bad_station_and_police_grid_codes(tmp_path, props, why):
    police = police_fc()
    police["features"][0]["properties"].update(props)
    (error,) = assert_refused(tmp_path, grids_fc(), police, expect="E_CODE_FORMAT")
    assert why in error.message and error.layer == "police"


def test_grid_whose_code_is_not_under_its_community(tmp_path):
    grids = grids_fc()
    grids["features"][2]["properties"]["community_code"] = "320508019002"
    (error,) = assert_refused(tmp_path, grids, police_fc(), expect="E_OUTSIDE_COMMUNITY")
    assert error.feature_code == code(3) and "320508019002" in error.message


def test_grid_outside_its_community_outline(tmp_path):
    community = {"type": "FeatureCollection", "features": [
        feature({"code": COMMUNITY, "name": "和平社区"}, cell(1, east=2 * D)),  # the north row only
        feature({"code": "320508019002", "name": "安宁社区"}, [[X0, Y0 - 3 * D], [X0 + 3 * D, Y0 - 3 * D],
                                                             [X0 + 3 * D, Y0 - D], [X0, Y0 - D], [X0, Y0 - 3 * D]]),
    ]}
    errors = assert_refused(tmp_path, grids_fc(), police_fc(), communities=community, expect="E_OUTSIDE_COMMUNITY")
    assert sorted(e.feature_code for e in errors) == [code(s) for s in range(4, 10)]
    for e in errors:
        inside = cell(int(e.feature_code[-3:]))
        assert point_in_polygon(e.location, [tuple(p) for p in inside[:-1]])


def test_overlapping_grids_are_named_with_a_location_inside_the_overlap(tmp_path):
    grids = grids_fc()
    grids["features"][4]["geometry"]["coordinates"] = [cell(5, east=D / 4)]  # grid 5 reaches into grid 6
    (error,) = assert_refused(tmp_path, grids, police_fc(), expect="E_OVERLAP")
    assert set(error.codes) == {code(5), code(6)} and code(5) in error.message and code(6) in error.message
    overlap = shape(grids["features"][4]["geometry"]).intersection(shape(grids["features"][5]["geometry"]))
    assert overlap.contains(ShapelyPoint(error.location))
    assert "重叠约" in error.message


def test_gap_between_grids_is_located_in_the_gap(tmp_path):
    grids = grids_fc()
    grids["features"][4]["geometry"]["coordinates"] = [cell(5, east=-D / 4)]  # a strip between grids 5 and 6
    (error,) = assert_refused(tmp_path, grids, police_fc(), expect="E_GAP")
    strip = shapely.box(X0 + 2 * D - D / 4, Y0 - 2 * D, X0 + 2 * D, Y0 - D)
    assert strip.contains(ShapelyPoint(error.location))
    assert {code(5), code(6)} <= set(error.codes)
    assert "空隙" in error.message


def test_missing_grid_leaves_a_hole_and_a_sliver_open_to_the_outside_is_a_gap_too(tmp_path):
    grids = grids_fc()
    del grids["features"][4]  # no grid 5
    grids["features"][2]["geometry"]["coordinates"] = [cell(3, west=0.0002)]  # ~19 m channel west of grid 3
    errors = assert_refused(tmp_path, grids, expect="E_GAP")
    hole, channel = shapely.box(X0 + D, Y0 - 2 * D, X0 + 2 * D, Y0 - D), shapely.box(
        X0 + 2 * D, Y0 - D, X0 + 2 * D + 0.0002, Y0)
    assert len(errors) == 2
    assert any(hole.contains(ShapelyPoint(e.location)) for e in errors)
    assert any(channel.contains(ShapelyPoint(e.location)) for e in errors)


def test_self_intersecting_polygon(tmp_path):
    grids = grids_fc()
    x0, y0 = X0 + D, Y0 - 2 * D
    bow_tie = [[x0, y0], [x0 + D, y0 + D], [x0 + D, y0], [x0, y0 + D], [x0, y0]]
    grids["features"][4]["geometry"]["coordinates"] = [bow_tie]
    (error,) = assert_refused(tmp_path, grids, police_fc(), expect="E_GEOMETRY")
    assert "自相交" in error.message and error.feature_code == code(5)
    assert error.location == pytest.approx((x0 + D / 2, y0 + D / 2))


def test_duplicate_codes(tmp_path):
    grids = grids_fc()
    grids["features"][8]["properties"]["code"] = code(1)
    errors = assert_refused(tmp_path, grids, police_fc(), expect="E_DUPLICATE")
    assert errors[0].index == 8 and "第1、9个要素" in errors[0].message


def test_not_json(tmp_path):
    (error,) = assert_refused(tmp_path, '{"type": "FeatureCollection", "features": [', expect="E_FILE")
    assert "不是有效的 JSON" in error.message


@pytest.mark.parametrize("geometry", [
    {"type": "Point", "coordinates": [X0, Y0]},
    {"type": "LineString", "coordinates": [[X0, Y0], [X0 + D, Y0]]},
    None,
])
def test_wrong_geometry_type(tmp_path, geometry):
    grids = grids_fc()
    grids["features"][0]["geometry"] = geometry
    (error,) = assert_refused(tmp_path, grids, police_fc(), expect="E_GEOMETRY")
    assert error.index == 0 and ("几何类型" in error.message or "缺少几何" in error.message)


HOLE = [[X0 + D + 0.001, Y0 - 2 * D + 0.001], [X0 + D + 0.002, Y0 - 2 * D + 0.001],
        [X0 + D + 0.002, Y0 - 2 * D + 0.002], [X0 + D + 0.001, Y0 - 2 * D + 0.001]]


@pytest.mark.parametrize(("geometry", "expect", "words"), [
    ({"type": "Polygon", "coordinates": [cell(5)[:-1]]}, "E_GEOMETRY", "未闭合"),
    ({"type": "Polygon", "coordinates": [[[x * 111_000, y * 111_000] for x, y in cell(5)]]}, "E_COORDINATES",
     "投影坐标"),
    ({"type": "Polygon", "coordinates": [[[y, x] for x, y in cell(5)]]}, "E_COORDINATES", "颠倒"),
    ({"type": "MultiPolygon", "coordinates": [[cell(5)], [cell(6)]]}, "E_GEOMETRY", "不相连"),
    ({"type": "Polygon", "coordinates": [cell(5), HOLE]}, "E_GEOMETRY", "空洞"),
    ({"type": "Polygon", "coordinates": [[[X0, Y0], [X0 + D, "31.3"], [X0, Y0 - D], [X0, Y0]]]}, "E_GEOMETRY",
     "坐标格式错误"),
])
def test_broken_rings_and_coordinates(tmp_path, geometry, expect, words):
    grids = grids_fc()
    grids["features"][4]["geometry"] = geometry
    (error,) = [e for e in assert_refused(tmp_path, grids, police_fc(), expect=expect) if e.index == 4]
    assert words in error.message


def test_projected_crs_member_is_refused(tmp_path):
    grids = grids_fc()
    grids["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    (error,) = assert_refused(tmp_path, grids, police_fc(), expect="E_CRS")
    assert "3857" in error.message


def test_police_grids_listing_unknown_or_shared_grids(tmp_path):
    police = police_fc()
    second = copy.deepcopy(police["features"][0])
    second["properties"].update(code="32050854000002", grid_codes=[code(1), "320508019001099"])
    police["features"].append(second)
    report = import_collections(grids_fc(), police)
    assert {"E_UNKNOWN_GRID", "E_COVERAGE", "E_OVERLAP"} <= report.error_codes() and report.district is None
    shared = next(e for e in report.errors if e.code == "E_COVERAGE")
    assert code(1) in shared.codes and POLICE in shared.codes


def test_missing_code_and_empty_collection(tmp_path):
    grids = grids_fc()
    del grids["features"][0]["properties"]["code"]
    (error,) = assert_refused(tmp_path, grids, police_fc(), expect="E_MISSING_FIELD")
    assert "wgbm" in error.message
    (error,) = assert_refused(tmp_path, {"type": "FeatureCollection", "features": []}, expect="E_FILE")
    assert "没有任何要素" in error.message
