"""Scopes over the reference data: which grids and grid workers a worker, grid, community, 警格, station
or district covers. Loaded from the shared database once per summary."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

from console.domain.errors import DomainError
from console.domain.grid_profiles import GridProfile, building_heads
from console.domain.summary import Scope
from console.store import tables as t

SCOPE_KINDS = ("worker", "grid", "community", "street", "county", "police_grid", "station", "district")
SCOPE_LABELS = {"worker": "网格员", "grid": "网格", "community": "社区", "street": "街道", "county": "区",
                "police_grid": "警格", "station": "派出所", "district": "辖区"}
# scope kind -> the fact-table column an item's membership is read from (None: everything)
SCOPE_COLUMNS = {"worker": "worker_id", "grid": "grid_code", "community": "community_code",
                 "police_grid": "police_grid_code", "station": "station_code", "district": None}
# 四级管理 levels read from the statistical code: a 街道 is the community code's first 9 digits, a 区 its first 6
PREFIX_KINDS = {"street": 9, "county": 6}


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    """A roster entry as the assessment needs it."""

    id: str
    name: str
    kind: str
    grid_code: str


@dataclass(slots=True)
class Places:
    """Stations, communities, grids, 警格 and the roster, with their names."""

    district_name: str
    township_code: str
    stations: dict[str, str]
    communities: dict[str, str]
    grids: dict[str, tuple[str, str]]  # code -> (name, community code)
    police_grids: dict[str, tuple[str, str, tuple[str, ...]]]  # code -> (name, station code, grid codes)
    workers: dict[str, WorkerInfo]

    @classmethod
    def load(cls, conn: Connection) -> Places:
        """Read the reference tables."""
        meta = dict(conn.execute(select(t.meta.c.key, t.meta.c.value)).all())
        return cls(
            district_name=meta.get("district_name", ""), township_code=meta.get("township_code", ""),
            stations=dict(conn.execute(select(t.stations.c.code, t.stations.c.name)).all()),
            communities=dict(conn.execute(select(t.communities.c.code, t.communities.c.name)).all()),
            grids={r.code: (r.name, r.community_code)
                   for r in conn.execute(select(t.grids.c.code, t.grids.c.name, t.grids.c.community_code))},
            police_grids={r.code: (r.name, r.station_code, tuple(json.loads(r.grid_codes)))
                          for r in conn.execute(select(t.police_grids.c.code, t.police_grids.c.name,
                                                       t.police_grids.c.station_code, t.police_grids.c.grid_codes))},
            workers={r.id: WorkerInfo(r.id, r.name, r.kind, r.grid_code)
                     for r in conn.execute(select(t.workers.c.id, t.workers.c.name, t.workers.c.kind,
                                                  t.workers.c.grid_code).order_by(t.workers.c.id))},
        )

    def scope(self, kind: str, code: str) -> Scope:
        """The named scope; DomainError E_FIELD for an unknown kind, E_NOT_FOUND for an unknown code."""
        if kind not in SCOPE_KINDS:
            raise DomainError("E_FIELD", f"范围类型应为 {'/'.join(SCOPE_KINDS)} / scope kind: {kind!r}")
        if kind == "district":
            return Scope(kind, code or self.township_code, self.district_name)
        if kind in PREFIX_KINDS:
            if not any(c[:PREFIX_KINDS[kind]] == code for c in self.communities) or len(code) != PREFIX_KINDS[kind]:
                raise DomainError("E_NOT_FOUND", f"{SCOPE_LABELS[kind]} {code}")
            return Scope(kind, code, self.level_name(kind, code))
        names = {"worker": {w.id: w.name for w in self.workers.values()},
                 "grid": {c: g[0] for c, g in self.grids.items()}, "community": self.communities,
                 "police_grid": {c: p[0] for c, p in self.police_grids.items()},
                 "station": self.stations}[kind]
        if code not in names:
            raise DomainError("E_NOT_FOUND", f"{SCOPE_LABELS[kind]} {code}")
        return Scope(kind, code, names[code])

    def grids_of(self, scope: Scope) -> list[str]:
        """The grid codes a scope covers (a worker: their own grid), sorted."""
        kind, code = scope.kind, scope.code
        if kind == "worker":
            w = self.workers.get(code)
            return [w.grid_code] if w and w.grid_code in self.grids else []
        if kind == "grid":
            return [code] if code in self.grids else []
        if kind == "community":
            return sorted(g for g, (_, c) in self.grids.items() if c == code)
        if kind in PREFIX_KINDS:
            return sorted(g for g, (_, c) in self.grids.items() if c[:PREFIX_KINDS[kind]] == code)
        if kind == "police_grid":
            return sorted(g for g in self.police_grids.get(code, ("", "", ()))[2] if g in self.grids)
        if kind == "station":
            return sorted({g for _, s, gs in self.police_grids.values() if s == code for g in gs if g in self.grids})
        return sorted(self.grids)

    def grid_workers_of(self, scope: Scope) -> list[WorkerInfo]:
        """Grid workers (网格员, not officers) whose own grid is in the scope, by id."""
        if scope.kind == "worker":
            w = self.workers.get(scope.code)
            return [w] if w and w.kind == "grid_worker" else []
        grids = set(self.grids_of(scope))
        return [w for w in self.workers.values() if w.kind == "grid_worker" and w.grid_code in grids]

    def level_name(self, kind: str, code: str) -> str:
        """The name of a 街道 or 区: the district's own name for its 街道, else the code with its level."""
        if kind == "street" and code == self.township_code and self.district_name:
            return self.district_name
        return f"{code}{SCOPE_LABELS[kind]}"

    def officer_police_grid(self, worker_id: str) -> str:
        """The 警格 a community officer (社区民警) answers for: the one covering their grid ("" if none)."""
        w = self.workers.get(worker_id)
        if w is None:
            return ""
        return next((code for code, (_, _, grids) in sorted(self.police_grids.items()) if w.grid_code in grids), "")

    def worker_name(self, worker_id: str | None) -> str:
        w = self.workers.get(worker_id or "")
        return w.name if w else (worker_id or "")


def grid_posts(conn: Connection, cut_ms: int) -> dict[str, dict[str, int]]:
    """Per grid, as its profile stood at ``cut_ms`` (``grid_profile_history``: a later import does not change a
    past period): 1 if 专属, its buildings (小区 + 楼 of its addresses) and how many have a 楼栋长."""
    A, H = t.addresses.c, t.grid_profile_history.c
    buildings: dict[str, set[tuple[str, str]]] = {}
    for r in conn.execute(select(A.grid_code, A.compound, A.building).where(A.building != "").distinct()):
        buildings.setdefault(r.grid_code, set()).add((r.compound, r.building))
    last = select(H.grid, func.max(H.seq).label("seq")).where(H.at <= cut_ms).group_by(H.grid).subquery()
    stood = select(H.body).join(last, and_(H.grid == last.c.grid, H.seq == last.c.seq))
    profiles = {p.id: p for p in (GridProfile.from_dict(json.loads(b)) for (b,) in conn.execute(stood))}
    return {g: {"dedicated": int(profiles[g].is_dedicated) if g in profiles else 0,
                "headed": building_heads(profiles.get(g), buildings.get(g, set())),
                "buildings": len(buildings.get(g, ()))}
            for g in set(buildings) | set(profiles)}
