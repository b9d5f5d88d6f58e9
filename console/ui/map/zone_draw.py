"""``ZoneTool``: drawing a 关注区域 on the map and removing one.

While drawing, a left click adds a corner and the outline follows the cursor; Backspace takes the
last corner back, Esc cancels, a double click or Enter finishes (3 corners at least) and asks for a
name, then sends ``zone.set`` with the corners in WGS-84. The outline goes once the command is sent:
the zone itself appears when the relay's ``geofence.zone_set`` event comes back. A right click on a
zone or its name offers 删除区域 (``zone.remove``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem, QInputDialog, QMenu

from console.domain.decide_zones import MAX_ZONE_POINTS
from console.ui import theme
from console.ui.map.overlays import OVERLAY_QSS
from console.ui.map.points import SymbolCloud
from console.ui.map.style import ZONE_COLOR, ZONE_VERTEX
from console.ui.plain import PlainLabel, menu_text
from console.ui.texts import tr

DRAW_Z = 1e9 - 1  # above every layer, just under the box-select rectangle
LABEL_HIT_PX = 14  # a right click this close to a zone's name hits the zone
HINT_TOP = 44  # px from the top of the map, below the follow banner


class ZoneTool(QObject):
    """Zone drawing and removal on a :class:`DistrictMap`; :attr:`active_changed` tells the toolbar."""

    active_changed = Signal(bool)

    def __init__(self, district_map, session) -> None:
        super().__init__(district_map)
        self._map = district_map
        self._session = session
        self.active = False
        self.points: list[QPointF] = []  # corners in frame metres
        self._cursor: QPointF | None = None
        self.outline = QGraphicsPathItem()
        self.outline.setPen(pg.mkPen(ZONE_COLOR, width=2, style=Qt.PenStyle.DashLine, cosmetic=True))
        self.outline.setBrush(theme.qcolor(ZONE_COLOR, 40))
        self.corners = SymbolCloud([ZONE_VERTEX])
        for item in (self.outline, self.corners):
            item.setZValue(DRAW_Z)
            item.hide()
            district_map.view_box.addItem(item, ignoreBounds=True)
        self.hint = PlainLabel(district_map)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hint.setStyleSheet(OVERLAY_QSS)
        self.hint.hide()
        district_map.view.installEventFilter(self)
        district_map.view.scene().sigMouseMoved.connect(self._on_mouse_moved)
        district_map.frame_changed.connect(self.cancel)  # corners in an old frame mean nothing

    # --- drawing ------------------------------------------------------------------------------
    def start(self) -> None:
        """Enter drawing mode."""
        if self.active or self._session.state is None:
            return
        self.active = True
        self.points, self._cursor = [], None
        self._map.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self._map.view.setFocus()
        self._redraw()
        self.active_changed.emit(True)

    def cancel(self) -> None:
        """Leave drawing mode without sending anything."""
        if not self.active:
            return
        self.active = False
        self.points, self._cursor = [], None
        self._map.view.viewport().unsetCursor()
        for item in (self.outline, self.corners, self.hint):
            item.hide()
        self.active_changed.emit(False)

    def add_point(self, p: QPointF) -> bool:
        """Add a corner at view point ``p`` while drawing; False when not drawing (the click is the map's)."""
        if not self.active:
            return False
        if len(self.points) < MAX_ZONE_POINTS and (not self.points or self.points[-1] != p):
            self.points.append(QPointF(p))
        self._redraw()
        return True

    def undo(self) -> None:
        """Take the last corner back."""
        if self.points:
            self.points.pop()
            self._redraw()

    def finish(self) -> bool:
        """Ask for a name and send ``zone.set``; False (drawing goes on) with < 3 corners or no name."""
        if not self.active:
            return False
        if len({(p.x(), p.y()) for p in self.points}) < 3:
            self._redraw(tr("至少需要 3 个点才能完成", "Map"))
            return False
        name, ok = QInputDialog.getText(
            self._map, tr("关注区域", "Map"), tr("区域名称：", "Map"),
            text=tr("关注区域{n}", "Map").format(n=len(self._session.state.zones) + 1),
        )
        if not ok or not name.strip():
            return False
        polygon = self.polygon()
        self.cancel()
        self._session.command("zone.set", {"name": name.strip(), "polygon": polygon})
        return True

    def polygon(self) -> list[list[float]]:
        """The corners as WGS-84 ``[[lng, lat], …]`` (through the frame's datum, e.g. from GCJ-02)."""
        lng, lat = self._map.frame.to_lnglat([p.x() for p in self.points], [p.y() for p in self.points])
        return [[round(a, 7), round(b, 7)] for a, b in zip(np.asarray(lng).tolist(), np.asarray(lat).tolist(),
                                                          strict=True)]

    def _redraw(self, message: str = "") -> None:
        pts = self.points + ([self._cursor] if self._cursor is not None and self.points else [])
        path = QPainterPath()
        if pts:
            path.moveTo(pts[0])
            for p in pts[1:]:
                path.lineTo(p)
            path.closeSubpath()
        self.outline.setPath(path)
        self.corners.set_points([p.x() for p in self.points], [p.y() for p in self.points])
        self.outline.show()
        self.corners.show()
        self.hint.setText(message or tr("画区域：单击加点（已 {n} 点），双击或回车完成，退格撤销，Esc 取消", "Map")
                          .format(n=len(self.points)))
        self.hint.adjustSize()
        self.hint.move((self._map.width() - self.hint.width()) // 2, HINT_TOP)
        self.hint.show()
        self.hint.raise_()

    def _on_mouse_moved(self, scene_pos) -> None:
        if self.active:
            self._cursor = self._map.view_box.mapSceneToView(scene_pos)
            self._redraw()

    def eventFilter(self, obj, event) -> bool:
        """Backspace / Enter / Esc on the map belong to the drawing while it lasts."""
        if not self.active or event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key = event.key()
        if key == Qt.Key.Key_Backspace:
            action = self.undo
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            action = self.finish
        elif key == Qt.Key.Key_Escape:
            action = self.cancel
        else:
            return False
        if event.type() == QEvent.Type.KeyPress:
            action()
        event.accept()
        return True

    # --- removal ------------------------------------------------------------------------------
    def zone_at(self, p: QPointF) -> str | None:
        """The shown zone under view point ``p`` (its area or its name)."""
        if not self._map.registry.is_visible("zones"):
            return None
        return self._map.zones.zone_at(p.x(), p.y(), LABEL_HIT_PX * self._map.view_box.metres_per_px())

    def context_menu(self, p: QPointF, screen_pos: QPointF) -> None:
        """Right click: on a zone, offer 删除区域."""
        zone = None if self.active else self.zone_at(p)
        if zone is None:
            return
        menu = QMenu(self._map)
        menu.addSection(menu_text(self._session.state.zones[zone]["name"]))
        remove = menu.addAction(tr("删除区域", "Map"))
        if menu.exec(screen_pos.toPoint()) is remove:
            self._session.command("zone.remove", {"zone": zone})
