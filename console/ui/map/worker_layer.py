"""The 网格员 layer: every worker with a fix, one symbol per status (SOS drawn on top)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from console.domain.workers import WorkerStatus
from console.ui.map.points import SymbolCloud
from console.ui.map.style import worker_style
from console.ui.map.worker_table import WorkerTable


class WorkerLayer:
    """Draws a :class:`WorkerTable`; ``drawn`` maps each drawn point back to its table index."""

    name = "workers"
    title = "网格员"

    def __init__(self, view: pg.ViewBox, table: WorkerTable) -> None:
        self.table = table
        self.cloud = SymbolCloud([worker_style(s) for s in table.statuses])
        view.addItem(self.cloud, ignoreBounds=True)
        self.drawn = np.zeros(0, dtype=np.intp)
        self.drawn_codes = np.zeros(0, dtype=np.intp)
        self._visible = True

    @property
    def visible(self) -> bool:
        return self._visible

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        self.cloud.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        self.cloud.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.cloud.setZValue(z)

    def update(self, now_ms: int, stale_after_ms: int) -> None:
        """Redraw from the table: workers with a fix, drawn in status order (SOS on top)."""
        t = self.table
        codes = t.codes(now_ms, stale_after_ms)
        with_fix = np.flatnonzero(t.has_fix())
        order = with_fix[np.argsort(codes[with_fix], kind="stable")]
        self.drawn = order
        self.drawn_codes = codes[order]
        self.cloud.set_points(t.x[order], t.y[order], self.drawn_codes)

    def counts(self) -> dict[WorkerStatus, int]:
        """Drawn workers per status."""
        n = np.bincount(self.drawn_codes, minlength=len(self.table.statuses))
        return {s: int(n[k]) for k, s in enumerate(self.table.statuses)}
