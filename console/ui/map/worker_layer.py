"""The 网格员 layer: every worker with a fix, one symbol per status (SOS drawn on top, in a blinking red ring)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from console.domain.workers import WorkerStatus
from console.ui.map.points import SymbolCloud
from console.ui.map.style import FLASH_RING, worker_style
from console.ui.map.worker_table import WorkerTable


class WorkerLayer:
    """Draws a :class:`WorkerTable`; ``drawn`` maps each drawn point back to its table index."""

    name = "workers"
    title = "网格员"

    def __init__(self, view: pg.ViewBox, table: WorkerTable) -> None:
        self.table = table
        self.cloud = SymbolCloud([worker_style(s) for s in table.statuses])
        self.sos_ring = SymbolCloud([FLASH_RING])
        for item in (self.sos_ring, self.cloud):
            view.addItem(item, ignoreBounds=True)
        self._sos_code = table.statuses.index(WorkerStatus.SOS)
        self._flash_on = True
        self.drawn = np.zeros(0, dtype=np.intp)
        self.drawn_codes = np.zeros(0, dtype=np.intp)
        self._visible = True

    @property
    def visible(self) -> bool:
        return self._visible

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        self.cloud.setVisible(visible)
        self._show_ring()

    def set_opacity(self, opacity: float) -> None:
        self.cloud.setOpacity(opacity)
        self.sos_ring.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.sos_ring.setZValue(z)
        self.cloud.setZValue(z + 0.1)

    def update(self, now_ms: int, stale_after_ms: int, link_lost: bool = False) -> None:
        """Redraw from the table: workers with a fix, drawn in status order (SOS on top)."""
        t = self.table
        codes = t.codes(now_ms, stale_after_ms, link_lost)
        with_fix = np.flatnonzero(t.has_fix())
        order = with_fix[np.argsort(codes[with_fix], kind="stable")]
        self.drawn = order
        self.drawn_codes = codes[order]
        self.cloud.set_points(t.x[order], t.y[order], self.drawn_codes)
        sos = order[self.drawn_codes == self._sos_code]
        self.sos_ring.set_points(t.x[sos], t.y[sos])
        self._show_ring()

    def blink(self) -> None:
        """Toggle the SOS rings (called by the map's flash timer)."""
        self._flash_on = not self._flash_on
        self._show_ring()

    def _show_ring(self) -> None:
        self.sos_ring.setVisible(self._visible and self._flash_on and len(self.sos_ring) > 0)

    def counts(self) -> dict[WorkerStatus, int]:
        """Drawn workers per status."""
        n = np.bincount(self.drawn_codes, minlength=len(self.table.statuses))
        return {s: int(n[k]) for k, s in enumerate(self.table.statuses)}
