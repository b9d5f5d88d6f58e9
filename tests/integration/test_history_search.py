"""Years of history without slowing down: a snapshot carries open work and the last days of closed work, older
incidents are searched and fetched through a real relay (paged, within the account's scope), and a command about
an old closed incident is still decided against it."""

from __future__ import annotations

import asyncio
import time

import pytest

from console.domain import events as ev
from console.domain.incidents import Incident
from console.domain.state import State, apply_all
from console.net.client import CommandRefused, QueryRefused, RelayClient
from console.services.demo_seed import DEMO_PASSWORD
from tests.integration.harness import Recorder, run, running_relay, wait_until

DAY_S = 86_400
OLD_VOIDED = 52  # more than a page (50) of old voided reports at one address


async def _client(url: str, user: str, password: str = DEMO_PASSWORD) -> RelayClient:
    client = RelayClient(url, user, password, subscribe=False)
    client.start()
    await client.wait_live()
    return client


@pytest.fixture
def old_history(seeded_db):
    """Ten days ago: one closed incident, one left open and many voided ones; all written through the relay.
    Yields (db url, demo, {"closed", "open", "voided"}: ids)."""
    db_url, demo = seeded_db
    address = demo.district.addresses[3]
    other = next(a for a in demo.district.addresses if a.grid_code != address.grid_code)
    ten_days_ago = time.time() - 10 * DAY_S

    async def scenario():
        async with running_relay(db_url, clock=lambda: ten_days_ago, closed_days=3) as relay, \
                Recorder(relay.url, "d01") as desk, Recorder(relay.url, "w0001") as worker:
            await desk.cmd("incident.report", category="200200", address_code=address.code, caller="13911110001",
                           narrative="楼道纠纷")
            await desk.cmd("incident.report", category="200100", address_code=other.code, narrative="仍未办结")
            await asyncio.gather(*(desk.cmd("incident.report", category="990000", address_code=address.code,
                                             caller=f"1370000{k:04d}") for k in range(OLD_VOIDED)))
            await wait_until(lambda: len(desk.of_type(ev.INCIDENT_REPORTED)) == OLD_VOIDED + 2, what="the reports")
            by_caller = {e.data["caller"]: e.data["incident"] for e in desk.of_type(ev.INCIDENT_REPORTED)}
            closed, still_open = by_caller.pop("13911110001"), by_caller.pop("")
            voided = list(by_caller.values())
            await desk.cmd("incident.accept", incident=closed)
            await desk.cmd("incident.dispatch", incident=closed, worker=worker.client.account["worker"])
            for op in ("incident.sign", "incident.arrive", "incident.feedback"):
                await worker.cmd(op, incident=closed, note="已调解")
            await desk.cmd("incident.verify", incident=closed, note="电话核实")
            await desk.cmd("incident.close", incident=closed, outcome="mediated", note="已调解")
            await asyncio.gather(*(desk.cmd("incident.void", incident=i, note="重复报警") for i in voided))
            await wait_until(lambda: len(desk.of_type(ev.INCIDENT_VOIDED)) == OLD_VOIDED, what="the voids")
            return {"closed": closed, "open": still_open, "voided": voided}

    return db_url, demo, address, run(scenario(), timeout=180)


def test_a_snapshot_leaves_out_old_closed_work_and_a_command_about_it_still_lands(old_history):
    db_url, _demo, address, ids = old_history

    async def scenario():
        async with running_relay(db_url, closed_days=3) as relay, Recorder(relay.url, "d01") as desk:
            await desk.cmd("incident.report", category="200200", address_code=address.code, narrative="今天的")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="today's report")
            fresh = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.void", incident=fresh, note="误报")
            async with Recorder(relay.url, "m01") as late:
                held = {i["id"] for i in late.snapshots[0]["incidents"]}
                assert ids["open"] in held and fresh in held  # open however old; closed today
                assert ids["closed"] not in held and not held & set(ids["voided"])
                # 补充 on the old closed incident: the relay loads it back and decides against it
                await desk.cmd("incident.note", incident=ids["closed"], note="当事人再次来电")
                await wait_until(lambda: late.of_type(ev.INCIDENT_NOTED), what="the note")
                with pytest.raises(CommandRefused) as refused:
                    await desk.cmd("incident.accept", incident=ids["closed"])
                assert refused.value.code == "E_TRANSITION"
                with pytest.raises(CommandRefused) as unknown:
                    await desk.cmd("incident.note", incident="JQ2020010100000001", note="无此警情")
                assert unknown.value.code == "E_NOT_FOUND"
                # the console folds its trimmed snapshot and that note without the incident: nothing breaks
                console = State.from_snapshot(late.snapshots[0])
                apply_all(console, late.events)
                assert ids["closed"] not in console.incidents and console.seq == late.events[-1].seq

    run(scenario())


