"""What every decider needs: the actor, lookups that refuse with a reason, ids and places."""

from __future__ import annotations

from dataclasses import dataclass

from console.domain import station_time
from console.domain.audit import SYSTEM_ACCOUNT
from console.domain.errors import DomainError
from console.domain.geo import bbox, centroid, point_in_polygon
from console.domain.incidents import Incident
from console.domain.places import Address
from console.domain.scope import Scope
from console.domain.state import State
from console.domain.text import is_blank
from console.domain.workers import Role

EDGE_TOLERANCE_DEG = 0.0005  # about 50 m: a fix on a boundary road, pushed out by GPS noise
REGION_MARGIN_DEG = 0.05  # about 5 km around the district: a worker may step outside, not to another city


@dataclass(frozen=True, slots=True)
class Actor:
    """Who sends a command: account, role, the worker a grid worker's account is, the department a
    liaison serves (``*`` for all), the workstation the command came from and, for a field gateway
    logged in at the relay, the workers it is bound to (None: not bound, as in domain tests)."""

    account: str
    role: Role
    worker_id: str | None = None
    department: str = ""
    workstation: str = ""
    scope: Scope | None = None


SYSTEM_ACTOR = Actor(SYSTEM_ACCOUNT, Role.SYSTEM)


def acting_worker(state: State, actor: Actor, args: dict) -> str:
    """The worker a field command is for: the account's own, or ``args['worker']`` for a gateway."""
    if actor.role is Role.FIELD_GATEWAY:
        worker_id = args.get("worker")
        if not worker_id:
            raise DomainError("E_FIELD", "外勤网关必须指明 worker / gateway commands need 'worker'")
    else:
        worker_id = actor.worker_id
        if args.get("worker") not in (None, worker_id):
            raise DomainError("E_FORBIDDEN", "只能以本人身份操作 / may only act as yourself")
    worker = state.workers.get(worker_id)
    if worker is None:
        raise DomainError("E_NOT_FOUND", f"人员 {worker_id}")
    if actor.role is Role.FIELD_GATEWAY and actor.scope is not None and not actor.scope.covers(worker):
        raise DomainError("E_FORBIDDEN", f"外勤网关未绑定 {worker_id} / gateway is not bound to this worker")
    return worker_id


def find_incident(state: State, args: dict) -> Incident:
    """The incident named in ``args``; E_CONFLICT (with fresh state) when ``version`` is stale."""
    inc = state.incidents.get(args["incident"])
    if inc is None:
        raise DomainError("E_NOT_FOUND", f"警情 {args['incident']}")
    expected = args.get("version")
    if expected is not None and expected != inc.version:
        raise DomainError(
            "E_CONFLICT", f"警情 {inc.id} 已被他人更新 / changed by someone else", incident=inc.to_dict()
        )
    return inc


def reason(args: dict) -> str:
    """The mandatory ``note`` of a command that needs a why (退回, 作废, 返工 …)."""
    note = args.get("note", "").strip()
    if is_blank(note):
        raise DomainError("E_FIELD", "请填写原因 / a reason (note) is required")
    return note


def china_day(now_ms: int) -> str:
    """``yyyymmdd`` of ``now_ms`` in station time, used in ticket numbers."""
    return station_time.fmt(now_ms, "%Y%m%d")


def ticket(prefix: str, now_ms: int, seq: int) -> str:
    """A ticket number such as ``JQ2026112200001234``: prefix, China date, the event's seq."""
    return f"{prefix}{china_day(now_ms)}{seq:08d}"


def find_address(state: State, code: str) -> Address | None:
    """The standard address with ``code``, if the district has it."""
    return state.address_index.get(code)


def grid_at(state: State, lng: float, lat: float) -> str:
    """Code of the grid containing the point; else the nearest grid within ~50 m; else ""."""
    near: list[tuple[float, str]] = []
    for grid in state.district.grids:
        x0, y0, x1, y1 = bbox(grid.polygon)
        if x0 <= lng <= x1 and y0 <= lat <= y1 and point_in_polygon((lng, lat), grid.polygon):
            return grid.code
        t = EDGE_TOLERANCE_DEG
        if x0 - t <= lng <= x1 + t and y0 - t <= lat <= y1 + t:
            cx, cy = centroid(grid.polygon)
            near.append(((cx - lng) ** 2 + (cy - lat) ** 2, grid.code))
    return min(near)[1] if near else ""


_region: tuple[object, tuple[float, float, float, float] | None] = (None, None)


def check_in_region(state: State, lng: float, lat: float) -> None:
    """Refuse (E_FIELD) a point outside the district's grids' bounding box plus a margin."""
    global _region
    district = state.district
    if _region[0] is not district:
        boxes = [bbox(g.polygon) for g in district.grids]
        _region = (district, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                              max(b[2] for b in boxes), max(b[3] for b in boxes)) if boxes else None)
    box = _region[1]
    m = REGION_MARGIN_DEG
    if box is not None and not (box[0] - m <= lng <= box[2] + m and box[1] - m <= lat <= box[3] + m):
        raise DomainError("E_FIELD", f"坐标超出辖区范围 / outside the district: {lng:.5f},{lat:.5f}")
