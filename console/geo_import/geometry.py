"""Polygon validation and the area checks (overlaps, gaps, containment) in a local metric frame."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from console.domain.places import Point

EARTH_RADIUS_M = 6_371_008.8
CHINA_BOUNDS = (72.004, 0.8293, 137.8347, 55.8271)  # the GCJ-02 box in DOMAIN.md
_REASONS = {
    "Self-intersection": "多边形自相交",
    "Ring Self-intersection": "边界环自相交（打结）",
    "Too few points": "有效顶点太少",
    "Nested shells": "多边形嵌套",
    "Duplicate Rings": "边界环重复",
}


class GeometryProblem(Exception):
    """A feature's geometry cannot be used: an issue code, a Chinese message and where."""

    def __init__(self, code: str, message: str, location: Point | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.location = code, message, location


def parse_polygon(geometry: object) -> tuple[tuple[Point, ...], Polygon]:
    """A GeoJSON Polygon (or one-part MultiPolygon) without holes as an open ring and a shapely polygon."""
    if not isinstance(geometry, dict):
        raise GeometryProblem("E_GEOMETRY", "缺少几何图形")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        raise GeometryProblem("E_GEOMETRY", f"几何类型 {kind} 不支持，应为 Polygon 或 MultiPolygon")
    if not isinstance(coords, list) or not coords:
        raise GeometryProblem("E_GEOMETRY", "几何图形没有坐标")
    if kind == "MultiPolygon":
        if len(coords) > 1:
            raise GeometryProblem("E_GEOMETRY", f"由 {len(coords)} 个不相连的部分组成，每个区域应为一个连续的面")
        coords = coords[0]
        if not isinstance(coords, list) or not coords:
            raise GeometryProblem("E_GEOMETRY", "几何图形没有坐标")
    ring = _positions(coords[0])
    if len(coords) > 1:
        hole = _positions(coords[1])
        raise GeometryProblem("E_GEOMETRY", f"含 {len(coords) - 1} 个内环（空洞），暂不支持带洞的区域",
                              hole[0] if hole else ring[0])
    if len(ring) < 4:
        raise GeometryProblem("E_GEOMETRY", "外环至少需要4个坐标点（首尾闭合）")
    if ring[0] != ring[-1]:
        raise GeometryProblem("E_GEOMETRY", "外环未闭合：首尾坐标不同", ring[0])
    _check_ranges(ring)
    ring = ring[:-1]
    if len(set(ring)) < 3:
        raise GeometryProblem("E_GEOMETRY", "外环少于3个不同的顶点", ring[0])
    polygon = Polygon(ring)
    reason = shapely.is_valid_reason(polygon)
    if reason != "Valid Geometry":
        kind, _, rest = reason.partition("[")
        where = re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", rest)
        location = (float(where[0]), float(where[1])) if len(where) >= 2 else ring[0]
        raise GeometryProblem("E_GEOMETRY", _REASONS.get(kind, f"几何图形无效：{reason}"), location)
    if polygon.area <= 0:
        raise GeometryProblem("E_GEOMETRY", "面积为零", ring[0])
    return tuple(ring), polygon


def outside_china(polygon: Polygon) -> bool:
    x0, y0, x1, y1 = polygon.bounds
    cx0, cy0, cx1, cy1 = CHINA_BOUNDS
    return x0 < cx0 or x1 > cx1 or y0 < cy0 or y1 > cy1


def _positions(ring: object) -> list[Point]:
    if not isinstance(ring, list):
        raise GeometryProblem("E_GEOMETRY", "坐标格式错误：环应为坐标数组")
    out: list[Point] = []
    for pos in ring:
        if (not isinstance(pos, list | tuple) or len(pos) < 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos[:2])
                or not all(math.isfinite(v) for v in pos[:2])):
            raise GeometryProblem("E_GEOMETRY", f"坐标格式错误：{pos!r} 不是 [经度, 纬度]")
        out.append((float(pos[0]), float(pos[1])))
    return out


