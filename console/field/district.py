"""A deterministic demo 街道 in Suzhou 姑苏区: roads, communities, grids, 警格, addresses and staff.

``generate_district(seed)`` always returns the same district for the same seed.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

from console.domain.places import Address, Community, District, Grid, Point, PoliceGrid, Station, Street
from console.domain.units import TravelMode
from console.domain.workers import Worker, WorkerKind
from console.field import names
from console.field.walker import StreetLattice

CITY_PREFIX = "苏州市姑苏区"
TOWNSHIP_CODE = "320508019"
TOWNSHIP_NAME = "平江街道"
STATION = Station("320508540000", "平江派出所")
COLS, ROWS = 9, 6  # north-south roads, east-west roads
WEST, EAST, SOUTH, NORTH = 120.615, 120.650, 31.305, 31.330
_KY = 6_371_008.8 * math.pi / 180.0
_KX = _KY * math.cos(math.radians((SOUTH + NORTH) / 2))


@dataclass(frozen=True)
class DemoDistrict:
    """The generated district plus its roster and the street lattice walkers route on."""

    district: District
    workers: list[Worker]
    responsible: dict[str, str]
    officer_of_grid: dict[str, str]
    lattice: StreetLattice


def _build_lattice(rng: random.Random) -> tuple[StreetLattice, list[str], list[str]]:
    """Intersections with smooth per-road drift plus jitter; edges bend gently between them."""
    ew_names, ns_names = names.road_names(rng, ROWS, COLS)
    dx, dy = (EAST - WEST) / (COLS - 1), (NORTH - SOUTH) / (ROWS - 1)
    col_wave = [(rng.uniform(-30, 30), rng.uniform(0, 6.3)) for _ in range(COLS)]
    row_wave = [(rng.uniform(-35, 35), rng.uniform(0, 6.3)) for _ in range(ROWS)]
    nodes: list[Point] = []
    for row in range(ROWS):
        for col in range(COLS):
            a_c, p_c = col_wave[col]
            a_r, p_r = row_wave[row]
            ox = a_c * math.sin(row * 0.9 + p_c) + rng.uniform(-8, 8)
            oy = a_r * math.sin(col * 0.7 + p_r) + rng.uniform(-8, 8)
            nodes.append((WEST + col * dx + ox / _KX, NORTH - row * dy + oy / _KY))
    edges: dict[tuple[int, int], tuple[Point, ...]] = {}
    roads: dict[tuple[int, int], str] = {}

    def bend(a: int, b: int, inner: int, road: str) -> None:
        (x0, y0), (x1, y1) = nodes[a], nodes[b]
        ex, ey = (x1 - x0) * _KX, (y1 - y0) * _KY
        length = math.hypot(ex, ey)
        nx, ny = -ey / length, ex / length
        amp = rng.uniform(-18, 18)
        pts = [nodes[a]]
        for m in range(1, inner + 1):
            t = m / (inner + 1)
            off = amp * math.sin(math.pi * t) + rng.uniform(-3, 3)
            pts.append((x0 + (x1 - x0) * t + nx * off / _KX, y0 + (y1 - y0) * t + ny * off / _KY))
        pts.append(nodes[b])
        edges[(a, b)] = tuple(pts)
        roads[(a, b)] = road

    for row in range(ROWS):
        for col in range(COLS - 1):
            a = row * COLS + col
            bend(a, a + 1, 2, ew_names[row])
    for col in range(COLS):
        for row in range(ROWS - 1):
            a = row * COLS + col
            bend(a, a + COLS, 3, ns_names[col])
    return StreetLattice(COLS, ROWS, nodes, edges, roads), ew_names, ns_names


def _partition(rng: random.Random) -> list[list[tuple[int, int]]]:
    """Six contiguous communities: 3 column bands, each split north/south on a per-column staircase."""
    bcols, brows = COLS - 1, ROWS - 1
    c1, c2 = rng.choice((2, 3)), rng.choice((5, 6))
    split = [rng.choice((2, 3)) for _ in range(bcols)]
    bands = [range(0, c1), range(c1, c2), range(c2, bcols)]
    north = [[(c, r) for c in band for r in range(split[c])] for band in bands]
    south = [[(c, r) for c in band for r in range(split[c], brows)] for band in bands]
    return north + south


def _street_of(lattice: StreetLattice, name: str, nodes: list[int]) -> Street:
    pts: list[Point] = [lattice.nodes[nodes[0]]]
    for a, b in itertools.pairwise(nodes):
        pts.extend(lattice.edge_points(a, b)[1:])
    return Street(name, tuple(pts))


def _along(xy: list[tuple[float, float]], s: float) -> tuple[float, float, float, float]:
    """Point at arc length ``s`` on a metre polyline and the unit direction there."""
    for i in range(len(xy) - 1):
        (x0, y0), (x1, y1) = xy[i], xy[i + 1]
        d = math.hypot(x1 - x0, y1 - y0)
        if s <= d or i == len(xy) - 2:
            t = min(s / d, 1.0)
            return x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, (x1 - x0) / d, (y1 - y0) / d
        s -= d
    raise ValueError("empty polyline")


def _length(xy: list[tuple[float, float]]) -> float:
    return sum(math.dist(xy[i], xy[i + 1]) for i in range(len(xy) - 1))


class _AddressMaker:
    """Standard addresses along a grid's bounding roads, door numbers odd/even by road side."""

    def __init__(self, rng: random.Random, lattice: StreetLattice) -> None:
        self.rng, self.lat = rng, lattice
        self.used: set[tuple[str, int]] = set()
        # node -> metres from the start of (its east-west road, its north-south road)
        self.start_dist: dict[int, tuple[float, float]] = {}
        for row in range(ROWS):
            d = 0.0
            for col in range(COLS):
                n = lattice.node_id(col, row)
                if col:
                    d += _length([lattice.to_xy(*p) for p in lattice.edge_points(n - 1, n)])
                self.start_dist[n] = (d, 0.0)
        for col in range(COLS):
            d = 0.0
            for row in range(ROWS):
                n = lattice.node_id(col, row)
                if row:
                    d += _length([lattice.to_xy(*p) for p in lattice.edge_points(n - COLS, n)])
                self.start_dist[n] = (self.start_dist[n][0], d)

    def make(self, grid: Grid, pg: PoliceGrid, compounds: list[str]) -> list[Address]:
        rng, lat = self.rng, self.lat
        ring = lat.corners(grid.code)
        sides = []
        for k in range(4):
            a, b = ring[k], ring[(k + 1) % 4]
            lo, hi = min(a, b), max(a, b)  # road direction: west→east or north→south
            xy = [lat.to_xy(*p) for p in lat.edge_points(lo, hi)]
            sides.append((lo, hi, xy, _length(xy), k))
        cx = sum(lat.node_xy[n][0] for n in ring) / 4
        cy = sum(lat.node_xy[n][1] for n in ring) / 4
        count = rng.randint(15, 30)
        total = sum(s[3] for s in sides)
        weights = [s[3] / total for s in sides]
        spots = sorted((rng.choices(range(4), weights)[0], rng.uniform(0.1, 0.9)) for _ in range(count))
        out = []
        for seq, (k, t) in enumerate(spots, 1):
            lo, hi, xy, length, _ = sides[k]
            x, y, ux, uy = _along(xy, t * length)
            nx, ny = -uy, ux
            if nx * (cx - x) + ny * (cy - y) < 0:
                nx, ny = -nx, -ny
            inset = rng.uniform(12, 25)
            lng, lat_ = lat.to_lnglat(x + nx * inset, y + ny * inset)
            road = lat.edge_road(lo, hi)
            east_west = hi == lo + 1
            along = self.start_dist[lo][0 if east_west else 1] + t * length
            # Odd numbers on the north side of east-west roads and the west side of north-south roads:
            # ring sides are 0 north, 1 east, 2 south, 3 west, so sides 1 and 2 face odd numbers.
            odd = k in (1, 2)
            door = 2 * int(along / 7) + (1 if odd else 2)
            while (road, door) in self.used:
                door += 2
            self.used.add((road, door))
            if rng.random() < 0.22:
                compound, building = "", ""
                text = f"{CITY_PREFIX}{TOWNSHIP_NAME}{road}{door}号"
            else:
                compound, building = rng.choice(compounds), str(rng.randint(1, 28))
                text = f"{CITY_PREFIX}{TOWNSHIP_NAME}{road}{door}号{compound}{building}幢"
            out.append(Address(
                code=f"{grid.code}{seq:04d}", text=text, road=road, door=f"{door}号", lng=lng, lat=lat_,
                grid_code=grid.code, police_grid_code=pg.code, station_code=STATION.code,
                compound=compound, building=building,
            ))
        return out


