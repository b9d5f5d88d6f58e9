"""Reference layers drawn from the district: streets (the basemap until tiles come), 网格 and 警格
polygons, grid labels, standard addresses (high zoom only) and watched zones with their names.

They change only on a new snapshot, so each is set once per reset and never per repaint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from console.domain.geo import centroid, point_in_polygon
from console.domain.places import District, Grid, Point
from console.ui import theme
from console.ui.map.hit_test import nearest_within
from console.ui.map.labels import Label, LabelLayer, LabelStyle
from console.ui.map.points import SymbolCloud
from console.ui.map.projection import LocalFrame
from console.ui.map.style import ADDRESS_DOT, GRID_FILL_SELECTED, GRID_LINE, ZONE_COLOR

COMMUNITY_ALPHA = 22
COMMUNITY_TINTS = ("#4a9eff", "#3ddc84", "#c792ea", "#ffb454", "#4dd6e0", "#ff8a65")
ADDRESS_MAX_M_PER_PX = 1.5  # standard addresses appear once a pixel is this many metres or less

# label styles over a dark basemap (light text, dark halo) and over a light one (the reverse)
GRID_LABEL_STYLES = {
    False: (
        LabelStyle(size=15, color="#e3c6dc", bold=True, halo_width=3.5),
        LabelStyle(size=12, color="#c9d6e3", sub_size=10, sub_color="#8797a8"),
        LabelStyle(size=11, color="#a9b8c8"),
    ),
    True: (
        LabelStyle(size=15, color="#7a2e6e", bold=True, halo_width=3.5, halo="#ffffff"),
        LabelStyle(size=12, color="#1f2d3d", sub_size=10, sub_color="#4f6072", halo="#f4f6f8"),
        LabelStyle(size=11, color="#2c3b4c", halo="#f4f6f8"),
    ),
}
STREET_LABEL = LabelStyle(size=12, color="#8e9bab", halo_width=2.5)
ZONE_LABEL = LabelStyle(size=13, color=ZONE_COLOR, bold=True, halo_width=3.0)


def polygon_path(frame: LocalFrame, polygon: Sequence[Point]) -> QPainterPath:
    """A closed painter path of a WGS-84 polygon in frame metres."""
    x, y = frame.to_xy([p[0] for p in polygon], [p[1] for p in polygon])
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(a, b) for a, b in zip(x.tolist(), y.tolist(), strict=True)]))
    path.closeSubpath()
    return path


class PolygonLayer:
    """Many polygon outlines as one curve item (one ``setData`` per snapshot)."""

    def __init__(self, name: str, title: str, view: pg.ViewBox, pen) -> None:
        self.name, self.title = name, title
        self.curve = pg.PlotCurveItem(pen=pen, antialias=True)
        view.addItem(self.curve, ignoreBounds=True)

    def set_polygons(self, polygons: Sequence[Sequence[Point]], frame: LocalFrame) -> None:
        x, y, connect = frame.polylines(polygons, close=True)
        self.curve.setData(x=x, y=y, connect=connect)

    def set_visible(self, visible: bool) -> None:
        self.curve.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        self.curve.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.curve.setZValue(z)


class PathFills(pg.GraphicsObject):
    """Several filled paths, each with its own brush, painted as one item.

    Cached in device coordinates: while the view stands still (most of a shift) the tinted areas
    are one blit instead of a few million blended pixels per repaint.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._fills: list[tuple[QPainterPath, QColor]] = []
        self._bounds = QRectF()

    def set_fills(self, fills: list[tuple[QPainterPath, QColor]]) -> None:
        self.prepareGeometryChange()
        self._fills = list(fills)
        self._bounds = QRectF()
        for path, _ in self._fills:
            self._bounds = self._bounds.united(path.boundingRect())
        self.update()

    def __len__(self) -> int:
        return len(self._fills)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        for path, color in self._fills:
            painter.fillPath(path, color)


