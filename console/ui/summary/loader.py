"""Run the summary source off the GUI thread and deliver results by Qt signal.

One worker thread serves one view; a newer request makes older answers of the same kind stale,
and stale answers are dropped, so a quick change of date never shows the previous day.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from console.domain.errors import DomainError

log = logging.getLogger(__name__)


class SummaryLoader(QObject):
    """Calls ``source`` methods in a worker thread; answers arrive as signals on the GUI thread."""

    stations_ready = Signal(list)
    summary_ready = Signal(object)
    assessment_ready = Signal(object)  # PeriodAssessment
    analysis_ready = Signal(object)  # Analysis
    heat_ready = Signal(object)  # HeatDay
    items_ready = Signal(object, list)  # DrillRequest, list[ItemRef]
    exported = Signal(str, str, object)  # kind ("pdf" | "xlsx"), path, what the writer returned
    failed = Signal(str, str)  # kind ("stations" | "summary" | "assessment" | "drill" | "export:…"), reason

    def __init__(self, source, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summary")
        self._latest: dict[str, int] = {}
        self._futures: list = []
        self._closed = False

    def load_stations(self) -> None:
        self._submit("stations", self.source.stations, lambda r: self.stations_ready.emit(r))

    def load_summary(self, date, station_code: str) -> None:
        self._submit("summary", lambda: self.source.summary(date, station_code), lambda r: self.summary_ready.emit(r))

    def load_assessment(self, spec, station_code: str) -> None:
        self._submit("assessment", lambda: self.source.assessment(spec, station_code),
                     lambda r: self.assessment_ready.emit(r))

    def load_analysis(self, period, station_code: str) -> None:
        self._submit("analysis", lambda: self.source.analysis(period, station_code),
                     lambda r: self.analysis_ready.emit(r))

    def load_heat(self, first, last) -> None:
        self._submit("heat", lambda: self.source.heat(first, last), lambda r: self.heat_ready.emit(r))

    def drill(self, request) -> None:
        self._submit("drill", lambda: self.source.drill(request), lambda r: self.items_ready.emit(request, r))

    def export(self, kind: str, write, summary, path: str) -> None:
        """Run ``write(summary, path)`` (a PDF or XLSX writer) in the worker thread."""
        self._submit(f"export:{kind}", lambda: write(summary, path), lambda r: self.exported.emit(kind, path, r))

    def close(self) -> None:
        """Drop queued work, then release the source after the running call (without waiting here)."""
        if self._closed:
            return
        self._closed = True
        for future in self._futures:
            future.cancel()
        self._pool.submit(getattr(self.source, "close", lambda: None))
        self._pool.shutdown(wait=False)

    def _submit(self, kind: str, work, deliver) -> None:
        ticket = self._latest.get(kind, 0) + 1
        self._latest[kind] = ticket

        def run() -> None:
            try:
                result = work()
            except DomainError as exc:
                self._report(kind, ticket, exc.zh)
                return
            except Exception as exc:  # any failure (database, disk) is shown; the view stays usable
                log.exception("summary %s failed", kind)
                self._report(kind, ticket, f"{type(exc).__name__}: {exc}")
                return
            if self._latest.get(kind) == ticket and not self._closed:
                deliver(result)

        if not self._closed:
            self._futures = [f for f in self._futures if not f.done()]
            self._futures.append(self._pool.submit(run))

    def _report(self, kind: str, ticket: int, reason: str) -> None:
        if self._latest.get(kind) == ticket and not self._closed:
            self.failed.emit(kind, reason)
