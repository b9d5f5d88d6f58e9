"""Checks across features: duplicates, overlaps, gaps, community containment and police-grid coverage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import shapely

from console.geo_import.geometry import LocalMetric, gaps, outside_part, overlaps
from console.geo_import.layers import Draft
from console.geo_import.report import Findings

NOUNS = {"grids": "网格", "police": "警格", "communities": "社区"}


@dataclass(frozen=True, slots=True)
class Tolerances:
    """Areas in m² below which an overlap, gap or overhang is taken as digitising noise."""

    overlap_m2: float = 10.0
    gap_m2: float = 10.0
    gap_closing_m: float = 20.0  # slivers narrower than twice this, open to the outside, count as gaps
    outside_m2: float = 10.0
    majority_share: float = 0.5  # a grid belongs to the police grid holding this share of its area
    split_share: float = 0.05  # a second police grid holding this share makes the grid "split"


def check_duplicates(drafts: Sequence[Draft], found: Findings) -> None:
    """E_DUPLICATE for every feature whose code an earlier feature of the layer already has."""
    first: dict[str, Draft] = {}
    for d in drafts:
        if not d.code:
            continue
        if d.code in first:
            noun = NOUNS[d.layer]
            found.error("E_DUPLICATE", f"{noun}编码 {d.code} 重复（第{first[d.code].index + 1}、{d.index + 1}个要素）",
                        layer=d.layer, index=d.index, feature_code=d.code, codes=(d.code,),
                        location=_inside(d))
        else:
            first[d.code] = d


def check_overlaps(drafts: Sequence[Draft], metric: LocalMetric, tolerance_m2: float, found: Findings) -> None:
    """E_OVERLAP naming both codes and a point inside the overlap."""
    shaped = [d for d in drafts if d.shape is not None]
    for i, j, area, point in overlaps([metric.to_m(d.shape) for d in shaped], tolerance_m2):
        a, b = shaped[i], shaped[j]
        noun = NOUNS[a.layer]
        found.error("E_OVERLAP", f"{noun} {a.code} 与 {b.code} 重叠约 {area:.0f} 平方米",
                    layer=a.layer, index=a.index, feature_code=a.code, codes=(a.code, b.code),
                    location=metric.to_lnglat(point))


def check_gaps(drafts: Sequence[Draft], metric: LocalMetric, tol: Tolerances, found: Findings,
               outline: Sequence[Draft] = ()) -> None:
    """E_GAP for each area inside the grids' extent (or the given outline) that no grid covers."""
    shaped = [d for d in drafts if d.shape is not None]
    if not shaped:
        return
    hull = shapely.union_all([metric.to_m(d.shape) for d in outline if d.shape is not None]) if outline else None
    for near, area, point in gaps([metric.to_m(d.shape) for d in shaped], tol.gap_m2, tol.gap_closing_m, hull):
        codes = tuple(shaped[k].code for k in near)
        around = f"，相邻{NOUNS[shaped[0].layer]}：{'、'.join(codes)}" if codes else ""
        found.error("E_GAP", f"存在约 {area:.0f} 平方米的空隙未被任何{NOUNS[shaped[0].layer]}覆盖{around}",
                    layer=shaped[0].layer, codes=codes, location=metric.to_lnglat(point))


def check_inside_communities(grids: Sequence[Draft], communities: Sequence[Draft], metric: LocalMetric,
                             tolerance_m2: float, found: Findings) -> None:
    """Each grid's community must be in the community layer and contain the grid."""
    outline = {c.code: c for c in communities}
    for g in grids:
        community = outline.get(g.parent_code)
        if community is None:
            found.error("E_OUTSIDE_COMMUNITY", f"所属社区 {g.parent_code} 不在社区图层中",
                        layer="grids", index=g.index, feature_code=g.code, codes=(g.code, g.parent_code))
            continue
        if g.shape is None or community.shape is None:
            continue
        out = outside_part(metric.to_m(g.shape), metric.to_m(community.shape), tolerance_m2)
        if out is not None:
            found.error("E_OUTSIDE_COMMUNITY",
                        f"网格有约 {out[0]:.0f} 平方米位于所属社区 {g.parent_code}（{community.name}）范围之外",
                        layer="grids", index=g.index, feature_code=g.code, codes=(g.code, g.parent_code),
                        location=metric.to_lnglat(out[1]))


