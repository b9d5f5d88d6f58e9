"""A commit whose answer is lost (the connection drops after COMMIT) did happen: the writer finds its events
when it reloads, hands them to the fan-out before anything newer, and answers the resent command as a duplicate."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy.exc import OperationalError

from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.workers import Role
from console.relay.writer import Pending, Writer
from console.store.store import Store

DESK = Actor("d01", Role.DISPATCHER)
NOW_MS = int(time.time() * 1000)


def test_a_commit_whose_answer_was_lost_is_published_once_and_its_resend_is_a_duplicate(seeded_db):
    db_url, demo = seeded_db
    address = demo.district.addresses[0].code
    store = Store(db_url)
    real_commit = store.commit
    lost = []

    def commit_then_lose_the_answer(*args, **kwargs):
        real_commit(*args, **kwargs)
        if not lost:
            lost.append(True)
            raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    store.commit = commit_then_lose_the_answer
    loop = asyncio.new_event_loop()
    try:
        writer = Writer(store, store.load_state(), clock=lambda: NOW_MS / 1000)
        head = writer.state.seq

        def pending(key: str) -> Pending:
            args = {"category": "200200", "address_code": address, "narrative": key}
            return Pending(DESK, key, "incident.report", args, loop.create_future())

        first = writer._process([pending("in-doubt")])
        second = writer._process([pending("next"), pending("in-doubt")])  # the client resends the unanswered one
        writer.shutdown()
    finally:
        loop.close()
        store.dispose()
    [(_, refused)] = first.outcomes
    assert isinstance(refused, DomainError) and refused.code == "E_STORE"
    published = first.events + second.events  # found by the reload after the failed commit
    assert [e.seq for e in published] == [head + 1, head + 2], "the lost commit's event goes out, once, in order"
    assert [e.data["narrative"] for e in published] == ["in-doubt", "next"]
    assert first.changes.incidents == {published[0].data["incident"]}, "with its change set (the fan-out's keys)"
    assert {p.key: o for p, o in second.outcomes} == {"next": (head + 2, False), "in-doubt": (head + 1, True)}
