"""``SymbolCloud``: many point symbols in one graphics item, styled by an integer code per point.

Setting data stores numpy arrays and nothing else; painting maps them to device pixels, culls,
and draws them all with one ``drawPixmapFragments`` call from a pre-rendered atlas. Compared with
``ScatterPlotItem`` (whose ``setData`` looks up a symbol key per point in Python) this keeps a
10,000-worker update under a millisecond.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from console.ui.map.fragments import Atlas, FragmentBuffer, device_dpr, device_points
from console.ui.map.style import SymbolStyle, render_symbol

CULL_MARGIN = 40  # device pixels around the viewport still drawn


class SymbolCloud(pg.GraphicsObject):
    """Points ``(x, y)`` in view coordinates drawn with ``styles[codes[i]]``, in array order."""

    def __init__(self, styles: list[SymbolStyle]) -> None:
        super().__init__()
        self._styles = list(styles)
        self._atlas: Atlas | None = None
        self._frags = FragmentBuffer()
        self._pad_px = max((s.size + 2 * s.outline_width + 2) for s in self._styles) / 2 if styles else 0
        self.x = np.zeros(0)
        self.y = np.zeros(0)
        self.codes = np.zeros(0, dtype=np.intp)
        self._bounds = QRectF()

    def __len__(self) -> int:
        return len(self.x)

    def set_points(self, x, y, codes=None) -> None:
        """Replace the points; ``codes`` (int array, default all 0) index the styles."""
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        n = len(self.x)
        self.codes = np.zeros(n, dtype=np.intp) if codes is None else np.asarray(codes, dtype=np.intp)
        finite = np.isfinite(self.x) & np.isfinite(self.y)
        if finite.any():
            xs, ys = self.x[finite], self.y[finite]
            bounds = QRectF(xs.min(), ys.min(), xs.max() - xs.min(), ys.max() - ys.min())
        else:
            bounds = QRectF()
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds
        self.update()

    def clear(self) -> None:
        self.set_points(np.zeros(0), np.zeros(0))

    # --- QGraphicsItem ------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        if self._bounds.isNull() and not len(self.x):
            return QRectF()
        px, py = self.pixelVectors()
        pad_x = self._pad_px * (px.length() if px is not None else 0.0)
        pad_y = self._pad_px * (py.length() if py is not None else 0.0)
        return self._bounds.adjusted(-pad_x, -pad_y, pad_x, pad_y)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()
        super().viewTransformChanged()

    def paint(self, painter, option, widget=None) -> None:
        if not len(self.x):
            return
        dpr = device_dpr(painter)
        if self._atlas is None or self._atlas.dpr != dpr:
            self._atlas = Atlas([render_symbol(s, dpr) for s in self._styles], dpr)
        dx, dy = device_points(painter, self.x, self.y)
        area = painter.viewport()
        shown = (
            (dx > area.left() - CULL_MARGIN)
            & (dx < area.right() + CULL_MARGIN)
            & (dy > area.top() - CULL_MARGIN)
            & (dy < area.bottom() + CULL_MARGIN)
        )
        painter.resetTransform()
        self._frags.draw(painter, dx[shown], dy[shown], self._atlas.rects[self.codes[shown]], self._atlas)
