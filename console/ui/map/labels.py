"""``LabelLayer``: map labels that keep their pixel size and never pile on top of each other.

Each label is rendered once (text with a halo) into an atlas. When the scale changes the
layer maps the anchors to the screen and keeps the most important labels whose boxes do not
overlap (:func:`declutter`); every paint draws the kept ones on screen in one fragment call.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from console.ui.map.declutter import declutter
from console.ui.map.fragments import Atlas, FragmentBuffer, device_dpr, device_points, new_image

GAP = 3.0  # px of free space kept around each label when decluttering


@dataclass(frozen=True, slots=True)
class LabelStyle:
    """Fonts and colours of a label: a main line and optional smaller second lines."""

    size: float = 12.0
    color: str = "#d8dee6"
    bold: bool = False
    sub_size: float = 9.5
    sub_color: str = "#8b96a3"
    halo_width: float = 3.0
    halo: str = "#0b0e11"


@dataclass(frozen=True, slots=True)
class Label:
    """Text anchored (centred) at view point ``(x, y)``.

    ``lines[0]`` uses the main font, the rest the smaller one. Higher ``priority`` wins overlaps;
    labels sharing a ``group`` are alternatives of which at most one is shown (first fitting in
    priority order). ``vertical`` stacks the characters of a single line (north–south roads).
    """

    x: float
    y: float
    lines: tuple[str, ...]
    priority: int = 0
    group: int = -1
    style: LabelStyle = LabelStyle()
    vertical: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _halo_offsets(radius: float) -> list[QPointF]:
    """Eight directions at ``radius`` (diagonals shortened to stay round)."""
    d = radius * 0.75
    return [QPointF(x, y) for x, y in ((-radius, 0), (radius, 0), (0, -radius), (0, radius),
                                        (-d, -d), (d, d), (-d, d), (d, -d))]


def render_label(label: Label, family: str, dpr: float = 1.0) -> QImage:
    """The label as an image: every line centred, over a halo (the text drawn eight times
    around itself: glyph-cache fast, where stroking glyph outlines costs ~8 ms a label)."""
    st = label.style
    main = QFont(family)
    main.setPixelSize(round(st.size))
    main.setBold(st.bold)
    sub = QFont(family)
    sub.setPixelSize(round(st.sub_size))
    lines = [(c, main, st.color) for c in label.lines[0]] if label.vertical else [(label.lines[0], main, st.color)]
    lines += [(t, sub, st.sub_color) for t in label.lines[1:]]
    metrics = [QFontMetricsF(font) for _, font, _ in lines]
    width = max(m.horizontalAdvance(text) for (text, _, _), m in zip(lines, metrics, strict=True))
    height = sum(m.height() for m in metrics)
    pad = st.halo_width
    image = new_image(width + 2 * pad, height + 2 * pad, dpr)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    spots = []
    y = pad
    for (text, font, color), m in zip(lines, metrics, strict=True):
        spots.append((QPointF(pad + (width - m.horizontalAdvance(text)) / 2, y + m.ascent()), text, font, color))
        y += m.height()
    painter.setPen(QColor(st.halo))
    for offset in _halo_offsets(st.halo_width * 0.6):
        for at, text, font, _ in spots:
            painter.setFont(font)
            painter.drawText(at + offset, text)
    for at, text, font, color in spots:
        painter.setFont(font)
        painter.setPen(QColor(color))
        painter.drawText(at, text)
    painter.end()
    return image


class LabelLayer(pg.GraphicsObject):
    """A set of :class:`Label` drawn decluttered in screen space."""

    def __init__(self, font_family: str) -> None:
        super().__init__()
        self._family = font_family
        self._labels: list[Label] = []
        self._dpr = 1.0
        self._atlas: Atlas | None = None
        self._frags = FragmentBuffer()
        self.x = np.zeros(0)
        self.y = np.zeros(0)
        self._order = np.zeros(0, dtype=np.intp)
        self._groups = np.zeros(0, dtype=np.intp)
        self._bounds = QRectF()
        self._pad_px = 0.0
        self._cache_key: tuple | None = None
        self._kept_all = np.zeros(0, dtype=np.intp)  # winners of the last declutter, on screen or not
        self._all_kept_rects = np.zeros((0, 4))
        self._kept = np.zeros(0, dtype=np.intp)  # winners on screen: what the last paint drew
        self._kept_rects = np.zeros((0, 4))
        self._kept_centres = np.zeros((0, 2))
        self._avoid: LabelLayer | None = None

    def avoid(self, other: LabelLayer) -> None:
        """Keep clear of ``other``'s visible labels (a more important layer drawn in the same view)."""
        self._avoid = other

    def set_labels(self, labels: list[Label]) -> None:
        """Replace all labels (rendered at once; again at paint if the device's pixel ratio differs)."""
        self.prepareGeometryChange()
        self._labels = list(labels)
        self._atlas = Atlas([render_label(lb, self._family, self._dpr) for lb in labels], self._dpr)
        self._pad_px = float(self._atlas.sizes.max()) / 2 if labels else 0.0
        self._cache_key = None
        self.x = np.array([lb.x for lb in labels], dtype=float)
        self.y = np.array([lb.y for lb in labels], dtype=float)
        priority = np.array([lb.priority for lb in labels], dtype=float)
        self._order = np.lexsort((np.arange(len(labels)), -priority)) if labels else np.zeros(0, dtype=np.intp)
        groups = [lb.group if lb.group >= 0 else -1 - i for i, lb in enumerate(labels)]
        self._groups = np.array(groups, dtype=np.intp)
        if labels:
            self._bounds = QRectF(self.x.min(), self.y.min(), np.ptp(self.x), np.ptp(self.y))
        else:
            self._bounds = QRectF()
        self.update()

    def labels(self) -> list[Label]:
        return list(self._labels)

    def visible_labels(self) -> list[Label]:
        """The labels drawn by the last paint, most important first."""
        return [self._labels[i] for i in self._kept]

    def visible_rects(self) -> np.ndarray:
        """Device-pixel boxes ``(left, top, right, bottom)`` of :meth:`visible_labels`."""
        return self._kept_rects.copy()

    # --- QGraphicsItem ------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        if not self._labels:
            return QRectF()
        px, py = self.pixelVectors()
        pad_x = self._pad_px * (px.length() if px is not None else 0.0)
        pad_y = self._pad_px * (py.length() if py is not None else 0.0)
        return self._bounds.adjusted(-pad_x, -pad_y, pad_x, pad_y)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewTransformChanged()

    def _ensure_atlas(self, dpr: float) -> Atlas:
        if self._atlas is None or self._atlas.dpr != dpr:
            self._dpr = dpr
            self._atlas = Atlas([render_label(lb, self._family, dpr) for lb in self._labels], dpr)
        return self._atlas

    def _layout(self, painter: QPainter, atlas: Atlas) -> None:
        """Place the labels for the painter's transform.

        Which labels win is decided over all of them and only again when the scale changes: a
        pan moves every label alike, so it costs no declutter and labels do not pop in and out.
        """
        t = painter.transform()
        dx, dy = device_points(painter, self.x, self.y)
        half_w = atlas.sizes[:, 0] / 2 + GAP
        half_h = atlas.sizes[:, 1] / 2 + GAP
        rects = np.column_stack((dx - half_w, dy - half_h, dx + half_w, dy + half_h))
        obstacles = None
        if self._avoid is not None and self._avoid.isVisible():
            self._avoid._layout(painter, self._avoid._ensure_atlas(device_dpr(painter)))
            obstacles = self._avoid._all_kept_rects
        key = (t.m11(), t.m12(), t.m21(), t.m22(), None if obstacles is None else self._avoid._kept_all.tobytes())
        if key != self._cache_key:
            self._cache_key = key
            keep = declutter(rects, self._order, self._groups, obstacles)
            self._kept_all = self._order[keep[self._order]]
        self._all_kept_rects = rects[self._kept_all]
        area = painter.viewport()
        r = self._all_kept_rects
        on_screen = (r[:, 2] > area.left()) & (r[:, 0] < area.right()) & (r[:, 3] > area.top())
        on_screen &= r[:, 1] < area.bottom()
        self._kept = self._kept_all[on_screen]
        self._kept_rects = r[on_screen] + (GAP, GAP, -GAP, -GAP)
        self._kept_centres = np.column_stack((dx[self._kept], dy[self._kept]))

    def paint(self, painter, option, widget=None) -> None:
        if not self._labels:
            return
        atlas = self._ensure_atlas(device_dpr(painter))
        self._layout(painter, atlas)
        painter.resetTransform()
        self._frags.draw(painter, self._kept_centres[:, 0], self._kept_centres[:, 1], atlas.rects[self._kept], atlas)
