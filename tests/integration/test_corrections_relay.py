"""补充, 改类, 改级, 改址 and 办结 with a 处理结果 through a real relay: validated, authorized, committed,
fanned out and stored — a new desk's snapshot shows the corrected incident with its history."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain.incidents import Incident
from console.net.client import CommandRefused
from tests.integration.harness import Recorder, run, running_relay, wait_until


def test_corrections_and_closing_through_a_real_relay(seeded_db):
    db_url, demo = seeded_db
    first, moved = demo.district.addresses[0], next(a for a in demo.district.addresses
                                                    if a.grid_code != demo.district.addresses[0].grid_code)

    async def scenario():
        async with (running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk,
                    Recorder(relay.url, "c01") as chief, Recorder(relay.url, "w0001") as worker):
            await desk.cmd("incident.report", category="200200", priority=3, address_code=first.code,
                           narrative="邻里纠纷", accept=True)
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="the report")
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            with pytest.raises(CommandRefused) as refused:
                await worker.cmd("incident.report", category="200200", address_code=first.code, accept=True)
            assert refused.value.code == "E_FORBIDDEN"
            await chief.cmd("incident.note", incident=incident, note="报警人再次来电")
            await desk.cmd("incident.recategorize", incident=incident, category="200100", note="已动手")
            await desk.cmd("incident.reprioritize", incident=incident, priority=1, note="有人受伤")
            await desk.cmd("incident.readdress", incident=incident, address_code=moved.code, note="说错门牌")
            with pytest.raises(CommandRefused) as refused:
                await desk.cmd("incident.close", incident=incident, note="未选结果")
            assert refused.value.code == "E_FIELD"
            await wait_until(lambda: desk.of_type(ev.INCIDENT_READDRESSED), what="the corrections")
            async with Recorder(relay.url, "d02") as later:
                snap = next(i for i in later.snapshots[-1]["incidents"] if i["id"] == incident)
            return Incident.from_dict(snap)

    inc = run(scenario())
    assert (inc.status.value, inc.category, inc.priority) == ("accepted", "200100", 1)
    assert (inc.address_code, inc.grid_code) == (moved.code, moved.grid_code)
    assert [(t.action, t.actor) for t in inc.timeline] == [
        ("report", "d01"), ("accept", "d01"), ("note", "c01"), ("recategorize", "d01"), ("reprioritize", "d01"),
        ("readdress", "d01")]
    assert inc.timeline[2].note == "报警人再次来电" and inc.timeline[-1].note.endswith("说错门牌")
