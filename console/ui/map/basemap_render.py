"""Render a :class:`~console.geo.basemap.BasemapScene` into an MBTiles file of PNG tiles.

A light, AMap-like style: warm land, tinted blocks, blue water, green parks, grey building
footprints from z16, white streets and yellow main roads with casings, names along the roads,
POI icons. Each zoom is painted in metatiles of up to 8×8 tiles (fewer state changes, labels
placed once per zoom) that are cut into 256 px tiles. Needs a ``QGuiApplication`` (fonts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

from console.domain.places import District
from console.geo.basemap import GENERATOR, WAY_WIDTH_M, BasemapScene, build_scene
from console.geo.datum import Datum, check_datum, from_wgs84
from console.geo.mbtiles import MBTilesWriter
from console.geo.tiles import HALF_WORLD, TILE_SIZE, project, resolution, tile_range
from console.ui.map.basemap_labels import Collisions, IconPainter, Label, TextStyle, Typesetter

DEFAULT_ZOOMS = tuple(range(13, 19))
META = 8  # tiles per metatile side
PNG_QUALITY = 80  # Qt's PNG "quality" trades zlib effort: 80 encodes ~2x faster than the default, ~15% larger

LAND = "#f4f2ed"
AREA_FILL = {
    "residential": "#ebe8e1", "oldtown": "#ece5d8", "commercial": "#f2e8e3", "school": "#e8e6f3",
    "hospital": "#f6e4e2", "market": "#f4eadb", "civic": "#e6e9f0", "park": "#c9e7c0", "water": "#a3cbf3",
    "pitch": "#9fd49a",
}
WATER = "#a3cbf3"
BUILDING, BUILDING_EDGE = "#e0ddd6", "#cfcac1"
ROAD_FILL = {"primary": "#ffd98a", "secondary": "#fff1b8", "street": "#ffffff", "lane": "#ffffff", "path": "#ece6d2"}
ROAD_CASE = {"primary": "#e8ae52", "secondary": "#e2cf8c", "street": "#d6d1c6", "lane": "#dcd7cc"}
MIN_PX = {"primary": 3.0, "secondary": 2.4, "street": 1.6, "lane": 1.0, "path": 0.8, "canal": 1.4, "river": 3.0}
SHOW_FROM = {"lane": 15, "path": 16}  # ways hidden below these zooms
ROAD_ORDER = ("path", "lane", "street", "secondary", "primary")

ROAD_TEXT = {"primary": TextStyle(13, "#4b4f56"), "secondary": TextStyle(12.5, "#545962"),
             "street": TextStyle(12, "#5d636b"), "lane": TextStyle(11, "#7a7f86")}
WATER_TEXT = TextStyle(12, "#3d7cc0")
POI_TEXT = {"police": TextStyle(12.5, "#2f63b8", bold=True), "metro": TextStyle(12, "#c42f36"),
            "hospital": TextStyle(12, "#c8413f"), "school": TextStyle(12, "#6a55b0"),
            "park": TextStyle(12, "#3a7f3f"), "market": TextStyle(11.5, "#a8671c"),
            "government": TextStyle(11.5, "#45608c"), "compound": TextStyle(11, "#8b8478", halo_px=2.5),
            "district": TextStyle(18, "#6a6f78", bold=True, halo_px=3.5)}
POI_ZOOMS = {"district": (13, 14), "metro": (14, 99), "police": (14, 99), "park": (14, 99), "hospital": (15, 99),
             "school": (15, 99), "government": (16, 99), "market": (16, 99), "compound": (17, 99)}
POI_ORDER = ("district", "metro", "police", "hospital", "school", "park", "government", "market")


class _Projected:
    """The scene in Web Mercator metres of the target datum, with per-feature bboxes for culling."""

    def __init__(self, scene: BasemapScene, datum: Datum) -> None:
        def merc(points) -> np.ndarray:
            arr = np.asarray(points, dtype=float)
            x, y = project(*from_wgs84(arr[:, 0], arr[:, 1], datum))
            return np.column_stack([x, y])

        self.areas = [(a.kind, merc(a.ring)) for a in scene.areas]
        self.ways = [(w.kind, merc(w.points), w.name) for w in scene.ways]
        self.buildings = [merc(b) for b in scene.buildings]
        self.building_box = np.array([[b[:, 0].min(), b[:, 1].min(), b[:, 0].max(), b[:, 1].max()]
                                      for b in self.buildings]).reshape(-1, 4)
        self.pois = [(p.kind, merc([p.point])[0], p.name) for p in scene.pois]
        seen: dict[tuple[float, float], int] = {}
        for kind, line, _ in self.ways:
            if kind in ROAD_ORDER:
                for key in {(round(x, 1), round(y, 1)) for x, y in line}:
                    seen[key] = seen.get(key, 0) + 1
        # road crossings (vertices shared by two roads): names keep clear of them
        self.junctions = np.array([k for k, n in seen.items() if n > 1], dtype=float).reshape(-1, 2)
        west, south, east, north = scene.bounds
        (x0, y0), (x1, y1) = merc([(west, south), (east, north)])
        self.bounds = (x0, y0, x1, y1)
        self.lnglat_bounds = (*from_wgs84(west, south, datum), *from_wgs84(east, north, datum))
        # ground metres → Mercator metres at the scene's latitude
        self.scale = 1.0 / math.cos(math.radians((south + north) / 2))


class _ZoomPainter:
    """Paints one zoom: geometry per metatile, labels placed once for the whole zoom."""

    def __init__(self, data: _Projected, z: int, typesetter: Typesetter) -> None:
        self.data, self.z = data, z
        self.res = resolution(z)
        self.col0, self.row0, self.col1, self.row1 = tile_range(data.bounds, z)
        self.typesetter = typesetter
        self.icons = IconPainter(typesetter)
        self.labels = self._place_labels()

    def px(self, merc: np.ndarray, ox: float = 0.0, oy: float = 0.0) -> np.ndarray:
        """Mercator metres → pixels from this zoom's top-left tile (minus ``(ox, oy)``)."""
        x = (merc[:, 0] + HALF_WORLD) / self.res - self.col0 * TILE_SIZE - ox
        y = (HALF_WORLD - merc[:, 1]) / self.res - self.row0 * TILE_SIZE - oy
        return np.column_stack([x, y])

    def width_px(self, kind: str) -> float:
        return max(MIN_PX[kind], WAY_WIDTH_M[kind] * self.data.scale / self.res)

    # --- labels --------------------------------------------------------------------------------
    def _place_labels(self) -> list[Label]:
        z, ts, out = self.z, self.typesetter, []
        coll = Collisions()
        for kind in POI_ORDER:
            lo, hi = POI_ZOOMS[kind]
            if not lo <= z <= hi:
                continue
            for k, merc, name in self.data.pois:
                if k == kind:
                    (x, y), = self.px(merc[None, :])
                    icon = kind if kind in IconPainter.SYMBOLS else None
                    label = ts.at_point(x, y, name, POI_TEXT[kind], coll, icon)
                    if label is not None:
                        out.append(label)
        r = self.width_px("primary") / 2 + 4
        coll.add(tuple((x - r, y - r, x + r, y + r) for x, y in self.px(self.data.junctions)))
        named = [(k, line, name) for k, line, name in self.data.ways if name]
        repeat = 520.0 if z >= 16 else 900.0
        passes = [("river", 14), ("primary", 14), ("secondary", 15), ("street", 15), ("canal", 15), ("lane", 17)]
        for kind, from_zoom in passes:
            if z < from_zoom:
                continue
            style = WATER_TEXT if kind in ("river", "canal") else ROAD_TEXT[kind]
            for k, line, name in named:
                if k == kind:
                    out += ts.along(self.px(line), name, style, coll, repeat)
        lo, _ = POI_ZOOMS["compound"]
        if z >= lo:
            for k, merc, name in self.data.pois:
                if k == "compound":
                    (x, y), = self.px(merc[None, :])
                    label = ts.at_point(x, y, name, POI_TEXT["compound"], coll)
                    if label is not None:
                        out.append(label)
        return out

    # --- geometry ------------------------------------------------------------------------------
    def render(self, col: int, row: int, ncols: int, nrows: int) -> QImage:
        """The metatile whose top-left tile is ``(col, row)``."""
        w, h = ncols * TILE_SIZE, nrows * TILE_SIZE
        ox, oy = (col - self.col0) * TILE_SIZE, (row - self.row0) * TILE_SIZE
        image = QImage(w, h, QImage.Format.Format_RGB32)  # opaque: smaller, faster PNGs
        image.fill(QColor(LAND))
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pad = 64 * self.res  # metres of slack around the metatile for strokes and labels
        left = -HALF_WORLD + col * TILE_SIZE * self.res - pad
        top = HALF_WORLD - row * TILE_SIZE * self.res + pad
        box = (left, top - h * self.res - 2 * pad, left + w * self.res + 2 * pad, top)

        def visible(merc: np.ndarray) -> bool:
            return bool(merc[:, 0].max() >= box[0] and merc[:, 0].min() <= box[2]
                        and merc[:, 1].max() >= box[1] and merc[:, 1].min() <= box[3])

        def poly(merc: np.ndarray) -> QPolygonF:
            return QPolygonF([QPointF(x, y) for x, y in self.px(merc, ox, oy)])

        p.setPen(Qt.PenStyle.NoPen)
        for kind, ring in self.data.areas:
            if kind != "water" and visible(ring):
                p.setBrush(QColor(AREA_FILL[kind]))
                if kind == "pitch":
                    p.setPen(QPen(QColor("#d98c6a"), max(1.0, 7 * self.data.scale / self.res)))
                p.drawPolygon(poly(ring))
                p.setPen(Qt.PenStyle.NoPen)
        self._water(p, visible, poly)
        if self.z >= 16:
            self._buildings(p, box, poly)
        self._roads(p, visible, poly)
        for label in self.labels:
            x0, y0, x1, y1 = label.extent
            if x1 >= ox - 4 and x0 <= ox + w + 4 and y1 >= oy - 4 and y0 <= oy + h + 4:
                self.typesetter.draw(p, label, -ox, -oy, self.icons)
        p.end()
        return image

    def _water(self, p: QPainter, visible, poly) -> None:
        p.setBrush(QColor(WATER))
        for kind, ring in self.data.areas:
            if kind == "water" and visible(ring):
                p.drawPolygon(poly(ring))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for kind, line, _ in self.data.ways:
            if kind in ("river", "canal") and visible(line):
                p.setPen(QPen(QColor(WATER), self.width_px(kind), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap,
                              Qt.PenJoinStyle.RoundJoin))
                p.drawPolyline(poly(line))
        p.setPen(Qt.PenStyle.NoPen)

    def _buildings(self, p: QPainter, box, poly) -> None:
        bb = self.data.building_box
        hit = np.nonzero((bb[:, 2] >= box[0]) & (bb[:, 0] <= box[2]) & (bb[:, 3] >= box[1]) & (bb[:, 1] <= box[3]))[0]
        p.setBrush(QColor(BUILDING))
        p.setPen(QPen(QColor(BUILDING_EDGE), 1.0) if self.z >= 17 else Qt.PenStyle.NoPen)
        for i in hit:
            p.drawPolygon(poly(self.data.buildings[i]))
        p.setPen(Qt.PenStyle.NoPen)

    def _roads(self, p: QPainter, visible, poly) -> None:
        shown = [(k, poly(line)) for k, line, _ in self.data.ways
                 if k in ROAD_ORDER and self.z >= SHOW_FROM.get(k, 0) and visible(line)]
        casing = 1.0 if self.z < 15 else 1.6
        p.setBrush(Qt.BrushStyle.NoBrush)
        for kind in ROAD_ORDER:  # casings first, so crossings merge
            if kind in ROAD_CASE:
                pen = QPen(QColor(ROAD_CASE[kind]), self.width_px(kind) + 2 * casing, Qt.PenStyle.SolidLine,
                           Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.RoundJoin)
                p.setPen(pen)
                for k, line in shown:
                    if k == kind:
                        p.drawPolyline(line)
        for kind in ROAD_ORDER:
            pen = QPen(QColor(ROAD_FILL[kind]), self.width_px(kind), Qt.PenStyle.SolidLine,
                       Qt.PenCapStyle.RoundCap if kind == "path" else Qt.PenCapStyle.FlatCap,
                       Qt.PenJoinStyle.RoundJoin)
            if kind == "path":
                pen.setDashPattern([3.0, 2.0])
            p.setPen(pen)
            for k, line in shown:
                if k == kind:
                    p.drawPolyline(line)


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG", PNG_QUALITY)
    buf.close()
    return bytes(data.data())