_CN_NUM = "零一二三四五六七八九十"


def generate_district(seed: int = 7, workers: int = 200) -> DemoDistrict:
    """Build the demo 街道 for ``seed`` with ``workers`` grid workers, one officer per 警格 and the station's units."""
    rng = random.Random(seed)
    lattice, ew_names, ns_names = _build_lattice(rng)
    parts = _partition(rng)
    comm_names = names.community_names(rng, len(parts))
    district = District(name=TOWNSHIP_NAME, township_code=TOWNSHIP_CODE, stations=[STATION])
    for row, name in enumerate(ew_names):
        district.streets.append(_street_of(lattice, name, [lattice.node_id(c, row) for c in range(COLS)]))
    for col, name in enumerate(ns_names):
        district.streets.append(_street_of(lattice, name, [lattice.node_id(col, r) for r in range(ROWS)]))

    grid_pg: dict[str, PoliceGrid] = {}
    pg_seq = 0
    for ci, (blocks, cname) in enumerate(zip(parts, comm_names, strict=True), 1):
        community = Community(f"{TOWNSHIP_CODE}{ci:03d}", cname)
        district.communities.append(community)
        code_of: dict[tuple[int, int], str] = {}
        for seq, (col, row) in enumerate(sorted(blocks, key=lambda b: (b[1], b[0])), 1):
            code = f"{community.code}{seq:03d}"
            code_of[(col, row)] = code
            lattice.assign(code, col, row)
            polygon = lattice.ring_points(code)
            district.grids.append(Grid(code, f"{cname}第{seq}网格", community.code, polygon))
        cols = sorted({c for c, _ in blocks})
        if len(blocks) >= 5 and len(cols) >= 2 and (len(blocks) >= 8 or rng.random() < 0.7):
            cut = rng.choice(cols[1:])
            groups = [[b for b in blocks if b[0] < cut], [b for b in blocks if b[0] >= cut]]
        else:
            groups = [blocks]
        for k, group in enumerate(groups, 1):
            pg_seq += 1
            codes = tuple(sorted(code_of[b] for b in group))
            pg = PoliceGrid(f"{STATION.code}{pg_seq:02d}", f"{cname}{_CN_NUM[k]}警格", STATION.code, codes,
                            lattice.outline(group))
            district.police_grids.append(pg)
            grid_pg.update(dict.fromkeys(codes, pg))

    maker = _AddressMaker(rng, lattice)
    compounds = iter(names.compound_names(rng, 3 * len(district.grids)))
    for grid in district.grids:
        mine = [next(compounds) for _ in range(3)][: rng.randint(1, 3)]
        district.addresses.extend(maker.make(grid, grid_pg[grid.code], mine))

    grid_codes = sorted(g.code for g in district.grids)
    n_pg = len(district.police_grids)
    people = names.unique_person_names(rng, workers + n_pg)
    phones = rng.sample(range(10**8), workers + n_pg)
    roster: list[Worker] = []
    responsible: dict[str, str] = {}
    for k in range(workers):
        code = grid_codes[k % len(grid_codes)]
        w = Worker(f"W{k + 1:04d}", people[k], WorkerKind.GRID_WORKER, code, f"139{phones[k]:08d}")
        roster.append(w)
        responsible.setdefault(code, w.id)
    officer_of_grid: dict[str, str] = {}
    for k, pg in enumerate(district.police_grids):
        i = workers + k
        phone = f"139{phones[i]:08d}"
        officer = Worker(f"P{k + 1:03d}", people[i], WorkerKind.OFFICER, pg.grid_codes[0], phone,
                         station_code=STATION.code)
        roster.append(officer)
        officer_of_grid.update(dict.fromkeys(pg.grid_codes, officer.id))
    roster.extend(_station_units(random.Random(seed * 7919 + 11), grid_codes, {w.name for w in roster}))
    return DemoDistrict(district, roster, responsible, officer_of_grid, lattice)


