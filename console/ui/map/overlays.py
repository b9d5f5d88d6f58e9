"""Overlays in screen space: the scale bar, the cursor's coordinates and the follow banner."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from console.ui.plain import PlainLabel
from console.ui.texts import tr

SCALE_MAX_PX = 130

OVERLAY_QSS = (
    "QLabel { background: rgba(14,18,22,200); border: 1px solid #2c343e; border-radius: 3px;"
    " padding: 2px 6px; color: #c9d4df; font-family: monospace; }"
)


def nice_length(max_metres: float) -> float:
    """The longest 1, 2 or 5 × 10ⁿ metres not above ``max_metres``."""
    if max_metres <= 0 or not math.isfinite(max_metres):
        return 0.0
    power = 10 ** math.floor(math.log10(max_metres))
    for step in (5, 2, 1):
        if step * power <= max_metres:
            return step * power
    return power


def format_length(metres: float) -> str:
    if metres >= 1000:
        km = metres / 1000
        return f"{km:g} km"
    return f"{metres:g} m"


class ScaleBar(QWidget):
    """A bar of a round length (1/2/5 × 10ⁿ m) at the current ground scale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.metres = 0.0
        self.bar_px = 0.0
        self.setFixedSize(SCALE_MAX_PX + 24, 34)

    def set_metres_per_px(self, metres_per_px: float) -> None:
        """Ground metres per screen pixel (already corrected for Mercator's stretch)."""
        length = nice_length(metres_per_px * SCALE_MAX_PX) if metres_per_px > 0 else 0.0
        bar = length / metres_per_px if length else 0.0
        if (length, bar) != (self.metres, self.bar_px):
            self.metres, self.bar_px = length, bar
            self.update()

    def text(self) -> str:
        return format_length(self.metres) if self.metres else ""

    def paintEvent(self, event) -> None:
        if not self.metres:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(14, 18, 22, 200))
        p.drawRoundedRect(QRectF(0, 0, self.bar_px + 20, self.height()), 3, 3)
        x0, x1, y = 10.0, 10.0 + self.bar_px, self.height() - 8.0
        pen = QPen(QColor("#d8dee6"), 2)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.drawLine(int(x0), int(y), int(x1), int(y))
        for x in (x0, (x0 + x1) / 2, x1):
            p.drawLine(int(x), int(y), int(x), int(y - (6 if x in (x0, x1) else 3)))
        p.drawText(QRectF(x0, 2, self.bar_px, 16), Qt.AlignmentFlag.AlignCenter, self.text())
        p.end()


class CoordinateReadout(PlainLabel):
    """WGS-84 longitude and latitude under the cursor, six decimals (about 0.1 m)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(OVERLAY_QSS)
        self.set_lnglat(None)

    def set_lnglat(self, lnglat: tuple[float, float] | None) -> None:
        if lnglat is None:
            self.setText(tr("经度 —  纬度 —", "Map"))
        else:
            self.setText(tr("经度 {lng:.6f}  纬度 {lat:.6f}", "Map").format(lng=lnglat[0], lat=lnglat[1]))
        self.adjustSize()


class FollowBanner(PlainLabel):
    """"跟随：name (Esc 退出)" shown while the map follows a worker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "QLabel { background: rgba(20,60,66,225); border: 1px solid #4dd6e0; border-radius: 4px;"
            " padding: 3px 10px; color: #e6fbfd; font-weight: bold; }"
        )
        self.hide()

    def set_name(self, name: str | None) -> None:
        if name:
            self.setText(tr("跟随：{name}（Esc 退出）", "Map").format(name=name))
            self.adjustSize()
            self.show()
        else:
            self.hide()