def test_search_finds_old_incidents_by_number_address_and_caller_a_page_at_a_time(old_history):
    db_url, _demo, address, ids = old_history

    async def scenario():
        async with running_relay(db_url, closed_days=3) as relay:
            client = await _client(relay.url, "d01")
            try:
                by_number = await client.query("incidents.search", {"text": ids["closed"]})
                assert [i["id"] for i in by_number["items"]] == [ids["closed"]]
                assert by_number["items"][0]["history"] is True and by_number["more"] is False
                by_caller = await client.query("incidents.search", {"text": "13911110001"})
                assert [i["id"] for i in by_caller["items"]] == [ids["closed"]]
                first = await client.query("incidents.search", {"text": address.text})
                second = await client.query("incidents.search", {"text": address.text, "page": 1})
                assert len(first["items"]) == 50 and first["more"] is True
                assert second["page"] == 1 and second["more"] is False
                found = [i["id"] for i in first["items"] + second["items"]]
                assert sorted(found) == sorted([ids["closed"], *ids["voided"]])  # each once, newest first
                assert all(i["history"] for i in first["items"] + second["items"])
                still_open = await client.query("incidents.search", {"text": ids["open"]})
                assert still_open["items"][0]["history"] is False  # open work is in every snapshot
                before = await client.query("incidents.search", {"text": address.text,
                                                                 "end": int((time.time() - 20 * DAY_S) * 1000)})
                assert before["items"] == []
                detail = await client.query("incidents.get", {"incident": ids["closed"]})
                assert detail["status"] == "closed" and Incident.from_dict(detail).timeline[-1].action == "close"
                with pytest.raises(QueryRefused) as missing:
                    await client.query("incidents.get", {"incident": "JQ2020010100000001"})
                assert missing.value.code == "E_NOT_FOUND"
                with pytest.raises(QueryRefused) as bad:
                    await client.query("incidents.search", {"page": -1})
                assert bad.value.code == "E_FIELD"
            finally:
                await client.close()

    run(scenario())


def test_search_outside_the_accounts_scope_is_refused(old_history):
    db_url, demo, address, ids = old_history
    other_grid = next(g.code for g in demo.district.grids if g.code != address.grid_code)

    async def scenario():
        async with running_relay(db_url, closed_days=3) as relay, Recorder(relay.url, "a01") as admin:
            await admin.cmd("account.create", account="d09", role="dispatcher", password="Start-2026x",
                            scope={"grids": [other_grid]})
            client = RelayClient(relay.url, "d09", "Start-2026x", subscribe=False)
            client.start()
            await wait_until(lambda: client.connected.is_set(), what="d09 login")
            await client.change_password("Start-2026x", "Changed-2026y")
            worker = await _client(relay.url, "w0001")
            try:
                with pytest.raises(QueryRefused) as outside:
                    await client.query("incidents.search", {"grid": address.grid_code})
                assert outside.value.code == "E_FORBIDDEN" and "范围" in outside.value.error["zh"]
                mine = await client.query("incidents.search", {"text": address.text})
                assert mine["items"] == []  # the address lies outside its grid: nothing of it is listed
                with pytest.raises(QueryRefused) as foreign:
                    await client.query("incidents.get", {"incident": ids["closed"]})
                assert foreign.value.code == "E_FORBIDDEN"
                with pytest.raises(QueryRefused) as field:
                    await worker.query("incidents.search", {"text": ids["closed"]})
                assert field.value.code == "E_FORBIDDEN"
            finally:
                await client.close()
                await worker.close()

    run(scenario())


def test_the_risk_rules_still_count_incidents_the_relay_no_longer_holds(seeded_db):
    """两起治安警情 five days ago (voided, so out of every snapshot), a third now: 同一地址 7 天内 3 起 still fires."""
    db_url, demo = seeded_db
    address = demo.district.addresses[5]
    five_days_ago = time.time() - 5 * DAY_S

    async def scenario():
        async with running_relay(db_url, clock=lambda: five_days_ago, closed_days=3) as relay, \
                Recorder(relay.url, "d01") as desk:
            for _ in range(2):
                await desk.cmd("incident.report", category="200100", address_code=address.code)
            await wait_until(lambda: len(desk.of_type(ev.INCIDENT_REPORTED)) == 2, what="the reports")
            for e in desk.of_type(ev.INCIDENT_REPORTED):
                await desk.cmd("incident.void", incident=e.data["incident"], note="已处理")
            early = [e.data["incident"] for e in desk.of_type(ev.INCIDENT_REPORTED)]
        async with running_relay(db_url, closed_days=3) as relay, Recorder(relay.url, "d01") as desk:
            assert not set(early) & set(relay.writer.state.incidents)  # trimmed from the relay's memory too
            await desk.cmd("incident.report", category="200100", address_code=address.code)
            await wait_until(lambda: desk.of_type("warning.raised"), what="the hot-address warning")
            (warning,) = desk.of_type("warning.raised")
            assert warning.data["rule"] == "hot_address" and set(early) <= set(warning.data["evidence"])

    run(scenario())
