"""History read through the relay: the summary and replay sources of a workstation without database access.

:class:`RelaySummarySource` has the interface of :class:`~console.services.summary_source.StoreSummarySource`,
:class:`RelayHistory` that of :class:`~console.services.history.StoreHistory`, and the :class:`RelayReplay`
it makes that of :class:`console.replay.Replay` as the replay window and the incident report use it. Each
asks queries (``docs/PROTOCOL.md``, Queries) of the console's own relay session; its methods block, so the
views call them from their worker threads while the session's loop runs elsewhere (the GUI thread).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from console.domain.analysis import Analysis, analysis_from_wire
from console.domain.assessment import PeriodAssessment, assessment_from_wire
from console.domain.bookmarks import Bookmark
from console.domain.errors import CATALOG, DomainError
from console.domain.events import Event
from console.domain.heat import HeatDay
from console.domain.periods import PeriodSpec
from console.domain.places import Station
from console.domain.state import State
from console.domain.summary import DailySummary, ItemRef, Period, item_from_wire, summary_from_wire
from console.net.client import QueryRefused, RelayClient
from console.replay.fixes import Fixes
from console.services.summary_source import DrillRequest

Ask = Callable[..., object]  # ask(name, args) -> the query's data, raising DomainError


class BlockingQueries:
    """``ask(name, args)`` from any thread but the loop's: the query runs on ``client``'s loop and is waited for."""

    def __init__(self, client: RelayClient, loop: asyncio.AbstractEventLoop, timeout: float = 60.0) -> None:
        self.client, self.loop, self.timeout = client, loop, timeout

    def __call__(self, name: str, args: dict | None = None):
        if _running_loop() is self.loop:
            raise RuntimeError("a blocking query on the session's own loop would never be answered")
        future = asyncio.run_coroutine_threadsafe(self.client.query(name, args or {}, self.timeout), self.loop)
        try:
            return future.result()
        except QueryRefused as exc:
            raise refusal(exc.error) from None
        except (ConnectionError, TimeoutError) as exc:
            raise DomainError("E_UNAVAILABLE", f"中继未应答 / the relay did not answer: {exc}") from None


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def refusal(error: dict) -> DomainError:
    """The relay's error frame as a DomainError with the relay's own reasons."""
    code = error.get("code")
    err = DomainError(code if code in CATALOG else "E_INTERNAL", "")
    err.zh, err.en = str(error.get("zh") or err.zh), str(error.get("en") or err.en)
    return err


class RelaySummarySource:
    """The summary view's data source over relay queries (``summary.*``)."""

    def __init__(self, ask: Ask) -> None:
        self.ask = ask

    def stations(self) -> list[Station]:
        return [Station(s["code"], s["name"]) for s in self.ask("summary.stations")]

    def summary(self, date: dt.date, station_code: str) -> DailySummary:
        return summary_from_wire(self.ask("summary.daily", {"date": date.isoformat(), "station": station_code}))

    def drill(self, request: DrillRequest) -> list[ItemRef]:
        args = {"kpi": request.kpi_code, "scope_kind": request.scope.kind, "scope_code": request.scope.code,
                "scope_name": request.scope.name, "start": request.period.start_ms, "end": request.period.end_ms,
                "label": request.period.label, "part": request.part, "family": request.family}
        if request.as_of_ms is not None:
            args["as_of"] = request.as_of_ms
        return [item_from_wire(i) for i in self.ask("summary.drill", args)]

    def assessment(self, spec: PeriodSpec, station_code: str) -> PeriodAssessment:
        data = self.ask("summary.assessment", {"kind": spec.kind, "period": spec.label, "station": station_code})
        return assessment_from_wire(data)

    def analysis(self, period: Period, station_code: str) -> Analysis:
        data = self.ask("summary.analysis", {"start": period.start_ms, "end": period.end_ms, "label": period.label,
                                             "station": station_code})
        return analysis_from_wire(data)

    def heat(self, first: dt.date, last: dt.date) -> HeatDay:
        return HeatDay.from_dict(self.ask("heat.day", {"first": first.isoformat(), "last": last.isoformat()}))

    def close(self) -> None:
        """Nothing to release: the session belongs to the console."""


