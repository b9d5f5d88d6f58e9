"""The generated demo district: determinism, codes, tiling, addresses and roster."""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter

import pytest

from console.domain.geo import centroid, point_in_polygon
from console.domain.places import check_grid_code
from console.domain.workers import WorkerKind
from console.field.district import COLS, ROWS, generate_district


@pytest.fixture(scope="module")
def demo():
    return generate_district(7, 200)


def _segments(poly):
    return {frozenset((poly[i], poly[(i + 1) % len(poly)])) for i in range(len(poly))}


def test_same_seed_is_identical_and_other_seed_differs(demo):
    again = generate_district(7, 200)
    assert again.district.to_dict() == demo.district.to_dict()
    assert again.workers == demo.workers
    assert again.responsible == demo.responsible
    assert again.officer_of_grid == demo.officer_of_grid
    other = generate_district(8, 200)
    assert [s.name for s in other.district.streets] != [s.name for s in demo.district.streets]
    assert other.lattice.nodes != demo.lattice.nodes
    assert [w.name for w in other.workers] != [w.name for w in demo.workers]


def test_township_community_and_grid_codes(demo):
    d = demo.district
    assert d.township_code == "320508019" and d.name.endswith("街道")
    assert [c.code for c in d.communities] == [f"320508019{i:03d}" for i in range(1, 7)]
    assert all(c.name.endswith("社区") for c in d.communities)
    assert len(d.grids) == (COLS - 1) * (ROWS - 1) == 40
    codes = [g.code for g in d.grids]
    assert len(set(codes)) == len(codes)
    for g in d.grids:
        assert check_grid_code(g.code, g.community_code) == g.code
        assert len(g.code) == 15 and g.code[:12] == g.community_code


def test_grids_numbered_west_to_east_then_north_to_south(demo):
    d = demo.district
    for c in d.communities:
        grids = sorted((g for g in d.grids if g.community_code == c.code), key=lambda g: g.code)
        assert [g.sequence for g in grids] == list(range(1, len(grids) + 1))
        for a, b in itertools.pairwise(grids):
            (ax, ay), (bx, by) = centroid(a.polygon), centroid(b.polygon)
            if abs(ay - by) < 0.0015:  # same row of blocks (~170 m; blocks are ~560 m tall)
                assert bx > ax, (a.code, b.code)
            else:
                assert by < ay, (a.code, b.code)


def test_every_grid_in_one_community_and_one_police_grid(demo):
    d = demo.district
    community_codes = {c.code for c in d.communities}
    assert all(g.community_code in community_codes for g in d.grids)
    covered = Counter(code for pg in d.police_grids for code in pg.grid_codes)
    assert set(covered) == {g.code for g in d.grids}
    assert set(covered.values()) == {1}
    community_of = {g.code: g.community_code for g in d.grids}
    per_community = Counter()
    for pg in d.police_grids:
        assert len(pg.code) == 14 and pg.code.startswith(pg.station_code)
        assert pg.station_code == d.stations[0].code and len(pg.station_code) == 12
        assert len({community_of[c] for c in pg.grid_codes}) == 1
        per_community[community_of[pg.grid_codes[0]]] += 1
    assert set(per_community) == community_codes
    assert set(per_community.values()) <= {1, 2}


def test_police_grid_outline_contains_exactly_its_grids(demo):
    d = demo.district
    for pg in d.police_grids:
        for g in d.grids:
            inside = point_in_polygon(centroid(g.polygon), pg.polygon)
            assert inside == (g.code in pg.grid_codes), (pg.code, g.code)
        own = set().union(*(_segments(g.polygon) for g in d.grids if g.code in pg.grid_codes))
        assert _segments(pg.polygon) <= own


def test_grids_tile_the_district_sharing_edges_exactly(demo):
    d, lat = demo.district, demo.lattice
    uses = Counter(s for g in d.grids for s in _segments(g.polygon))
    assert max(uses.values()) == 2
    outer = _segments(lat.outline([(c, r) for c in range(COLS - 1) for r in range(ROWS - 1)]))
    assert {s for s, n in uses.items() if n == 1} == outer
    by_block = {v: k for k, v in lat.blocks.items()}
    polys = {g.code: g.polygon for g in d.grids}
    for (c, r), code in by_block.items():
        for nb in ((c + 1, r), (c, r + 1)):
            if nb in by_block:
                shared = set(polys[code]) & set(polys[by_block[nb]])
                assert len(shared) >= 4, (code, by_block[nb])


