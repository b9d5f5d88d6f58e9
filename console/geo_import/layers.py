"""Turn raw features into drafts: codes and names from properties, geometry validated; problems recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shapely.geometry import Polygon

from console.domain.places import Point
from console.geo_import.codes import CodeRules
from console.geo_import.geometry import GeometryProblem, outside_china, parse_polygon
from console.geo_import.properties import FIELDS, code_list, text
from console.geo_import.reader import RawFeature
from console.geo_import.report import Findings


@dataclass(slots=True)
class Draft:
    """One feature on its way in. ``shape`` (lng/lat) and ``ring`` are None when its geometry is unusable."""

    layer: str
    index: int
    code: str
    name: str
    ring: tuple[Point, ...] | None
    shape: Polygon | None
    parent_code: str = ""  # grid: community code; police grid: station code
    parent_name: str = ""
    grid_codes: tuple[str, ...] | None = None  # police grid: the grids it lists (None: compute by overlap)


def read_grids(features: Iterable[RawFeature], rules: CodeRules, found: Findings) -> list[Draft]:
    """Grid drafts; the community code defaults to the grid code's first 12 digits."""
    drafts = []
    for f in features:
        code = _code(f, "grids", "grid_code", "网格编码", found)
        code_ok = bool(code) and not (problem := rules.grid_problem(code))
        if code and not code_ok:
            found.error("E_CODE_FORMAT", problem, layer="grids", index=f.index, feature_code=code)
        community = text(f.properties, "community_code")
        if community:
            if problem := rules.community_problem(community):
                found.error("E_CODE_FORMAT", problem, layer="grids", index=f.index, feature_code=code)
            elif code_ok and code[:12] != community:
                found.error("E_OUTSIDE_COMMUNITY",
                            f"网格编码前12位 {code[:12]} 与所属社区代码 {community} 不一致，网格必须属于唯一社区",
                            layer="grids", index=f.index, feature_code=code, codes=(code, community))
        community = community or code[:12]
        ring, shape = _geometry(f, "grids", code, found, required=True)
        name = _name(f, "grids", "grid_name", code, f"网格{code}", found)
        drafts.append(Draft("grids", f.index, code, name, ring, shape, community,
                            text(f.properties, "community_name")))
    return drafts


def read_police_grids(features: Iterable[RawFeature], rules: CodeRules, found: Findings) -> list[Draft]:
    """Police grid drafts; a feature without geometry is allowed when it lists its grids."""
    drafts = []
    for f in features:
        code = _code(f, "police", "police_code", "警格编码", found)
        station = text(f.properties, "station_code")
        if not station:
            found.error("E_MISSING_FIELD", f"缺少所属派出所代码（{' / '.join(FIELDS['station_code'][:4])} …）",
                        layer="police", index=f.index, feature_code=code)
        elif problem := rules.station_problem(station):
            found.error("E_CODE_FORMAT", problem, layer="police", index=f.index, feature_code=code)
        if code and (problem := rules.police_grid_problem(code, station)):
            found.error("E_CODE_FORMAT", problem, layer="police", index=f.index, feature_code=code)
        grid_codes = code_list(f.properties, "grid_codes")
        ring, shape = _geometry(f, "police", code, found, required=grid_codes is None)
        name = _name(f, "police", "police_name", code, f"警格{code}", found)
        drafts.append(Draft("police", f.index, code, name, ring, shape, station,
                            text(f.properties, "station_name"), grid_codes))
    return drafts


def read_communities(features: Iterable[RawFeature], rules: CodeRules, found: Findings) -> list[Draft]:
    """Community drafts (code, name, outline) from an optional community layer."""
    drafts = []
    for f in features:
        code = _code(f, "communities", "community_own_code", "社区代码", found)
        if code and (problem := rules.community_problem(code)):
            found.error("E_CODE_FORMAT", problem, layer="communities", index=f.index, feature_code=code)
        ring, shape = _geometry(f, "communities", code, found, required=True)
        name = _name(f, "communities", "community_own_name", code, f"社区{code}", found)
        drafts.append(Draft("communities", f.index, code, name, ring, shape))
    return drafts


def _code(f: RawFeature, layer: str, field: str, noun: str, found: Findings) -> str:
    code = text(f.properties, field)
    if not code:
        names = " / ".join(FIELDS[field][:4])
        found.error("E_MISSING_FIELD", f"缺少{noun}（属性名 {names} …）", layer=layer, index=f.index)
    return code


def _name(f: RawFeature, layer: str, field: str, code: str, default: str, found: Findings) -> str:
    name = text(f.properties, field)
    if not name:
        found.warn("W_NAME", f"缺少名称，暂用“{default}”", layer=layer, index=f.index, feature_code=code)
    return name or default


def _geometry(f: RawFeature, layer: str, code: str, found: Findings,
              required: bool) -> tuple[tuple[Point, ...] | None, Polygon | None]:
    if f.geometry is None and not required:
        return None, None
    try:
        ring, shape = parse_polygon(f.geometry)
    except GeometryProblem as p:
        found.error(p.code, p.message, layer=layer, index=f.index, feature_code=code, location=p.location)
        return None, None
    if outside_china(shape):
        found.warn("W_OUTSIDE_CHINA", "图形不在中国境内，请确认坐标为 WGS-84 经纬度",
                   layer=layer, index=f.index, feature_code=code, location=ring[0])
    return ring, shape
