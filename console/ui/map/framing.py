"""Rectangles the map flies to: the bounds of some places or markers, with a margin around them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF

from console.domain.places import Point
from console.ui.map.projection import LocalFrame


def bounds(frame: LocalFrame, pts: Sequence[Point]) -> QRectF:
    """The scene rectangle around WGS-84 points (null when there are none)."""
    if not pts:
        return QRectF()
    x, y = frame.to_xy([p[0] for p in pts], [p[1] for p in pts])
    return QRectF(float(x.min()), float(y.min()), float(np.ptp(x)), float(np.ptp(y)))


def padded(rect: QRectF, fraction: float) -> QRectF:
    """``rect`` grown on every side by ``fraction`` of its width and height."""
    dx, dy = rect.width() * fraction, rect.height() * fraction
    return rect.adjusted(-dx, -dy, dx, dy)


def marker_bounds(xs: np.ndarray, ys: np.ndarray, min_size: float = 200.0) -> QRectF:
    """Around scene points, with a quarter of the larger side (at least ``min_size``) as margin."""
    rect = QRectF(float(xs.min()), float(ys.min()), float(np.ptp(xs)), float(np.ptp(ys)))
    margin = max(rect.width(), rect.height(), min_size) * 0.25
    return rect.adjusted(-margin, -margin, margin, margin)
