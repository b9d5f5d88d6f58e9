"""Where the summary view gets its data on the server: the shared database, read through the summary service
(a workstation uses :class:`console.services.relay_history.RelaySummarySource`, the same methods over relay queries).

:class:`DrillRequest` names what a clicked number or bar stands for; :class:`StoreSummarySource`
answers it. Every method here blocks on the database, so the view calls them from a worker thread.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from console.domain.analysis import Analysis
from console.domain.assessment import PeriodAssessment
from console.domain.heat import HeatDay
from console.domain.periods import PeriodSpec
from console.domain.places import Station
from console.domain.summary import DailySummary, ItemRef, Period, Scope


@dataclass(frozen=True, slots=True)
class DrillRequest:
    """The items behind one number: ``part`` of KPI ``kpi_code`` for ``scope`` over ``period``.

    ``family`` keeps only incidents of that category family (a bar of the category chart).
    ``label`` says in Chinese what was clicked, for the heading of the list.
    ``as_of_ms`` is the "now" the clicked number was computed at (``DailySummary.generated_at_ms``): the
    list is cut off at the same moment, so it holds exactly the items the number counted. Without it a
    drill-down seconds later counts an incident that went overdue meanwhile (超期率 5, list of 6).
    """

    kpi_code: str
    scope: Scope
    period: Period
    part: str = "numerator"
    family: str = ""
    label: str = ""
    as_of_ms: int | None = None


class StoreSummarySource:
    """Reads the summary and its drill-downs from the database at ``url`` (opened on first use)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._store = None
        self._lock = threading.Lock()

    def store(self):
        with self._lock:
            if self._store is None:
                from console.store.store import Store

                self._store = Store(self.url)
            return self._store

    def stations(self) -> list[Station]:
        """The police stations of the district, by code."""
        from console.services.summary import station_names

        return [Station(code, name) for code, name in sorted(station_names(self.store()).items())]

    def summary(self, date: dt.date, station_code: str) -> DailySummary:
        from console.services.summary import build_daily_summary

        return build_daily_summary(self.store(), date, station_code)

    def assessment(self, spec: PeriodSpec, station_code: str) -> PeriodAssessment:
        """The station's (or, with "", the district's) assessment over ``spec`` beside the previous period."""
        from console.services.assessment import assess

        return assess(self.store(), spec, station_code)

    def analysis(self, period: Period, station_code: str) -> Analysis:
        """The 研判 of the station (or, with "", the district) over ``period``."""
        from console.services.analysis import build_analysis

        return build_analysis(self.store(), period, station_code)

    def heat(self, first: dt.date, last: dt.date) -> HeatDay:
        """人流热力 of ``first`` … ``last`` by hour of day."""
        from console.kpi.heat import heat_days
        from console.services.summary import read_snapshot

        with read_snapshot(self.store()) as conn:
            return heat_days(conn, first, last)

    def drill(self, request: DrillRequest) -> list[ItemRef]:
        from console.services.summary import drill_down

        items = drill_down(self.store(), request.kpi_code, request.scope, request.period, request.part,
                           now_ms=request.as_of_ms)
        if request.family:
            items = [i for i in items if i.title.startswith(request.family)]
        return items

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.dispose()
                self._store = None
