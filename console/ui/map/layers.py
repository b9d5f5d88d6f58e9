"""Map layers: static district outlines and labels, workers and incidents as scatter items.

Each dynamic layer is a fixed set of ``ScatterPlotItem`` (one per worker status, one per
priority) refilled with ``setData`` from numpy arrays: never one item per worker and never
per-point brushes.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from console.domain.geo import bbox, centroid
from console.domain.incidents import PRIORITY_LABELS, Status
from console.domain.state import State
from console.domain.workers import WorkerStatus
from console.ui import theme
from console.ui.map.projection import LocalFrame

WORKER_SYMBOLS: dict[WorkerStatus, str] = {
    WorkerStatus.ON_DUTY: "o",
    WorkerStatus.ON_ORDER: "s",
    WorkerStatus.STALE: "t",
    WorkerStatus.OFF_DUTY: "+",
}
WORKER_SIZES: dict[WorkerStatus, int] = {
    WorkerStatus.ON_DUTY: 11,
    WorkerStatus.ON_ORDER: 12,
    WorkerStatus.STALE: 11,
    WorkerStatus.OFF_DUTY: 9,
}
OPEN_SYMBOL, CLOSED_SYMBOL = "d", "x"
OPEN_SIZE, CLOSED_SIZE = 17, 9
PRIORITIES = (1, 2, 3, 4)


def _empty_xy() -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(0), np.zeros(0)


class StaticLayer:
    """Streets, 网格 polygons (one curve) with labels, 警格 outlines (one dashed curve)."""

    def __init__(self, plot: pg.PlotItem, font_family: str) -> None:
        self._plot = plot
        self._font_family = font_family
        self.streets = pg.PlotCurveItem(pen=pg.mkPen(theme.STREET_COLOR, width=4), antialias=True)
        self.grids = pg.PlotCurveItem(pen=pg.mkPen(theme.GRID_COLOR, width=1.5), antialias=True)
        self.police_grids = pg.PlotCurveItem(
            pen=pg.mkPen(theme.POLICE_GRID_COLOR, width=2, style=Qt.PenStyle.DashLine), antialias=True
        )
        for z, item in enumerate((self.streets, self.grids, self.police_grids)):
            item.setZValue(z)
            plot.addItem(item)
        self.labels: list[pg.TextItem] = []

    def _label(
        self,
        text: str,
        color: str,
        x: float,
        y: float,
        size: int,
        bold: bool = False,
        anchor: tuple[float, float] = (0.5, 0.5),
    ) -> None:
        item = pg.TextItem(text, color=color, anchor=anchor)
        font = QFont(self._font_family, size)
        font.setBold(bold)
        item.setFont(font)
        item.setPos(float(x), float(y))
        item.setZValue(5)
        self._plot.addItem(item)
        self.labels.append(item)

    def rebuild(self, state: State, frame: LocalFrame) -> None:
        for item in self.labels:
            self._plot.removeItem(item)
        self.labels.clear()
        district = state.district

        x, y, connect = frame.polylines([s.points for s in district.streets])
        self.streets.setData(x=x, y=y, connect=connect)
        x, y, connect = frame.polylines([g.polygon for g in district.grids], close=True)
        self.grids.setData(x=x, y=y, connect=connect)
        x, y, connect = frame.polylines([p.polygon for p in district.police_grids], close=True)
        self.police_grids.setData(x=x, y=y, connect=connect)

        for grid in district.grids:  # sequence number in the north-west corner, clear of the markers
            x0, y0, x1, y1 = bbox(grid.polygon)
            lx, ly = frame.to_xy(x0 + (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.03)
            self._label(grid.code[-3:], theme.GRID_LABEL_COLOR, lx, ly, 8, anchor=(0, 0))
        for community in district.communities:  # one name per community, at the middle of its grids
            centres = [centroid(g.polygon) for g in district.grids if g.community_code == community.code]
            if centres:
                cx = sum(c[0] for c in centres) / len(centres)
                cy = sum(c[1] for c in centres) / len(centres)
                lx, ly = frame.to_xy(cx, cy)
                self._label(community.name, theme.POLICE_GRID_COLOR, lx, ly, 11, bold=True, anchor=(0.5, 0.5))
        for street in district.streets[:12]:  # road names at the road ends, clear of the grid labels
            pts = street.points
            if len(pts) < 2:
                continue
            (ax, ay), (bx, by) = pts[0], pts[-1]
            if abs(by - ay) > abs(bx - ax):  # north-south road: name below its southern end
                end_pt, anchor = (pts[0] if ay < by else pts[-1]), (0.5, 0.0)
            else:  # east-west road: name just above its western end
                end_pt, anchor = (pts[0] if ax < bx else pts[-1]), (0.0, 1.0)
            lx, ly = frame.to_xy(*end_pt)
            self._label(street.name, theme.STREET_LABEL_COLOR, lx, ly, 9, bold=True, anchor=anchor)


class WorkerLayer:
    """One scatter item per worker status; points carry the worker id as data."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.items: dict[WorkerStatus, pg.ScatterPlotItem] = {}
        for z, status in enumerate(
            (WorkerStatus.OFF_DUTY, WorkerStatus.STALE, WorkerStatus.ON_DUTY, WorkerStatus.ON_ORDER)
        ):
            color = theme.WORKER_COLORS[status]
            item = pg.ScatterPlotItem(
                symbol=WORKER_SYMBOLS[status],
                size=WORKER_SIZES[status],
                pen=pg.mkPen("#0b0e11", width=1),
                brush=pg.mkBrush(color),
                pxMode=True,
                name=status.label,
            )
            item.setZValue(10 + z)
            plot.addItem(item)
            self.items[status] = item

    def update(self, state: State | None, frame: LocalFrame, now_ms: int, stale_after_ms: int) -> None:
        groups: dict[WorkerStatus, tuple[list, list, list]] = {s: ([], [], []) for s in WorkerStatus}
        if state is not None:
            for wid, pos in state.positions.items():
                if wid not in state.workers:
                    continue
                lngs, lats, ids = groups[state.worker_status(wid, now_ms, stale_after_ms)]
                lngs.append(pos.lng)
                lats.append(pos.lat)
                ids.append(wid)
        for status, (lngs, lats, ids) in groups.items():
            x, y = frame.to_xy(lngs, lats) if ids else _empty_xy()
            self.items[status].setData(x=x, y=y, data=np.array(ids, dtype=object))

    def counts(self) -> dict[WorkerStatus, int]:
        return {s: len(item.data) for s, item in self.items.items()}


