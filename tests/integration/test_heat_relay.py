"""人流热力 through a real relay: e码 page views are counted per plate and hour and committed without sender
data, on-duty positions and incidents are folded, and the console's ``heat.day`` query reads them back."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain import station_time
from console.domain.clock import now_ms
from console.domain.heat import HeatDay, HeatSource, cell_of
from console.net.client import QueryRefused
from tests.integration.ecode_harness import SIGNER, call, running_public
from tests.integration.harness import Recorder, run, wait_until

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_scans_positions_and_incidents_read_back_as_heat(seeded_db):
    db_url, demo = seeded_db
    address = sorted(demo.district.addresses, key=lambda a: a.code)[0]
    worker = next(w for w in demo.workers if w.kind.value == "grid_worker")
    other = next(w for w in demo.workers if w.kind.value == "grid_worker" and w.id != worker.id)
    lng, lat = address.lng + 0.003, address.lat + 0.002

    async def scenario():
        async with running_public(db_url) as (relay, public), Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, worker.id.lower()) as phone, Recorder(relay.url, other.id.lower()) as idle:
            page = f"/e/{address.code}?s={SIGNER.sign(address.code)}"
            for _ in range(3):
                assert (await call(public.port, "GET", page))[0] == 200
            assert (await call(public.port, "GET", f"/e/{address.code}?s=bad"))[0] == 400  # not counted
            assert await public.api.flush_scans() == 3  # what the listener does once a minute
            assert await public.api.flush_scans() == 0, "counted once"
            await phone.cmd("worker.duty", on=True)
            for k in range(3):  # one minute apart is not needed: the fold counts minutes of relay time
                await phone.cmd("position.report", lng=lng, lat=lat, at=now_ms() - k)
            await idle.cmd("position.report", lng=lng, lat=lat, at=now_ms())  # off duty: not counted
            await desk.cmd("incident.report", category="200200", priority=2, address_code=address.code,
                           caller="13912345678", narrative="测试")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED) and desk.of_type(ev.ECODE_SCANNED))
            today = station_time.day_of(now_ms()).isoformat()
            heat = HeatDay.from_dict(await desk.client.query("heat.day", {"first": today, "last": today}))
            with pytest.raises(QueryRefused) as refused:
                await phone.client.query("heat.day", {"first": today, "last": today})
            with pytest.raises(QueryRefused) as bad:
                await desk.client.query("heat.day", {"first": today, "last": "2020-01-01"})
            return desk.of_type(ev.ECODE_SCANNED), heat, refused.value, bad.value

    scanned, heat, refused, bad = run(scenario())
    assert len(scanned) == 1 and scanned[0].actor == "public"
    assert set(scanned[0].data) == {"hour_at", "counts"} and scanned[0].data["counts"] == {address.code: 3}
    hour = station_time.local(scanned[0].data["hour_at"]).hour
    assert heat.cells(HeatSource.SCANS, hour) == {cell_of(address.lng, address.lat): 3}
    assert heat.total(HeatSource.INCIDENTS) == 1
    people = {cell: n for h in heat.bins["people"] for cell, n in h.items()}
    assert people.get(cell_of(lng, lat), 0) >= 1 and sum(people.values()) <= 2, people  # 3 fixes, 1–2 minutes
    assert refused.code == "E_FORBIDDEN" and "人流热力" in refused.error["zh"]
    assert bad.code == "E_FIELD" and "早于" in bad.error["zh"]
