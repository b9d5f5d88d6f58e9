"""What simulated grid workers and police units do with the incidents and orders (派单) they are given.

Every piece of work is a :class:`Job` on an agenda: sign for it (or send it back), go to the
place, work there (now and then asking for more time), then feed back (or send it back).
A worker works one job at a time; incidents go first, breaking off an order in hand.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from console.domain import events as ev
from console.domain.events import Event
from console.domain.incidents import AssignmentStatus, Incident
from console.domain.orders import Order, OrderKind, OrderStatus
from console.domain.places import Point
from console.domain.state import State
from console.domain.units import TravelMode
from console.domain.workers import Worker, WorkerKind
from console.field.agenda import Agenda
from console.field.texts import (
    EXTENSION_HOURS,
    EXTENSION_REASONS,
    INCIDENT_FEEDBACK,
    INCIDENT_RETURN_REASONS,
    order_result,
    order_return_reason,
)
from console.field.walker import Walker

INCIDENT, ORDER = "incident", "order"
E_BIKE = 2.5  # grid workers ride an e-bike to their jobs: this many times their walking speed
PATROL_SHARE = 0.6  # a car or e-bike on patrol cruises at this share of its travel speed
SIGN_S = {INCIDENT: (3.0, 15.0), ORDER: (5.0, 30.0)}
WORK_S = {INCIDENT: (20.0, 90.0), OrderKind.VERIFY_PERSON: (60.0, 180.0), OrderKind.VERIFY_HOUSE: (60.0, 240.0),
          OrderKind.VISIT: (120.0, 420.0), OrderKind.MEDIATE: (180.0, 600.0), OrderKind.PATROL: (180.0, 600.0)}
LONG_WORK_S = (300.0, 900.0)  # extra time on scene when the worker asks for an extension


@dataclass(frozen=True, slots=True)
class WorkRates:
    """How often a job takes a branch, and how often a check finds the facts as recorded."""

    incident_return: float = 0.03
    extension: float = 0.03
    order_return: float = 0.05
    confirmed: float = 0.85


DEFAULT_RATES = WorkRates()


@dataclass(slots=True, eq=False)
class SimWorker:
    """One simulated grid worker: where they walk, when their next fix is due, the work in hand."""

    worker: Worker
    walker: Walker
    next_fix: float
    last_step: float
    jobs: dict[str, Job] = field(default_factory=dict)  # by incident or order id
    queue: list[Job] = field(default_factory=list)  # signed for, waiting their turn
    current: Job | None = None

    @property
    def free(self) -> bool:
        return not self.jobs


@dataclass(slots=True, eq=False)
class Job:
    """One incident assignment or order in a worker's hands."""

    kind: str  # INCIDENT or ORDER
    ref: str  # the incident or order id
    sim: SimWorker
    stage: str  # "sign" -> "queued" -> "travel" -> "work"
    target: Point | None
    order_kind: OrderKind | None = None
    target_text: str = ""
    announce: bool = True  # incidents: send incident.arrive on getting there
    live: bool = True


Send = Callable[[str, dict, Job | None], None]  # the job is dropped if the relay refuses its step