class GridLayer(PolygonLayer):
    """网格 outlines over a faint tint per community, and a stronger fill on the grid chosen by a
    click or a search."""

    def __init__(self, view: pg.ViewBox) -> None:
        super().__init__("grids", "网格", view, pg.mkPen(GRID_LINE, width=1.0))
        self.fills = PathFills()
        view.addItem(self.fills, ignoreBounds=True)
        self.highlight = QGraphicsPathItem()
        self.highlight.setPen(pg.mkPen(GRID_FILL_SELECTED, width=2.5, cosmetic=True))
        self.highlight.setBrush(theme.qcolor(GRID_FILL_SELECTED, 40))
        view.addItem(self.highlight, ignoreBounds=True)
        self.highlighted: str | None = None

    def set_grids(self, grids: Sequence[Grid], frame: LocalFrame) -> None:
        """Outlines of all grids, and one tinted fill per community."""
        self.set_polygons([g.polygon for g in grids], frame)
        fills = []
        for k, code in enumerate(sorted({g.community_code for g in grids})):
            path = QPainterPath()
            for g in grids:
                if g.community_code == code:
                    path.addPath(polygon_path(frame, g.polygon))
            fills.append((path, theme.qcolor(COMMUNITY_TINTS[k % len(COMMUNITY_TINTS)], COMMUNITY_ALPHA)))
        self.fills.set_fills(fills)

    def highlight_grid(self, grid: Grid | None, frame: LocalFrame) -> None:
        self.highlighted = grid.code if grid is not None else None
        self.highlight.setPath(polygon_path(frame, grid.polygon) if grid is not None else QPainterPath())

    def set_visible(self, visible: bool) -> None:
        super().set_visible(visible)
        self.highlight.setVisible(visible)
        self.fills.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        super().set_opacity(opacity)
        self.highlight.setOpacity(opacity)
        self.fills.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        super().set_z(z)
        self.highlight.setZValue(z - 0.5)
        self.fills.setZValue(z - 0.8)


class LabelsLayer:
    """A named :class:`LabelLayer` (网格标签, or the street names of the vector basemap)."""

    def __init__(self, name: str, title: str, view: pg.ViewBox, font_family: str) -> None:
        self.name, self.title = name, title
        self.item = LabelLayer(font_family)
        view.addItem(self.item, ignoreBounds=True)

    def set_visible(self, visible: bool) -> None:
        self.item.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        self.item.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.item.setZValue(z)


def grid_labels(district: District, frame: LocalFrame, light: bool = False) -> list[Label]:
    """Community names (most important), then each grid's name and code, with the bare sequence
    number as the fallback where the full label does not fit; ``light``: over a light basemap."""
    community_style, grid_style, short_style = GRID_LABEL_STYLES[light]
    labels = []
    for community in district.communities:
        centres = [centroid(g.polygon) for g in district.grids if g.community_code == community.code]
        if centres:
            cx = sum(c[0] for c in centres) / len(centres)
            cy = sum(c[1] for c in centres) / len(centres)
            x, y = frame.to_xy(cx, cy)
            labels.append(Label(float(x), float(y), (community.name,), priority=30, style=community_style))
    for k, grid in enumerate(district.grids):
        x, y = frame.to_xy(*centroid(grid.polygon))
        labels.append(Label(float(x), float(y), (grid.name, grid.code), priority=20, group=k, style=grid_style))
        labels.append(Label(float(x), float(y), (grid.code[-3:],), priority=10, group=k, style=short_style))
    return labels


STREET_SPOTS = (0.5, 0.35, 0.65, 0.2, 0.8)  # where along a road its name may go, best first


def street_labels(district: District, frame: LocalFrame) -> list[Label]:
    """Each road's name at the first of a few spots along it that is free; north–south roads
    written top to bottom."""
    labels = []
    for k, street in enumerate(district.streets):
        if len(street.points) < 2:
            continue
        x, y = frame.to_xy([p[0] for p in street.points], [p[1] for p in street.points])
        vertical = abs(y[-1] - y[0]) > abs(x[-1] - x[0])
        along = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(x), np.diff(y)))])
        for rank, spot in enumerate(STREET_SPOTS):
            s = spot * along[-1]
            labels.append(Label(float(np.interp(s, along, x)), float(np.interp(s, along, y)), (street.name,),
                                priority=-rank, group=k, style=STREET_LABEL, vertical=vertical))
    return labels


class StreetBasemap:
    """The 底图 drawn from the district's own streets, used until a tile basemap is registered."""

    name = "basemap"
    title = "底图"

    def __init__(self, view: pg.ViewBox, font_family: str) -> None:
        self.casing = pg.PlotCurveItem(pen=pg.mkPen("#232c36", width=9), antialias=True)
        self.streets = pg.PlotCurveItem(pen=pg.mkPen(theme.STREET_COLOR, width=5), antialias=True)
        self.labels = LabelLayer(font_family)
        self.items = (self.casing, self.streets, self.labels)
        for item in self.items:
            view.addItem(item, ignoreBounds=True)

    def rebuild(self, district: District, frame: LocalFrame) -> None:
        x, y, connect = frame.polylines([s.points for s in district.streets])
        self.casing.setData(x=x, y=y, connect=connect)
        self.streets.setData(x=x, y=y, connect=connect)
        self.labels.set_labels(street_labels(district, frame))

    def set_visible(self, visible: bool) -> None:
        for item in self.items:
            item.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        for item in self.items:
            item.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        for k, item in enumerate(self.items):
            item.setZValue(z + 0.1 * k)

    def remove(self, view: pg.ViewBox) -> None:
        for item in self.items:
            view.removeItem(item)


