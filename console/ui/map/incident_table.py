"""``IncidentTable``: every incident the map shows, as numpy columns (the incident twin of
:class:`~console.ui.map.worker_table.WorkerTable`).

Rebuilt from the state after incident changes only (never per tick); the 警情 layer draws it, the
heat layer bins it, picking and framing look points up in it.
"""

from __future__ import annotations

import numpy as np

from console.domain.incidents import TERMINAL_STATUSES, Status
from console.domain.state import State
from console.ui.map.projection import LocalFrame
from console.ui.map.style import PRIORITIES, family_index, incident_style_index

FLASH_PRIORITIES = (1, 2)


class IncidentTable:
    """Columns indexed like :attr:`ids`: ``x``, ``y`` (frame metres), ``priority``, ``closed``,
    ``reported_at`` (ms), ``style`` (symbol index); ``drawn`` is the drawing order (most urgent last),
    ``flashing`` the new priority-1/2 incidents not yet seen."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.x = self.y = np.zeros(0)
        self.priority = np.zeros(0, dtype=np.intp)
        self.closed = np.zeros(0, dtype=bool)
        self.reported_at = np.zeros(0, dtype=np.int64)
        self.style = np.zeros(0, dtype=np.intp)
        self.drawn = np.zeros(0, dtype=np.intp)
        self.flashing: list[str] = []

    def __len__(self) -> int:
        return len(self.ids)

    def rebuild(self, state: State | None, frame: LocalFrame, seen: set[str]) -> None:
        """Refill from the state's incidents."""
        incidents = list(state.incidents.values()) if state is not None else []
        self.ids = [i.id for i in incidents]
        self.index = {iid: k for k, iid in enumerate(self.ids)}
        x, y = frame.to_xy([i.lng for i in incidents], [i.lat for i in incidents])
        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.priority = np.array([i.priority for i in incidents], dtype=np.intp)
        self.closed = np.array([i.status in TERMINAL_STATUSES for i in incidents], dtype=bool)
        self.reported_at = np.array([i.reported_at for i in incidents], dtype=np.int64)
        self.style = np.array([incident_style_index(family_index(i.category), i.priority, c)
                               for i, c in zip(incidents, self.closed, strict=True)], dtype=np.intp)
        # closed ones at the bottom, then priority 4 … 1 so the most urgent are drawn last (on top)
        self.drawn = np.lexsort((-self.priority, ~self.closed)) if incidents else np.zeros(0, dtype=np.intp)
        self.flashing = [i.id for i in incidents
                         if i.priority in FLASH_PRIORITIES and i.status is Status.NEW and i.id not in seen]

    def rows(self, incident_ids) -> np.ndarray:
        """Table rows of the known ones among ``incident_ids``."""
        return np.array([self.index[i] for i in incident_ids if i in self.index], dtype=np.intp)

    def counts(self) -> dict[int, int]:
        """Incidents per priority (open and closed)."""
        return {p: int((self.priority == p).sum()) for p in PRIORITIES}
