"""The street lattice of the demo district and a cheap pedestrian model that walks it.

Pure code: no I/O, no clocks. Distances use a local equirectangular projection in metres.
Nodes are road intersections numbered ``row * cols + col`` with row 0 on the north edge;
block ``(col, row)`` lies between nodes ``(col, row)`` and ``(col + 1, row + 1)``.
"""

from __future__ import annotations

import heapq
import itertools
import math
import random
from collections.abc import Iterable

from console.domain.geo import EARTH_RADIUS_M
from console.domain.places import Point

ARRIVE_M = 10.0
GPS_SIGMA_M = 2.0
_PAUSE_EVERY_S = 900.0  # on patrol, stop to talk to someone about once per quarter hour


class _Path:
    """A metre polyline with per-segment length, unit vector and heading; ``nodes`` marks lattice nodes."""

    __slots__ = ("cyclic", "hdg", "lens", "node_index", "nodes", "ux", "uy", "xs", "ys")

    def __init__(self, pts: list[tuple[float, float]], nodes: list[int], cyclic: bool = False) -> None:
        xs: list[float] = []
        ys: list[float] = []
        marks: list[int] = []
        for (x, y), n in zip(pts, nodes, strict=True):
            if xs and math.hypot(x - xs[-1], y - ys[-1]) < 1e-6:
                if n >= 0:
                    marks[-1] = n
                continue
            xs.append(x)
            ys.append(y)
            marks.append(n)
        self.xs, self.ys, self.nodes, self.cyclic = xs, ys, marks, cyclic
        self.lens, self.ux, self.uy, self.hdg = [], [], [], []
        for i in range(len(xs) - 1):
            dx, dy = xs[i + 1] - xs[i], ys[i + 1] - ys[i]
            d = math.hypot(dx, dy)
            self.lens.append(d)
            self.ux.append(dx / d)
            self.uy.append(dy / d)
            self.hdg.append(math.degrees(math.atan2(dx, dy)) % 360.0)
        self.node_index = {n: i for i, n in enumerate(marks[:-1] if cyclic else marks) if n >= 0}


