"""Read features from a GeoJSON FeatureCollection (file or dict) or an ESRI Shapefile (via pyshp)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import shapefile

from console.geo_import.report import Findings

_WGS84_EPSG = {"4326", "CRS84"}
_CGCS2000_EPSG = {"4490"}  # CGCS2000 differs from WGS-84 by centimetres: accepted with a warning


@dataclass(frozen=True, slots=True)
class RawFeature:
    """A feature as read: its position in the file, its properties and its GeoJSON geometry (or None)."""

    index: int
    properties: dict
    geometry: dict | None


def read_layer(path: str | Path, layer: str, found: Findings) -> list[RawFeature] | None:
    """Features of the file at ``path``; None (with an error recorded) when the file is unusable."""
    path = Path(path)
    if not path.is_file():
        found.error("E_FILE", f"文件不存在：{path}", layer=layer)
        return None
    if path.suffix.lower() == ".shp":
        return _read_shapefile(path, layer, found)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
        found.warn("W_ENCODING", "文件不是 UTF-8 编码，已按 GB18030 读取（GeoJSON 应使用 UTF-8）", layer=layer)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        found.error("E_FILE", f"{path.name} 不是有效的 JSON：{exc.msg}（第{exc.lineno}行第{exc.colno}列）", layer=layer)
        return None
    return layer_from_collection(data, layer, found)


def layer_from_collection(data: object, layer: str, found: Findings) -> list[RawFeature] | None:
    """Features of a parsed GeoJSON object (a FeatureCollection or a single Feature)."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not (isinstance(data, dict) and data.get("type") == "FeatureCollection"
            and isinstance(data.get("features"), list)):
        found.error("E_FILE", "内容不是 GeoJSON FeatureCollection（缺少 type 或 features）", layer=layer)
        return None
    if not data["features"]:
        found.error("E_FILE", "文件中没有任何要素", layer=layer)
        return None
    if not _crs_acceptable(data.get("crs"), layer, found):
        return None
    features: list[RawFeature] = []
    for index, item in enumerate(data["features"]):
        if not isinstance(item, dict) or "geometry" not in item:
            found.error("E_FILE", "要素格式错误：应为含 geometry 的 Feature 对象", layer=layer, index=index)
            continue
        props = item.get("properties") or {}
        if not isinstance(props, dict):
            found.error("E_FILE", "要素的 properties 应为对象", layer=layer, index=index)
            continue
        features.append(RawFeature(index, props, item["geometry"]))
    return features


def _crs_acceptable(crs: object, layer: str, found: Findings) -> bool:
    """Check the legacy GeoJSON ``crs`` member; RFC 7946 files have none and are WGS-84."""
    if crs is None:
        return True
    name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else str(crs)
    match = re.search(r"(CRS84|\d{4,6})\s*$", name.upper())
    epsg = match.group(1) if match else ""
    if epsg in _WGS84_EPSG:
        return True
    if epsg in _CGCS2000_EPSG:
        found.warn("W_CRS", "坐标系为 CGCS2000（EPSG:4490），按 WGS-84 处理（差异在厘米级）", layer=layer)
        return True
    found.error("E_CRS", f"坐标系 {name or crs!r} 不是 WGS-84 经纬度，请先转换为 EPSG:4326", layer=layer)
    return False


def _read_shapefile(path: Path, layer: str, found: Findings) -> list[RawFeature] | None:
    prj = path.with_suffix(".prj")
    if prj.is_file():
        wkt = prj.read_text(errors="replace").lstrip().upper()
        if wkt.startswith("PROJCS"):
            found.error("E_CRS", f"{prj.name} 为投影坐标系，请先转换为 WGS-84 经纬度（EPSG:4326）", layer=layer)
            return None
        if "2000" in wkt:
            found.warn("W_CRS", "坐标系为 CGCS2000，按 WGS-84 处理（差异在厘米级）", layer=layer)
    cpg = path.with_suffix(".cpg")
    encodings = [cpg.read_text(errors="replace").strip()] if cpg.is_file() else ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            with shapefile.Reader(str(path), encoding=encoding) as reader:
                return [
                    RawFeature(i, sr.record.as_dict(),
                               None if sr.shape.shapeType == shapefile.NULL else sr.shape.__geo_interface__)
                    for i, sr in enumerate(reader.iterShapeRecords())
                ]
        except UnicodeDecodeError:
            continue
        except (shapefile.ShapefileException, OSError, LookupError, ValueError) as exc:
            found.error("E_FILE", f"无法读取 Shapefile {path.name}：{exc}", layer=layer)
            return None
    found.error("E_FILE", f"无法识别 {path.name} 属性表的字符编码（请提供 .cpg 文件）", layer=layer)
    return None
