"""The 警情 layer: symbol by category family, colour by priority, finished ones (办结, 作废) small and dim,
a ring on the selected incident and flashing rings on new priority-1/2 incidents until seen."""

from __future__ import annotations

import pyqtgraph as pg

from console.ui.map.incident_table import IncidentTable
from console.ui.map.points import SymbolCloud
from console.ui.map.style import FLASH_RING, SELECTED_RING, incident_styles


class IncidentLayer:
    """The items drawing an :class:`IncidentTable`."""

    name = "incidents"
    title = "警情"

    def __init__(self, view: pg.ViewBox) -> None:
        self.cloud = SymbolCloud(incident_styles())
        self.selection = SymbolCloud([SELECTED_RING])
        self.flash = SymbolCloud([FLASH_RING])
        for item in (self.cloud, self.selection, self.flash):
            view.addItem(item, ignoreBounds=True)
        self.table = IncidentTable()
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

    def draw(self, table: IncidentTable, selected: str | None) -> None:
        """Draw ``table`` (rebuilt by the map model after incident changes, never per tick)."""
        self.table = table
        order = table.drawn
        self.cloud.set_points(table.x[order], table.y[order], table.style[order])
        k = table.rows(table.flashing)
        self.flash.set_points(table.x[k], table.y[k])
        self.set_selected(selected)

    def set_selected(self, incident_id: str | None) -> None:
        k = self.table.index.get(incident_id) if incident_id else None
        if k is None:
            self.selection.clear()
        else:
            self.selection.set_points(self.table.x[k : k + 1], self.table.y[k : k + 1])

    def blink(self) -> None:
        """Toggle the flashing rings (called by the map's flash timer)."""
        self._flash_on = not self._flash_on
        self.flash.setVisible(self._visible and self._flash_on and bool(self.table.flashing))
