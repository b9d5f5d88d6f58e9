"""Import grids and police grids: read, check everything, and build places only when nothing is wrong."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import shapely

from console.domain.places import Community, District, Grid, Point, PoliceGrid, Station
from console.geo_import import checks
from console.geo_import.checks import Tolerances
from console.geo_import.codes import CodeRules
from console.geo_import.geometry import LocalMetric, polygon_parts
from console.geo_import.layers import Draft, read_communities, read_grids, read_police_grids
from console.geo_import.properties import text
from console.geo_import.reader import RawFeature, layer_from_collection, read_layer
from console.geo_import.report import Findings, ImportReport

if TYPE_CHECKING:
    from console.domain.state import State

DEFAULT_RULES = CodeRules()
DEFAULT_TOLERANCES = Tolerances()


class PlacesStore(Protocol):
    """What ``import_grids`` needs from a store: the current state, and a way to replace the places."""

    def load_state(self) -> State: ...

    def replace_places(self, district: District) -> None: ...


def import_grids(grids: str | Path, police: str | Path | None = None, *, communities: str | Path | None = None,
                 store: PlacesStore | None = None, dry_run: bool = True, out: Callable[[str], None] = print,
                 rules: CodeRules = DEFAULT_RULES, tolerances: Tolerances = DEFAULT_TOLERANCES) -> ImportReport:
    """Check the files and print a readable report; unless ``dry_run``, write the places to ``store`` when clean.

    With a store, the imported grids and police grids replace the current ones inside its district
    (streets, addresses and stations not in the files are kept) and workers or addresses left
    pointing at codes that no longer exist are warned about.
    """
    state = store.load_state() if store is not None else None
    report = import_files(grids, police, communities=communities,
                          base=state.district if state else None,
                          worker_grids={w.id: w.grid_code for w in state.workers.values()} if state else None,
                          rules=rules, tolerances=tolerances)
    if report.ok and store is not None and not dry_run:
        store.replace_places(report.district)
        report.written = True
    out(report.format())
    if report.ok:
        out("已写入数据库" if report.written else "试运行：未写入任何数据")
    return report


def import_files(grids: str | Path, police: str | Path | None = None, *, communities: str | Path | None = None,
                 base: District | None = None, worker_grids: dict[str, str] | None = None,
                 rules: CodeRules = DEFAULT_RULES, tolerances: Tolerances = DEFAULT_TOLERANCES) -> ImportReport:
    """Read the layer files (GeoJSON, or Shapefile by ``.shp``) and check them together."""
    found = Findings()
    layers = {"grids": read_layer(grids, "grids", found)}
    if police is not None:
        layers["police"] = read_layer(police, "police", found)
    if communities is not None:
        layers["communities"] = read_layer(communities, "communities", found)
    if any(v is None for v in layers.values()):
        return ImportReport(found.errors, found.warnings)
    return check_layers(layers["grids"], layers.get("police"), layers.get("communities"), found=found, base=base,
                        worker_grids=worker_grids, rules=rules, tolerances=tolerances)


def import_collections(grids: dict, police: dict | None = None, communities: dict | None = None, *,
                       base: District | None = None, rules: CodeRules = DEFAULT_RULES,
                       tolerances: Tolerances = DEFAULT_TOLERANCES) -> ImportReport:
    """Like :func:`import_files` for already-parsed GeoJSON FeatureCollections."""
    found = Findings()
    layers = {name: layer_from_collection(fc, name, found)
              for name, fc in (("grids", grids), ("police", police), ("communities", communities)) if fc is not None}
    if any(v is None for v in layers.values()):
        return ImportReport(found.errors, found.warnings)
    return check_layers(layers["grids"], layers.get("police"), layers.get("communities"), found=found, base=base,
                        rules=rules, tolerances=tolerances)


def check_layers(grid_features: Sequence[RawFeature], police_features: Sequence[RawFeature] | None = None,
                 community_features: Sequence[RawFeature] | None = None, *, found: Findings | None = None,
                 base: District | None = None, worker_grids: dict[str, str] | None = None,
                 rules: CodeRules = DEFAULT_RULES, tolerances: Tolerances = DEFAULT_TOLERANCES) -> ImportReport:
    """Run every check; the report carries places only when there are no errors."""
    found = found if found is not None else Findings()
    grids = read_grids(grid_features, rules, found)
    police = read_police_grids(police_features, rules, found) if police_features is not None else []
    communities = read_communities(community_features, rules, found) if community_features is not None else []
    for layer in (grids, police, communities):
        checks.check_duplicates(layer, found)
    shapes = [d.shape for d in (*grids, *police, *communities) if d.shape is not None]
    if not shapes:
        return ImportReport(found.errors, found.warnings)
    metric = LocalMetric(shapes)
    checks.check_overlaps(grids, metric, tolerances.overlap_m2, found)
    checks.check_gaps(grids, metric, tolerances, found, outline=communities)
    if communities:
        checks.check_inside_communities(grids, communities, metric, tolerances.outside_m2, found)
        checks.check_overlaps(communities, metric, tolerances.overlap_m2, found)
    covered = checks.resolve_coverage(police, grids, metric, tolerances, found) if police else {}
    checks.check_overlaps(police, metric, tolerances.overlap_m2, found)
    if police_features is None:
        found.warn("W_NO_POLICE", "未提供警格图层，" + ("沿用现有警格" if base else "导入后没有警格"), layer="police")
    report = None
    if not found.errors:
        township = next((n for f in grid_features if (n := text(f.properties, "township_name"))), "")
        report = _build(grids, police, covered, communities, base, township, found)
        if base is not None:
            _check_against_base(report.district, worker_grids or {}, found)
    if report is None or found.errors:
        return ImportReport(found.errors, found.warnings)
    report.errors, report.warnings = found.errors, found.warnings
    return report


def _build(grids: list[Draft], police: list[Draft], covered: dict[str, tuple[str, ...]], communities: list[Draft],
           base: District | None, township: str, found: Findings) -> ImportReport:
    known = {c.code: c.name for c in base.communities} if base else {}
    names = {c.code: c.name for c in communities}
    for g in grids:
        if g.parent_name and names.setdefault(g.parent_code, g.parent_name) != g.parent_name:
            found.warn("W_NAME_CONFLICT", f"社区 {g.parent_code} 名称不一致：{names[g.parent_code]} / {g.parent_name}",
                       layer="grids", index=g.index, feature_code=g.code)
    community_list = []
    for code in sorted({g.parent_code for g in grids} | names.keys()):
        name = names.get(code) or known.get(code)
        if not name:
            name = f"社区{code}"
            found.warn("W_NAME", f"社区 {code} 没有名称，暂用“{name}”", layer="grids", feature_code=code)
        community_list.append(Community(code, name))
    grid_list = [Grid(g.code, g.name, g.parent_code, g.ring) for g in grids]
    by_code = {g.code: g for g in grids}
    police_list = []
    for p in police:
        ring = p.ring or _union_ring(p, [by_code[c] for c in covered[p.code]], found)
        police_list.append(PoliceGrid(p.code, p.name, p.parent_code, covered[p.code], ring or ()))
    stations = _stations(police, base, found)
    if base is not None:
        district = dataclasses.replace(base, stations=stations, communities=community_list, grids=grid_list,
                                       police_grids=police_list if police else list(base.police_grids))
    else:
        townships = {c.code[:9] for c in community_list}
        district = District(township, townships.pop() if len(townships) == 1 else "", stations=stations,
                            communities=community_list, grids=grid_list, police_grids=police_list)
    return ImportReport(stations=stations, communities=community_list, grids=grid_list, police_grids=police_list,
                        district=district)


def _union_ring(p: Draft, grids: list[Draft], found: Findings) -> tuple[Point, ...] | None:
    """The outline of a police grid given only by its grid list: the union of those grids, if one piece."""
    parts = polygon_parts(shapely.union_all([g.shape for g in grids]))
    if len(parts) != 1 or parts[0].interiors:
        found.error("E_GEOMETRY", "警格没有图形，且其网格的合并结果不是一个连续无洞的面",
                    layer="police", index=p.index, feature_code=p.code)
        return None
    return tuple(parts[0].exterior.coords)[:-1]


def _stations(police: list[Draft], base: District | None, found: Findings) -> list[Station]:
    stations = {s.code: s for s in base.stations} if base else {}
    for p in police:
        if p.parent_name:
            stations[p.parent_code] = Station(p.parent_code, p.parent_name)
        elif p.parent_code not in stations:
            stations[p.parent_code] = Station(p.parent_code, f"派出所{p.parent_code}")
            found.warn("W_NAME", f"派出所 {p.parent_code} 没有名称", layer="police", index=p.index,
                       feature_code=p.code)
    return sorted(stations.values(), key=lambda s: s.code)


def _check_against_base(district: District, worker_grids: dict[str, str], found: Findings) -> None:
    """Kept police grids must list imported grids; warn about addresses and workers left without their grid."""
    grid_codes = {g.code for g in district.grids}
    police_codes = {p.code for p in district.police_grids}
    for pg in district.police_grids:
        for code in pg.grid_codes:
            if code not in grid_codes:
                found.error("E_UNKNOWN_GRID", f"现有警格列出的网格 {code} 不在导入的网格中",
                            layer="police", feature_code=pg.code, codes=(pg.code, code))
    lost_addresses = [a.code for a in district.addresses
                      if a.grid_code not in grid_codes or a.police_grid_code not in police_codes]
    if lost_addresses:
        found.warn("W_ORPHAN", f"{len(lost_addresses)} 个标准地址的网格或警格在导入后不存在（如 {lost_addresses[0]}）",
                   codes=tuple(lost_addresses[:20]))
    lost_workers = sorted(w for w, g in worker_grids.items() if g not in grid_codes)
    if lost_workers:
        found.warn("W_ORPHAN", f"{len(lost_workers)} 名人员的责任网格在导入后不存在（如 {lost_workers[0]}）",
                   codes=tuple(lost_workers[:20]))