def test_roads_are_named_and_not_straight(demo):
    streets = demo.district.streets
    assert len(streets) == COLS + ROWS
    ew, ns = streets[:ROWS], streets[ROWS:]
    assert all(s.name[-1] in "路巷" for s in ew) and all(s.name[-1] in "街巷" for s in ns)
    assert len({s.name for s in streets}) == len(streets)
    lat = demo.lattice
    wiggle = []
    for s in streets:
        xy = [lat.to_xy(*p) for p in s.points]
        (x0, y0), (x1, y1) = xy[0], xy[-1]
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        wiggle.append(max(abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length for x, y in xy))
    assert min(wiggle) > 3 and max(wiggle) < 120
    # each block side bends a little between intersections too
    bent = 0
    for a in range(len(lat.nodes)):
        for b, _ in lat.adjacency[a]:
            if a < b:
                xy = [lat.to_xy(*p) for p in lat.edge_points(a, b)]
                (x0, y0), (x1, y1) = xy[0], xy[-1]
                chord = math.hypot(x1 - x0, y1 - y0)
                dev = max(abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / chord for x, y in xy)
                bent += 2 < dev < 40
    assert bent > 0.6 * sum(len(v) for v in lat.adjacency.values()) / 2


def test_addresses_inside_their_grid_with_three_codes(demo):
    d = demo.district
    grids = {g.code: g for g in d.grids}
    pg_of = {c: pg.code for pg in d.police_grids for c in pg.grid_codes}
    per_grid = Counter(a.grid_code for a in d.addresses)
    assert set(per_grid) == set(grids) and min(per_grid.values()) >= 15 and max(per_grid.values()) <= 30
    assert len({a.code for a in d.addresses}) == len(d.addresses)
    doors = Counter((a.road, a.door) for a in d.addresses)
    assert max(doors.values()) == 1
    parity = {}
    for a in d.addresses:
        assert point_in_polygon((a.lng, a.lat), grids[a.grid_code].polygon), a.code
        assert a.code.startswith(a.grid_code) and len(a.code) == 19 and a.code.isdigit()
        assert a.police_grid_code == pg_of[a.grid_code] and a.station_code == d.stations[0].code
        assert a.text.startswith("苏州市姑苏区平江街道" + a.road + a.door)
        assert a.door.endswith("号") and a.door[:-1].isdigit()
        if a.compound:
            assert a.text.endswith(f"{a.compound}{a.building}幢")
        # one grid faces a road from one side only, so its door numbers there share a parity
        odd = int(a.door[:-1]) % 2
        assert parity.setdefault((a.grid_code, a.road), odd) == odd


def test_roster(demo):
    d = demo.district
    grid_workers = [w for w in demo.workers if w.kind is WorkerKind.GRID_WORKER]
    officers = [w for w in demo.workers if w.kind is WorkerKind.OFFICER]
    assert len(grid_workers) == 200
    assert len(officers) == len(d.police_grids)
    assert len({w.id for w in demo.workers}) == len(demo.workers)
    assert grid_workers[0].id == "W0001" and officers[0].id == "P001"
    assert all(len(w.phone) == 11 and w.phone.startswith("139") for w in demo.workers)
    assert len({w.phone for w in demo.workers}) == len(demo.workers)
    assert {w.grid_code for w in grid_workers} == {g.code for g in d.grids}
    counts = Counter(w.grid_code for w in grid_workers)
    assert max(counts.values()) - min(counts.values()) <= 1
    by_id = {w.id: w for w in demo.workers}
    assert set(demo.responsible) == {g.code for g in d.grids}
    for code, wid in demo.responsible.items():
        assert by_id[wid].kind is WorkerKind.GRID_WORKER and by_id[wid].grid_code == code
    assert set(demo.officer_of_grid) == {g.code for g in d.grids}
    for pg in d.police_grids:
        owners = {demo.officer_of_grid[c] for c in pg.grid_codes}
        assert len(owners) == 1 and by_id[owners.pop()].kind is WorkerKind.OFFICER


def test_few_workers_and_large_roster_fast():
    small = generate_district(7, 5)
    assert len(small.responsible) == 5
    t0 = time.perf_counter()
    big = generate_district(7, 5000)
    assert time.perf_counter() - t0 < 2.0
    assert sum(w.kind is WorkerKind.GRID_WORKER for w in big.workers) == 5000
    assert big.district.to_dict() == generate_district(7, 200).district.to_dict()


def test_geography_in_gusu(demo):
    lngs = [p[0] for p in demo.lattice.nodes]
    lats = [p[1] for p in demo.lattice.nodes]
    assert 120.60 < min(lngs) < 120.625 and 120.64 < max(lngs) < 120.66
    assert 31.30 < min(lats) < 31.31 and 31.325 < max(lats) < 31.335