class RelayHistory:
    """Replay ranges and incident ranges through the relay; the reference data is asked for once."""

    def __init__(self, ask: Ask) -> None:
        self.ask = ask
        self._reference: dict | None = None

    def incident_range(self, incident_id: str) -> tuple[int, int]:
        found = self.ask("history.incident_range", {"incident": incident_id})
        return int(found["start"]), int(found["end"])

    def replay(self, start_ms: int, end_ms: int, incident: str | None = None) -> RelayReplay:
        if end_ms <= start_ms:
            raise DomainError("E_FIELD", f"回放范围为空 / empty range: {start_ms}–{end_ms}")
        if self._reference is None:
            wire = self.ask("replay.reference")
            self._reference = State.from_snapshot({**wire, "seq": 0, "positions": [], "on_duty": [], "incidents": []})
        return RelayReplay(self.ask, self._reference, start_ms, end_ms, incident)

    def dispose(self) -> None:
        """Nothing to release: the session belongs to the console."""


class RelayReplay:
    """What :class:`console.replay.Replay` answers, asked of the relay (which keeps the range loaded)."""

    def __init__(self, ask: Ask, reference: State, start_ms: int, end_ms: int, incident: str | None = None) -> None:
        self.ask, self.reference = ask, reference
        self.start_ms, self.end_ms, self.incident = int(start_ms), int(end_ms), incident
        self._range = {"start": self.start_ms, "end": self.end_ms, **({"incident": incident} if incident else {})}
        self._overview = self._ask_overview()

    def state_at(self, t_ms: int) -> State:
        snap = self.ask("replay.state", {**self._range, "at": int(max(0, t_ms))})
        return State.from_snapshot(snap, self.reference)  # sharing the district, as the engine's states do

    def events_between(self, t0_ms: int, t1_ms: int) -> list[Event]:
        found = self.ask("replay.events", {**self._range, **_span(t0_ms, t1_ms)})
        return [Event.from_wire(e) for e in found]

    def fixes_between(self, t0_ms: int, t1_ms: int, *, incident_only: bool = False) -> Fixes:
        args = {**self._range, **_span(t0_ms, t1_ms), **({"incident_only": True} if incident_only else {})}
        return Fixes.from_wire(self.ask("replay.fixes", args))

    def tracks(self, t0_ms: int, t1_ms: int) -> dict[str, list[tuple[int, float, float]]]:
        """``worker -> [(at, lng, lat), …]`` in ``(t0_ms, t1_ms]``; only the incident's workers when filtered."""
        fixes = self.fixes_between(t0_ms, t1_ms, incident_only=True)
        out: dict[str, list[tuple[int, float, float]]] = {}
        for worker, at, lng, lat in zip(fixes.worker.tolist(), fixes.at.tolist(), fixes.lng.tolist(),
                                        fixes.lat.tolist(), strict=True):
            out.setdefault(worker, []).append((at, lng, lat))
        return out

    def marks(self) -> list[tuple[int, str]]:
        return [(int(at), kind) for at, kind in self._overview["marks"]]

    def bookmarks(self) -> list[Bookmark]:
        """Read fresh (a trainer may just have added one)."""
        self._overview = self._ask_overview()
        return [Bookmark.from_dict(b) for b in self._overview["bookmarks"]]

    def recordings(self) -> list[dict]:
        return list(self._overview["recordings"])

    def _ask_overview(self) -> dict:
        return self.ask("replay.overview", self._range)


def _span(t0_ms: int, t1_ms: int) -> dict:
    return {"from": int(max(0, t0_ms)), "to": int(max(0, t1_ms))}
