"""The field simulator: grid workers and police units of the demo district patrolling, reporting and working.

It connects as the field gateway account (one connection acting for many workers, like an
AVL gateway) and acts only through the relay, exactly as real devices would. What the workers
do with incidents and orders is in :mod:`console.field.work`; :func:`run_simulator` also
starts the 12345 liaison of :mod:`console.field.liaison`.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
import zlib

from console.domain.clock import now_ms
from console.domain.errors import DomainError
from console.domain.events import Event
from console.domain.state import State, apply
from console.domain.workers import WorkerKind
from console.field.call_answer import AnswerPolicy, CallAnswerer
from console.field.district import DemoDistrict, generate_district
from console.field.liaison import run_liaison
from console.field.reports import ReportGenerator, ReportSchedule
from console.field.submissions import SubmissionGenerator
from console.field.walker import Walker
from console.field.work import DEFAULT_RATES, Crew, Job, SimWorker, WorkRates, patrol_speed
from console.net.client import CommandRefused, RelayClient

log = logging.getLogger(__name__)

TICK_S = 0.1
FIXES_PER_FRAME = 200  # a position.batch frame (the relay takes up to 500, and 64 KiB)
ON_PHONE_BACKOFF_S = 60.0  # a worker on their own phone is left alone this long before the gateway tries again


class FieldSimulator:
    """Drives every grid worker and police unit of ``demo`` through ``client`` (a gateway account).

    Police units patrol and take dispatches at their own speed; only grid workers file reports
    and submissions.
    """

    def __init__(self, client: RelayClient, demo: DemoDistrict, *, seed: int = 7, interval_s: float = 5.0,
                 report_interval_s: float = 30.0, submission_interval_s: float = 60.0,
                 rates: WorkRates = DEFAULT_RATES, clock=time.monotonic, wall=now_ms) -> None:
        self.client = client
        self.demo = demo
        self.rng = random.Random(seed * 7919 + 1)
        self.interval_s = interval_s
        self.clock, self.wall = clock, wall
        self.reports = ReportGenerator(self.rng, demo)
        now = clock()
        self.schedule = ReportSchedule(self.rng, report_interval_s, start_s=now)
        collect_rng = random.Random(seed * 7919 + 2)
        self.submissions = SubmissionGenerator(collect_rng, demo.district)
        self.submission_schedule = ReportSchedule(collect_rng, submission_interval_s, start_s=now)
        self.workers = {
            w.id: SimWorker(w, Walker(demo.lattice, w.grid_code, random.Random(zlib.crc32(f'{seed}:{w.id}'.encode())),
                                      patrol_speed(w)),
                            next_fix=now + self.rng.uniform(0, interval_s), last_step=now)
            for w in demo.workers
        }
        self._roster = list(self.workers.values())
        self._grid_workers = [s for s in self._roster if s.worker.kind is WorkerKind.GRID_WORKER]
        self.crew = Crew(self.workers, random.Random(seed * 7919 + 3), rates, interval_s, self._send)
        self.state: State | None = None
        self.mismatch = ""
        self.sent = 0
        self.refused = 0
        self.calls: CallAnswerer | None = None  # set by answer_calls()
        self.on_phone: dict[str, float] = {}  # worker id -> until when the worker acts on their own phone
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

    def answer_calls(self, policy: AnswerPolicy) -> CallAnswerer:
        """Let the simulated workers take calls (synthetic camera and microphone)."""
        names = {wid: sim.worker.name for wid, sim in self.workers.items()}
        self.calls = CallAnswerer(self.client, names, self.workers.keys, policy=policy)
        return self.calls

    async def run(self) -> None:
        """Start, then tick on the real clock until cancelled."""
        await self.start()
        while True:
            self.tick(self.clock())
            await asyncio.sleep(TICK_S)

    def tick(self, now: float) -> None:
        """Send due positions (in frames of many fixes, as a gateway does), take due steps of work, file due
        reports and submissions."""
        fixes = [self._fix(sim, now) for sim in self._roster
                 if now >= sim.next_fix and not self._on_phone(sim.worker.id, now)]
        for i in range(0, len(fixes), FIXES_PER_FRAME):
            self._send_fixes(fixes[i:i + FIXES_PER_FRAME])
        self.crew.tick(now)
        for _ in range(self.schedule.due(now)):
            self._file_report()
        for _ in range(self.submission_schedule.due(now)):
            self._file_submission()

    # -- actions --------------------------------------------------------------------------------

    def _fix(self, sim: SimWorker, now: float) -> dict:
        lng, lat, speed, heading = sim.walker.step(now - sim.last_step)
        sim.last_step = now
        sim.next_fix = max(sim.next_fix + self.interval_s, now)
        return {"worker": sim.worker.id, "lng": round(lng, 7), "lat": round(lat, 7), "at": self.wall(),
                "speed": round(speed, 2), "heading": round(heading, 1)}

    def _send_fixes(self, fixes: list[dict]) -> None:
        """One ``position.batch``; a fix the relay refuses is handled as a refused command of its own."""
        self.sent += len(fixes)
        self.client.send_command("position.batch", {"fixes": fixes}).add_done_callback(
            lambda f: self._fixes_done(fixes, f))

    def _fixes_done(self, fixes: list[dict], future: asyncio.Future) -> None:
        if future.cancelled():
            return
        err = future.exception()
        if err is not None:  # the frame as a whole (E_RATE and E_OVERLOADED the client retries itself)
            self._refused("position.batch", {}, None, err)
            return
        for refused in future.result()["refused"]:
            self._refused("position.report", fixes[refused["i"]], None, CommandRefused(refused))

    def _file_report(self) -> None:
        now = self.clock()
        free = [s for s in self._grid_workers if s.free and not self._on_phone(s.worker.id, now)]
        if not free:
            return
        sim = self.rng.choice(free)
        lng, lat = sim.walker.position
        self._send("incident.report", self.reports.make(sim.worker, lng, lat))

    def _file_submission(self) -> None:
        sim = self.submissions.rng.choice(self._grid_workers)
        if self._on_phone(sim.worker.id, self.clock()):
            return
        args = self.submissions.make(sim.worker, self.state)
        if args is not None:
            self._send("submission.submit", args)

    def _on_phone(self, worker_id: str, now: float) -> bool:
        """Whether the worker is (as far as the relay last said) acting on their own phone."""
        return self.on_phone.get(worker_id, 0.0) > now

    def _send(self, op: str, args: dict, job: Job | None = None) -> None:
        worker = args.get("worker")
        if worker is not None and self._on_phone(worker, self.clock()):
            return
        self.sent += 1
        self.client.send_command(op, args).add_done_callback(lambda f: self._done(op, args, job, f))

    def _done(self, op: str, args: dict, job: Job | None, future: asyncio.Future) -> None:
        if future.cancelled():
            return
        self._refused(op, args, job, future.exception())

    def _refused(self, op: str, args: dict, job: Job | None, err: BaseException | None) -> None:
        if getattr(err, "code", "") == "E_ON_PHONE":  # the worker took over on their own phone: step aside quietly
            self.on_phone[args["worker"]] = self.clock() + ON_PHONE_BACKOFF_S
            log.debug("%s is on their own phone; not acting for them", args["worker"])
            if job is not None and job.live:
                self.crew.drop(job.sim, job.ref, self.clock())
            return
        if isinstance(err, CommandRefused | DomainError):
            self.refused += 1
            log.warning("relay refused %s: %s", op, err)
            if job is not None and job.live:
                self.crew.drop(job.sim, job.ref, self.clock())

    # -- relay events ---------------------------------------------------------------------------

    def _on_snapshot(self, snapshot: dict) -> None:
        self.state = State.from_snapshot(snapshot)
        missing = set(self.workers) - set(self.state.workers)
        if missing:
            self.mismatch = (f"district mismatch: {len(missing)} simulated workers are not on the relay's roster; "
                             "seed the database with the same --seed/--workers")
            return
        self.crew.reset(self.state, self.clock())

    def _on_events(self, events: list[Event]) -> None:
        now = self.clock()
        for event in events:
            apply(self.state, event)
            self.crew.on_event(event, now)
        if self.calls is not None:
            self.calls.on_events(events)


async def run_simulator(url: str, user: str, password: str, *, seed: int, workers: int, interval_s: float,
                        report_interval_s: float, submission_interval_s: float,
                        liaison: tuple[str, str] | None, transfer_interval_s: float,
                        answer: AnswerPolicy | None = None) -> None:
    """Generate the district, connect and simulate until cancelled; ``liaison`` (user, password) also
    runs the 12345 liaison bot; ``answer`` lets the workers take calls."""
    demo = generate_district(seed=seed, workers=workers)
    client = RelayClient(url, user, password)
    sim = FieldSimulator(client, demo, seed=seed, interval_s=interval_s, report_interval_s=report_interval_s,
                         submission_interval_s=submission_interval_s)
    if answer is not None:
        sim.answer_calls(answer)
    client.start()
    tasks = [sim.run()]
    if liaison is not None:
        tasks.append(run_liaison(url, *liaison, demo.district, seed=seed,
                                 transfer_interval_s=transfer_interval_s))
    try:
        await asyncio.gather(*tasks)
    finally:
        if sim.calls is not None:
            await sim.calls.close()
        await client.close()
