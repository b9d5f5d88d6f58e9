"""What the demo basemap shows, generated from a district's own streets, grids and addresses.

:func:`build_scene` turns a :class:`~console.domain.places.District` into land use (parcels of
residential compounds, old-town courtyards, a school, a hospital, parks), water (the city moat,
canals, a pond), building footprints, roads by class with their names, inner lanes, and points
of interest. Everything is WGS-84 ``(lng, lat)``; ``console/ui/map/basemap_render.py`` paints
it into tiles. Deterministic for a given district and seed; no Qt.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from console.domain.places import District, Point
from console.geo.geometry import (
    XY,
    Local,
    centroid,
    clearance,
    clip_half_plane,
    inside,
    inside_many,
    resample,
    ring_distance,
    segments_of,
)

GENERATOR = "jingwang-basemap 1"  # recorded in the MBTiles metadata; bump when the output changes

# Carriageway widths in metres (drawing widths; the renderer keeps a minimum in pixels).
WAY_WIDTH_M = {
    "primary": 26.0, "secondary": 20.0, "street": 14.0, "lane": 6.0, "path": 2.5,
    "river": 62.0, "canal": 14.0,
}
ROAD_KINDS = ("primary", "secondary", "street", "lane", "path")
WATER_KINDS = ("river", "canal")

_LANE_NAMES = (
    "丁香巷", "萧家巷", "钮家巷", "悬桥巷", "菉葭巷", "传芳巷", "混堂巷", "中张家巷", "庆元坊", "大新桥巷",
    "曹胡徐巷", "狮林寺巷", "东花桥巷", "西花桥巷", "迎晓里", "潘儒巷", "谢衙前", "仓街", "卫道观前", "南石子街",
    "大柳枝巷", "小柳枝巷", "邾长巷", "胡厢使巷", "任蒋桥", "东麒麟巷", "中由吉巷", "南显子巷", "史家巷", "唐家巷",
)
MARGIN_M = 420.0  # city fabric with buildings around the district (the tiles' extent)
EXTENSION_M = 520.0  # how far streets run on past the district's edge
CITY_M = 2600.0  # main roads, water and built-up land reach this far out (seen at low zooms)


@dataclass(frozen=True, slots=True)
class Area:
    """A filled polygon: ``kind`` is a land use or ``water``, ``pitch``, ``plaza``."""

    kind: str
    ring: tuple[Point, ...]
    name: str = ""


@dataclass(frozen=True, slots=True)
class Way:
    """A road, lane, path or watercourse drawn as a stroked line of ``WAY_WIDTH_M[kind]``."""

    kind: str
    points: tuple[Point, ...]
    name: str = ""


@dataclass(frozen=True, slots=True)
class Poi:
    """A point of interest with an icon (``kind``) and a name; ``district`` and ``compound`` are text only."""

    kind: str
    point: Point
    name: str


@dataclass
class BasemapScene:
    """Everything the basemap draws, in WGS-84."""

    name: str
    bounds: tuple[float, float, float, float]  # west, south, east, north
    areas: list[Area] = field(default_factory=list)
    ways: list[Way] = field(default_factory=list)
    buildings: list[tuple[Point, ...]] = field(default_factory=list)
    pois: list[Poi] = field(default_factory=list)


@dataclass
class _Parcel:
    ring: list[XY]
    block: int
    use: str = "residential"
    name: str = ""


@dataclass
class _Builder:
    """Scene under construction in local metres."""

    local: Local
    rng: random.Random
    areas: list[tuple[str, list[XY], str]] = field(default_factory=list)
    ways: list[tuple[str, list[XY], str]] = field(default_factory=list)
    buildings: list[list[XY]] = field(default_factory=list)
    pois: list[tuple[str, XY, str]] = field(default_factory=list)

    def way(self, kind: str, pts: list[XY], name: str = "") -> None:
        self.ways.append((kind, pts, name))

    def clearance(self, corners: np.ndarray, kinds: tuple[str, ...]) -> np.ndarray:
        """Per corner, metres to the edge of the nearest way of ``kinds``."""
        lines = [(line, WAY_WIDTH_M[k] / 2) for k, line, _ in self.ways if k in kinds]
        segs = segments_of(line for line, _ in lines)
        halves = np.concatenate([np.full(len(line) - 1, h) for line, h in lines]) if lines else 0.0
        return clearance(corners, segs, halves)

    def keep_buildings(self, rects: list[list[XY]], ok: np.ndarray) -> None:
        """Add the rects whose four corners are all ``ok`` (one flag per corner, in order)."""
        flags = ok.reshape(-1, 4).all(axis=1)
        self.buildings.extend(r for r, keep in zip(rects, flags, strict=True) if keep)


def _oriented(pts: list[XY], along_x: bool) -> list[XY]:
    """``pts`` running west → east (``along_x``) or north → south."""
    if along_x:
        return pts if pts[0][0] <= pts[-1][0] else pts[::-1]
    return pts if pts[0][1] >= pts[-1][1] else pts[::-1]


def _midline(a: list[XY], b: list[XY], n: int = 48) -> list[XY]:
    ra, rb = resample(a, n), resample(b, n)
    return [((p[0] + q[0]) / 2, (p[1] + q[1]) / 2) for p, q in zip(ra, rb, strict=True)]


def _extend(pts: list[XY], start: float, end: float) -> list[XY]:
    """The polyline lengthened straight on by ``start`` metres before and ``end`` after."""
    (x0, y0), (x1, y1) = pts[0], pts[1]
    d = math.hypot(x1 - x0, y1 - y0)
    head = [(x0 - (x1 - x0) / d * start, y0 - (y1 - y0) / d * start)] if start > 0 else []
    (x2, y2), (x3, y3) = pts[-2], pts[-1]
    d = math.hypot(x3 - x2, y3 - y2)
    tail = [(x3 + (x3 - x2) / d * end, y3 + (y3 - y2) / d * end)] if end > 0 else []
    return head + list(pts) + tail


def build_scene(district: District, seed: int = 0) -> BasemapScene:
    """The basemap content for ``district`` (streets and grids as generated by ``generate_district``)."""
    pts = [p for s in district.streets for p in s.points] + [p for g in district.grids for p in g.polygon]
    if not pts:
        raise ValueError("the district has no streets or grids to draw")
    local = Local.around(pts)
    b = _Builder(local, random.Random(seed))
    roads = [(s.name, [local.xy(p) for p in s.points]) for s in district.streets if len(s.points) > 1]
    ew = sorted(((n, _oriented(p, True)) for n, p in roads if abs(p[-1][0] - p[0][0]) >= abs(p[-1][1] - p[0][1])),
                key=lambda r: -sum(y for _, y in r[1]) / len(r[1]))
    ns = sorted(((n, _oriented(p, False)) for n, p in roads if abs(p[-1][0] - p[0][0]) < abs(p[-1][1] - p[0][1])),
                key=lambda r: sum(x for x, _ in r[1]) / len(r[1]))
    xs = [x for _, p in roads for x, _ in p]
    ys = [y for _, p in roads for _, y in p]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)

    moat_x, moat_y, south_river_y = east + 105.0, north + 105.0, south - 80.0
    _water(b, ew, ns, west, moat_x, moat_y, south_river_y)
    _roads(b, ew, ns, moat_x, moat_y)
    parcels = _parcels(b, district, ew, ns)
    _land_use(b, district, parcels, ew)
    for parcel in parcels:
        b.areas.append((parcel.use, parcel.ring, parcel.name))
        _fill_parcel(b, parcel)
    _outer_fabric(b, west, east, south, north)

    to_ll = local.lnglat
    w, s_ = to_ll((west - MARGIN_M, south - MARGIN_M))
    e, n_ = to_ll((east + MARGIN_M, north + MARGIN_M))
    scene = BasemapScene(name=district.name, bounds=(w, s_, e, n_))
    scene.areas = [Area(k, tuple(map(to_ll, ring)), name) for k, ring, name in b.areas]
    scene.ways = [Way(k, tuple(map(to_ll, line)), name) for k, line, name in b.ways]
    scene.buildings = [tuple(map(to_ll, ring)) for ring in b.buildings]
    scene.pois = [Poi(k, to_ll(p), name) for k, p, name in b.pois]
    scene.pois.append(Poi("district", to_ll(((west + east) / 2, (south + north) / 2)), district.name))
    return scene


def _water(b: _Builder, ew, ns, west: float, moat_x: float, moat_y: float, river_y: float) -> None:
    """The city moat along north and east, 干将河 along the south, and two canals inside."""
    far_w, far_s = west - CITY_M, river_y - CITY_M
    r = 90.0
    turn = (i * math.pi / 12 for i in range(7))
    corner = [(moat_x - r + r * math.sin(t), moat_y - r + r * math.cos(t)) for t in turn]
    b.way("river", [(far_w, moat_y + 12), (far_w / 2, moat_y), *corner, (moat_x, far_s / 2), (moat_x - 10, far_s)],
          "外城河")
    b.way("canal", [(far_w, river_y + 6), ((far_w + moat_x) / 2, river_y - 4), (moat_x, river_y)], "干将河")
    if len(ns) >= 4:
        k = (2 * len(ns)) // 3
        mid = _midline(ns[k - 1][1], ns[k][1])
        b.way("canal", _extend(mid, moat_y - mid[0][1], mid[-1][1] - river_y), "平江河")
    if len(ew) >= 3 and len(ns) >= 4:
        k = (2 * len(ns)) // 3
        cut = sum(x for x, _ in _midline(ns[k - 1][1], ns[k][1])) / 48
        mid = [p for p in _midline(ew[0][1], ew[1][1]) if p[0] > cut]
        if len(mid) >= 2:
            b.way("canal", _extend(mid, 0, moat_x - mid[-1][0]), "胡厢使河")


def _roads(b: _Builder, ew, ns, moat_x: float, moat_y: float) -> None:
    """District streets by class, lengthened past the edge (minor ones stop at the moat)."""
    for group in (ew, ns):
        last = len(group) - 1
        for i, (name, pts) in enumerate(group):
            kind = "primary" if last >= 2 and i == last // 2 else "secondary" if i in (0, last) else "street"
            far = EXTENSION_M if kind == "street" else CITY_M
            if group is ew:  # west → east: the east end meets the moat
                line = _extend(pts, far, far if kind != "street" else moat_x - pts[-1][0] - 40)
            else:  # north → south: the north end meets the moat
                line = _extend(pts, far if kind != "street" else moat_y - pts[0][1] - 40, far)
            b.way(kind, line, name)


def _split_line(ring: list[XY], vertical: bool, at: float) -> tuple[XY, XY]:
    ys = [p[1] for p in ring] if vertical else [p[0] for p in ring]
    lo, hi = min(ys) - 30, max(ys) + 30
    return ((at, lo), (at, hi)) if vertical else ((lo, at), (hi, at))


def _parcels(b: _Builder, district: District, ew, ns) -> list[_Parcel]:
    """Blocks (grid polygons) split in two by a lane or by the canal crossing them."""
    rng = b.rng
    canals = [line for kind, line, _ in b.ways if kind == "canal"]
    lanes = iter(rng.sample(_LANE_NAMES, len(_LANE_NAMES)))
    taken = {s.name for s in district.streets}
    out: list[_Parcel] = []
    for i, grid in enumerate(district.grids):
        ring = [b.local.xy(p) for p in grid.polygon]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        cx, cy = centroid(ring)
        crossing = [c for c in canals if any(inside(p, ring) for p in c)]
        if crossing:
            inner = [p for p in crossing[0] if inside(p, ring)]
            vertical = abs(inner[-1][0] - inner[0][0]) < abs(inner[-1][1] - inner[0][1])
            at = sum(p[0] if vertical else p[1] for p in inner) / len(inner)
        elif rng.random() < 0.75:
            vertical = (max(xs) - min(xs)) > (max(ys) - min(ys)) * 0.8
            at = (cx if vertical else cy) + rng.uniform(-40, 40)
            a, c = _split_line(ring, vertical, at)
            lane = [a, ((a[0] + c[0]) / 2 + (rng.uniform(-6, 6) if not vertical else 0),
                        (a[1] + c[1]) / 2 + (rng.uniform(-6, 6) if vertical else 0)), c]
            name = next((n for n in lanes if n not in taken), "")
            b.way("lane", _clip_to(lane, ring), name)
        else:
            out.append(_Parcel(ring, i))
            continue
        a, c = _split_line(ring, vertical, at)
        for side in (1, -1):
            part = clip_half_plane(ring, a, c, side)
            if len(part) >= 3:
                out.append(_Parcel(part, i))
    return out


def _clip_to(line: list[XY], ring: list[XY]) -> list[XY]:
    """The stretch of a straight-ish line that lies in ``ring`` (end points included)."""
    dense = resample(line, 80)
    kept = [p for p in dense if inside(p, ring)]
    return kept if len(kept) >= 2 else line


def _land_use(b: _Builder, district: District, parcels: list[_Parcel], ew) -> None:
    """Pick parks, a school, a hospital, a market and the police station; name the compounds."""
    rng = b.rng
    xs = [x for p in parcels for x, _ in p.ring]
    ys = [y for p in parcels for _, y in p.ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def nearest(fx: float, fy: float, free: bool = True) -> _Parcel:
        tx, ty = x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)
        pool = [p for p in parcels if p.use == "residential"] if free else parcels
        return min(pool, key=lambda p: math.dist(centroid(p.ring), (tx, ty)))

    big_park = nearest(0.2, 0.8)
    for p in parcels:
        if p.block == big_park.block:
            p.use, p.name = "park", "拙政园"
    small_park = nearest(0.93, 0.55)
    small_park.use, small_park.name = "park", "耦园"
    school = nearest(0.45, 0.25)
    school.use, school.name = "school", "平江实验学校"
    hospital = nearest(0.7, 0.75)
    hospital.use, hospital.name = "hospital", "苏州市立医院东区"
    market = nearest(0.3, 0.4)
    market.use, market.name = "market", "平江农贸市场"
    office = nearest(0.55, 0.52)
    office.use, office.name = "civic", f"{district.name}办事处"
    station = nearest(0.5, 0.46)
    station.use = "civic"
    station.name = district.stations[0].name if district.stations else "派出所"
    for p in parcels:
        if p.use == "residential" and rng.random() < 0.45:
            p.use = "oldtown"
        elif p.use == "residential" and rng.random() < 0.15:
            p.use = "commercial"
    by_grid: dict[int, list[str]] = {}
    for i, grid in enumerate(district.grids):
        counts = Counter(a.compound for a in district.addresses if a.grid_code == grid.code and a.compound)
        by_grid[i] = [name for name, _ in counts.most_common()]
    for p in parcels:
        if p.use in ("residential", "oldtown") and by_grid.get(p.block):
            p.name = by_grid[p.block].pop(0)
            b.pois.append(("compound", centroid(p.ring), p.name))
    icon = {"park": "park", "school": "school", "hospital": "hospital", "market": "market"}
    for p in parcels:
        if p.use in icon and p.name and not (p.use == "park" and p.block == big_park.block and p is not big_park):
            b.pois.append((icon[p.use], centroid(p.ring), p.name))
    b.pois.append(("government", centroid(office.ring), office.name))
    b.pois.append(("police", centroid(station.ring), station.name))
    primary = next((pts for kind, pts, _ in b.ways if kind == "primary" and abs(pts[-1][0] - pts[0][0]) > 1), None)
    if primary is not None:
        dense = resample(primary, 200)
        for frac, name in ((0.86, "相门站"), (0.36, "临顿路站")):
            b.pois.append(("metro", dense[int(frac * 199)], name))


_BUILDING_SIZES = {  # use: (width range, depth range, gap x, gap y) in metres
    "residential": ((26, 52), (11, 14), 12, 24), "oldtown": ((9, 16), (8, 13), 4, 5),
    "commercial": ((30, 70), (20, 40), 14, 16), "school": ((40, 60), (12, 15), 18, 22),
    "hospital": ((40, 70), (18, 30), 16, 18), "market": ((50, 70), (30, 40), 20, 20),
    "civic": ((30, 50), (16, 24), 16, 16),
}


def _rows_of_boxes(rng: random.Random, box: tuple[float, float, float, float], use: str) -> list[list[XY]]:
    """Candidate building rectangles in rows across ``box`` (left, bottom, right, top)."""
    (w0, w1), (h0, h1), gx, gy = _BUILDING_SIZES[use]
    left, bottom, right, top = box
    out = []
    y = top
    while y > bottom:
        h = rng.uniform(h0, h1)
        x = left + rng.uniform(0, gx)
        while x < right:
            w = rng.uniform(w0, w1)
            if use != "oldtown" or rng.random() < 0.82:
                out.append([(x, y), (x + w, y), (x + w, y - h), (x, y - h)])
            x += w + gx * rng.uniform(0.7, 1.3)
        y -= h + gy * rng.uniform(0.8, 1.2)
    return out


def _fill_parcel(b: _Builder, parcel: _Parcel) -> None:
    """Buildings (and a pond, a sports ground) inside a parcel, clear of roads and water."""
    ring = parcel.ring
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    cx, cy = centroid(ring)
    if parcel.use == "park":
        r = min(right - left, top - bottom) * 0.22
        pond = [(cx + r * (1.3 + 0.25 * math.sin(3 * t + 1)) * math.cos(t),
                 cy + r * (0.9 + 0.2 * math.cos(2 * t)) * math.sin(t)) for t in (i * math.pi / 18 for i in range(36))]
        if all(inside(p, ring) and ring_distance(p, ring) > 25 for p in pond):
            b.areas.append(("water", pond, ""))
        loop = [(cx + r * 1.9 * math.cos(t), cy + r * 1.4 * math.sin(t)) for t in (i * math.pi / 16 for i in range(33))]
        if all(inside(p, ring) and ring_distance(p, ring) > 12 for p in loop):
            b.way("path", loop)
        return
    if parcel.use == "school":
        track = [(cx + 30 * math.cos(t) + (45 if math.cos(t) > 0 else -45), cy + 32 * math.sin(t))
                 for t in (i * math.pi / 16 for i in range(32))]
        if all(inside(p, ring) and ring_distance(p, ring) > 20 for p in track):
            b.areas.append(("pitch", track, ""))
            top = cy - 50
    rects = _rows_of_boxes(b.rng, (left + 18, bottom + 18, right - 18, top - 18), parcel.use)
    if not rects:
        return
    corners = np.asarray([p for r in rects for p in r], dtype=float)
    ok = inside_many(corners, ring) & (clearance(corners, segments_of([ring], closed=True)) > 17.0)
    ok &= b.clearance(corners, WATER_KINDS) > 5.0
    b.keep_buildings(rects, ok)


def _outer_fabric(b: _Builder, west: float, east: float, south: float, north: float) -> None:
    """Unnamed city blocks in the margin around the district, so its edge is not a cliff."""
    m, c = MARGIN_M + 120, CITY_M
    for k in range(6):  # the street grid goes on outside, every ~460 m
        step = 330 + 460 * k
        b.way("street", [(west - step, north + c), (west - step, south - c)])
        b.way("street", [(east + step - 40, north + c), (east + step - 40, south - c)])
        b.way("street", [(west - c, south - step + 60), (east + c, south - step + 60)])
        b.way("street", [(west - c, north + step - 30), (east + c, north + step - 30)])
    ix0, iy0, ix1, iy1 = west - 12, south - 12, east + 12, north + 12
    rects: list[list[XY]] = []
    for x0, y0, x1, y1 in ((west - c, south - c, ix0, north + c), (ix1, south - c, east + c, north + c),
                           (ix0, south - c, ix1, iy0), (ix0, iy1, ix1, north + c)):
        b.areas.append(("residential", [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], ""))
    for x0, y0, x1, y1 in ((west - m, south - m, ix0, north + m), (ix1, south - m, east + m, north + m),
                           (ix0, south - m, ix1, iy0), (ix0, iy1, ix1, north + m)):
        rects += [r for r in _rows_of_boxes(b.rng, (x0 + 14, y0 + 14, x1 - 14, y1 - 14), "residential")
                  if r[1][0] < x1 - 14 and r[2][1] > y0 + 14]
    corners = np.asarray([p for r in rects for p in r], dtype=float)
    b.keep_buildings(rects, b.clearance(corners, ROAD_KINDS + WATER_KINDS) > 8.0)
