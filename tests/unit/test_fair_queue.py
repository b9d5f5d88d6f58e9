"""The writer's queue under pressure, on a fake clock: a time budget, commands before positions,
positions coalesced per worker, and the signal to shed new positions."""

from __future__ import annotations

import asyncio

import pytest

from console.domain.decide import Actor
from console.domain.errors import DomainError
from console.domain.places import District
from console.domain.state import State
from console.domain.workers import Role
from console.relay.fair_queue import BATCH_S, HOLD_S, MIN_BATCH, FairQueue
from console.relay.writer import Writer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def queue(clock: Clock, budget_s: float = 0.5, **kwargs) -> FairQueue[str]:
    async def make() -> FairQueue[str]:  # its events belong to a loop
        return FairQueue(kwargs.pop("maxsize", 10_000), kwargs.pop("per_owner", 5000), budget_s=budget_s, clock=clock)
    return asyncio.run(make())


def test_an_item_older_than_the_budget_is_expired_not_taken():
    clock = Clock()
    q = queue(clock)
    q.put("desk", "old")
    q.put("gateway", "old fix", bulk=True, key="W1")
    clock.now += 0.4
    q.put("desk", "young")
    clock.now += 0.2  # "old" and "old fix" waited 0.6 s, "young" 0.2 s
    batch, expired = q.take(100)
    assert batch == ["young"]
    assert expired == ["old", "old fix"]
    assert q.qsize() == 0 and q.queued("W1") is None


def test_commands_are_taken_before_thousands_of_positions():
    clock = Clock()
    q = queue(clock)
    for i in range(3000):
        q.put(f"gateway{i % 3}", f"fix{i}", bulk=True, key=f"W{i}")
    q.put("desk", "note")
    batch, expired = q.take(1000)
    assert batch[0] == "note" and len(batch) == 1000 and not expired
    # the positions that made it are served in turn across the three gateways
    assert batch[1:4] == ["fix0", "fix1", "fix2"]
    assert q.qsize() == 2001


def test_positions_of_one_worker_coalesce_newest_wins():
    clock = Clock()
    q = queue(clock)
    assert q.put("gw", "W1 first", bulk=True, key="W1") is None
    q.put("gw", "W2 only", bulk=True, key="W2")
    clock.now += 0.3
    assert q.put("gw", "W1 second", bulk=True, key="W1", coalesce=True) == "W1 first"
    clock.now += 0.3  # the slot took the second fix's arrival: it has waited 0.3 s, within the budget
    assert q.put("other connection", "W1 third", bulk=True, key="W1", coalesce=True) == "W1 second"
    assert q.qsize() == 2
    batch, expired = q.take(10)
    assert batch == ["W1 third"] and expired == ["W2 only"]


def test_without_pressure_every_fix_is_kept_and_commands_never_coalesce():
    clock = Clock()
    q = queue(clock)
    q.put("desk", "a", key="same", coalesce=True)
    q.put("desk", "b", key="same", coalesce=True)
    q.put("phone", "track 1", bulk=True, key="W1")
    assert not q.pressed()
    q.put("phone", "track 2", bulk=True, key="W1")
    assert q.queued("W1") == "track 2"  # a later coalescing would replace the newest
    assert q.take(10) == (["a", "b", "track 1", "track 2"], [])
    assert q.queued("W1") is None


def test_overloaded_when_positions_waited_past_half_the_budget_or_the_lane_is_deeper_than_it_drains():
    clock = Clock()
    q = queue(clock, budget_s=0.5)
    for i in range(300):
        q.put("gw", i, bulk=True, key=i)
    assert not q.overloaded()  # nothing measured yet
    clock.now += 0.3
    q.take(100)  # the oldest taken waited 0.3 s > 0.25 s
    assert q.lag_s == pytest.approx(0.3) and q.overloaded()
    clock.now += 0.1  # 100 positions took 0.1 s: the writer drains 1000/s
    q.take(100)
    clock.now += 0.1
    q.take(50)
    assert q.rate == pytest.approx(1000.0)
    for i in range(300, 540):  # 290 waiting, more than 0.25 s of draining at 1000/s
        q.put("gw", i, bulk=True, key=i)
    q.lag_s = 0.0
    assert q.overloaded()
    q.take(100)
    q.lag_s = 0.0
    assert not q.overloaded() and q.pressed()  # 190 waiting: within half the budget, past a quarter of it


def test_a_batch_holds_about_fifty_ms_of_positions_less_with_a_command_and_shutdown_takes_everything():
    clock = Clock()
    q = queue(clock, budget_s=60)
    for i in range(5000):
        q.put(f"gw{i % 2}", i, bulk=True)
    q.put("desk", "note")
    assert len(q.take(1000)[0]) == 1000  # the drain rate is not known yet
    clock.now += 0.25
    assert len(q.take(1000)[0]) == 1000  # 999 positions took 0.25 s: about 4,000/s
    q.put("desk", "another")
    batch, _ = q.take(1000)
    assert batch[0] == "another" and len(batch) == 1 + MIN_BATCH  # with a command: a quarter of that, >= MIN_BATCH
    batch, _ = q.take(1000)
    assert len(batch) == int(999 / 0.25 * BATCH_S)  # positions only: 50 ms of them
    assert len(q.drain_all()) == 5002 - 2000 - (1 + MIN_BATCH) - int(999 / 0.25 * BATCH_S)


