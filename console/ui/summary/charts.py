"""pyqtgraph charts of the day: incidents by category family (bars) and by hour, today vs yesterday.

Clicking a bar emits its index; the view turns that into a drill-down. Today's bars are solid and
yesterday's outlined, and the legend names both, so colour is not the only signal.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.domain.summary import CategoryCount
from console.ui import theme
from console.ui.texts import tr

TODAY = "#4a9eff"
YESTERDAY = "#8b96a3"
WIDTH = 0.38


class ClickableBars(pg.BarGraphItem):
    """Bars at x = 0, 1, … that report which one was clicked."""

    bar_clicked = Signal(int)

    def __init__(self, offset: float = 0.0, **opts) -> None:
        super().__init__(x=[], height=[], width=WIDTH, **opts)
        self.offset = offset

    def set_heights(self, heights: list[float]) -> None:
        self.setOpts(x=[i + self.offset for i in range(len(heights))], height=list(heights))

    def index_at(self, x: float, y: float) -> int | None:
        """The bar under the data point (x, y), or None."""
        heights = list(self.opts.get("height") if self.opts.get("height") is not None else [])
        i = round(x - self.offset)
        if 0 <= i < len(heights) and abs(x - self.offset - i) <= WIDTH / 2 and 0 <= y <= max(heights[i], 0):
            return i
        return None

    def mouseClickEvent(self, ev) -> None:  # pyqtgraph hook
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        index = self.index_at(ev.pos().x(), ev.pos().y())
        if index is not None:
            ev.accept()
            self.bar_clicked.emit(index)


def _plot(title: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background=theme.SURFACE)
    plot.setTitle(title, color=theme.TEXT, size="10pt")
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.showGrid(y=True, alpha=0.15)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setTextPen(theme.TEXT_DIM)
        axis.setPen(theme.TEXT_DIM)
    plot.setMinimumHeight(200)
    return plot


class CategoryChart(QWidget):
    """Incidents per category family today; ``bar_clicked`` carries the family code (e.g. "20")."""

    bar_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot(tr("警情分类（今日，点击柱查看明细）", "Summary"))
        self.bars = ClickableBars(brush=QColor(TODAY), pen=pg.mkPen(TODAY))
        self.bars.opts["width"] = WIDTH * 2
        self.plot.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self.families: list[str] = []
        self.bars.bar_clicked.connect(lambda i: self.bar_clicked.emit(self.families[i]))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_counts(self, cats: list[CategoryCount]) -> None:
        self.families = [c.family for c in cats]
        self.bars.set_heights([c.count for c in cats])
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        for i, c in enumerate(cats):
            label = pg.TextItem(str(c.count), color=theme.TEXT, anchor=(0.5, 1.0))
            label.setPos(i, c.count)
            self.plot.addItem(label)
            self.labels.append(label)
        self.plot.getAxis("bottom").setTicks([[(i, f"{c.name} {c.family}") for i, c in enumerate(cats)]])
        top = max((c.count for c in cats), default=0)
        self.plot.setXRange(-0.6, max(len(cats), 1) - 0.4, padding=0)
        self.plot.setYRange(0, max(top * 1.2, 1), padding=0)


class HourChart(QWidget):
    """Incidents per hour, today (solid) against yesterday (outlined); ``bar_clicked`` carries (hour, day)."""

    bar_clicked = Signal(int, str)  # hour, "today" | "yesterday"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot(tr("分时段警情（点击柱查看明细）", "Summary"))
        legend = self.plot.addLegend(offset=(-10, 5), labelTextColor=theme.TEXT)
        self.today = ClickableBars(offset=-WIDTH / 2, brush=QColor(TODAY), pen=pg.mkPen(TODAY),
                                   name=tr("今日 ■", "Summary"))
        self.yesterday = ClickableBars(offset=WIDTH / 2, brush=QColor(0, 0, 0, 0), pen=pg.mkPen(YESTERDAY, width=1.5),
                                       name=tr("昨日 □", "Summary"))
        for bars in (self.today, self.yesterday):
            self.plot.addItem(bars)
        legend.setParentItem(self.plot.getPlotItem().vb)
        self.today.bar_clicked.connect(lambda h: self.bar_clicked.emit(h, "today"))
        self.yesterday.bar_clicked.connect(lambda h: self.bar_clicked.emit(h, "yesterday"))
        self.plot.getAxis("bottom").setTicks([[(h, f"{h:02d}") for h in range(0, 24, 3)],
                                              [(h, "") for h in range(24)]])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_counts(self, today: list[int], yesterday: list[int]) -> None:
        self.today.set_heights(today)
        self.yesterday.set_heights(yesterday)
        self.plot.setXRange(-0.7, 23.7, padding=0)
        self.plot.setYRange(0, max([*today, *yesterday, 1]) * 1.3, padding=0)  # room for the legend
