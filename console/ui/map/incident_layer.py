"""The 警情 layer: symbol by category family, colour by priority, finished ones (办结, 作废) small and dim,
a ring on the selected incident and flashing rings on new priority-1/2 incidents until seen."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from console.domain.incidents import TERMINAL_STATUSES, Status
from console.domain.state import State
from console.ui.map.points import SymbolCloud
from console.ui.map.projection import LocalFrame
from console.ui.map.style import (
    FLASH_RING,
    PRIORITIES,
    SELECTED_RING,
    family_index,
    incident_style_index,
    incident_styles,
)

FLASH_PRIORITIES = (1, 2)


class IncidentLayer:
    """Arrays of every incident (``ids`` order) and the items drawing them."""

    name = "incidents"
    title = "警情"

    def __init__(self, view: pg.ViewBox) -> None:
        self.cloud = SymbolCloud(incident_styles())
        self.selection = SymbolCloud([SELECTED_RING])
        self.flash = SymbolCloud([FLASH_RING])
        for item in (self.cloud, self.selection, self.flash):
            view.addItem(item, ignoreBounds=True)
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.x = self.y = np.zeros(0)
        self.priority = np.zeros(0, dtype=np.intp)
        self.closed = np.zeros(0, dtype=bool)
        self.reported_at = np.zeros(0, dtype=np.int64)
        self.drawn = np.zeros(0, dtype=np.intp)  # drawing order (most urgent last)
        self.flashing: list[str] = []
        self._visible = True
        self._flash_on = True

    @property
    def visible(self) -> bool:
        return self._visible

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        self.cloud.setVisible(visible)
        self.selection.setVisible(visible)
        self.flash.setVisible(visible and self._flash_on)

    def set_opacity(self, opacity: float) -> None:
        for item in (self.cloud, self.selection, self.flash):
            item.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.flash.setZValue(z)
        self.cloud.setZValue(z + 0.1)
        self.selection.setZValue(z + 0.2)

    def rebuild(self, state: State | None, frame: LocalFrame, selected: str | None, seen: set[str]) -> None:
        """Refill from the state's incidents (only after incident events, never per tick)."""
        incidents = list(state.incidents.values()) if state is not None else []
        self.ids = [i.id for i in incidents]
        self.index = {iid: k for k, iid in enumerate(self.ids)}
        x, y = frame.to_xy([i.lng for i in incidents], [i.lat for i in incidents])
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.priority = np.array([i.priority for i in incidents], dtype=np.intp)
        self.closed = np.array([i.status in TERMINAL_STATUSES for i in incidents], dtype=bool)
        self.reported_at = np.array([i.reported_at for i in incidents], dtype=np.int64)
        styles = np.array(
            [incident_style_index(family_index(i.category), i.priority, c) for i, c in zip(incidents, self.closed,
                                                                                          strict=True)],
            dtype=np.intp,
        )
        # closed ones at the bottom, then priority 4 … 1 so the most urgent are drawn last (on top)
        order = np.lexsort((-self.priority, ~self.closed)) if incidents else np.zeros(0, dtype=np.intp)
        self.drawn = order
        self.cloud.set_points(self.x[order], self.y[order], styles[order])
        self.flashing = [
            i.id for i in incidents if i.priority in FLASH_PRIORITIES and i.status is Status.NEW and i.id not in seen
        ]
        k = np.array([self.index[i] for i in self.flashing], dtype=np.intp)
        self.flash.set_points(self.x[k], self.y[k])
        self.set_selected(selected)

    def set_selected(self, incident_id: str | None) -> None:
        k = self.index.get(incident_id) if incident_id else None
        if k is None:
            self.selection.clear()
        else:
            self.selection.set_points(self.x[k : k + 1], self.y[k : k + 1])

    def blink(self) -> None:
        """Toggle the flashing rings (called by the map's flash timer)."""
        self._flash_on = not self._flash_on
        self.flash.setVisible(self._visible and self._flash_on and bool(self.flashing))

    def counts(self) -> dict[int, int]:
        """Incidents per priority (open and closed)."""
        return {p: int((self.priority == p).sum()) for p in PRIORITIES}