def resolve_coverage(police: Sequence[Draft], grids: Sequence[Draft], metric: LocalMetric, tol: Tolerances,
                     found: Findings) -> dict[str, tuple[str, ...]]:
    """Police grid code -> the grid codes it covers: as listed, or by majority area where none are listed."""
    shares = _area_shares(police, grids, metric)
    grid_codes = {g.code for g in grids}
    covered: dict[str, tuple[str, ...]] = {}
    for p in police:
        if p.grid_codes is not None:
            covered[p.code] = p.grid_codes
            for code in p.grid_codes:
                share = shares.get(code, {}).get(p.code)
                if code in grid_codes and p.shape is not None and share is not None and share < tol.majority_share:
                    found.warn("W_COVERAGE_MISMATCH", f"列出的网格 {code} 只有 {share:.0%} 在本警格范围内",
                               layer="police", index=p.index, feature_code=p.code, codes=(p.code, code))
        else:
            covered[p.code] = tuple(sorted(
                g for g, by_pg in shares.items() if max(by_pg, key=by_pg.get) == p.code
                and by_pg[p.code] >= tol.majority_share
            ))
    for code, by_pg in shares.items():
        split = sorted(pg for pg, share in by_pg.items() if share >= tol.split_share)
        if len(split) > 1:
            found.warn("W_SPLIT_GRID", f"网格 {code} 跨越多个警格：{'、'.join(split)}",
                       layer="grids", feature_code=code, codes=(code, *split))
    _check_coverage(police, covered, grid_codes, found)
    return covered


def _check_coverage(police: Sequence[Draft], covered: dict[str, tuple[str, ...]], grid_codes: set[str],
                    found: Findings) -> None:
    owner: dict[str, str] = {}
    for p in police:
        codes = covered[p.code]
        if not codes:
            found.error("E_COVERAGE", "警格没有覆盖任何网格", layer="police", index=p.index, feature_code=p.code)
        for code in codes:
            if code not in grid_codes:
                found.error("E_UNKNOWN_GRID", f"列出的网格 {code} 不在网格图层中",
                            layer="police", index=p.index, feature_code=p.code, codes=(p.code, code))
            elif code in owner and owner[code] != p.code:
                found.error("E_COVERAGE", f"网格 {code} 同时属于警格 {owner[code]} 和 {p.code}",
                            layer="police", index=p.index, feature_code=p.code, codes=(code, owner[code], p.code))
            else:
                owner[code] = p.code
    for code in sorted(grid_codes - owner.keys()):
        found.warn("W_NO_POLICE_GRID", f"网格 {code} 不属于任何警格", layer="grids", feature_code=code, codes=(code,))


def _area_shares(police: Sequence[Draft], grids: Sequence[Draft], metric: LocalMetric) -> dict[str, dict[str, float]]:
    """Grid code -> {police grid code: share of the grid's area inside it} for every touching pair."""
    shaped_p = [p for p in police if p.shape is not None]
    shaped_g = [g for g in grids if g.shape is not None]
    if not shaped_p or not shaped_g:
        return {}
    p_m = [metric.to_m(p.shape) for p in shaped_p]
    g_m = [metric.to_m(g.shape) for g in shaped_g]
    shares: dict[str, dict[str, float]] = defaultdict(dict)
    for gi, pi in shapely.STRtree(p_m).query(g_m, predicate="intersects").T:
        area = g_m[gi].intersection(p_m[pi]).area
        if area > 0:
            shares[shaped_g[gi].code][shaped_p[pi].code] = area / g_m[gi].area
    return dict(shares)


def _inside(d: Draft) -> tuple[float, float] | None:
    if d.shape is None:
        return None
    p = d.shape.representative_point()
    return (round(p.x, 7), round(p.y, 7))
