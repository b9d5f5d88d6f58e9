"""A throwaway operation declared only in the catalogue goes through a real relay: validated at the edge,
authorized by role, decided, committed and delivered — no other table had to learn about it."""

from __future__ import annotations

import pytest

from console.net.client import CommandRefused
from console.store.store import Store
from tests.catalogue_throwaway import DRILL, DRILL_PINGED
from tests.integration.harness import Recorder, run, running_relay, wait_until


async def refused(client: Recorder, **args) -> str:
    with pytest.raises(CommandRefused) as err:
        await client.cmd(DRILL, **args)
    return err.value.code


@pytest.mark.usefixtures("throwaway_operation")
def test_throwaway_operation_catalogue_through_a_real_relay(seeded_db):
    db_url, _ = seeded_db

    async def scenario():
        async with (running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk,
                    Recorder(relay.url, "c01") as chief):
            codes = {
                "count out of bounds": await refused(desk, note="点名", count=9),
                "blank note": await refused(desk, note="  ", count=1),
                "missing note": await refused(desk, count=1),
                "unknown field": await refused(desk, note="点名", count=1, extra=True),
                "role not listed": await refused(chief, note="点名", count=1),
            }
            ack = await desk.cmd(DRILL, note="点名", count=2)
            await wait_until(lambda: desk.of_type(DRILL_PINGED), what="the drill event at the desk")
            return codes, ack, desk.of_type(DRILL_PINGED)

    codes, ack, delivered = run(scenario())
    assert codes == {"count out of bounds": "E_FIELD", "blank note": "E_FIELD", "missing note": "E_FIELD",
                     "unknown field": "E_FIELD", "role not listed": "E_FORBIDDEN"}
    assert [(e.seq, e.actor, e.data["note"], e.data["count"]) for e in delivered] == [(ack["seq"], "d01", "点名", 2)]
    store = Store(db_url)
    logged = [(e.seq, e.type) for e in store.events_after(0, 1000)]
    store.dispose()
    assert logged == [(ack["seq"], DRILL_PINGED)], "only the good command was committed"
