"""The part of the log a replay folds: read in seq order up to the first event later than the range's end."""

from __future__ import annotations

import json

import sqlalchemy as sa

from console.replay import log
from console.store import tables as t
from console.store.store import Store


def test_events_until_stops_at_the_first_later_event_and_skips_positions(db_url):
    store = Store(db_url)
    try:
        store.upgrade()
        # (seq, at, type): the clock steps back at seq 4; seq 3 is a position in the old layout
        rows = [(1, 10, "worker.duty_set"), (2, 20, "incident.reported"), (3, 25, "position.reported"),
                (4, 30, "incident.accepted"), (5, 26, "incident.dispatched"), (6, 40, "incident.signed")]
        with store.engine.begin() as conn:
            conn.execute(sa.insert(t.events), [{"seq": s, "at": a, "type": ty, "actor": "d01", "idem_key": None,
                                                "data": json.dumps({"n": s})} for s, a, ty in rows])

        def seqs(end_ms: int, after: int = 0) -> list[int]:
            return [e.seq for e in log.events_until(store, end_ms, after=after)]

        assert seqs(5) == []
        assert seqs(29) == [1, 2], "seq 5 (at 26) follows seq 4 (at 30): later than 29 by the running maximum"
        assert seqs(30) == [1, 2, 4, 5]
        assert seqs(30, after=2) == [4, 5]
        assert seqs(10**12) == [1, 2, 4, 5, 6]
        assert seqs(10**12, after=6) == []
        assert [e.data for e in log.events_until(store, 20)] == [{"n": 1}, {"n": 2}]
    finally:
        store.dispose()
