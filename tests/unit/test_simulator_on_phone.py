"""The field simulator steps aside, quietly, for a worker who acts on their own phone (E_ON_PHONE)."""

from __future__ import annotations

import asyncio
import logging

from console.field.district import generate_district
from console.field.simulator import ON_PHONE_BACKOFF_S, FieldSimulator
from console.net.client import CommandRefused


class StubClient:
    """Records commands; every one is answered by the test."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []
        self.on_snapshot = self.on_events = None

    def send_command(self, op: str, args: dict) -> asyncio.Future:
        self.sent.append((op, args))
        return asyncio.get_running_loop().create_future()


def test_simulator_skips_a_worker_on_their_phone(caplog):
    async def scenario():
        now = [100.0]
        client = StubClient()
        sim = FieldSimulator(client, generate_district(seed=3, workers=6), clock=lambda: now[0])
        worker = next(iter(sim.workers))
        refused = asyncio.get_running_loop().create_future()
        refused.set_exception(CommandRefused({"code": "E_ON_PHONE", "en": "on phone"}))
        with caplog.at_level(logging.WARNING, logger="console.field.simulator"):
            sim._done("position.report", {"worker": worker}, None, refused)
        sim._send("position.report", {"worker": worker, "lng": 0, "lat": 0})
        skipped = len(client.sent)
        now[0] += ON_PHONE_BACKOFF_S + 1
        sim._send("position.report", {"worker": worker, "lng": 0, "lat": 0})
        return skipped, len(client.sent), sim.refused

    skipped, later, refused = asyncio.run(scenario())
    assert skipped == 0 and later == 1  # left alone for a while, then tried again
    assert refused == 0 and not caplog.records  # quietly: not counted or logged as a refusal


def test_a_fix_refused_in_a_batch_as_on_the_phone_sets_that_worker_aside_and_other_refusals_are_counted(caplog):
    async def scenario():
        client = StubClient()
        sim = FieldSimulator(client, generate_district(seed=3, workers=6), clock=lambda: 100.0)
        first, second, third = list(sim.workers)[:3]
        fixes = [{"worker": w, "lng": 0, "lat": 0} for w in (first, second, third)]
        answered = asyncio.get_running_loop().create_future()
        answered.set_result({"t": "ack", "seq": 9, "refused": [{"i": 1, "code": "E_ON_PHONE", "en": "on phone"},
                                                             {"i": 2, "code": "E_FIELD", "en": "bad"}]})
        with caplog.at_level(logging.WARNING, logger="console.field.simulator"):
            sim._fixes_done(fixes, answered)
        return sim, first, second, third

    sim, first, second, third = asyncio.run(scenario())
    assert sim._on_phone(second, 100.0) and not sim._on_phone(first, 100.0) and not sim._on_phone(third, 100.0)
    assert sim.refused == 1 and len(caplog.records) == 1 and "E_FIELD" in caplog.records[0].getMessage()
