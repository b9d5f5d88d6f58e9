"""Label placement and drawing for the generated basemap: names along roads and water, POI icons.

Labels are placed once per zoom in *world pixels* of that zoom (relative to an origin so numbers
stay small), highest priority first, and a label is dropped when any of its boxes overlaps one
already placed. Every tile of the zoom then draws the same placed labels, so a name crossing a
tile edge continues seamlessly. Chinese road names follow the Chinese map convention: along an
east-west road the characters sit side by side following the road; along a north-south road
they stand upright, stacked top to bottom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in world pixels


@dataclass(frozen=True)
class TextStyle:
    """Font size (px), colours and halo width of one class of label."""

    size: float
    color: str
    halo: str = "#ffffff"
    halo_px: float = 3.0
    bold: bool = False


@dataclass(frozen=True)
class Glyph:
    """One character placed at ``(x, y)`` (its centre) rotated by ``angle`` degrees."""

    char: str
    x: float
    y: float
    angle: float


@dataclass(frozen=True)
class Label:
    """A placed label: glyphs, an optional icon, and the boxes it occupies."""

    glyphs: tuple[Glyph, ...]
    style: TextStyle
    boxes: tuple[Box, ...]
    icon: tuple[str, float, float] | None = None  # kind, x, y

    @property
    def extent(self) -> Box:
        return (min(b[0] for b in self.boxes), min(b[1] for b in self.boxes),
                max(b[2] for b in self.boxes), max(b[3] for b in self.boxes))


class Collisions:
    """Placed boxes in a bucket grid: is a new box free?"""

    def __init__(self, cell: float = 128.0) -> None:
        self.cell = cell
        self._grid: dict[tuple[int, int], list[Box]] = {}

    def _cells(self, box: Box):
        c = self.cell
        for gx in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for gy in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield gx, gy

    def free(self, boxes: tuple[Box, ...]) -> bool:
        for box in boxes:
            for key in self._cells(box):
                for o in self._grid.get(key, ()):
                    if box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]:
                        return False
        return True

    def add(self, boxes: tuple[Box, ...]) -> None:
        for box in boxes:
            for key in self._cells(box):
                self._grid.setdefault(key, []).append(box)


class Typesetter:
    """Fonts, glyph outlines and advances for one font family."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._fonts: dict[tuple[float, bool], QFont] = {}
        self._paths: dict[tuple[str, float, bool], QPainterPath] = {}

    def font(self, style: TextStyle) -> QFont:
        key = (style.size, style.bold)
        if key not in self._fonts:
            font = QFont(self.family)
            font.setPixelSize(round(style.size))
            font.setBold(style.bold)
            font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self._fonts[key] = font
        return self._fonts[key]

    def advance(self, text: str, style: TextStyle) -> float:
        return QFontMetricsF(self.font(style)).horizontalAdvance(text)

    def glyph_path(self, char: str, style: TextStyle) -> QPainterPath:
        """The outline of ``char`` centred on the origin."""
        key = (char, style.size, style.bold)
        if key not in self._paths:
            font = self.font(style)
            metrics = QFontMetricsF(font)
            path = QPainterPath()
            path.addText(QPointF(-metrics.horizontalAdvance(char) / 2, (metrics.ascent() - metrics.descent()) / 2),
                         font, char)
            self._paths[key] = path
        return self._paths[key]

    # --- placement ----------------------------------------------------------------------------
    def along(self, line: np.ndarray, text: str, style: TextStyle, collisions: Collisions,
              repeat: float, pad: float = 24.0) -> list[Label]:
        """Place ``text`` along a pixel polyline as often as every ``repeat`` px where it fits and is free."""
        if len(line) < 2 or not text:
            return []
        seg = np.hypot(*np.diff(line, axis=0).T)
        cum = np.concatenate(([0.0], np.cumsum(seg)))
        total = cum[-1]
        step = style.size * 1.12
        span = step * (len(text) - 1)
        out: list[Label] = []
        s = span / 2 + pad
        while s <= total - span / 2 - pad:
            label = self._try_along(line, cum, s, text, style, step, collisions)
            if label is None:
                s += step * 2
                continue
            collisions.add(label.boxes)
            out.append(label)
            s += max(repeat, span + pad)
        return out

    def _try_along(self, line, cum, s, text, style, step, collisions) -> Label | None:
        n = len(text)
        offsets = [(i - (n - 1) / 2) * step for i in range(n)]
        pts = [_point_at(line, cum, s + o) for o in offsets]
        (x0, y0, _), (x1, y1, _) = pts[0], pts[-1]
        horizontal = abs(x1 - x0) >= abs(y1 - y0) if n > 1 else abs(pts[0][2]) < 45 or abs(pts[0][2]) > 135
        reverse = (x1 < x0) if horizontal else (y1 < y0)
        if reverse:
            pts = pts[::-1]
        angles = [a + 180.0 if reverse else a for _, _, a in pts]
        angles = [(a + 180.0) % 360.0 - 180.0 for a in angles]
        if n > 1 and max(abs(((a - angles[0]) + 180) % 360 - 180) for a in angles) > 28:
            return None
        half = style.size * 0.62
        glyphs = tuple(Glyph(ch, x, y, a if horizontal else 0.0) for ch, (x, y, _), a in zip(text, pts, angles,
                                                                                             strict=True))
        boxes = tuple((g.x - half, g.y - half, g.x + half, g.y + half) for g in glyphs)
        return Label(glyphs, style, boxes) if collisions.free(boxes) else None

    def at_point(self, x: float, y: float, text: str, style: TextStyle, collisions: Collisions,
                 icon: str | None = None, icon_r: float = 8.0) -> Label | None:
        """An icon at ``(x, y)`` with its name beside it (right, left, below or above), or the name alone."""
        width = self.advance(text, style)
        h = style.size * 1.25
        icon_box = (x - icon_r - 1, y - icon_r - 1, x + icon_r + 1, y + icon_r + 1) if icon else None
        gap = icon_r + 4 if icon else 0
        spots = ((x + gap, y - h / 2), (x - gap - width, y - h / 2), (x - width / 2, y + gap),
                 (x - width / 2, y - gap - h)) if icon else ((x - width / 2, y - h / 2),)
        for tx, ty in spots:
            box = (tx, ty, tx + width, ty + h)
            boxes = (box, icon_box) if icon_box else (box,)
            if collisions.free(boxes):
                collisions.add(boxes)
                glyphs = []
                cx = tx
                for ch in text:
                    adv = self.advance(ch, style)
                    glyphs.append(Glyph(ch, cx + adv / 2, ty + h / 2, 0.0))
                    cx += adv
                return Label(tuple(glyphs), style, boxes, (icon, x, y) if icon else None)
        return None

    # --- drawing ------------------------------------------------------------------------------
    def draw(self, painter: QPainter, label: Label, dx: float, dy: float, icons: IconPainter) -> None:
        """Paint ``label`` shifted by ``(dx, dy)`` (world pixels → image pixels)."""
        if label.icon:
            kind, x, y = label.icon
            icons.draw(painter, kind, x + dx, y + dy)
        style = label.style
        halo = QPen(QColor(style.halo), style.halo_px * 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin)
        fill = QBrush(QColor(style.color))
        for g in label.glyphs:
            path = self.glyph_path(g.char, style)
            painter.save()
            painter.translate(g.x + dx, g.y + dy)
            if g.angle:
                painter.rotate(g.angle)
            if style.halo_px > 0:
                painter.strokePath(path, halo)
            painter.fillPath(path, fill)
            painter.restore()