class StreetLattice:
    """Road intersections (nodes) joined by road polylines (edges), with grid blocks between them."""

    def __init__(
        self,
        cols: int,
        rows: int,
        nodes: list[Point],
        edges: dict[tuple[int, int], tuple[Point, ...]],
        edge_roads: dict[tuple[int, int], str],
    ) -> None:
        """``edges`` maps ``(a, b)`` with ``a < b`` to the polyline from node a to node b."""
        self.cols, self.rows = cols, rows
        self.nodes = list(nodes)
        self.lng0 = sum(p[0] for p in nodes) / len(nodes)
        self.lat0 = sum(p[1] for p in nodes) / len(nodes)
        self.ky = EARTH_RADIUS_M * math.pi / 180.0
        self.kx = self.ky * math.cos(math.radians(self.lat0))
        self._edges = dict(edges)
        self._edge_roads = dict(edge_roads)
        self._edge_xy = {k: [self.to_xy(*p) for p in pts] for k, pts in self._edges.items()}
        self.adjacency: dict[int, list[tuple[int, float]]] = {n: [] for n in range(len(nodes))}
        for (a, b), xy in self._edge_xy.items():
            length = sum(math.dist(xy[i], xy[i + 1]) for i in range(len(xy) - 1))
            self.adjacency[a].append((b, length))
            self.adjacency[b].append((a, length))
        self.node_xy = [self.to_xy(*p) for p in nodes]
        self._dist, self._prev = zip(*(self._dijkstra(s) for s in range(len(nodes))), strict=True)
        self.blocks: dict[str, tuple[int, int]] = {}
        self._patrols: dict[tuple[str, bool], _Path] = {}

    # -- projection -----------------------------------------------------------------------------
    def to_xy(self, lng: float, lat: float) -> tuple[float, float]:
        """Metres east/north of the lattice centre."""
        return ((lng - self.lng0) * self.kx, (lat - self.lat0) * self.ky)

    def to_lnglat(self, x: float, y: float) -> Point:
        """Inverse of :meth:`to_xy`."""
        return (self.lng0 + x / self.kx, self.lat0 + y / self.ky)

    # -- topology -------------------------------------------------------------------------------
    def node_id(self, col: int, row: int) -> int:
        return row * self.cols + col

    def edge_points(self, a: int, b: int) -> tuple[Point, ...]:
        """The road polyline from node ``a`` to adjacent node ``b`` (both ends included)."""
        pts = self._edges[(a, b) if a < b else (b, a)]
        return pts if a < b else pts[::-1]

    def edge_road(self, a: int, b: int) -> str:
        """Name of the road the edge ``a``–``b`` belongs to."""
        return self._edge_roads[(a, b) if a < b else (b, a)]

    def _edge_xy_dir(self, a: int, b: int) -> list[tuple[float, float]]:
        xy = self._edge_xy[(a, b) if a < b else (b, a)]
        return xy if a < b else xy[::-1]

    def assign(self, grid_code: str, col: int, row: int) -> None:
        """Record that ``grid_code`` is the block at ``(col, row)``."""
        self.blocks[grid_code] = (col, row)

    def block_ring(self, col: int, row: int) -> tuple[int, int, int, int]:
        """Corner nodes NW, NE, SE, SW of a block (clockwise on the map)."""
        nw = self.node_id(col, row)
        return (nw, nw + 1, nw + 1 + self.cols, nw + self.cols)

    def corners(self, grid_code: str) -> tuple[int, int, int, int]:
        """Corner nodes NW, NE, SE, SW of a grid's block."""
        return self.block_ring(*self.blocks[grid_code])

    def outline(self, blocks: Iterable[tuple[int, int]]) -> tuple[Point, ...]:
        """Exact outline of a 4-connected, hole-free set of blocks, following the road polylines."""
        directed: set[tuple[int, int]] = set()
        for col, row in blocks:
            ring = self.block_ring(col, row)
            for k in range(4):
                e = (ring[k], ring[(k + 1) % 4])
                if (e[1], e[0]) in directed:
                    directed.discard((e[1], e[0]))
                else:
                    directed.add(e)
        nxt = dict(directed)
        if len(nxt) != len(directed):
            raise ValueError("block set touches itself at a corner")
        start = min(nxt)
        pts: list[Point] = []
        a = start
        while True:
            b = nxt[a]
            pts.extend(self.edge_points(a, b)[:-1])
            a = b
            if a == start:
                return tuple(pts)

    def ring_points(self, grid_code: str) -> tuple[Point, ...]:
        """The polygon of a grid: its block outline."""
        return self.outline([self.blocks[grid_code]])

    # -- routing --------------------------------------------------------------------------------
    def _dijkstra(self, src: int) -> tuple[list[float], list[int]]:
        dist = [math.inf] * len(self.nodes)
        prev = [-1] * len(self.nodes)
        dist[src] = 0.0
        heap = [(0.0, src)]
        while heap:
            d, n = heapq.heappop(heap)
            if d > dist[n]:
                continue
            for m, w in self.adjacency[n]:
                if d + w < dist[m]:
                    dist[m], prev[m] = d + w, n
                    heapq.heappush(heap, (d + w, m))
        return dist, prev

    def path_length(self, a: int, b: int) -> float:
        """Shortest distance along roads between two nodes, in metres."""
        return self._dist[a][b]

    def shortest_path(self, a: int, b: int) -> list[int]:
        """Nodes of the shortest road route from ``a`` to ``b`` (both included)."""
        prev = self._prev[a]
        out = [b]
        while out[-1] != a:
            out.append(prev[out[-1]])
        return out[::-1]

    def nearest_node(self, x: float, y: float) -> int:
        """The node nearest to a point given in metres."""
        xy = self.node_xy
        return min(range(len(xy)), key=lambda n: (xy[n][0] - x) ** 2 + (xy[n][1] - y) ** 2)

    def route_points(self, nodes: list[int]) -> tuple[list[tuple[float, float]], list[int]]:
        """Metre points and node markers along a node route."""
        pts = [self.node_xy[nodes[0]]]
        marks = [nodes[0]]
        for a, b in itertools.pairwise(nodes):
            xy = self._edge_xy_dir(a, b)
            pts.extend(xy[1:])
            marks.extend([-1] * (len(xy) - 2) + [b])
        return pts, marks

    def patrol_path(self, grid_code: str, reverse: bool = False) -> _Path:
        """The closed patrol loop around a grid (cached and shared between walkers)."""
        key = (grid_code, reverse)
        path = self._patrols.get(key)
        if path is None:
            ring = list(self.corners(grid_code))
            if reverse:
                ring.reverse()
            pts, marks = self.route_points([*ring, ring[0]])
            path = self._patrols[key] = _Path(pts, marks, cyclic=True)
        return path


