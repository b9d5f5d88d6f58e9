"""Many small pre-rendered images drawn in one ``QPainter.drawPixmapFragments`` call.

An :class:`Atlas` packs symbol or label images into one pixmap; :func:`draw_fragments` draws
any subset of them at device positions from numpy arrays, with no Python object per point.
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap

PAD = 2  # transparent pixels around each packed image, so smooth sampling never bleeds


def new_image(width: float, height: float, dpr: float) -> QImage:
    """A transparent ARGB image of ``width × height`` logical pixels at device pixel ratio ``dpr``."""
    image = QImage(max(1, round(width * dpr)), max(1, round(height * dpr)), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    image.setDevicePixelRatio(dpr)
    return image


class Atlas:
    """Images packed into one pixmap (shelf packing, row by row).

    ``rects[i]`` is image i's ``(x, y, w, h)`` in atlas pixels; ``sizes[i]`` its logical size.
    """

    def __init__(self, images: list[QImage], dpr: float = 1.0, width: int = 1024) -> None:
        self.dpr = dpr
        n = len(images)
        self.rects = np.zeros((n, 4))
        self.sizes = np.zeros((n, 2))
        width = max([width, *(img.width() + 2 * PAD for img in images)])
        x = y = row_h = 0
        for i, img in enumerate(images):
            w, h = img.width() + 2 * PAD, img.height() + 2 * PAD
            if x + w > width:
                x, y, row_h = 0, y + row_h, 0
            self.rects[i] = (x + PAD, y + PAD, img.width(), img.height())
            x += w
            row_h = max(row_h, h)
        self.pixmap = QPixmap(width, max(1, y + row_h))
        self.pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(self.pixmap)
        for i, img in enumerate(images):
            img.setDevicePixelRatio(1.0)  # packed in device pixels
            painter.drawImage(QPointF(self.rects[i, 0], self.rects[i, 1]), img)
        painter.end()
        if n:
            self.sizes[:] = self.rects[:, 2:] / dpr


class FragmentBuffer:
    """A reusable ``PixmapFragment`` array (10 doubles each: x, y, sx, sy, sw, sh, scaleX, scaleY, rot, opacity)."""

    def __init__(self) -> None:
        self._array = np.zeros((0, 10))

    def draw(
        self, painter: QPainter, cx: np.ndarray, cy: np.ndarray, rects: np.ndarray, atlas: Atlas, opacity: float = 1.0
    ) -> None:
        """Draw atlas images ``rects`` (n×4) centred on device points ``cx``, ``cy``.

        The painter must already be in device coordinates (``resetTransform``).
        """
        n = len(cx)
        if n == 0:
            return
        if len(self._array) < n:
            self._array = np.zeros((max(n, 2 * len(self._array)), 10))
        frags = self._array[:n]
        frags[:, 0] = cx
        frags[:, 1] = cy
        frags[:, 2:6] = rects
        frags[:, 6:10] = (1.0 / atlas.dpr, 1.0 / atlas.dpr, 0.0, opacity)
        first = shiboken6.wrapInstance(frags.ctypes.data, QPainter.PixmapFragment)
        painter.drawPixmapFragments(first, n, atlas.pixmap)


def device_points(painter: QPainter, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map item coordinates to the painter's device coordinates (affine part, vectorised)."""
    t = painter.transform()
    return t.m11() * x + t.m21() * y + t.dx(), t.m12() * x + t.m22() * y + t.dy()


def device_dpr(painter: QPainter) -> float:
    """The device pixel ratio the painter draws at (1.0 when unknown)."""
    device = painter.device()
    return float(device.devicePixelRatioF()) if device is not None else 1.0