class Crew:
    """Moves the jobs of ``workers`` along an agenda; every step goes out through ``send``."""

    def __init__(self, workers: dict[str, SimWorker], rng: random.Random, rates: WorkRates, interval_s: float,
                 send: Send) -> None:
        self.workers, self.rng, self.rates, self.interval_s, self.send = workers, rng, rates, interval_s, send
        self.agenda: Agenda[Job] = Agenda()
        self.state: State | None = None  # the simulator's live state, kept current by the relay's events

    def tick(self, now: float) -> None:
        for job in self.agenda.due(now):
            if job.live:
                self._step(job, now)

    # -- taking and dropping work -------------------------------------------------------------

    def reset(self, state: State, now: float) -> None:
        """Forget all work and take up what ``state`` says the simulated workers have open."""
        self.state = state
        self.agenda.clear()
        for sim in self.workers.values():
            sim.jobs.clear()
            sim.queue.clear()
            sim.current = None
        for inc in state.incidents.values():
            for a in inc.assignments.values():
                if a.worker_id in self.workers and a.is_active:
                    self.take_incident(self.workers[a.worker_id], inc, a.status, now)
        for order in state.orders.values():
            if order.worker_id in self.workers and order.is_open:
                self.take_order(self.workers[order.worker_id], order, now)

    def on_event(self, event: Event, now: float) -> None:
        """React to an event already applied to the state: new, cancelled or reworked work."""
        state, data = self.state, event.data
        sim = self.workers.get(data.get("worker"))
        if event.type == ev.INCIDENT_DISPATCHED and sim:
            self.take_incident(sim, state.incidents[data["incident"]], AssignmentStatus.DISPATCHED, now)
        elif event.type == ev.ORDER_ISSUED and sim:
            self.take_order(sim, state.orders[data["order"]], now)
        elif event.type in (ev.ASSIGNMENT_CANCELLED, ev.ORDER_CANCELLED) and sim:
            self.drop(sim, data.get("incident") or data["order"], now)
        elif event.type == ev.INCIDENT_REWORKED:
            inc = state.incidents[data["incident"]]
            for worker_id in data.get("workers", ()):
                a = inc.assignments.get(worker_id)
                if worker_id in self.workers and a and a.status is AssignmentStatus.ON_SCENE:
                    self.take_incident(self.workers[worker_id], inc, a.status, now)

    def take_incident(self, sim: SimWorker, inc: Incident, status: AssignmentStatus, now: float) -> None:
        stage = "sign" if status is AssignmentStatus.DISPATCHED else "queued"
        self._add(Job(INCIDENT, inc.id, sim, stage, (inc.lng, inc.lat),
                      announce=status is not AssignmentStatus.ON_SCENE), now)

    def take_order(self, sim: SimWorker, order: Order, now: float) -> None:
        stage = "sign" if order.status is OrderStatus.ISSUED else "queued"
        place = _order_place(order, self.state)
        self._add(Job(ORDER, order.id, sim, stage, place, order.kind, order.target_text), now)

    def drop(self, sim: SimWorker, ref: str, now: float) -> None:
        """Stop working on ``ref``; a worker who was on it turns to the next job or back to patrol."""
        job = sim.jobs.pop(ref, None)
        if job is None:
            return
        job.live = False
        if job in sim.queue:
            sim.queue.remove(job)
        if sim.current is job:
            sim.current = None
            sim.walker.resume_patrol()
            self._start_next(sim, now)

    def _add(self, job: Job, now: float) -> None:
        self.drop(job.sim, job.ref, now)
        job.sim.jobs[job.ref] = job
        if job.stage == "sign":
            self.agenda.at(now + self.rng.uniform(*SIGN_S[job.kind]), job)
        else:
            self._enqueue(job, now)

    def _enqueue(self, job: Job, now: float) -> None:
        sim = job.sim
        at = len(sim.queue)
        if job.kind == INCIDENT:
            if sim.current is not None and sim.current.kind == ORDER:
                self._set_aside(sim.current)
            at = next((i for i, j in enumerate(sim.queue) if j.kind == ORDER), at)
        sim.queue.insert(at, job)
        job.stage = "queued"
        self._start_next(sim, now)

    @staticmethod
    def _set_aside(job: Job) -> None:
        """Break off an order for an incident: it goes back to the head of the orders, to be done again later."""
        sim = job.sim
        job.live = False
        resumed = sim.jobs[job.ref] = Job(ORDER, job.ref, sim, "queued", job.target, job.order_kind, job.target_text)
        sim.queue.insert(0, resumed)
        sim.current = None

    def _start_next(self, sim: SimWorker, now: float) -> None:
        if sim.current is not None or not sim.queue:
            return
        job = sim.current = sim.queue.pop(0)
        if job.target is None:  # nowhere to go: work it from where the worker is
            self._work(job, now)
            return
        sim.walker.go_to(*job.target, speed_mps=travel_speed(sim))
        job.stage = "travel"
        self.agenda.at(now + self.interval_s, job)

    # -- the steps ------------------------------------------------------------------------------

    def _step(self, job: Job, now: float) -> None:
        if job.stage == "sign":
            self._sign(job, now)
        elif job.stage == "travel":
            if job.sim.walker.arrived:
                self._work(job, now)
            else:
                self.agenda.at(now + self.interval_s, job)
        else:
            self._finish(job, now)

    def _sign(self, job: Job, now: float) -> None:
        rng, worker_id = self.rng, job.sim.worker.id
        if job.kind == INCIDENT and rng.random() < self.rates.incident_return:
            self.send("incident.return", {"worker": worker_id, "incident": job.ref,
                                          "note": rng.choice(INCIDENT_RETURN_REASONS)}, job)
            self.drop(job.sim, job.ref, now)
            return
        self.send(f"{job.kind}.sign", {"worker": worker_id, job.kind: job.ref}, job)
        self._enqueue(job, now)

    def _work(self, job: Job, now: float) -> None:
        rng, worker_id = self.rng, job.sim.worker.id
        job.stage = "work"
        duration = rng.uniform(*WORK_S[job.order_kind or INCIDENT])
        if job.kind == INCIDENT:
            if job.announce:
                self.send("incident.arrive", {"worker": worker_id, "incident": job.ref}, job)
            if rng.random() < self.rates.extension and self.state.incidents[job.ref].extension_request is None:
                self.send("incident.extend", {"worker": worker_id, "incident": job.ref,
                                              "hours": rng.choice(EXTENSION_HOURS),
                                              "note": rng.choice(EXTENSION_REASONS)}, None)  # refused: work on
                duration += rng.uniform(*LONG_WORK_S)
        self.agenda.at(now + duration, job)

    def _finish(self, job: Job, now: float) -> None:
        rng, worker_id = self.rng, job.sim.worker.id
        if job.kind == INCIDENT:
            self.send("incident.feedback", {"worker": worker_id, "incident": job.ref,
                                            "note": rng.choice(INCIDENT_FEEDBACK)}, job)
        elif rng.random() < self.rates.order_return:
            self.send("order.return", {"worker": worker_id, "order": job.ref,
                                       "note": order_return_reason(rng, job.order_kind)}, job)
        else:
            note, confirmed = order_result(rng, job.order_kind, job.target_text, self.rates.confirmed)
            args = {"worker": worker_id, "order": job.ref, "note": note}
            if job.order_kind.is_verification:
                args["confirmed"] = confirmed
            self.send("order.feedback", args, job)
        self.drop(job.sim, job.ref, now)


def patrol_speed(worker: Worker) -> float | None:
    """How fast a unit moves on patrol (None: a walker's own pace); cars cruise below their travel speed."""
    if worker.mode is TravelMode.WALK:
        return None
    return worker.mode.speed_mps * PATROL_SHARE


def travel_speed(sim: SimWorker) -> float:
    """How fast a unit goes to a job: grid workers ride an e-bike, police units travel by their mode."""
    if sim.worker.kind is WorkerKind.GRID_WORKER:
        return sim.walker.base_speed * E_BIKE
    return sim.worker.mode.speed_mps


def _order_place(order: Order, state: State) -> Point | None:
    """Where an order is worked: its target address, or the address on record of the person to check."""
    addr = state.address_index.get(order.target)
    if addr is None and order.kind is OrderKind.VERIFY_PERSON:
        record = state.records.get(state.records_by_key.get(f"person:{order.target}", ""))
        current = record.current() if record else None
        addr = state.address_index.get(current.fields.get("address_code", "")) if current else None
    return (addr.lng, addr.lat) if addr else None