class IncidentLayer:
    """One scatter item per priority; open incidents are diamonds, closed ones small crosses."""

    def __init__(self, plot: pg.PlotItem, tip) -> None:
        self.items: dict[int, pg.ScatterPlotItem] = {}
        for p in reversed(PRIORITIES):  # priority 1 drawn on top
            item = pg.ScatterPlotItem(
                symbol=OPEN_SYMBOL,
                size=OPEN_SIZE,
                pen=pg.mkPen("#0b0e11", width=1.2),
                brush=pg.mkBrush(theme.priority_color(p)),
                pxMode=True,
                hoverable=True,
                tip=tip,
                name=PRIORITY_LABELS[p],
            )
            item.setZValue(30 - p)
            plot.addItem(item)
            self.items[p] = item
        self.selection = pg.ScatterPlotItem(
            symbol="o", size=30, pen=pg.mkPen(theme.SELECTION_COLOR, width=2.5), brush=None, pxMode=True
        )
        self.selection.setZValue(40)
        plot.addItem(self.selection)

    def update(self, state: State | None, frame: LocalFrame, selected: str | None) -> None:
        groups: dict[int, tuple[list, list, list, list]] = {p: ([], [], [], []) for p in PRIORITIES}
        if state is not None:
            for inc in state.incidents.values():
                lngs, lats, ids, closed = groups[inc.priority if inc.priority in groups else 4]
                lngs.append(inc.lng)
                lats.append(inc.lat)
                ids.append(inc.id)
                closed.append(inc.status is Status.CLOSED)
        for p, (lngs, lats, ids, closed) in groups.items():
            x, y = frame.to_xy(lngs, lats) if ids else _empty_xy()
            is_closed = np.array(closed, dtype=bool)
            symbols = np.where(is_closed, CLOSED_SYMBOL, OPEN_SYMBOL).tolist() if ids else OPEN_SYMBOL
            sizes = np.where(is_closed, CLOSED_SIZE, OPEN_SIZE) if ids else OPEN_SIZE
            self.items[p].setData(x=x, y=y, data=np.array(ids, dtype=object), symbol=symbols, size=sizes)
        inc = state.incidents.get(selected) if (state is not None and selected) else None
        if inc is None:
            self.selection.setData(x=np.zeros(0), y=np.zeros(0))
        else:
            x, y = frame.to_xy([inc.lng], [inc.lat])
            self.selection.setData(x=x, y=y)

    def counts(self) -> dict[int, int]:
        return {p: len(item.data) for p, item in self.items.items()}
