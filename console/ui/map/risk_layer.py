"""风险预警 layer: open warnings as triangles and graded disputes (调处分级) as diamonds, coloured by level.

Shape says what a marker is and colour how bad (红/橙/黄; a green dispute is not drawn): colour is never the
only signal. Refreshed from the state when the change set names warnings or records (``MapModel.risk_changed``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from console.ui.map.projection import LocalFrame

LEVEL_COLOURS = {"red": "#e5484d", "orange": "#f28c28", "yellow": "#e6c229"}
WARNING_SYMBOL, DISPUTE_SYMBOL = "t1", "d"  # ▲ a warning, ◆ a graded dispute record


class RiskLayer:
    """One scatter per (shape, level), each refilled with ``setData`` (never one item per marker)."""

    name = "risk"
    title = "风险预警"

    def __init__(self, view: pg.ViewBox) -> None:
        self.scatters: dict[tuple[str, str], pg.ScatterPlotItem] = {}
        for symbol, size in ((WARNING_SYMBOL, 16), (DISPUTE_SYMBOL, 11)):
            for level, colour in LEVEL_COLOURS.items():
                item = pg.ScatterPlotItem(symbol=symbol, size=size, pen=pg.mkPen("#101010", width=1),
                                          brush=pg.mkBrush(colour), pxMode=True)
                view.addItem(item, ignoreBounds=True)
                self.scatters[(symbol, level)] = item

    def set_risk(self, state, frame: LocalFrame) -> None:
        """Open warnings at their place; dispute records graded 黄 or worse at their standard address."""
        points: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in self.scatters}
        for w in state.warnings.values():
            if w.is_open and w.level in LEVEL_COLOURS:
                points[(WARNING_SYMBOL, w.level)].append((w.lng, w.lat))
        for record in state.records.values():
            if record.grade in LEVEL_COLOURS and record.versions:
                address = state.address_index.get(record.versions[-1].fields.get("address_code", ""))
                if address is not None:
                    points[(DISPUTE_SYMBOL, record.grade)].append((address.lng, address.lat))
        for key, item in self.scatters.items():
            lng_lat = np.asarray(points[key], dtype=float).reshape(-1, 2)
            x, y = frame.to_xy(lng_lat[:, 0], lng_lat[:, 1])
            item.setData(x=x, y=y)

    def counts(self) -> dict[tuple[str, str], int]:
        """Markers drawn per (symbol, level), for tests and the legend."""
        return {key: len(item.data) for key, item in self.scatters.items()}

    def set_visible(self, visible: bool) -> None:
        for item in self.scatters.values():
            item.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        for item in self.scatters.values():
            item.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        for k, item in enumerate(self.scatters.values()):
            item.setZValue(z + k * 0.1)
