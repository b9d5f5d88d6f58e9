"""The map canvas: a pyqtgraph view with map-like pan and zoom, keys, touchpad, box select and flights.

- mouse: drag pans, wheel zooms about the cursor, Shift+drag draws a selection box, click picks,
  double click and right click are signalled apart (finishing a drawn zone, the zone menu);
- touchpad: two-finger scroll pans, pinch (native gesture or Ctrl+wheel) zooms;
- keys: arrows pan, + / - zoom, Home = whole district, Esc = stop following / close cards;
- :meth:`MapViewBox.fly_to` animates to a rectangle (~300 ms), aspect ratio locked (metres).
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEasingCurve, QEvent, QPointF, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGraphicsRectItem

from console.ui import theme

FLY_MS = 300
KEY_MS = 150
KEY_PAN_FRACTION = 0.2
KEY_ZOOM = 1.6
MIN_SPAN_M, MAX_SPAN_M = 60.0, 400_000.0
MAP_KEYS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, 1),
    Qt.Key.Key_Down: (0, -1),
}


class MapViewBox(pg.ViewBox):
    """A north-up, aspect-locked view in frame metres."""

    sigClicked = Signal(QPointF)  # view coordinates
    sigDoubleClicked = Signal(QPointF)  # view coordinates; the press before it was a click
    sigContextClicked = Signal(QPointF, QPointF)  # right click: view coordinates, screen position
    sigBoxSelected = Signal(QRectF)  # view coordinates
    sigUserPanned = Signal()  # the user moved the map by hand (zooming is not panning)

    def __init__(self) -> None:
        super().__init__(lockAspect=True, enableMenu=False, invertY=False, defaultPadding=0.0)
        self.enableAutoRange(enable=False)
        self.setLimits(minXRange=MIN_SPAN_M, maxXRange=MAX_SPAN_M, minYRange=MIN_SPAN_M, maxYRange=MAX_SPAN_M)
        self.box = QGraphicsRectItem()
        self.box.setPen(pg.mkPen("#ffd166", width=1.5, style=Qt.PenStyle.DashLine))
        self.box.setBrush(theme.qcolor("#ffd166", 30))
        self.box.setZValue(1e9)
        self.box.hide()
        self.addItem(self.box, ignoreBounds=True)
        self._anim = QVariantAnimation(self)
        self._anim.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._anim.valueChanged.connect(self._on_flight_step)
        self._flight: tuple[QPointF, float, QPointF, float] | None = None

    # --- geometry -----------------------------------------------------------------------------
    def centre(self) -> QPointF:
        return self.viewRect().center()

    def metres_per_px(self) -> float:
        """Frame metres per screen pixel along x (0 before the view has a size)."""
        w = self.width()
        return self.viewRect().width() / w if w > 0 else 0.0

    def _fit(self, rect: QRectF) -> tuple[QPointF, float]:
        """Centre and view width that show ``rect`` whole at this box's aspect ratio."""
        w, h = max(self.width(), 1.0), max(self.height(), 1.0)
        width = max(rect.width(), rect.height() * w / h, MIN_SPAN_M)
        return rect.center(), min(width, MAX_SPAN_M)

    def _show(self, centre: QPointF, width: float) -> None:
        w, h = max(self.width(), 1.0), max(self.height(), 1.0)
        height = width * h / w
        self.setRange(
            xRange=(centre.x() - width / 2, centre.x() + width / 2),
            yRange=(centre.y() - height / 2, centre.y() + height / 2),
            padding=0,
        )

    # --- flights ------------------------------------------------------------------------------
    def fly_to(self, rect: QRectF, duration_ms: int = FLY_MS) -> None:
        """Animate to show ``rect`` (view coordinates); 0 ms jumps."""
        target, width = self._fit(rect)
        self.fly_to_centre(target, width, duration_ms)

    def fly_to_centre(self, centre: QPointF, width: float | None = None, duration_ms: int = FLY_MS) -> None:
        """Animate to ``centre`` at view width ``width`` (default: keep the zoom)."""
        self._anim.stop()
        start = self.viewRect()
        width = start.width() if width is None else width
        if duration_ms <= 0 or start.width() <= 0:
            self._flight = None
            self._show(centre, width)
            return
        self._flight = (start.center(), start.width(), QPointF(centre), width)
        self._anim.setDuration(duration_ms)
        self._anim.setStartValue(0.0)
        self._anim.setEndValue(1.0)
        self._anim.start()

    def is_flying(self) -> bool:
        return self._anim.state() == QVariantAnimation.State.Running

    def stop_flight(self) -> None:
        self._anim.stop()

    def _on_flight_step(self, value) -> None:
        if self._flight is None:
            return
        (c0, w0, c1, w1), t = self._flight, float(value)
        centre = c0 + (c1 - c0) * t
        width = w0 * math.exp(math.log(w1 / w0) * t) if w0 > 0 and w1 > 0 else w1
        self._show(centre, width)

    def pan_by(self, fx: float, fy: float, duration_ms: int = KEY_MS) -> None:
        """Pan by fractions of the view (positive = east / north)."""
        r = self.viewRect()
        target = self._flight[2] if self.is_flying() and self._flight else r.center()
        width = self._flight[3] if self.is_flying() and self._flight else r.width()
        self.fly_to_centre(target + QPointF(fx * r.width(), fy * r.height()), width, duration_ms)

    def zoom_by(self, factor: float, duration_ms: int = KEY_MS) -> None:
        """Zoom about the centre: ``factor`` > 1 zooms out."""
        target = self._flight[2] if self.is_flying() and self._flight else self.centre()
        width = self._flight[3] if self.is_flying() and self._flight else self.viewRect().width()
        self.fly_to_centre(target, min(max(width * factor, MIN_SPAN_M), MAX_SPAN_M), duration_ms)

    # --- mouse --------------------------------------------------------------------------------
    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            signal = self.sigDoubleClicked if ev.double() else self.sigClicked
            signal.emit(self.mapToView(ev.pos()))
        elif ev.button() == Qt.MouseButton.RightButton:
            ev.accept()
            self.sigContextClicked.emit(self.mapToView(ev.pos()), ev.screenPos())
        else:
            ev.ignore()

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            ev.accept()
            rect = QRectF(ev.buttonDownPos(), ev.pos()).normalized()
            if ev.isFinish():
                self.box.hide()
                self.sigBoxSelected.emit(self.childGroup.mapRectFromParent(rect))
            else:
                self.box.setRect(self.childGroup.mapRectFromParent(rect))
                self.box.show()
            return
        if ev.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton):
            self.stop_flight()
            super().mouseDragEvent(ev, axis)
            self.sigUserPanned.emit()
            return
        ev.ignore()

    def wheelEvent(self, ev, axis=None) -> None:
        self.stop_flight()
        pixels = ev.pixelDelta()
        if not pixels.isNull() and not ev.modifiers() & Qt.KeyboardModifier.ControlModifier:
            mpp = self.metres_per_px()  # touchpad two-finger scroll: pan by the finger travel
            self.translateBy(x=-pixels.x() * mpp, y=pixels.y() * mpp)
            ev.accept()
            self.sigUserPanned.emit()
        else:
            super().wheelEvent(ev, axis)

    def zoom_at(self, factor: float, scene_pos: QPointF) -> None:
        """Zoom by ``factor`` (> 1 zooms out) keeping the point under ``scene_pos`` still."""
        self.stop_flight()
        self.scaleBy((factor, factor), self.mapSceneToView(scene_pos))