PATROL, ROUTE, RETURN, ARRIVED = "patrol", "route", "return", "arrived"


class Walker:
    """A grid worker on foot: patrols the roads around its grid, or walks to a target and back."""

    __slots__ = (
        "_hdg", "_off", "_path", "_pause", "_rng", "_seg", "_speed", "_tx", "_ty", "_x", "_y",
        "base_speed", "grid_code", "lattice", "mode",
    )

    def __init__(
        self, lattice: StreetLattice, grid_code: str, rng: random.Random, speed_mps: float | None = None
    ) -> None:
        self.lattice, self.grid_code, self._rng = lattice, grid_code, rng
        self.base_speed = speed_mps if speed_mps is not None else rng.uniform(1.0, 1.5)
        self._speed = self.base_speed
        self._path = lattice.patrol_path(grid_code, reverse=rng.random() < 0.5)
        self._seg = rng.randrange(len(self._path.lens))
        self._off = rng.random() * self._path.lens[self._seg]
        self._pause = 0.0
        self._tx = self._ty = math.nan
        self.mode = PATROL
        self._place()

    def _place(self) -> None:
        p, s = self._path, self._seg
        self._x = p.xs[s] + p.ux[s] * self._off
        self._y = p.ys[s] + p.uy[s] * self._off
        self._hdg = p.hdg[s]

    @property
    def position(self) -> Point:
        """True (noise-free) position as ``(lng, lat)``."""
        return self.lattice.to_lnglat(self._x, self._y)

    @property
    def arrived(self) -> bool:
        """True once a :meth:`go_to` target is within ``ARRIVE_M`` metres; the walker then stands still."""
        return self.mode == ARRIVED

    def step(self, dt_s: float) -> tuple[float, float, float, float]:
        """Advance ``dt_s`` seconds; return a noisy GPS fix ``(lng, lat, speed_mps, heading_deg)``."""
        rng = self._rng
        speed = 0.0
        if self.mode == PATROL and self._pause <= 0.0 and rng.random() < dt_s / _PAUSE_EVERY_S:
            self._pause = rng.uniform(20.0, 120.0)
        if self._pause > 0.0:
            self._pause -= dt_s
        elif self.mode != ARRIVED:
            speed = self._speed
            self._advance(speed * dt_s)
            if self.mode == ROUTE and math.hypot(self._x - self._tx, self._y - self._ty) <= ARRIVE_M:
                self.mode = ARRIVED
        lat_k = self.lattice
        x = self._x + rng.gauss(0.0, GPS_SIGMA_M)
        y = self._y + rng.gauss(0.0, GPS_SIGMA_M)
        return (lat_k.lng0 + x / lat_k.kx, lat_k.lat0 + y / lat_k.ky, speed, self._hdg)

    def _advance(self, d: float) -> None:
        p = self._path
        lens = p.lens
        seg, off = self._seg, self._off + d
        while off >= lens[seg]:
            off -= lens[seg]
            seg += 1
            if seg == len(lens):
                if p.cyclic:
                    seg = 0
                else:
                    self._seg, self._off = seg - 1, lens[seg - 1]
                    self._place()
                    self._route_done()
                    return
        self._seg, self._off = seg, off
        self._x = p.xs[seg] + p.ux[seg] * off
        self._y = p.ys[seg] + p.uy[seg] * off
        self._hdg = p.hdg[seg]

    def _route_done(self) -> None:
        if self.mode == ROUTE:
            self.mode = ARRIVED
            return
        end = self._path.nodes[-1]
        self._start_patrol(end)

    def _start_patrol(self, node: int) -> None:
        self._path = self.lattice.patrol_path(self.grid_code, reverse=self._rng.random() < 0.5)
        self._seg, self._off = self._path.node_index[node], 0.0
        self._speed, self.mode = self.base_speed, PATROL
        self._place()

    def _exits(self) -> list[tuple[float, list[tuple[float, float]], int]]:
        """Ways off the current path to a lattice node: (metres, points from here, node)."""
        p, seg = self._path, self._seg
        out = []
        here = (self._x, self._y)
        pts, d = [here], 0.0
        for k in range(seg + 1, len(p.xs)):
            d += math.dist(pts[-1], (p.xs[k], p.ys[k]))
            pts.append((p.xs[k], p.ys[k]))
            if p.nodes[k] >= 0:
                out.append((d, pts, p.nodes[k]))
                break
        pts, d = [here], 0.0
        for k in range(seg, -1, -1):
            d += math.dist(pts[-1], (p.xs[k], p.ys[k]))
            pts.append((p.xs[k], p.ys[k]))
            if p.nodes[k] >= 0:
                out.append((d, pts, p.nodes[k]))
                break
        if not out:
            n = self.lattice.nearest_node(*here)
            out.append((math.dist(here, self.lattice.node_xy[n]), [here, self.lattice.node_xy[n]], n))
        return out

    def _route_to(self, targets: Iterable[int]) -> int:
        """Set a path from here along the roads to the nearest of ``targets``; return that node."""
        lat = self.lattice
        best = min(
            ((d + lat.path_length(n, t), pts, n, t) for d, pts, n in self._exits() for t in targets),
            key=lambda c: c[0],
        )
        _, pts, n, t = best
        rpts, rmarks = lat.route_points(lat.shortest_path(n, t))
        self._path = _Path(pts + rpts[1:], [-1] * (len(pts) - 1) + rmarks, cyclic=False)
        self._seg, self._off, self._pause = 0, 0.0, 0.0
        return t

    def go_to(self, lng: float, lat: float, speed_mps: float | None = None) -> None:
        """Walk along the roads to the node nearest ``(lng, lat)``, then straight to it."""
        tx, ty = self.lattice.to_xy(lng, lat)
        self._tx, self._ty = tx, ty
        self._speed = speed_mps if speed_mps is not None else self.base_speed
        if math.hypot(self._x - tx, self._y - ty) <= ARRIVE_M:
            self.mode = ARRIVED
            return
        self._route_to([self.lattice.nearest_node(tx, ty)])
        p = self._path
        self._path = _Path([*zip(p.xs, p.ys, strict=True), (tx, ty)], [*p.nodes, -1])
        self.mode = ROUTE
        self._place()

    def resume_patrol(self) -> None:
        """Walk back to the nearest corner of the walker's own grid and patrol again."""
        if self.mode in (PATROL, RETURN):
            return
        self._speed = self.base_speed
        corners = self.lattice.corners(self.grid_code)
        self._route_to(corners)
        if not self._path.lens:
            self._start_patrol(self._path.nodes[-1])
            return
        self.mode = RETURN
        self._place()
