"""Incident heat map: a 2-D histogram blurred with a Gaussian, both in numpy, shown as an image.

The blur is two matrix products with column-normalised Gaussian matrices, so every incident
spreads exactly one unit of heat: the grid always sums to the number of incidents counted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF

HOUR_MS = 3_600_000
HEAT_WINDOWS: dict[str, tuple[str, int]] = {  # key -> (label, window in ms)
    "1h": (QT_TRANSLATE_NOOP("MapPanel", "近1小时"), HOUR_MS),
    "24h": (QT_TRANSLATE_NOOP("MapPanel", "近24小时"), 24 * HOUR_MS),
    "7d": (QT_TRANSLATE_NOOP("MapPanel", "近7天"), 7 * 24 * HOUR_MS),
}
DEFAULT_WINDOW = "24h"
CELLS = 200  # cells along the longer side of the extent
SIGMA_M = 90.0  # blur radius in metres

# dark-transparent → red → orange → pale yellow; alpha rises with heat
_STOPS = np.array([0.0, 0.35, 0.7, 1.0])
_COLOURS = np.array([[120, 20, 40], [230, 60, 50], [255, 160, 40], [255, 240, 170]], dtype=float)


@dataclass(frozen=True, slots=True)
class Extent:
    """A rectangle in frame metres and the cell size that divides it."""

    x0: float
    y0: float
    x1: float
    y1: float
    cell: float

    @classmethod
    def around(cls, x0: float, y0: float, x1: float, y1: float, margin: float = 400.0) -> Extent:
        x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
        cell = max(x1 - x0, y1 - y0, 1.0) / CELLS
        return cls(x0, y0, x1, y1, cell)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns): rows run along y."""
        rows = int(np.ceil((self.y1 - self.y0) / self.cell))
        cols = int(np.ceil((self.x1 - self.x0) / self.cell))
        return max(1, rows), max(1, cols)

    def rect(self) -> QRectF:
        rows, cols = self.shape
        return QRectF(self.x0, self.y0, cols * self.cell, rows * self.cell)


def gaussian_matrix(n: int, sigma_cells: float) -> np.ndarray:
    """n×n matrix spreading cell j over its neighbours; every column sums to 1."""
    d = np.arange(n)[:, None] - np.arange(n)[None, :]
    m = np.exp(-0.5 * (d / max(sigma_cells, 1e-6)) ** 2)
    m[np.abs(d) > 4 * sigma_cells + 1] = 0.0
    return m / m.sum(axis=0, keepdims=True)


def heat_grid(x: np.ndarray, y: np.ndarray, extent: Extent, sigma_m: float = SIGMA_M,
              weights: np.ndarray | None = None) -> np.ndarray:
    """Blurred counts (or sums of ``weights``; rows along y) of the points inside ``extent``."""
    rows, cols = extent.shape
    counts, _, _ = np.histogram2d(
        np.asarray(y, dtype=float),
        np.asarray(x, dtype=float),
        bins=(rows, cols),
        range=((extent.y0, extent.y0 + rows * extent.cell), (extent.x0, extent.x0 + cols * extent.cell)),
        weights=weights,
    )
    sigma = sigma_m / extent.cell
    return gaussian_matrix(rows, sigma) @ counts @ gaussian_matrix(cols, sigma).T


def heat_stack(hours: list[tuple[np.ndarray, np.ndarray, np.ndarray]], extent: Extent,
               sigma_m: float = SIGMA_M) -> np.ndarray:
    """:func:`heat_grid` of many weighted point sets at once (``[(x, y, weights)]`` → ``(n, rows, cols)``):
    the blur is two matrix products over all of them in float32, about 20× faster than one at a time."""
    rows, cols = extent.shape
    span = ((extent.y0, extent.y0 + rows * extent.cell), (extent.x0, extent.x0 + cols * extent.cell))
    counts = np.stack([np.histogram2d(y, x, bins=(rows, cols), range=span, weights=w)[0] for x, y, w in hours]
                      ).astype(np.float32) if hours else np.zeros((0, rows, cols), np.float32)
    sigma = sigma_m / extent.cell
    g_rows = gaussian_matrix(rows, sigma).astype(np.float32)
    g_cols = gaussian_matrix(cols, sigma).astype(np.float32)
    n = len(hours)
    by_rows = (g_rows @ counts.transpose(1, 0, 2).reshape(rows, n * cols)).reshape(rows, n, cols)
    return (by_rows.transpose(1, 0, 2).reshape(n * rows, cols) @ g_cols.T).reshape(n, rows, cols)


def heat_rgba(grid: np.ndarray, peak: float | None = None) -> np.ndarray:
    """Colour and alpha for a heat grid (uint8, rows × cols × 4), full colour at ``peak`` (by default the
    grid's own maximum); zero heat is transparent."""
    if peak is None:
        peak = float(grid.max()) if grid.size else 0.0
    v = grid / peak if peak > 0 else np.zeros_like(grid)
    rgba = np.empty((*grid.shape, 4), dtype=np.uint8)
    for c in range(3):
        rgba[..., c] = np.interp(v, _STOPS, _COLOURS[:, c]).astype(np.uint8)
    rgba[..., 3] = (np.clip(v * 2.2, 0.0, 1.0) ** 0.8 * 190).astype(np.uint8)
    return rgba


class ImageLayer:
    """A map layer drawn as one image: what the layer registry (visibility, opacity, order) needs of it."""

    def __init__(self, view) -> None:
        self.image = pg.ImageItem(axisOrder="row-major")
        view.addItem(self.image, ignoreBounds=True)
        self._visible = True

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        self.image.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        self.image.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.image.setZValue(z)

    @property
    def visible(self) -> bool:
        return self._visible


class HeatLayer(ImageLayer):
    """The 热力图 layer: an image of incident heat over the chosen window."""

    name = "heatmap"
    title = "热力图"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.window_key = DEFAULT_WINDOW
        self.extent: Extent | None = None
        self.grid = np.zeros((0, 0))

    def set_extent(self, extent: Extent) -> None:
        self.extent = extent

    def update(self, x: np.ndarray, y: np.ndarray, reported_at: np.ndarray, now_ms: int) -> int:
        """Recompute from incident positions and report times; returns how many were counted."""
        if self.extent is None:
            return 0
        window = HEAT_WINDOWS[self.window_key][1]
        inside = (reported_at >= now_ms - window) & (reported_at <= now_ms)
        self.grid = heat_grid(x[inside], y[inside], self.extent)
        self.image.setImage(heat_rgba(self.grid), autoLevels=False, levels=(0, 255))
        self.image.setRect(self.extent.rect())
        return int(inside.sum())