class IconPainter:
    """Small round POI icons with a white symbol: 警 police, 学 school, a cross for hospitals …"""

    SYMBOLS: ClassVar[dict[str, tuple[str, str]]] = {
        "police": ("#2f63b8", "警"), "school": ("#7b61c9", "学"), "hospital": ("#e5484d", "+"),
        "market": ("#e8912d", "市"), "metro": ("#d6333a", "M"), "government": ("#4f6d9a", "政"),
        "park": ("#3f9a4a", "园"),
    }

    def __init__(self, typesetter: Typesetter, radius: float = 8.0) -> None:
        self.typesetter = typesetter
        self.radius = radius
        self._style = TextStyle(radius * 1.3, "#ffffff", halo_px=0, bold=True)

    def draw(self, painter: QPainter, kind: str, x: float, y: float) -> None:
        color, symbol = self.SYMBOLS[kind]
        r = self.radius
        painter.save()
        painter.setPen(QPen(QColor("#ffffff"), 1.5))
        painter.setBrush(QColor(color))
        if kind == "metro":
            painter.drawRoundedRect(QRectF(x - r, y - r, 2 * r, 2 * r), 3, 3)
        else:
            painter.drawEllipse(QPointF(x, y), r, r)
        if symbol == "+":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#ffffff"))
            painter.drawRect(QRectF(x - r * 0.55, y - r * 0.18, r * 1.1, r * 0.36))
            painter.drawRect(QRectF(x - r * 0.18, y - r * 0.55, r * 0.36, r * 1.1))
        else:
            painter.translate(x, y)
            painter.fillPath(self.typesetter.glyph_path(symbol, self._style), QBrush(QColor("#ffffff")))
        painter.restore()


def _point_at(line: np.ndarray, cum: np.ndarray, s: float) -> tuple[float, float, float]:
    """Point at arc length ``s`` and the tangent's angle in degrees (screen coordinates)."""
    s = min(max(s, 0.0), cum[-1])
    i = int(min(np.searchsorted(cum, s, side="right") - 1, len(line) - 2))
    d = cum[i + 1] - cum[i]
    t = 0.0 if d == 0 else (s - cum[i]) / d
    (x0, y0), (x1, y1) = line[i], line[i + 1]
    return x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, math.degrees(math.atan2(y1 - y0, x1 - x0))