def _check_ranges(ring: Sequence[Point]) -> None:
    bad = [(x, y) for x, y in ring if not (-180 <= x <= 180 and -90 <= y <= 90)]
    if not bad:
        return
    x, y = bad[0]
    if all(abs(px) > 1000 or abs(py) > 1000 for px, py in bad):
        hint = "疑似投影坐标（米），请转换为 WGS-84 经纬度"
    elif -90 <= x <= 90 and -180 <= y <= 180:
        hint = "疑似经纬度顺序颠倒，应为 [经度, 纬度]"
    else:
        hint = "超出经纬度范围"
    raise GeometryProblem("E_COORDINATES", f"坐标 ({x:g}, {y:g}) {hint}")


class LocalMetric:
    """An equirectangular frame in metres around the data, accurate enough for areas over a 街道."""

    def __init__(self, shapes: Sequence[BaseGeometry]) -> None:
        x0, y0, x1, y1 = shapely.total_bounds(list(shapes))
        self.lng0, self.lat0 = (x0 + x1) / 2, (y0 + y1) / 2
        self.ky = EARTH_RADIUS_M * math.pi / 180
        self.kx = self.ky * math.cos(math.radians(self.lat0))

    def to_m(self, geom: BaseGeometry) -> BaseGeometry:
        return shapely.transform(geom, lambda a: (a - (self.lng0, self.lat0)) * (self.kx, self.ky))

    def to_lnglat(self, point: BaseGeometry) -> Point:
        return (round(point.x / self.kx + self.lng0, 7), round(point.y / self.ky + self.lat0, 7))


def polygon_parts(geom: BaseGeometry) -> list[Polygon]:
    """The polygons inside any geometry (collections and multi-polygons flattened; lines dropped)."""
    if isinstance(geom, Polygon):
        return [] if geom.is_empty else [geom]
    return [p for g in getattr(geom, "geoms", ()) for p in polygon_parts(g)]


def overlaps(shapes: Sequence[Polygon], tolerance_m2: float) -> list[tuple[int, int, float, BaseGeometry]]:
    """``(i, j, area, point)`` for each pair of shapes (metres) overlapping by more than the tolerance."""
    if not shapes:
        return []
    tree = shapely.STRtree(shapes)
    found = []
    for i, j in tree.query(shapes, predicate="intersects").T:
        if i < j:
            parts = polygon_parts(shapes[i].intersection(shapes[j]))
            area = sum(p.area for p in parts)
            if area > tolerance_m2:
                found.append((int(i), int(j), area, max(parts, key=lambda p: p.area).representative_point()))
    return found


def gaps(shapes: Sequence[Polygon], tolerance_m2: float, closing_m: float,
         outline: BaseGeometry | None = None) -> list[tuple[list[int], float, BaseGeometry]]:
    """``(neighbour indexes, area, point)`` for each uncovered area bigger than the tolerance.

    Gaps are holes in the union of the shapes, narrow slivers between shapes that open to the
    outside (found by a mitred closing of ``closing_m``), and what the ``outline`` has that no shape covers.
    """
    union = shapely.union_all(shapes)
    candidates = [Polygon(ring) for p in polygon_parts(union) for ring in p.interiors]
    closed = union.buffer(closing_m, join_style="mitre", mitre_limit=10).buffer(
        -closing_m, join_style="mitre", mitre_limit=10)
    candidates.append(closed.difference(union))
    if outline is not None:
        candidates.append(outline.difference(union))
    tree = shapely.STRtree(shapes)
    found = []
    for part in polygon_parts(shapely.union_all(candidates)):
        if part.area > tolerance_m2:
            near = sorted(int(k) for k in tree.query(part, predicate="dwithin", distance=1.0))
            found.append((near, part.area, part.representative_point()))
    return found


def outside_part(shape: Polygon, container: BaseGeometry, tolerance_m2: float) -> tuple[float, BaseGeometry] | None:
    """``(area, point)`` of what ``shape`` has outside ``container`` when above the tolerance."""
    parts = polygon_parts(shape.difference(container))
    area = sum(p.area for p in parts)
    if area <= tolerance_m2:
        return None
    return area, max(parts, key=lambda p: p.area).representative_point()
