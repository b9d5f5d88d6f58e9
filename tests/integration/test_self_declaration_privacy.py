"""居住登记 privacy over real relay connections: a resident's declared name, ID number and phone reach the
社区民警 of the address's 警格 and the grid worker its 核查 order goes to — in their snapshots, live events
and history — and nobody else: the dispatcher, the station chief, another grid worker and the field gateway
get 「已隐去（仅审核民警与核查网格员可见）」 in their place."""

from __future__ import annotations

import json

import pytest

from console.domain import events as ev
from console.domain.privacy import REDACTED
from console.services.demo_seed import FIELD_ACCOUNTS, GATEWAY_ACCOUNT
from tests.integration.ecode_harness import ID_FEMALE, SIGNER, call, running_public
from tests.integration.harness import Recorder, run, wait_until

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PHONE, NAME = "13800138000", "林晓梅"


def _setting(demo):
    """(address, the assigned worker's account, another worker's account): an address in m01's 警格 whose grid
    worker has a phone login."""
    officer = next(w for w in demo.workers if w.kind.value == "officer")  # m01
    police_grid = next(p for p in demo.district.police_grids if officer.grid_code in p.grid_codes)
    accounts = [w for w in demo.workers if w.kind.value == "grid_worker"][:FIELD_ACCOUNTS]
    for address in sorted(demo.district.addresses, key=lambda a: a.code):
        held = sorted(w.id for w in demo.workers if w.kind.value == "grid_worker" and w.grid_code == address.grid_code)
        if address.grid_code in police_grid.grid_codes and held and held[0] in {w.id for w in accounts}:
            other = next(w for w in accounts if w.id != held[0])
            return address, held[0].lower(), other.id.lower()
    raise AssertionError("no address in m01's 警格 held by a worker with a login")


def test_self_declaration_personal_data_only_for_its_officer_and_worker(seeded_db):
    db_url, demo = seeded_db
    address, assigned, other = _setting(demo)
    viewers = {"d01": "dispatcher", "c01": "chief", "m01": "officer", assigned: "assigned worker",
               other: "another worker", GATEWAY_ACCOUNT[0]: "gateway"}
    fields = {"name": NAME, "id_number": ID_FEMALE, "phone": PHONE, "move_in": "2024-03-01", "relation": "租住",
              "workplace": "某某物流公司"}

    def password(user: str) -> dict:
        return {"password": GATEWAY_ACCOUNT[1]} if user == GATEWAY_ACCOUNT[0] else {}

    async def scenario():
        async with running_public(db_url) as (relay, public):
            live = {u: Recorder(relay.url, u, **password(u)) for u in viewers}
            for r in live.values():
                await r.__aenter__()
            try:
                before = relay.writer.state.seq
                body = {"code": address.code, "s": SIGNER.sign(address.code), "fields": fields}
                status, _, answer = await call(public.port, "POST", "/e/api/declare", body)
                assert status == 201, answer
                await wait_until(lambda: relay.writer.state.orders, what="the 核查 order")
                last = relay.writer.state.seq
                for user in viewers:
                    if user != other:
                        await wait_until(lambda u=user: last in live[u].seqs, what=f"{user} caught up")
                seen = {u: {"live": [e.to_wire() for e in live[u].events if e.seq > before]} for u in viewers}
                for user in viewers:
                    async with Recorder(relay.url, user, **password(user)) as fresh:
                        seen[user]["snapshot"] = fresh.snapshots[0]
                    async with Recorder(relay.url, user, last_seq=before, **password(user)) as resumed:
                        await wait_until(lambda r=resumed, u=user: u == other or last in r.seqs, what=f"{user} history")
                        seen[user]["history"] = [e.to_wire() for e in resumed.events]
                return seen, answer["receipt"]
            finally:
                for r in live.values():
                    await r.__aexit__(None, None, None)

    seen, receipt = run(scenario(), timeout=90)
    reads = {u: {part: ID_FEMALE in json.dumps(got, ensure_ascii=False) for part, got in parts.items()}
             for u, parts in seen.items()}
    for user, role in viewers.items():
        expected = role in ("officer", "assigned worker")
        assert reads[user] == {"snapshot": expected, "live": expected, "history": expected}, (role, reads[user])
        text = json.dumps(seen[user], ensure_ascii=False)
        assert (NAME in text) is expected and (PHONE in text) is expected, role
    desk = seen["d01"]
    submitted = next(e for e in desk["live"] if e["type"] == ev.SUBMISSION_SUBMITTED)
    assert submitted["data"]["fields"]["id_number"] == REDACTED and submitted["data"]["fields"]["name"] == REDACTED
    assert submitted["data"]["fields"]["address_code"] == address.code  # where it is stays visible
    order = next(o for o in desk["snapshot"]["orders"] if o.get("declaration"))
    assert order["target"] == order["target_text"] == REDACTED
    sub = next(s for s in desk["snapshot"]["submissions"] if s["receipt"] == receipt)
    record = next(r for r in desk["snapshot"]["records"] if r["id"] == sub["record_id"])
    assert ID_FEMALE not in record["key"] and record["versions"][0]["fields"]["phone"] == REDACTED
    officer_sub = next(e for e in seen["m01"]["live"] if e["type"] == ev.SUBMISSION_SUBMITTED)
    assert officer_sub["data"]["fields"]["id_number"] == ID_FEMALE
    assert seen[other]["live"] == [] and seen[other]["history"] == []  # not its grid: it hears nothing of it
