"""Street lattice routing and the patrolling walker."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from console.field.district import generate_district
from console.field.walker import Walker


@pytest.fixture(scope="module")
def demo():
    return generate_district(7, 200)


def _dist_to_polyline(p, xy, closed=False):
    pts = [*xy, xy[0]] if closed else list(xy)
    best = math.inf
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        dx, dy = x1 - x0, y1 - y0
        t = max(0.0, min(1.0, ((p[0] - x0) * dx + (p[1] - y0) * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(p[0] - x0 - t * dx, p[1] - y0 - t * dy))
    return best


def _ring_xy(demo, code):
    lat = demo.lattice
    return [lat.to_xy(*p) for p in lat.ring_points(code)]


def test_lattice_topology(demo):
    lat = demo.lattice
    assert len(lat.nodes) == lat.cols * lat.rows == 54
    n_edges = (lat.cols - 1) * lat.rows + (lat.rows - 1) * lat.cols
    assert sum(len(v) for v in lat.adjacency.values()) == 2 * n_edges
    a, b = lat.node_id(0, 0), lat.node_id(lat.cols - 1, lat.rows - 1)
    path = lat.shortest_path(a, b)
    assert path[0] == a and path[-1] == b and len(path) == lat.cols + lat.rows - 1
    assert all(any(n == m for n, _ in lat.adjacency[k]) for k, m in itertools.pairwise(path))
    assert 5000 < lat.path_length(a, b) < 7500
    assert lat.nearest_node(*lat.node_xy[17]) == 17
    code = demo.district.grids[0].code
    nw, ne, se, sw = lat.corners(code)
    assert (ne - nw, sw - nw, se - nw) == (1, lat.cols, lat.cols + 1)


def test_walkers_patrol_their_own_grid(demo):
    rng = random.Random(11)
    lat = demo.lattice
    for grid in demo.district.grids[::7]:
        ring = _ring_xy(demo, grid.code)
        w = Walker(lat, grid.code, rng)
        start = lat.to_xy(*w.position)
        near_corner = set()
        moved = 0.0
        for _ in range(1000):
            lng, la, speed, heading = w.step(5.0)
            p = lat.to_xy(lng, la)
            assert _dist_to_polyline(p, ring, closed=True) < 30, grid.code
            assert 0.0 <= speed <= 1.5 and 0.0 <= heading < 360.0
            moved += speed * 5.0
            for corner in lat.corners(grid.code):
                if math.dist(p, lat.node_xy[corner]) < 20:
                    near_corner.add(corner)
        assert w.mode == "patrol"
        assert moved > 4000
        assert near_corner == set(lat.corners(grid.code))
        assert math.dist(start, lat.to_xy(*w.position)) < 2500


def test_same_rng_same_track(demo):
    code = demo.district.grids[3].code
    tracks = []
    for _ in range(2):
        w = Walker(demo.lattice, code, random.Random(5))
        tracks.append([w.step(5.0) for _ in range(100)])
    assert tracks[0] == tracks[1]
    w = Walker(demo.lattice, code, random.Random(6))
    assert [w.step(5.0) for _ in range(100)] != tracks[0]


def test_go_to_far_target_routes_along_roads_and_arrives(demo):
    lat = demo.lattice
    grids = demo.district.grids
    home = min(grids, key=lambda g: g.code)
    origin = lat.to_xy(*home.polygon[0])
    far = max(demo.district.addresses, key=lambda a: math.dist(lat.to_xy(a.lng, a.lat), origin))
    target = lat.to_xy(far.lng, far.lat)
    leg = math.dist(target, lat.node_xy[lat.nearest_node(*target)]) + 10
    roads = [[lat.to_xy(*p) for p in s.points] for s in demo.district.streets]
    w = Walker(lat, home.code, random.Random(2), speed_mps=1.2)
    w.go_to(far.lng, far.lat)
    assert not w.arrived and w.mode == "route"
    steps = 0
    while not w.arrived and steps < 1500:  # > 4 km at 1.2 m/s, 5 s a step: well under 1000 steps
        steps += 1
        lng, la, _, _ = w.step(5.0)
        p = lat.to_xy(lng, la)
        assert min(_dist_to_polyline(p, r) for r in roads) < 20 or math.dist(p, target) < leg
    assert w.arrived and steps < 1000
    assert math.dist(lat.to_xy(*w.position), target) <= 10
    here = w.position
    for _ in range(20):
        _, _, speed, _ = w.step(5.0)
        assert speed == 0.0
    assert w.arrived and w.position == here


def test_go_to_faster_speed_and_resume_patrol(demo):
    lat = demo.lattice
    home = demo.district.grids[0].code
    a = demo.district.addresses[-1]
    w = Walker(lat, home, random.Random(4))
    w.go_to(a.lng, a.lat, speed_mps=4.0)
    steps = 0
    while not w.arrived:
        _, _, speed, _ = w.step(5.0)
        assert speed in (0.0, 4.0)
        steps += 1
        assert steps < 400
    w.resume_patrol()
    assert w.mode == "return" and not w.arrived
    ring = _ring_xy(demo, home)
    for _ in range(2000):
        w.step(5.0)
        if w.mode == "patrol":
            break
    assert w.mode == "patrol"
    for _ in range(200):
        lng, la, _, _ = w.step(5.0)
        assert _dist_to_polyline(lat.to_xy(lng, la), ring, closed=True) < 30


def test_redirect_mid_route_and_go_to_near_target(demo):
    lat = demo.lattice
    home = demo.district.grids[10].code
    w = Walker(lat, home, random.Random(9))
    first, second = demo.district.addresses[0], demo.district.addresses[-1]
    w.go_to(first.lng, first.lat)
    for _ in range(30):
        w.step(5.0)
    w.go_to(second.lng, second.lat)
    for _ in range(1500):
        w.step(5.0)
        if w.arrived:
            break
    assert math.dist(lat.to_xy(*w.position), lat.to_xy(second.lng, second.lat)) <= 10
    w.go_to(*w.position)
    assert w.arrived
