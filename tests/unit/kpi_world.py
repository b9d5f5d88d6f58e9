"""A tiny hand-made district and an event feeder for KPI tests: events → reducer → real Store (SQLite)."""

from __future__ import annotations

import datetime as dt

from console.domain import events as ev
from console.domain.events import Event
from console.domain.places import Community, District, Grid, PoliceGrid, Station
from console.domain.state import apply
from console.domain.workers import Worker, WorkerKind
from console.services.summary import day_period
from console.store.store import Store

C1, C2 = "320508019044", "320508019045"
G1, G2, G3 = C1 + "001", C1 + "002", C2 + "001"
S1, S2 = "320508530000", "320508540000"
PG1, PG2 = "32050853000001", "32050854000001"
DAY = dt.date(2026, 11, 20)
T0 = day_period(DAY).start_ms  # 2026-11-20 00:00 China time
MIN = 60_000
HOUR = 60 * MIN


def square(x: float, y: float) -> tuple[tuple[float, float], ...]:
    return ((x, y), (x + 0.01, y), (x + 0.01, y + 0.01), (x, y + 0.01))


def district() -> District:
    """Station S1 owns 警格 PG1 = grids G1, G2 (community C1); station S2 owns PG2 = G3 (community C2)."""
    return District(
        name="平江街道", township_code="320508019",
        stations=[Station(S1, "平江派出所"), Station(S2, "观前派出所")],
        communities=[Community(C1, "大儒社区"), Community(C2, "钮家巷社区")],
        grids=[Grid(G1, "大儒一网格", C1, square(120.62, 31.31)), Grid(G2, "大儒二网格", C1, square(120.63, 31.31)),
               Grid(G3, "钮家巷一网格", C2, square(120.62, 31.32))],
        police_grids=[PoliceGrid(PG1, "平江一警格", S1, (G1, G2), square(120.62, 31.31)),
                      PoliceGrid(PG2, "观前一警格", S2, (G3,), square(120.62, 31.32))],
    )


WORKERS = [
    Worker("w1", "张敏", WorkerKind.GRID_WORKER, G1), Worker("w2", "李红", WorkerKind.GRID_WORKER, G2),
    Worker("w3", "王芳", WorkerKind.GRID_WORKER, G3), Worker("m1", "赵警官", WorkerKind.OFFICER, G1),
]
CENTRE = {G1: (120.625, 31.315), G2: (120.635, 31.315), G3: (120.625, 31.325)}


class World:
    """A migrated, seeded SQLite store and the live State; :meth:`at` commits events through the real Store."""

    def __init__(self, url: str) -> None:
        self.store = Store(url)
        self.store.upgrade()
        self.store.seed(district(), WORKERS, [])
        self.state = self.store.load_state()
        self.seq = 0

    def at(self, ms: int, event_type: str, actor: str = "d01", **data) -> Event:
        """Commit one event at relay time ``ms``."""
        self.seq += 1
        e = Event(self.seq, ms, event_type, actor, data)
        apply(self.state, e)
        self.store.commit([(e, None)], self.state)
        return e

    def batch(self, items: list[tuple[int, str, str, dict]]) -> None:
        """Commit ``(ms, type, actor, data)`` items as one batch, as the relay's group commit does."""
        batch = []
        for ms, event_type, actor, data in items:
            self.seq += 1
            e = Event(self.seq, ms, event_type, actor, data)
            apply(self.state, e)
            batch.append((e, None))
        self.store.commit(batch, self.state)

    def walk(self, worker: str, grid: str, start: int, stop: int, every_s: int = 10) -> list[tuple]:
        """Position items for ``worker`` at the centre of ``grid`` every ``every_s`` seconds in [start, stop)."""
        lng, lat = CENTRE[grid]
        return [(ms, ev.POSITION_REPORTED, "fieldsim", {"worker": worker, "lng": lng, "lat": lat, "at": ms})
                for ms in range(start, stop, every_s * 1000)]

    # -- incidents --------------------------------------------------------------------------------

    def report(self, inc: str, ms: int, grid: str = G1, category: str = "200200", address: str = "") -> None:
        lng, lat = CENTRE[grid]
        self.at(ms, ev.INCIDENT_REPORTED, incident=inc, category=category, priority=2, source="110", lng=lng, lat=lat,
                grid=grid, address=address or f"{inc} 号", narrative="测试", caller="")

    def handle(self, inc: str, ms: int, worker: str = "w1", *, sign: int = 5, arrive: int = 20,
               feedback: int | None = 60, close: int | None = 90) -> None:
        """accept at ms+1 min, dispatch at ms+2 min, then sign/arrive/feedback/close minutes after ``ms``
        (stopping before a step given as None)."""
        self.at(ms + 1 * MIN, ev.INCIDENT_ACCEPTED, incident=inc)
        self.at(ms + 2 * MIN, ev.INCIDENT_DISPATCHED, incident=inc, worker=worker)
        self.at(ms + sign * MIN, ev.INCIDENT_SIGNED, worker, incident=inc, worker=worker)
        self.at(ms + arrive * MIN, ev.INCIDENT_ARRIVED, worker, incident=inc, worker=worker)
        if feedback is None:
            return
        self.at(ms + feedback * MIN, ev.INCIDENT_FEEDBACK, worker, incident=inc, worker=worker)
        if close is not None:
            self.at(ms + (close - 1) * MIN, ev.INCIDENT_VERIFYING, incident=inc)
            self.at(ms + close * MIN, ev.INCIDENT_CLOSED, incident=inc)

    def close(self) -> None:
        self.store.dispose()
