"""Export a district's grids and police grids as GeoJSON FeatureCollections (RFC 7946, WGS-84)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import shapely
from shapely.geometry import LinearRing

from console.domain.places import District, Point


def district_to_geojson(district: District) -> tuple[dict, dict]:
    """``(grids, police_grids)`` FeatureCollections with the property names the importer reads first."""
    community_names = {c.code: c.name for c in district.communities}
    station_names = {s.code: s.name for s in district.stations}
    grids = [
        _feature(g.polygon, {"code": g.code, "name": g.name, "community_code": g.community_code,
                             "community_name": community_names.get(g.community_code, ""), "township": district.name})
        for g in district.grids
    ]
    police = [
        _feature(p.polygon, {"code": p.code, "name": p.name, "station_code": p.station_code,
                             "station_name": station_names.get(p.station_code, ""), "grid_codes": list(p.grid_codes)})
        for p in district.police_grids
    ]
    return _collection(grids), _collection(police)


def write_district_geojson(district: District, folder: str | Path) -> tuple[Path, Path]:
    """Write ``grids.geojson`` and ``police_grids.geojson`` (UTF-8) into ``folder``; returns both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "grids.geojson", folder / "police_grids.geojson"
    for path, fc in zip(paths, district_to_geojson(district), strict=True):
        path.write_text(json.dumps(fc, ensure_ascii=False, indent=1), encoding="utf-8")
    return paths


def _feature(polygon: Sequence[Point], properties: dict) -> dict:
    ring = [*polygon, polygon[0]]
    if not shapely.is_ccw(LinearRing(ring)):  # RFC 7946: exterior rings counter-clockwise
        ring.reverse()
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": "Polygon", "coordinates": [[[x, y] for x, y in ring]]}}


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}
