"""What the map's symbols look like: worker status styles, incident families, priority colours.

Colour is never the only signal: every worker status has its own shape, every incident family
(first two digits of the 110 category) its own symbol, and closed incidents are small and dim.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from console.domain.workers import WorkerStatus
from console.ui import theme
from console.ui.map.fragments import new_image

OUTLINE = "#0b0e11"


@dataclass(frozen=True, slots=True)
class SymbolStyle:
    """One symbol: a unit-size path (centred, y down), its size in px, fill and outline."""

    shape: str
    size: float
    fill: str
    outline: str = OUTLINE
    outline_width: float = 1.2
    fill_alpha: int = 255


# --- workers -------------------------------------------------------------------------------
# Keyed by WorkerStatus value, in drawing order (later on top). A status the domain adds later
# only needs a row here; one the table lacks falls back to ``FALLBACK_WORKER``.
WORKER_STYLES: dict[str, SymbolStyle] = {
    "off_duty": SymbolStyle("plus", 10, theme.WORKER_COLORS[WorkerStatus.OFF_DUTY], "#1b2027", 1.0),
    "unknown": SymbolStyle("o", 10, theme.WORKER_COLORS[WorkerStatus.UNKNOWN], "#c9d1d9", 1.2, fill_alpha=90),
    "stale": SymbolStyle("t", 11, theme.WORKER_COLORS[WorkerStatus.STALE], OUTLINE, 1.0),
    "on_duty": SymbolStyle("o", 10, theme.WORKER_COLORS[WorkerStatus.ON_DUTY], "#e8fff1", 1.2),
    "on_order": SymbolStyle("s", 11, theme.WORKER_COLORS[WorkerStatus.ON_ORDER], "#e8f2ff", 1.2),
    "sos": SymbolStyle("star", 20, theme.WORKER_COLORS[WorkerStatus.SOS], "#ffffff", 1.6),
}
FALLBACK_WORKER = SymbolStyle("o", 10, "#c0c0c0")


def worker_statuses() -> list[WorkerStatus]:
    """The domain's statuses in drawing order (known ones by the table, unknown ones last)."""
    order = list(WORKER_STYLES)
    return sorted(WorkerStatus, key=lambda s: order.index(s.value) if s.value in order else len(order))


def worker_style(status: WorkerStatus) -> SymbolStyle:
    return WORKER_STYLES.get(status.value, FALLBACK_WORKER)


def worker_color(status: WorkerStatus) -> str:
    return worker_style(status).fill


# --- incidents -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Family:
    """A family of 110 categories sharing a symbol: ``prefixes`` are the first two digits."""

    key: str
    label: str
    shape: str
    prefixes: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    Family("criminal", "刑事", "star", ("10",)),
    Family("order", "治安", "d", ("20",)),
    Family("traffic", "交通", "t1", ("30",)),
    Family("fire", "火灾/抢险", "flame", ("40",)),
    Family("help", "求助", "cross", ("50",)),
    Family("referral", "社会联动", "referral", ("60",)),
    Family("assist", "警种协助", "h", ("65",)),
    Family("group", "群体事件", "p", ("70",)),
    Family("disaster", "灾害事故", "t", ("80",)),
    Family("other", "其它", "o", ()),
)
_FAMILY_BY_PREFIX = {p: i for i, f in enumerate(FAMILIES) for p in f.prefixes}
OTHER_FAMILY = len(FAMILIES) - 1
PRIORITIES = (1, 2, 3, 4)
OPEN_SIZE, CLOSED_SIZE = 18, 11


def family_index(category: str) -> int:
    """Index into :data:`FAMILIES` of a 6-digit category code (其它 when unknown)."""
    return _FAMILY_BY_PREFIX.get(str(category)[:2], OTHER_FAMILY)


def incident_style(family: int, priority: int, closed: bool) -> SymbolStyle:
    """Open incidents: full priority colour, dark outline. Closed: small, dim, grey outline."""
    shape = FAMILIES[family].shape
    color = theme.priority_color(priority)
    if closed:
        return SymbolStyle(shape, CLOSED_SIZE, color, "#5c6670", 1.0, fill_alpha=90)
    return SymbolStyle(shape, OPEN_SIZE, color, OUTLINE, 1.3)


def incident_style_index(family: int, priority: int, closed: bool) -> int:
    """Position of a style in :func:`incident_styles` (family-major, then priority, then open/closed)."""
    p = priority if priority in PRIORITIES else PRIORITIES[-1]
    return (family * len(PRIORITIES) + PRIORITIES.index(p)) * 2 + int(closed)


def incident_styles() -> list[SymbolStyle]:
    return [
        incident_style(f, p, closed)
        for f in range(len(FAMILIES))
        for p in PRIORITIES
        for closed in (False, True)
    ]


