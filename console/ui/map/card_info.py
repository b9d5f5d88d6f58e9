"""What the worker and grid cards say, computed from the State (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from console.domain import station_time
from console.domain.grid_profiles import (
    BUILDING_HEAD,
    COMPOUND_HEAD,
    HEAD,
    building_heads,
    buildings_of,
    roles_of_worker,
)
from console.domain.incidents import TERMINAL_STATUSES, category_name
from console.domain.places import Grid
from console.domain.state import State
from console.domain.workers import WorkerKind, WorkerStatus


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    worker_id: str
    name: str
    kind: WorkerKind
    phone: str
    grid_code: str
    grid_name: str
    status: WorkerStatus
    last_fix_ms: int | None
    order_id: str | None  # the incident being worked, else the earliest-due open order
    order_text: str
    posts: str = ""  # 网格长 / 小区长 / 楼栋长 it holds, with where


@dataclass(frozen=True, slots=True)
class GridInfo:
    code: str
    name: str
    community_code: str
    community_name: str
    police_grids: tuple[str, ...]  # "code name"
    grid_workers: tuple[str, ...]  # names
    officers: tuple[str, ...]  # names
    today: int
    open: int
    kind: str = "普通网格"  # 普通网格, or 专属网格（学校）with its site
    head: str = ""  # 网格长
    compound_heads: tuple[str, ...] = ()  # "小区 name"
    building_heads: tuple[str, ...] = ()  # "小区楼 name"
    buildings: tuple[int, int] = (0, 0)  # buildings with a 楼栋长, buildings with a standard address


def worker_info(state: State, worker_id: str, status: WorkerStatus) -> WorkerInfo:
    """The card of one roster worker; ``status`` is what the map shows for them now."""
    w = state.workers[worker_id]
    grid = _grid(state, w.grid_code)
    pos = state.positions.get(worker_id)
    inc = state.active_incident_of(worker_id)
    orders = sorted((state.orders[o] for o in state.open_orders.get(worker_id, ())), key=lambda o: o.due_at)
    if inc is not None:
        order_id, order_text = inc.id, f"{inc.id} {category_name(inc.category)}"
    elif orders:
        order_id, order_text = orders[0].id, f"{orders[0].kind.label} {orders[0].target_text}"
    else:
        order_id, order_text = None, ""
    more = len(orders) - (1 if inc is None and orders else 0)  # open orders not already shown
    if more > 0:
        order_text += f"（另有派单 {more} 项）"
    return WorkerInfo(
        worker_id=w.id,
        name=w.name,
        kind=w.kind,
        phone=w.phone,
        grid_code=w.grid_code,
        grid_name=grid.name if grid is not None else "",
        status=status,
        last_fix_ms=pos.at if pos is not None else None,
        order_id=order_id,
        order_text=order_text,
        posts="；".join(f"{r.role} {r.place or _grid_name(state, g)}"
                       for g, r in roles_of_worker(state.grid_profiles, worker_id)),
    )


def officers_of(state: State, grid_code: str) -> list[str]:
    """社区民警 of a grid: officers whose own grid it is, else those of the 警格 covering it."""
    officers = [w for w in state.workers.values() if w.kind is WorkerKind.OFFICER]
    own = [w.id for w in officers if w.grid_code == grid_code]
    if own:
        return own
    covering = {g for pg in state.district.police_grids if grid_code in pg.grid_codes for g in pg.grid_codes}
    return [w.id for w in officers if w.grid_code in covering]


def start_of_day_ms(now_ms: int) -> int:
    """The station's midnight before ``now_ms``."""
    return station_time.start_of_day(now_ms)


def grid_info(state: State, grid_code: str, now_ms: int) -> GridInfo:
    """The card of one grid: codes, people responsible, today's and open incidents."""
    grid = _grid(state, grid_code)
    if grid is None:
        raise KeyError(grid_code)
    community = next((c for c in state.district.communities if c.code == grid.community_code), None)
    police = tuple(f"{pg.code} {pg.name}" for pg in state.district.police_grids if grid_code in pg.grid_codes)
    workers = tuple(
        w.name for w in state.workers.values() if w.kind is WorkerKind.GRID_WORKER and w.grid_code == grid_code
    )
    officers = tuple(state.workers[w].name for w in officers_of(state, grid_code))
    midnight = start_of_day_ms(now_ms)
    mine = [i for i in state.incidents.values() if i.grid_code == grid_code]
    return GridInfo(
        code=grid.code,
        name=grid.name,
        community_code=grid.community_code,
        community_name=community.name if community is not None else "",
        police_grids=police,
        grid_workers=workers,
        officers=officers,
        today=sum(1 for i in mine if i.reported_at >= midnight),
        open=sum(1 for i in mine if i.status not in TERMINAL_STATUSES),
        **_posts(state, grid_code),
    )


def _posts(state: State, grid_code: str) -> dict:
    """The grid card's kind and 网格长 — 小区长 — 楼栋长 rows."""
    p = state.grid_profiles.get(grid_code)
    buildings = buildings_of(state.district.addresses, grid_code)
    if p is None:
        return {"buildings": (0, len(buildings))}
    who = lambda r: f"{r.name} {r.phone}".strip()  # noqa: E731
    heads = p.of_role(HEAD)
    site = " · ".join(x for x in (p.site_name, p.site_address) if x)
    return {"kind": p.kind_label + (f" · {site}" if p.is_dedicated and site else ""),
            "head": who(heads[0]) if heads else "",
            "compound_heads": tuple(f"{r.place} {who(r)}" for r in p.of_role(COMPOUND_HEAD)),
            "building_heads": tuple(f"{r.place} {who(r)}" for r in p.of_role(BUILDING_HEAD)),
            "buildings": (building_heads(p, buildings), len(buildings))}


def _grid_name(state: State, code: str) -> str:
    grid = _grid(state, code)
    return grid.name if grid is not None else code


def _grid(state: State, code: str) -> Grid | None:
    return next((g for g in state.district.grids if g.code == code), None)


def hover_text(state: State, kind: str, key: str, status: WorkerStatus | None = None) -> str:
    """The tooltip of a worker (name · ``status``) or an incident (number, status, grid) under the pointer."""
    if kind == "worker":
        return f"{state.workers[key].name} · {status.label if status else ''}"
    inc = state.incidents.get(key)
    return f"{inc.id}\n{inc.status.label} · {inc.grid_code}" if inc is not None else key