class MapView(pg.GraphicsView):
    """The widget holding a :class:`MapViewBox`; turns keys and pinch gestures into map moves."""

    sigHome = Signal()
    sigEscape = Signal()

    def __init__(self, background: str) -> None:
        super().__init__(background=background)
        self.box = MapViewBox()
        self.setCentralItem(self.box)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _map_key(self, event) -> bool:
        key = event.key()
        return key in MAP_KEYS or key in (
            Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus, Qt.Key.Key_Home, Qt.Key.Key_Escape
        )

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._map_key(event):
            event.accept()  # the focused map handles these before window shortcuts do
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in MAP_KEYS:
            fx, fy = MAP_KEYS[key]
            self.box.pan_by(fx * KEY_PAN_FRACTION, fy * KEY_PAN_FRACTION)
            self.box.sigUserPanned.emit()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) or event.matches(QKeySequence.StandardKey.ZoomIn):
            self.box.zoom_by(1 / KEY_ZOOM)
        elif key == Qt.Key.Key_Minus or event.matches(QKeySequence.StandardKey.ZoomOut):
            self.box.zoom_by(KEY_ZOOM)
        elif key == Qt.Key.Key_Home:
            self.sigHome.emit()
        elif key == Qt.Key.Key_Escape:
            self.sigEscape.emit()
        else:
            super().keyPressEvent(event)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.NativeGesture and event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
            self.box.zoom_at(1.0 / (1.0 + event.value()), self.mapToScene(event.position().toPoint()))
            return True
        return super().viewportEvent(event)
