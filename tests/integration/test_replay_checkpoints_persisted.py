"""Persisted replay checkpoints: a replay that starts from the nearest stored checkpoint shows, at every moment,
the state a fold of the whole log shows."""

from __future__ import annotations

import time

import pytest

from console.domain import events as ev
from console.replay import Replay, checkpoint_log
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until


@pytest.fixture
def long_log(seeded_db):
    """Forty-odd events over a few hundred ms: reports, accepts, duty, positions, a dispatch chain, closes."""
    db_url, demo = seeded_db
    addresses = demo.district.addresses

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker:
            wid = worker.client.account["worker"]
            await worker.cmd("worker.duty", on=True)
            for k in range(12):
                a = addresses[k % len(addresses)]
                await worker.cmd("position.report", lng=a.lng, lat=a.lat)
                await desk.cmd("incident.report", category="200200", priority=2, address_code=a.code,
                               caller=f"1391234{k:04d}")
                await wait_until(lambda k=k: len(desk.of_type(ev.INCIDENT_REPORTED)) == k + 1, what="the report")
                incident = desk.of_type(ev.INCIDENT_REPORTED)[-1].data["incident"]
                await desk.cmd("incident.accept", incident=incident)
                if k % 4 == 0:
                    await desk.cmd("incident.dispatch", incident=incident, worker=wid)
                    for op in ("incident.sign", "incident.arrive", "incident.feedback"):
                        await worker.cmd(op, incident=incident, note="已处置")
                    await desk.cmd("incident.verify", incident=incident, note="核实")
                    await desk.cmd("incident.close", incident=incident, outcome="handled", note="已处置")
                    closes = k // 4 + 1
                    await wait_until(lambda n=closes: len(desk.of_type(ev.INCIDENT_CLOSED)) == n, what="the close")
            return relay.writer.state.seq

    head = run(scenario())
    store = Store(db_url)
    yield store, head
    store.dispose()


def test_the_state_from_a_stored_checkpoint_and_a_short_fold_equals_the_full_fold(long_log):
    store, _head = long_log
    assert checkpoint_log.extend(store, every=7) >= 4
    assert checkpoint_log.extend(store, every=7) == 0  # up to date: nothing more to save
    stored = checkpoint_log.count(store)
    events = Replay(store, 1, int(time.time() * 1000) + 1, persisted=False)._events
    times = sorted({e.at for e in events})
    used = set()
    for start in times[len(times) // 4:: max(1, len(times) // 8)]:
        end = times[-1] + 1
        quick, full = Replay(store, start, end), Replay(store, start, end, persisted=False)
        used.add(quick.base_seq)
        assert len(quick._events) < len(full._events) or quick.base_seq == 0
        for t in (start, (start + end) // 2, end):
            assert quick.state_at(t) == full.state_at(t), (start, t)
        assert quick.marks() == full.marks()
        assert [e.seq for e in quick.events_between(start, end)] == [e.seq for e in full.events_between(start, end)]
    assert len(used - {0}) >= 2  # ranges started from different stored checkpoints
    assert checkpoint_log.count(store) == stored


def test_a_bounded_catch_up_goes_on_where_the_last_one_stopped(long_log, monkeypatch):
    store, _ = long_log
    monkeypatch.setattr(checkpoint_log, "PAGE", 5)
    assert checkpoint_log.extend(store, every=3, limit=5) == 1  # 5 events folded, a checkpoint after 3
    assert checkpoint_log.extend(store, every=3, limit=5) == 1  # on from that one: events 4..8, one after 6
    assert checkpoint_log.extend(store, every=3) >= 5  # the rest
    assert checkpoint_log.extend(store, every=3) == 0
    counts = [cp.events for cp in _all(store)]
    assert counts == list(range(3, 3 * len(counts) + 1, 3))  # as one unbounded run saves them


def _all(store: Store) -> list[checkpoint_log.Checkpoint]:
    from console.store import tables as t

    with store.engine.connect() as conn:
        rows = conn.execute(t.replay_checkpoints.select().order_by(t.replay_checkpoints.c.seq)).all()
    return [checkpoint_log.Checkpoint(r.seq, r.at, r.events, r.body) for r in rows]


def test_a_checkpoint_of_another_layout_is_ignored(long_log, monkeypatch):
    store, _ = long_log
    checkpoint_log.extend(store, every=5)
    end = int(time.time() * 1000) + 1
    assert Replay(store, end - 1, end).base_seq > 0
    monkeypatch.setattr(checkpoint_log, "FORMAT", checkpoint_log.FORMAT + 1)  # an upgrade changed the state's types
    replay = Replay(store, end - 1, end)
    assert replay.base_seq == 0
    assert replay.state_at(end) == Replay(store, end - 1, end, persisted=False).state_at(end)


def test_after_an_upgrade_the_checkpoints_are_rebuilt_at_the_same_seqs(long_log, monkeypatch):
    """The older layout's rows at those seqs are replaced, not left in the way (the rebuild used to save none)."""
    store, _ = long_log
    checkpoint_log.extend(store, every=5)
    before = checkpoint_log.count(store)
    monkeypatch.setattr(checkpoint_log, "FORMAT", checkpoint_log.FORMAT + 1)  # an upgrade changed the state's types
    assert checkpoint_log.count(store) == 0
    checkpoint_log.extend(store, every=5)
    end = int(time.time() * 1000) + 1
    assert checkpoint_log.count(store) == before > 0
    assert Replay(store, end - 1, end).base_seq > 0  # the replay starts from one of them again


def test_jingwang_db_checkpoints_builds_them_and_a_second_run_adds_none(long_log, capsys):
    from console.cli import main

    store, _ = long_log
    assert main(["db", "checkpoints", "--db", store.url, "--every", "10"]) == 0
    first = capsys.readouterr().out
    assert main(["db", "checkpoints", "--db", store.url, "--every", "10"]) == 0
    assert first.split()[0] != "0" and capsys.readouterr().out.startswith("0 new replay checkpoints")


def test_from_the_start_fills_in_the_checkpoints_a_smaller_interval_adds(long_log, capsys):
    """After an upgrade made them denser (``db checkpoints --from-start``): those stored stay, the missing ones
    between them are saved, and the result is what one run at the smaller interval saves."""
    from console.cli import main

    store, _ = long_log
    checkpoint_log.extend(store, every=6)
    sparse = [(cp.seq, cp.body) for cp in _all(store)]
    assert main(["db", "checkpoints", "--db", store.url, "--every", "3"]) == 0
    assert capsys.readouterr().out.startswith("0 new"), "without --from-start it only goes on from the last one"
    assert main(["db", "checkpoints", "--db", store.url, "--every", "3", "--from-start"]) == 0
    added = int(capsys.readouterr().out.split()[0])
    dense = [(cp.seq, cp.body) for cp in _all(store)]
    assert added == len(dense) - len(sparse) >= len(sparse) - 1
    assert set(sparse) <= set(dense)
    assert [cp.events for cp in _all(store)] == list(range(3, 3 * len(dense) + 1, 3))
