"""``RouteLine``: one dashed line from a unit to an incident, labelled with the ETA.

The dispatch dialog shows its current suggestion with it; a straight line is enough to see who
comes from where.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from console.domain.places import Point
from console.ui.map.projection import LocalFrame

ROUTE_COLOR = "#ffd54a"
ROUTE_Z = 9e5  # above workers and incidents, below the selection rings


class RouteLine:
    """A line item and its label on ``view_box``; hidden until :meth:`show`."""

    def __init__(self, view_box: pg.ViewBox) -> None:
        self.line = pg.PlotDataItem(pen=pg.mkPen(ROUTE_COLOR, width=3, style=Qt.PenStyle.DashLine))
        self.label = pg.TextItem(color=ROUTE_COLOR, fill=pg.mkBrush(11, 14, 17, 210), anchor=(0.5, 1.3))
        for item in (self.line, self.label):
            item.setZValue(ROUTE_Z)
            item.hide()
            view_box.addItem(item, ignoreBounds=True)

    @property
    def text(self) -> str:
        """The label shown, or "" when hidden."""
        return self.label.toPlainText() if self.label.isVisible() else ""

    def show(self, frame: LocalFrame, start: Point, end: Point, text: str) -> None:
        xs, ys = frame.to_xy(np.array([start[0], end[0]]), np.array([start[1], end[1]]))
        self.line.setData(xs, ys)
        self.label.setText(text)
        self.label.setPos(float(xs.mean()), float(ys.mean()))
        self.line.show()
        self.label.show()

    def clear(self) -> None:
        self.line.hide()
        self.label.hide()