PATROL_CARS, FOOT_PATROLS, AUXILIARIES = 3, 2, 4


def _station_units(rng: random.Random, grid_codes: list[str], taken: set[str]) -> list[Worker]:
    """The 派出所's patrol cars, foot patrol groups and 辅警, based on grids spread over the district."""
    def spread(n: int, offset: int) -> list[str]:
        return [grid_codes[(offset + k * len(grid_codes) // n) % len(grid_codes)] for k in range(n)]

    units = [Worker(f"X{k + 1:02d}", f"巡逻{_CN_NUM[k + 1]}组(车)", WorkerKind.PATROL, code,
                    f"139{rng.randrange(10**8):08d}", TravelMode.CAR, station_code=STATION.code)
             for k, code in enumerate(spread(PATROL_CARS, 3))]
    units += [Worker(f"X{PATROL_CARS + k + 1:02d}", f"步巡{_CN_NUM[k + 1]}组", WorkerKind.PATROL, code,
                     f"139{rng.randrange(10**8):08d}", TravelMode.WALK, station_code=STATION.code)
              for k, code in enumerate(spread(FOOT_PATROLS, 8))]
    people = [n for n in names.unique_person_names(rng, AUXILIARIES + len(taken)) if n not in taken]
    units += [Worker(f"F{k + 1:02d}", people[k], WorkerKind.AUXILIARY, code, f"139{rng.randrange(10**8):08d}",
                     station_code=STATION.code)
              for k, code in enumerate(spread(AUXILIARIES, 1))]
    return units