# --- rings and markers -----------------------------------------------------------------------
SELECTED_RING = SymbolStyle("ring", 30, theme.SELECTION_COLOR, theme.SELECTION_COLOR, 2.5)
FLASH_RING = SymbolStyle("ring", 34, "#ff4d4f", "#ff4d4f", 3.0)
FOLLOW_RING = SymbolStyle("ring", 26, "#4dd6e0", "#4dd6e0", 2.5)
BOX_RING = SymbolStyle("ring", 20, "#ffd166", "#ffd166", 2.0)
ADDRESS_DOT = SymbolStyle("o", 6, "#c9d4df", "#2a323c", 1.0)
SEARCH_PIN = SymbolStyle("pin", 26, "#4dd6e0", "#0b0e11", 1.5)

# Antialiased lines wider than 1 px cost ~40 ms a frame for 500 grids (and for long tracks): 1 px.
GRID_LINE = "#6a86a3"
POLICE_LINE = {False: "#c99bc0", True: "#9c4f8c"}  # over a dark / a light basemap
TRACK_COLOR = "#5cc8ff"
ZONE_COLOR = "#ffb454"
ZONE_VERTEX = SymbolStyle("o", 8, ZONE_COLOR, OUTLINE, 1.2)  # corners of a zone being drawn
GRID_FILL_SELECTED = "#4a9eff"


# --- shapes --------------------------------------------------------------------------------
def _polygon(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def _flame() -> QPainterPath:
    path = QPainterPath(QPointF(0.0, -0.5))
    path.cubicTo(0.15, -0.25, 0.45, -0.1, 0.4, 0.15)
    path.cubicTo(0.36, 0.4, 0.18, 0.5, 0.0, 0.5)
    path.cubicTo(-0.18, 0.5, -0.36, 0.4, -0.4, 0.15)
    path.cubicTo(-0.43, -0.05, -0.25, -0.15, -0.18, -0.3)
    path.cubicTo(-0.1, -0.15, -0.05, -0.1, 0.0, -0.5)
    path.closeSubpath()
    return path


def _ring() -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(QRectF(-0.5, -0.5, 1.0, 1.0))
    return path


def _pin() -> QPainterPath:
    path = QPainterPath(QPointF(0.0, 0.5))
    path.cubicTo(-0.1, 0.2, -0.36, 0.05, -0.36, -0.16)
    path.arcTo(QRectF(-0.36, -0.52, 0.72, 0.72), 180, -180)
    path.cubicTo(0.36, 0.05, 0.1, 0.2, 0.0, 0.5)
    path.closeSubpath()
    hole = QPainterPath()
    hole.addEllipse(QRectF(-0.13, -0.29, 0.26, 0.26))
    return path.subtracted(hole)


@cache
def shape_path(name: str) -> QPainterPath:
    """A unit-size path for ``name``: pyqtgraph's symbols plus the map's own."""
    own = {
        "flame": _flame,
        "ring": _ring,
        "pin": _pin,
        "plus": lambda: _polygon(
            [(-0.12, -0.5), (0.12, -0.5), (0.12, -0.12), (0.5, -0.12), (0.5, 0.12), (0.12, 0.12),
             (0.12, 0.5), (-0.12, 0.5), (-0.12, 0.12), (-0.5, 0.12), (-0.5, -0.12), (-0.12, -0.12)]
        ),
        "cross": lambda: _polygon(
            [(-0.17, -0.5), (0.17, -0.5), (0.17, -0.17), (0.5, -0.17), (0.5, 0.17), (0.17, 0.17),
             (0.17, 0.5), (-0.17, 0.5), (-0.17, 0.17), (-0.5, 0.17), (-0.5, -0.17), (-0.17, -0.17)]
        ),
        "referral": lambda: _polygon([(-0.5, -0.38), (0.12, -0.38), (0.5, 0.0), (0.12, 0.38), (-0.5, 0.38)]),
    }
    if name in own:
        return own[name]()
    return QPainterPath(Symbols[name])


def render_symbol(style: SymbolStyle, dpr: float = 1.0) -> QImage:
    """The symbol as an image (with room for its outline), for an atlas or a legend."""
    side = style.size + 2 * style.outline_width + 2
    image = new_image(side, side, dpr)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(side / 2, side / 2)
    painter.scale(style.size, style.size)
    pen = QPen(QColor(style.outline), style.outline_width / style.size)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    if style.shape == "ring":
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        fill = QColor(style.fill)
        fill.setAlpha(style.fill_alpha)
        painter.setBrush(fill)
    painter.drawPath(shape_path(style.shape))
    painter.end()
    return image
