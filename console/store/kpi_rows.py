"""Rows of the assessment projections (``kpi_incidents``, ``kpi_work``, ``kpi_presence``) a committed batch changes.

:class:`~console.store.store.Store` calls :meth:`KpiProjection.rows` inside its commit transaction, so
the projections are always exactly as current as the log.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update

from console.domain.changes import Changes
from console.domain.events import DUTY_SET, ECODE_SCANNED, Event
from console.domain.grid_profiles import key_site_facts
from console.domain.heat import HeatSource, PeopleFolder, scan_cells
from console.domain.kpi_facts import grid_places, incident_facts, order_facts, site_facts, submission_facts
from console.domain.places import District
from console.domain.presence import PresenceTracker
from console.domain.state import State
from console.domain.workers import WorkerKind
from console.store import tables as t


class KpiProjection:
    """Keeps the writer's presence tracker and the grid → 警格/station map between batches."""

    def __init__(self) -> None:
        self.presence = PresenceTracker()
        self.people = PeopleFolder()
        self._district: District | None = None
        self._places: dict[str, tuple[str, str, str]] = {}

    def rows(self, events: Iterable[Event], state: State, changes: Changes) -> list[tuple[str, list[dict]]]:
        """``[(table name, rows)]`` for the incidents, orders and submissions changed and the presence added."""
        if state.district is not self._district:
            self._district, self._places = state.district, grid_places(state.district)
        places = self._places
        incidents = [incident_facts(state.incidents[i], places) for i in sorted(changes.incidents)
                     if i in state.incidents]
        work = [order_facts(state.orders[i], places) for i in sorted(changes.orders) if i in state.orders]
        work += [submission_facts(state.submissions[i], places) for i in sorted(changes.submissions)
                 if i in state.submissions]
        sites = [row for i in sorted(changes.records) if i in state.records
                 and (row := site_facts(state.records[i], places)) is not None]
        sites += [row for g in sorted(changes.grid_profiles) if g in state.grid_profiles
                  and (row := key_site_facts(state.grid_profiles[g], places)) is not None]
        added = self.presence.fold(events, state.district, state.workers, state.on_duty)
        presence = [{"grid_code": g, "hour_at": h, "seconds": s} for (g, h), s in sorted(added.items())]
        return [("kpi_incidents", incidents), ("kpi_work", work), ("kpi_presence", presence), ("kpi_sites", sites),
                ("heat_cells", self._heat(events, state))]

    def _heat(self, events: list[Event], state: State) -> list[dict]:
        """人流热力 added by the batch: on-duty person-minutes and e码 page views per hour and cell (one row each)."""
        added = {(h, HeatSource.PEOPLE.value, x, y): n
                 for (h, x, y), n in self.people.fold(events, state.workers, state.on_duty).items()}
        for e in events:
            if e.type == ECODE_SCANNED:
                places = {c: (a.lng, a.lat) for c in e.data["counts"] if (a := state.address_index.get(c))}
                for (h, x, y), n in scan_cells(e.data["hour_at"], e.data["counts"], places).items():
                    key = (h, HeatSource.SCANS.value, x, y)
                    added[key] = added.get(key, 0) + n
        return [{"hour_at": h, "source": s, "x": x, "y": y, "n": n} for (h, s, x, y), n in sorted(added.items())]


def record_shifts(conn, events: Iterable[Event], state: State, upsert) -> None:
    """Open and close grid workers' duty shifts in ``kpi_duty`` for the ``worker.duty_set`` events of a batch.

    Going on duty closes any shift still open (a repeated 上岗) and opens one in the worker's grid; going off
    closes it. ``upsert`` is the dialect's ``insert``.
    """
    shifts = t.kpi_duty.c
    for e in events:
        if e.type != DUTY_SET:
            continue
        worker = state.workers.get(e.data["worker"])
        if worker is None or worker.kind is not WorkerKind.GRID_WORKER:
            continue
        conn.execute(update(t.kpi_duty).where(shifts.worker_id == worker.id, shifts.off_at.is_(None))
                     .values(off_at=e.at))
        if e.data["on"]:
            conn.execute(upsert(t.kpi_duty).values(worker_id=worker.id, on_at=e.at, grid_code=worker.grid_code,
                                                   off_at=None).on_conflict_do_nothing())


def presence_add(upsert):
    """``INSERT … ON CONFLICT DO UPDATE SET seconds = seconds + excluded.seconds`` for ``kpi_presence``.

    ``upsert`` is the dialect's ``insert`` (SQLite or PostgreSQL).
    """
    stmt = upsert(t.kpi_presence)
    return stmt.on_conflict_do_update(index_elements=["grid_code", "hour_at"],
                                      set_={"seconds": t.kpi_presence.c.seconds + stmt.excluded.seconds})


def heat_add(upsert):
    """``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`` for ``heat_cells``."""
    stmt = upsert(t.heat_cells)
    return stmt.on_conflict_do_update(index_elements=["hour_at", "source", "x", "y"],
                                      set_={"n": t.heat_cells.c.n + stmt.excluded.n})


def facts_upsert(upsert, table, key: list[str]):
    """Insert, or on a clash of ``key`` overwrite every other column (the clustering columns too)."""
    stmt = upsert(table)
    return stmt.on_conflict_do_update(index_elements=key,
                                      set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name not in key})
