"""A simulated department liaison: the 12345 platform signing for, answering and returning referrals.

It logs in as a liaison account (department ``*`` hears every referral), acts only through the
relay, and from time to time transfers a citizen's call from 12345 into the 110 queue.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from dataclasses import dataclass

from console.domain import events as ev
from console.domain.events import Event
from console.domain.incidents import ReferralStatus, Status
from console.domain.places import District
from console.field.agenda import Agenda
from console.field.hotline import TransferGenerator, department_feedback, handling_unit, return_opinion
from console.field.reports import ReportSchedule
from console.net.client import CommandRefused, RelayClient

log = logging.getLogger(__name__)

TICK_S = 0.5
SIGN_WITHIN_S = (10.0, 60.0)
ANSWER_WITHIN_S = (60.0, 600.0)


@dataclass(slots=True, eq=False)
class ReferralJob:
    """One referral the bot is working: sign for it, then answer or return it."""

    incident_id: str
    department: str
    stage: str  # "sign" -> "answer"
    live: bool = True


class LiaisonBot:
    """Works every referral the relay tells ``client``'s liaison account about; pushes 12345 transfers."""

    def __init__(self, client: RelayClient, district: District, *, seed: int = 7,
                 transfer_interval_s: float = 300.0, return_rate: float = 0.1, clock=time.monotonic) -> None:
        self.client = client
        self.rng = random.Random(seed * 104_729 + 12345)
        self.return_rate = return_rate
        self.clock = clock
        self.agenda: Agenda[ReferralJob] = Agenda()
        self.jobs: dict[str, ReferralJob] = {}
        self.answered: set[str] = set()  # referrals this bot fed back: a rework brings them back
        self.schedule = ReportSchedule(self.rng, transfer_interval_s, start_s=clock())
        self.transfers = TransferGenerator(self.rng, district)  # a liaison's snapshot lists no addresses
        self.refused = 0
        client.on_snapshot = self._on_snapshot
        client.on_events = self._on_events

    async def run(self) -> None:
        """Wait for the relay's snapshot, then tick on the real clock until cancelled."""
        await self.client.wait_live(timeout=60)
        while True:
            self.tick(self.clock())
            await asyncio.sleep(TICK_S)

    def tick(self, now: float) -> None:
        """Take every due step and push the transfers that fell due."""
        for job in self.agenda.due(now):
            if job.live:
                self._step(job, now)
        for _ in range(self.schedule.due(now)):
            self._send("incident.report", self.transfers.make())

    # -- referrals ------------------------------------------------------------------------------

    def _take(self, incident_id: str, department: str, stage: str, now: float) -> None:
        self._drop(incident_id)
        job = self.jobs[incident_id] = ReferralJob(incident_id, department, stage)
        self.agenda.at(now + self.rng.uniform(*(SIGN_WITHIN_S if stage == "sign" else ANSWER_WITHIN_S)), job)

    def _drop(self, incident_id: str) -> None:
        job = self.jobs.pop(incident_id, None)
        if job is not None:
            job.live = False

    def _step(self, job: ReferralJob, now: float) -> None:
        rng = self.rng
        if job.stage == "sign":
            self._send("referral.sign", {"incident": job.incident_id}, job)
            job.stage = "answer"
            self.agenda.at(now + rng.uniform(*ANSWER_WITHIN_S), job)
            return
        if rng.random() < self.return_rate:
            self._send("referral.return", {"incident": job.incident_id,
                                           "note": return_opinion(rng, job.department)}, job)
        else:
            self._send("referral.feedback", {"incident": job.incident_id,
                                             "note": department_feedback(rng, job.department),
                                             "unit": handling_unit(rng, job.department)}, job)
            self.answered.add(job.incident_id)
        self._drop(job.incident_id)

    # -- relay ----------------------------------------------------------------------------------

    def _send(self, op: str, args: dict, job: ReferralJob | None = None) -> None:
        self.client.send_command(op, args).add_done_callback(lambda f: self._done(op, job, f))

    def _done(self, op: str, job: ReferralJob | None, future: asyncio.Future) -> None:
        if future.cancelled() or not isinstance(future.exception(), CommandRefused):
            return
        self.refused += 1
        log.warning("relay refused %s: %s", op, future.exception())
        if job is not None and self.jobs.get(job.incident_id) is job:
            self._drop(job.incident_id)

    def _on_snapshot(self, snapshot: dict) -> None:
        """Resume the referrals still waiting for a department: unsigned ones, and those signed by this account."""
        for job in self.jobs.values():
            job.live = False
        self.jobs.clear()
        now = self.clock()
        for inc in snapshot["incidents"]:
            referral = inc.get("referral")
            if inc["status"] != Status.REFERRED.value or not referral:
                continue
            if referral["status"] == ReferralStatus.PUSHED.value:
                self._take(inc["id"], referral["department"], "sign", now)
            elif referral["status"] == ReferralStatus.SIGNED.value and referral["signed_by"] == self.client.user:
                self._take(inc["id"], referral["department"], "answer", now)

    def _on_events(self, events: list[Event]) -> None:
        now = self.clock()
        for event in events:
            data = event.data
            if event.type == ev.INCIDENT_REFERRED:
                self._take(data["incident"], data["department"], "sign", now)
            elif event.type == ev.INCIDENT_REWORKED and data["incident"] in self.answered:
                self.answered.discard(data["incident"])
                self._take(data["incident"], data["department"], "answer", now)  # the answer was not enough
            elif event.type in (ev.REFERRAL_SIGNED, ev.REFERRAL_FEEDBACK, ev.REFERRAL_RETURNED) \
                    and event.actor != self.client.user:
                self._drop(data["incident"])  # another liaison of the department took it


async def run_liaison(url: str, user: str, password: str, district: District, *, seed: int,
                      transfer_interval_s: float) -> None:
    """Connect as the liaison account and work referrals until cancelled, transferring calls at addresses
    of ``district``; gives up if it cannot log in."""
    client = RelayClient(url, user, password)
    bot = LiaisonBot(client, district, seed=seed, transfer_interval_s=transfer_interval_s)
    client.start()
    try:
        await bot.run()
    except TimeoutError:
        log.error("liaison %s did not get live on %s (wrong password or no such account?); referrals stay open",
                  user, url)
    finally:
        await client.close()
