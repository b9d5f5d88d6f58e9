"""Slots: a connection's commands in flight, taken without a coroutine while one is free."""

from __future__ import annotations

import asyncio

from console.relay.limits import Slots


def test_a_full_set_of_slots_waits_for_one_to_be_given_back():
    async def scenario():
        slots = Slots(2)
        assert slots.try_take() and slots.try_take() and not slots.try_take()
        waiting = asyncio.create_task(slots.take())
        await asyncio.sleep(0)
        assert not waiting.done()
        slots.give()
        await asyncio.wait_for(waiting, 1)
        return slots.free

    assert asyncio.run(scenario()) == 0
