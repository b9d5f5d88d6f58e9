"""Years of history without slowing down, for orders and records: a snapshot (and the relay's state) leaves out
finished orders and 失效 disputes and hazards older than the last days, keeps open work, a done 核查 inside the
duplicate-check window and every person, house and unit; a command about trimmed work is decided against it."""

from __future__ import annotations

import time

import pytest

from console.domain import events as ev
from console.domain.state import DAY_MS, State, apply_all, trim_closed
from console.net.client import CommandRefused
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until

DAY_S = 86_400


@pytest.fixture
def old_work(seeded_db):
    """Ten days ago, through the relay: a visit done, a 核查 done, a patrol cancelled, a visit left open, a hazard
    accepted then made 失效 and one left effective. Yields (db url, demo, {name: id})."""
    db_url, demo = seeded_db
    grids = set(demo.district.police_grids[0].grid_codes)  # m01 is the officer of the first 警格
    worker = next(w for w in demo.workers if w.grid_code in grids and w.id.lower().startswith("w"))
    home = next(a for a in demo.district.addresses if a.grid_code == worker.grid_code)
    ten_days_ago = time.time() - 10 * DAY_S

    async def scenario():
        async with running_relay(db_url, clock=lambda: ten_days_ago, closed_days=3) as relay, \
                Recorder(relay.url, "d01") as desk, Recorder(relay.url, worker.id.lower()) as field, \
                Recorder(relay.url, "m01") as officer:
            ids = {}
            for name, kind in (("visit", "visit"), ("check", "verify_house"), ("patrol", "patrol"),
                               ("open", "visit")):
                ack = await desk.cmd("order.issue", worker=worker.id, kind=kind, target=home.code, due_hours=8)
                await wait_until(lambda s=ack["seq"]: any(e.seq == s for e in desk.events), what="the order")
                ids[name] = next(e for e in desk.events if e.seq == ack["seq"]).data["order"]
            for name in ("visit", "check"):
                await field.cmd("order.sign", order=ids[name])
                await field.cmd("order.feedback", order=ids[name], note="已走访，情况属实", confirmed=True)
            await desk.cmd("order.cancel", order=ids["patrol"], note="重复派单")
            for name in ("gone", "kept"):
                ack = await field.cmd("submission.submit", kind="hazard", fields={
                    "type": "公共安全", "description": f"井盖缺失 {name}", "address_code": home.code})
                await wait_until(lambda s=ack["seq"]: any(e.seq == s for e in officer.events), what="the submission")
                sub = next(e for e in officer.events if e.seq == ack["seq"]).data
                await officer.cmd("submission.accept", submission=sub["submission"], note="属实")
                ids[name] = sub["record"]
            await officer.cmd("record.invalidate", record=ids["gone"], note="已修复")
            await wait_until(lambda: desk.of_type(ev.RECORD_INVALIDATED), what="the invalidation")
            return ids

    return db_url, demo, worker, run(scenario(), timeout=120)


def test_a_snapshot_leaves_out_old_finished_orders_and_void_records_and_commands_load_them_back(old_work):
    db_url, _demo, worker, ids = old_work

    async def scenario():
        async with running_relay(db_url, closed_days=3) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, worker.id.lower()) as field, Recorder(relay.url, "m01") as officer:
            orders = {o["id"] for o in desk.snapshots[0]["orders"]}
            records = {r["id"] for r in desk.snapshots[0]["records"]}
            assert orders == {ids["open"], ids["check"]}, "open work, and a 核查 the duplicate check still reads"
            assert ids["kept"] in records and ids["gone"] not in records
            assert set(relay.writer.state.orders) == orders and ids["gone"] not in relay.writer.state.records
            assert relay.writer.state.verifications, "the 核查 of ten days ago is still found"
            # commands about trimmed work: decided against it, loaded back from the projection
            with pytest.raises(CommandRefused) as cancelled:
                await field.cmd("order.sign", order=ids["patrol"])
            assert cancelled.value.code == "E_TRANSITION"
            with pytest.raises(CommandRefused) as void:
                await officer.cmd("record.invalidate", record=ids["gone"], note="再次失效")
            assert void.value.code == "E_TRANSITION"
            with pytest.raises(CommandRefused) as unknown:
                await field.cmd("order.sign", order="RW2020010100000001")
            assert unknown.value.code == "E_NOT_FOUND"
            # a new version of the old hazard lands on that record; consoles without it fold the event
            await field.cmd("submission.submit", kind="hazard", record=ids["gone"], fields={
                "type": "公共安全", "description": "井盖又缺失", "address_code": relay.writer.state.records[
                    ids["gone"]].versions[0].fields["address_code"]})
            await wait_until(lambda: desk.of_type(ev.SUBMISSION_SUBMITTED), what="the new version")
            assert [v.status.value for v in relay.writer.state.records[ids["gone"]].versions] == [
                "invalid", "pending"]
            console = State.from_snapshot(desk.snapshots[0])
            apply_all(console, desk.events)
            assert console.records[ids["gone"]].versions[-1].fields["description"] == "井盖又缺失"
            assert console.seq == desk.events[-1].seq

    run(scenario())


def test_the_trimmed_load_equals_trimming_the_full_state(old_work):
    db_url, _demo, _worker, ids = old_work
    store = Store(db_url)
    try:
        since = int(time.time() * 1000) - 3 * DAY_MS
        loaded, full = store.load_state(since), store.load_state()
        assert trim_closed(full, since) >= 3
        assert set(loaded.orders) == set(full.orders) == {ids["open"], ids["check"]}
        assert set(loaded.records) == set(full.records) and ids["gone"] not in loaded.records
        assert loaded.records_by_key == full.records_by_key
        # a 核查 window shorter than ten days lets the done 核查 go too
        store.rules = type(store.rules)(verify_window_ms=DAY_MS)
        assert set(store.load_state(since).orders) == {ids["open"]}
    finally:
        store.dispose()
