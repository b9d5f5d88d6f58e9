"""The 人流热力 layer: the day's bins of :class:`~console.domain.heat.HeatDay` for one hour, drawn as heat.

Each chosen source is scaled by its own busiest cell of the day (person-minutes, scans and incidents
are different units), and every hour is coloured against the day's hottest hour, so moving the slider
from 03:00 to 10:00 shows the day's rhythm instead of making every hour look equally hot.
"""

from __future__ import annotations

import numpy as np

from console.domain.heat import CELL_DEG, HeatDay, HeatSource
from console.ui.map.heatmap import Extent, ImageLayer, heat_rgba, heat_stack
from console.ui.map.projection import LocalFrame


class PeopleHeatLayer(ImageLayer):
    """Registered as ``people_heat``; :meth:`set_day` computes all 24 hours once, :meth:`show_hour` swaps."""

    name = "people_heat"
    title = "人流热力"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.day: HeatDay | None = None
        self.sources: set[str] = {s.value for s in HeatSource}
        self.hour = 0
        self.grids: list[np.ndarray] = []
        self.peak = 0.0
        self.extent: Extent | None = None

    def set_day(self, day: HeatDay | None, sources: set[str], frame: LocalFrame, extent: Extent | None) -> None:
        """Bin ``day`` for the ``sources`` chosen onto ``extent`` (frame metres) and show the current hour."""
        self.day, self.sources, self.extent = day, set(sources), extent
        self.grids = [] if day is None or extent is None else list(
            heat_stack([self._hour_points(day, h, frame) for h in range(24)], extent))
        self.peak = max((float(g.max()) for g in self.grids if g.size), default=0.0)
        self.show_hour(self.hour)

    def show_hour(self, hour: int) -> None:
        self.hour = hour
        if not self.grids or self.extent is None:
            self.image.clear()
            return
        self.image.setImage(heat_rgba(self.grids[hour], self.peak), autoLevels=False, levels=(0, 255))
        self.image.setRect(self.extent.rect())

    def _hour_points(self, day: HeatDay, hour: int, frame: LocalFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cell centres in frame metres and their weights: each source's count over its busiest cell of the day."""
        xs, ys, ws = [np.zeros(0)], [np.zeros(0)], [np.zeros(0)]
        for source in sorted(self.sources):
            cells = day.cells(source, hour)
            top = max((max(h.values(), default=0) for h in day.bins[source]), default=0)
            if not cells or not top:
                continue
            xy = np.array(list(cells.keys()), dtype=float)
            x, y = frame.to_xy((xy[:, 0] + 0.5) * CELL_DEG, (xy[:, 1] + 0.5) * CELL_DEG)
            xs.append(np.asarray(x, dtype=float))
            ys.append(np.asarray(y, dtype=float))
            ws.append(np.fromiter(cells.values(), dtype=float, count=len(cells)) / top)
        return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
