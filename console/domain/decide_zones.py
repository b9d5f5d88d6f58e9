"""Deciders for watched zones (关注区域) a dispatcher draws on the map."""

from __future__ import annotations

import math

from console.domain import events as ev
from console.domain.decide_common import Actor
from console.domain.errors import DomainError
from console.domain.state import State

MAX_ZONE_POINTS = 200


def set_zone(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    polygon = _polygon(args["polygon"])
    zone_id = args.get("zone") or f"ZONE{seq:08d}"
    name = args["name"].strip()
    if not name:
        raise DomainError("E_FIELD", "请填写区域名称 / name is required")
    return ev.ZONE_SET, {"zone": zone_id, "name": name, "polygon": polygon}


def remove_zone(state: State, actor: Actor, args: dict, now_ms: int, seq: int) -> tuple[str, dict]:
    if args["zone"] not in state.zones:
        raise DomainError("E_NOT_FOUND", f"关注区域 {args['zone']}")
    return ev.ZONE_REMOVED, {"zone": args["zone"]}


def _polygon(raw: list) -> list[list[float]]:
    """``[[lng, lat], …]`` with 3..200 distinct finite WGS-84 points, or E_FIELD."""
    points = []
    for p in raw:
        if not (isinstance(p, list) and len(p) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool)
                                                            and math.isfinite(v) for v in p)):
            raise DomainError("E_FIELD", f"polygon 点应为 [lng, lat]: {p!r}")
        lng, lat = float(p[0]), float(p[1])
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise DomainError("E_FIELD", f"polygon 坐标超出范围: {p!r}")
        points.append([lng, lat])
    if points and points[0] == points[-1]:
        points.pop()
    if not 3 <= len({tuple(p) for p in points}) <= MAX_ZONE_POINTS:
        raise DomainError("E_FIELD", f"polygon 需要 3..{MAX_ZONE_POINTS} 个不同的点")
    return points