def render_tiles(scene: BasemapScene, zooms: Iterable[int], datum: Datum = "wgs84", font_family: str | None = None):
    """Yield ``(z, x, y, QImage)`` for every tile covering the scene at each zoom."""
    yield from _render(_Projected(scene, check_datum(datum)), zooms, font_family)


def _render(data: _Projected, zooms: Iterable[int], font_family: str | None):
    from console.ui.theme import cjk_font_family

    typesetter = Typesetter(font_family or cjk_font_family())
    for z in zooms:
        zp = _ZoomPainter(data, z, typesetter)
        for row in range(zp.row0, zp.row1 + 1, META):
            for col in range(zp.col0, zp.col1 + 1, META):
                ncols, nrows = min(META, zp.col1 + 1 - col), min(META, zp.row1 + 1 - row)
                meta = zp.render(col, row, ncols, nrows)
                for j in range(nrows):
                    for i in range(ncols):
                        yield z, col + i, row + j, meta.copy(QRect(i * TILE_SIZE, j * TILE_SIZE, TILE_SIZE, TILE_SIZE))


def build_basemap(district: District, path: str | Path, zooms: Iterable[int] = DEFAULT_ZOOMS, *, seed: int = 0,
                  datum: Datum = "wgs84") -> int:
    """Write an MBTiles basemap of ``district`` to ``path``; returns the number of tiles.

    ``datum`` is the datum the tiles are drawn in (wgs84, or gcj02 to mimic AMap tiles); it is
    recorded in the metadata with the seed, so a consumer knows how to overlay WGS-84 data.
    The metadata ``bounds`` are in that datum too.
    """
    zooms = sorted(set(zooms))
    data = _Projected(build_scene(district, seed), check_datum(datum))
    west, south, east, north = data.lnglat_bounds
    meta = {
        "name": f"{district.name} 底图", "format": "png", "type": "baselayer", "version": "1",
        "description": f"Generated basemap of {district.name} (seed {seed})", "attribution": "jingwang demo data",
        "minzoom": zooms[0], "maxzoom": zooms[-1], "bounds": f"{west:.6f},{south:.6f},{east:.6f},{north:.6f}",
        "center": f"{(west + east) / 2:.6f},{(south + north) / 2:.6f},{min(max(zooms[0], 15), zooms[-1])}",
        "datum": datum, "seed": seed, "generator": GENERATOR,
    }
    count = 0
    with MBTilesWriter(path, meta) as writer:
        for z, x, y, image in _render(data, zooms, None):
            writer.put(z, x, y, _png(image))
            count += 1
    return count