class AddressLayer:
    """标准地址 as small dots, shown only when zoomed in far enough to tell doors apart."""

    name = "addresses"
    title = "标准地址"

    def __init__(self, view: pg.ViewBox) -> None:
        self.cloud = SymbolCloud([ADDRESS_DOT])
        view.addItem(self.cloud, ignoreBounds=True)
        self._wanted = True
        self._close_enough = False
        self.texts: list[str] = []

    def rebuild(self, district: District, frame: LocalFrame) -> None:
        self.texts = [a.text for a in district.addresses]
        x, y = frame.to_xy([a.lng for a in district.addresses], [a.lat for a in district.addresses])
        self.cloud.set_points(np.asarray(x, dtype=float), np.asarray(y, dtype=float))

    def text_at(self, x: float, y: float, radius: float) -> str | None:
        """The address under view point ``(x, y)`` while the layer is shown (for the tooltip)."""
        k = nearest_within(self.cloud.x, self.cloud.y, x, y, radius) if self.shown else -1
        return self.texts[k] if k >= 0 else None

    def on_scale(self, metres_per_px: float) -> None:
        """Show or hide with the zoom level (called on every view change)."""
        self._close_enough = metres_per_px <= ADDRESS_MAX_M_PER_PX
        self.cloud.setVisible(self._wanted and self._close_enough)

    @property
    def shown(self) -> bool:
        return self.cloud.isVisible()

    def set_visible(self, visible: bool) -> None:
        self._wanted = visible
        self.cloud.setVisible(visible and self._close_enough)

    def set_opacity(self, opacity: float) -> None:
        self.cloud.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.cloud.setZValue(z)


class ZoneLayer:
    """关注区域: polygons the dispatcher watches, outlined, lightly filled and named at their centroid."""

    name = "zones"
    title = "关注区域"

    def __init__(self, view: pg.ViewBox, font_family: str) -> None:
        self.item = QGraphicsPathItem()
        pen = pg.mkPen(ZONE_COLOR, width=2, style=Qt.PenStyle.DashDotLine, cosmetic=True)
        self.item.setPen(pen)
        self.item.setBrush(theme.qcolor(ZONE_COLOR, 28))
        self.labels = LabelLayer(font_family)
        for item in (self.item, self.labels):
            view.addItem(item, ignoreBounds=True)
        self.ids: list[str] = []
        self.zones: list[tuple[str, tuple[Point, ...]]] = []
        self._xy: list[list[Point]] = []  # each zone in frame metres, for hit tests

    def set_zones(self, zones: Mapping[str, tuple[str, Sequence[Point]]], frame: LocalFrame) -> None:
        """Replace the watched zones: zone id → ``(name, WGS-84 polygon)``."""
        self.ids = list(zones)
        self.zones = [(name, tuple(poly)) for name, poly in zones.values()]
        self._xy = []
        path = QPainterPath()
        labels = []
        for name, poly in self.zones:
            x, y = frame.to_xy([p[0] for p in poly], [p[1] for p in poly])
            xy = list(zip(x.tolist(), y.tolist(), strict=True))
            self._xy.append(xy)
            path.addPolygon(QPolygonF([QPointF(a, b) for a, b in xy]))
            path.closeSubpath()
            cx, cy = centroid(xy)
            labels.append(Label(cx, cy, (name,), priority=1, style=ZONE_LABEL))
        self.item.setPath(path)
        self.labels.set_labels(labels)

    def zone_at(self, x: float, y: float, radius: float) -> str | None:
        """Id of the zone whose name (within ``radius``) or area holds view point ``(x, y)``; topmost first."""
        k = nearest_within(self.labels.x, self.labels.y, x, y, radius)
        if k >= 0:
            return self.ids[k]
        return next((self.ids[k] for k in reversed(range(len(self._xy))) if point_in_polygon((x, y), self._xy[k])),
                    None)

    def set_visible(self, visible: bool) -> None:
        self.item.setVisible(visible)
        self.labels.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        self.item.setOpacity(opacity)
        self.labels.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.item.setZValue(z)
        self.labels.setZValue(z + 0.1)
