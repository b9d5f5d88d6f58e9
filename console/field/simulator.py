"""The field simulator: grid workers of the demo district walking, reporting and working orders.

It connects as the field gateway account (one connection acting for many workers, like an
AVL gateway) and acts only through the relay, exactly as real devices would.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import zlib
from dataclasses import dataclass

from console.domain import events as ev
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.incidents import AssignmentStatus
from console.domain.state import State, apply
from console.domain.workers import Worker, WorkerKind
from console.field.district import DemoDistrict, generate_district
from console.field.reports import ReportGenerator, ReportSchedule
from console.field.walker import Walker
from console.net.client import CommandRefused, RelayClient

log = logging.getLogger(__name__)

TICK_S = 0.1
FEEDBACK_NOTES = ("已到场处置，双方已调解，签订调解协议", "隐患已整改，现场拍照留存", "已联系相关部门处理完毕",
                  "已上门核实，情况属实，已登记", "现场已恢复正常，群众表示满意")


@dataclass(slots=True)
class Order:
    """What a simulated worker is doing about one incident: its next step and when."""

    incident_id: str
    step: str  # "sign" -> "walk" -> "work" -> "feedback"
    due: float
    lng: float
    lat: float


@dataclass(slots=True)
class SimWorker:
    worker: Worker
    walker: Walker
    next_fix: float
    last_step: float
    order: Order | None = None


class FieldSimulator:
    """Drives every grid worker of ``demo`` through ``client`` (a gateway account)."""

    def __init__(self, client: RelayClient, demo: DemoDistrict, *, seed: int = 7, interval_s: float = 5.0,
                 report_interval_s: float = 30.0, clock=time.monotonic, wall=time.time) -> None:
        self.client = client
        self.demo = demo
        self.rng = random.Random(seed * 7919 + 1)
        self.interval_s = interval_s
        self.clock, self.wall = clock, wall
        self.reports = ReportGenerator(self.rng, demo)
        now = clock()
        self.schedule = ReportSchedule(self.rng, report_interval_s, start_s=now)
        self.workers = {
            w.id: SimWorker(w, Walker(demo.lattice, w.grid_code, random.Random(zlib.crc32(f'{seed}:{w.id}'.encode()))),
                            next_fix=now + self.rng.uniform(0, interval_s), last_step=now)
            for w in demo.workers if w.kind is WorkerKind.GRID_WORKER
        }
        self.state: State | None = None
        self.mismatch = ""
        self.sent = 0
        self.refused = 0
        client.on_snapshot = self._on_snapshot
        client.on_events = self._on_events

    async def start(self) -> None:
        """Wait for the relay's snapshot, check the roster, put every worker on duty."""
        await self.client.wait_live(timeout=60)
        if self.mismatch:
            raise RuntimeError(self.mismatch)
        for sim in self.workers.values():
            if sim.worker.id not in self.state.on_duty:
                self._send("worker.duty", {"worker": sim.worker.id, "on": True})

    async def run(self) -> None:
        """Start, then tick on the real clock until cancelled."""
        await self.start()
        while True:
            self.tick(self.clock())
            await asyncio.sleep(TICK_S)

    def tick(self, now: float) -> None:
        """Send due positions, advance orders and file due reports."""
        for sim in self.workers.values():
            if now >= sim.next_fix:
                self._fix(sim, now)
            if sim.order is not None and now >= sim.order.due:
                self._advance_order(sim, now)
        for _ in range(self.schedule.due(now)):
            self._file_report()

    # -- actions --------------------------------------------------------------------------------

    def _fix(self, sim: SimWorker, now: float) -> None:
        lng, lat, speed, heading = sim.walker.step(now - sim.last_step)
        sim.last_step = now
        sim.next_fix = max(sim.next_fix + self.interval_s, now)
        self._send("position.report", {"worker": sim.worker.id, "lng": round(lng, 7), "lat": round(lat, 7),
                                       "at": int(self.wall() * 1000), "speed": round(speed, 2),
                                       "heading": round(heading, 1)})

    def _advance_order(self, sim: SimWorker, now: float) -> None:
        order = sim.order
        wid = sim.worker.id
        if order.step == "sign":
            self._send("incident.sign", {"worker": wid, "incident": order.incident_id})
            sim.walker.go_to(order.lng, order.lat, speed_mps=sim.walker.base_speed * 2.5)  # by e-bike
            order.step, order.due = "walk", now + self.interval_s
        elif order.step == "walk":
            if sim.walker.arrived:
                self._send("incident.arrive", {"worker": wid, "incident": order.incident_id})
                order.step, order.due = "work", now + self.rng.uniform(20, 90)
            else:
                order.due = now + self.interval_s
        elif order.step == "work":
            note = self.rng.choice(FEEDBACK_NOTES)
            self._send("incident.feedback", {"worker": wid, "incident": order.incident_id, "note": note})
            sim.walker.resume_patrol()
            sim.order = None

    def _file_report(self) -> None:
        free = [s for s in self.workers.values() if s.order is None]
        if not free:
            return
        sim = self.rng.choice(free)
        lng, lat = sim.walker.position
        args = self.reports.make(sim.worker, lng, lat)
        self._send("incident.report", {"worker": sim.worker.id, **args})

    def _send(self, op: str, args: dict) -> None:
        self.sent += 1
        self.client.send_command(op, args).add_done_callback(lambda f: self._done(op, f))

    def _done(self, op: str, future: asyncio.Future) -> None:
        if future.cancelled():
            return
        err = future.exception()
        if isinstance(err, CommandRefused | DomainError):
            self.refused += 1
            log.warning("relay refused %s: %s", op, err)

    # -- relay events ---------------------------------------------------------------------------

    def _on_snapshot(self, snapshot: dict) -> None:
        self.state = State.from_snapshot(snapshot)
        missing = set(self.workers) - set(self.state.workers)
        if missing:
            self.mismatch = (f"district mismatch: {len(missing)} simulated workers are not on the relay's roster; "
                             "seed the database with the same --seed/--workers")
            return
        for inc in self.state.incidents.values():
            for a in inc.assignments.values():
                if a.worker_id in self.workers and a.is_active:
                    self._take_order(a.worker_id, inc.id, a.status, inc.lng, inc.lat)

    def _on_events(self, events: list[Event]) -> None:
        for event in events:
            apply(self.state, event)
            if event.type == ev.INCIDENT_DISPATCHED and event.data["worker"] in self.workers:
                inc = self.state.incidents[event.data["incident"]]
                self._take_order(event.data["worker"], inc.id, AssignmentStatus.DISPATCHED, inc.lng, inc.lat)

    def _take_order(self, worker_id: str, incident_id: str, status: AssignmentStatus, lng: float,
                    lat: float) -> None:
        sim = self.workers[worker_id]
        step = {AssignmentStatus.DISPATCHED: "sign", AssignmentStatus.SIGNED: "walk",
                AssignmentStatus.ON_SCENE: "work"}[status]
        if step == "walk":
            sim.walker.go_to(lng, lat)
        sim.order = Order(incident_id, step, self.clock() + self.rng.uniform(3, 15), lng, lat)


async def run_simulator(url: str, user: str, password: str, *, seed: int, workers: int, interval_s: float,
                        report_interval_s: float) -> None:
    """Generate the district, connect and simulate until cancelled."""
    demo = generate_district(seed=seed, workers=workers)
    client = RelayClient(url, user, password)
    sim = FieldSimulator(client, demo, seed=seed, interval_s=interval_s, report_interval_s=report_interval_s)
    client.start()
    try:
        await sim.run()
    finally:
        await client.close()
