"""``MapModel``: what the map shows, apart from how it is drawn.

It holds the selection (one incident, or a box of workers and incidents), the followed worker, the
incidents the dispatcher has seen, the worker and incident columns the layers draw
(:class:`WorkerTable`, :class:`IncidentTable`), whether the relay is lost, and which layers are out
of date. Which layers show, in what order and opacity, is its :class:`LayerRegistry` (``layers``).
Live sessions and replay feed it the same way: one change set per batch (:meth:`apply`), whose
positions are the reducer's own. :class:`DistrictMap` observes it.
"""

from __future__ import annotations

from itertools import repeat

import numpy as np
from PySide6.QtCore import QObject, QSettings, Signal

from console.domain.changes import Changes
from console.ui.map.incident_table import IncidentTable
from console.ui.map.layer_registry import LayerRegistry
from console.ui.map.projection import LocalFrame
from console.ui.map.worker_table import WorkerTable


class MapModel(QObject):
    """Selection, follow, seen set, worker columns and dirty layers of one map.

    Signals: :attr:`selected` (incident id or ""), :attr:`selection_changed` (box-selected worker
    ids, incident ids), :attr:`follow_changed` (worker id, "" when stopped), :attr:`seen_changed`
    (incident id), :attr:`moved` (table rows, x, y, fix times of new positions, e.g. for tracks),
    :attr:`zones_changed`, :attr:`risk_changed` (warnings or graded records).
    """

    selected = Signal(str)
    selection_changed = Signal(list, list)
    follow_changed = Signal(str)
    seen_changed = Signal(str)
    moved = Signal(object, object, object, object)
    zones_changed = Signal()
    risk_changed = Signal()

    def __init__(self, parent: QObject | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.table = WorkerTable()
        self.incidents = IncidentTable()
        self.layers = LayerRegistry(settings, self)
        self.frame = LocalFrame(0.0, 0.0)
        self.selected_incident: str | None = None
        self.seen: set[str] = set()  # incidents the dispatcher has seen: they no longer flash
        self.selected_workers: list[str] = []
        self.selected_incidents: list[str] = []
        self.followed: str | None = None
        self.link_lost = False  # the console has lost the relay: worker statuses are unknown
        self.base_dirty = self.workers_dirty = self.incidents_dirty = self.heat_dirty = True

    # --- what the dispatcher picked ------------------------------------------------------------
    def select_incident(self, incident_id: str | None) -> None:
        """One incident highlighted (``None`` clears); a selected incident counts as seen."""
        self.selected_incident = incident_id or None
        if incident_id:
            self.acknowledge(incident_id)
        self.selected.emit(self.selected_incident or "")

    def acknowledge(self, incident_id: str) -> None:
        """Mark an incident seen: it stops flashing."""
        if incident_id not in self.seen:
            self.seen.add(incident_id)
            self.incidents_dirty = True
            self.seen_changed.emit(incident_id)

    def select_box(self, workers: list[str], incidents: list[str]) -> None:
        self.selected_workers, self.selected_incidents = list(workers), list(incidents)
        self.selection_changed.emit(list(workers), list(incidents))

    def follow(self, worker_id: str | None) -> bool:
        """Follow ``worker_id`` (``None`` or an unknown id stops); returns whether that changed anything."""
        wanted = worker_id if worker_id in self.table.index else None
        if wanted == self.followed:
            return False
        self.followed = wanted
        self.follow_changed.emit(wanted or "")
        return True

    def set_link_lost(self, lost: bool) -> None:
        """The relay is lost (or back): workers are drawn 未知 meanwhile."""
        if lost != self.link_lost:
            self.link_lost = lost
            self.workers_dirty = True

    def selection_xy(self) -> tuple[np.ndarray, np.ndarray]:
        """Frame coordinates of the box-selected workers and incidents (or the selected incident) that
        have a place: what "zoom to selection" fits."""
        w = self.table.rows(self.selected_workers)
        one = self.selected_incident
        k = self.incidents.rows(self.selected_incidents or ([one] if one else []))
        xs = np.concatenate([self.table.x[w], self.incidents.x[k]])
        ys = np.concatenate([self.table.y[w], self.incidents.y[k]])
        finite = np.isfinite(xs) & np.isfinite(ys)
        return xs[finite], ys[finite]

    # --- what the session says -----------------------------------------------------------------
    def reset(self, state, frame: LocalFrame) -> None:
        """A new state (snapshot, reconnect, replay seek): new columns, box selection dropped (the map
        stops following a worker the new state does not know)."""
        self.frame = frame
        self.table.reset(state, frame)
        self.selected_workers, self.selected_incidents = [], []
        self.base_dirty = self.workers_dirty = self.incidents_dirty = self.heat_dirty = True

    def apply(self, changes: Changes) -> None:
        """Take one batch's change set: positions into the columns, the rest marks layers out of date."""
        if changes.positions:
            self.ingest([p.worker_id for p in changes.positions], [p.lng for p in changes.positions],
                        [p.lat for p in changes.positions], [p.at for p in changes.positions])
        if changes.workers or changes.orders or changes.calls or changes.incidents:
            self.base_dirty = True  # duty, orders, SOS, calls …: let the domain say who is what
        if changes.incidents:
            self.incidents_dirty = True
        if changes.zones:
            self.zones_changed.emit()
        if changes.warnings or changes.records:
            self.risk_changed.emit()

    def refresh_incidents(self, state) -> bool:
        """Rebuild the incident columns if incidents changed; returns whether they did."""
        if not self.incidents_dirty:
            return False
        self.incidents_dirty = False
        self.incidents.rebuild(state, self.frame, self.seen)
        self.heat_dirty = True
        return True

    def ingest(self, workers, lngs, lats, ats) -> None:
        """Positions as columns (worker ids, WGS-84 degrees, fix times in ms)."""
        idx = np.fromiter(map(self.table.index.get, workers, repeat(-1)), dtype=np.intp, count=len(workers))
        known = idx >= 0
        x, y = self.frame.to_xy(np.asarray(lngs, dtype=float)[known], np.asarray(lats, dtype=float)[known])
        k, at = idx[known], np.asarray(ats, dtype=np.int64)[known]
        if self.table.ingest(k, x, y, at):
            self.base_dirty = True
        self.workers_dirty = True
        self.moved.emit(k, x, y, at)