def test_pressure_builds_while_the_writer_is_busy_and_ends_when_the_positions_are_gone():
    clock = Clock()
    q = queue(clock, budget_s=0.4)
    clock.now += 10  # idle for a while
    q.put("gw", "a", bulk=True, key="W1")
    assert not q.pressed()
    clock.now += 0.11  # the writer has not taken anything for 110 ms
    assert q.pressed() and not q.overloaded()
    clock.now += 0.1
    assert q.overloaded()
    q.take(10)
    assert q.lag_s == pytest.approx(0.21) and not q.overloaded()  # nothing waits
    q.put("gw", "b", bulk=True, key="W1")
    assert not q.pressed()


def test_a_sender_of_positions_is_held_once_its_oldest_waited_and_read_again_as_the_writer_takes_its_own():
    clock = Clock()

    async def scenario():
        q = FairQueue(10_000, 5000, budget_s=60, clock=clock)
        assert not q.held("gw0")  # nothing waiting: read
        for i in range(300):
            q.put("gw0", ("gw0", i), bulk=True)
        clock.now += HOLD_S / 2
        q.put("gw1", ("gw1", 0), bulk=True)
        assert not q.held("gw0") and not q.held("gw1")  # however many: none has waited HOLD_S yet
        clock.now += HOLD_S / 2 + 0.001
        assert q.held("gw0") and not q.held("gw1")  # gw0's oldest has, gw1's has not
        assert not q.held("gw2")  # a sender with nothing waiting is read: it gets its turn
        waiting = asyncio.ensure_future(q.relieved("gw0", timeout=60))
        await asyncio.sleep(0)
        assert not waiting.done()
        batch, _ = q.take(4)  # in turn: gw0's first, gw1's, then gw0's next two
        assert batch == [("gw0", 0), ("gw1", 0), ("gw0", 1), ("gw0", 2)]
        assert q.held("gw0")  # its oldest left arrived with the others: still past HOLD_S
        q.take(1000)
        clock.now += 1
        q.put("gw0", "new", bulk=True)
        await asyncio.wait_for(waiting, 1)  # taken: its next oldest arrived just now
        for i in range(100):
            q.put("gw0", i, bulk=True)
        clock.now += HOLD_S + 0.001
        assert not q.held("gw0")  # waited, but no more than the last take could hold (1000): the writer gets a batch
        q.take(100)
        for i in range(100):
            q.put("gw0", i, bulk=True)
        assert q.held("gw0")  # more than a batch of 100 waits, the oldest for HOLD_S
        began = clock.now
        await q.relieved("gw0", timeout=0.01)  # no take comes: it is read anyway after the timeout
        assert clock.now == began and q.held("gw0")

    asyncio.run(scenario())


def test_owner_share_and_total_still_bound_the_queue():
    clock = Clock()
    q = queue(clock, maxsize=3, per_owner=2)
    q.put("a", 1)
    q.put("a", 2)
    with pytest.raises(DomainError) as share:
        q.put("a", 3)
    q.put("b", 4, bulk=True, key="W")
    with pytest.raises(DomainError) as full:
        q.put("c", 5)
    assert share.value.code == "E_RATE" and full.value.code == "E_OVERLOADED"
    assert q.put("b", 6, bulk=True, key="W", coalesce=True) == 4  # coalescing needs no room


GATEWAY = Actor("fieldsim", Role.FIELD_GATEWAY)


def test_writer_answers_a_superseded_position_as_its_survivor_and_sheds_positions_when_overloaded():
    clock = Clock()

    async def scenario():
        writer = Writer(None, State(District("测试街道", "320508019"), {}), queue_budget_s=0.5, monotonic=clock)
        fix = {"worker": "W1", "lng": 120.6, "lat": 31.3}
        first = writer.submit(GATEWAY, "k1", "position.report", {**fix, "at": 1000})
        clock.now += 0.2  # the writer has not taken it for 200 ms: under pressure
        second = writer.submit(GATEWAY, "k2", "position.report", {**fix, "at": 2000})
        late = writer.submit(GATEWAY, "k0", "position.report", {**fix, "at": 500})  # an older fix arriving late
        assert writer.queue.qsize() == 1 and writer.queue.queued(("fieldsim", "W1")).key == "k2"
        batch, _ = writer.queue.take(10)
        batch[0].future.set_result((7, False))
        writer.submit(GATEWAY, "k4", "position.report", {**fix, "worker": "W3"})
        writer.queue.lag_s = 0.4  # positions now wait past half the budget
        with pytest.raises(DomainError) as shed:
            writer.admit("position.report")
        writer.admit("incident.note")  # commands are never shed at the edge
        return await first, await second, await late, shed.value, writer.overload

    first, second, late, shed, counts = asyncio.run(scenario())
    assert second == (7, False) and first == (7, True) and late == (7, True)
    assert shed.code == "E_OVERLOADED" and shed.extra["retry_after"] == 0.5 and "定位暂不受理" in shed.zh
    assert counts == {"expired": 0, "shed": 1, "coalesced": 2}
