"""jingwang import through a running relay: the chunks are commands, every connected console folds the new
workers and addresses as they commit (no restart), a retried chunk is applied once, and the relay checks
every row again."""

from __future__ import annotations

import pytest

from console.domain.changes import Changes
from console.domain.reference import RefKind
from console.net.client import CommandRefused
from console.services import data_import as di
from console.services.demo_seed import DEMO_PASSWORD
from console.services.session import Session
from console.store.store import Store
from tests.integration.harness import Recorder, run, running_relay, wait_until
from tests.unit.test_import_tables import address_rows, xlsx


class WatchingConsole(Session):
    """A headless console session that keeps every change set it was told about."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.changes: list[Changes] = []

    def on_changed(self, changes: Changes) -> None:
        self.changes.append(changes)


def test_import_through_a_relay_reaches_a_connected_console(seeded_db, tmp_path):
    url, demo = seeded_db
    addresses = xlsx(tmp_path / "addresses.xlsx", address_rows(demo, 400))
    grid = demo.district.grids[2].code
    workers = xlsx(tmp_path / "workers.xlsx", [["人员编号", "姓名", "手机号", "所属网格编码"],
                                               ["W0970", "周晓梅", "13500000970", grid],
                                               ["W0971", "吴建华", "13500000971", grid]])
    lines: list[str] = []

    async def scenario():
        async with running_relay(url) as relay:
            console = WatchingConsole(relay.url, "d01", DEMO_PASSWORD)
            console.start()
            await console.client.wait_live()
            head = console.state.seq
            first = await di.import_via_relay(relay.url, "a01", DEMO_PASSWORD,
                                              di.Request(RefKind.ADDRESS, addresses), lines.append)
            await di.import_via_relay(relay.url, "a01", DEMO_PASSWORD, di.Request(RefKind.WORKER, workers),
                                      lines.append)
            codes = [row[0] for row in address_rows(demo, 400)[1:]]
            await wait_until(lambda: all(c in console.state.address_index for c in codes)
                             and "W0971" in console.state.workers, what="the import at the console")
            imported_head = console.state.seq
            again = await di.import_via_relay(relay.url, "a01", DEMO_PASSWORD,
                                              di.Request(RefKind.ADDRESS, addresses), lines.append)
            await console.async_close()
            return head, first, imported_head, again, console, relay.writer.state.seq

    head, first, imported_head, again, console, relay_head = run(scenario())
    assert first.exit_code == 0 and first.written == 400 and first.commands >= 2, "several frames' worth"
    assert imported_head == head + first.commands + 1, "one event per chunk, one for the workers"
    assert console.state.workers["W0970"].name == "周晓梅"
    assert any(c.district for c in console.changes) and any(c.roster and "W0970" in c.workers
                                                            for c in console.changes)
    assert again.exit_code == 0 and again.commands == 0 and relay_head == imported_head, "0 changed the second time"
    assert lines[-1] == "没有需要导入的变化：0 行变更"
    store = Store(url)
    state = store.load_state()
    store.dispose()
    assert len(state.district.addresses) == len(demo.district.addresses) + 400
    assert state.workers["W0971"].grid_code == grid


def test_import_chunk_retried_is_applied_once_and_the_relay_checks_every_row(seeded_db, tmp_path):
    url, demo = seeded_db
    store = Store(url)
    check = di.check_file(xlsx(tmp_path / "a.xlsx", address_rows(demo, 5)), RefKind.ADDRESS, store.load_state())
    store.dispose()
    (key, rows), = di.plan_chunks(check)
    outside = {**rows[0], "code": "9" * 19, "lng": rows[0]["lng"] + 1.0, "grid": "", "police_grid": "",
               "station": ""}

    async def scenario():
        async with running_relay(url) as relay, Recorder(relay.url, "a01") as admin, \
                Recorder(relay.url, "a01") as retry, Recorder(relay.url, "d01") as desk:
            first = await admin.cmd("reference.upsert", kind="address", rows=rows)
            acks = [await c.client.request("reference.upsert", {"kind": "address", "rows": rows}, key)
                    for c in (admin, retry)]
            refusals = {}
            for name, client, args in (
                    ("outside", admin, {"kind": "address", "rows": [outside]}),
                    ("dispatcher", desk, {"kind": "address", "rows": rows}),
                    ("not a row", admin, {"kind": "worker", "rows": ["W1"]})):
                with pytest.raises(CommandRefused) as err:
                    await client.client.request("reference.upsert", args)
                refusals[name] = (err.value.code, err.value.error.get("zh", ""))
            return first, acks, refusals, relay.writer.state.seq

    first, acks, refusals, head = run(scenario())
    assert [a["duplicate"] for a in acks] == [False, True] and acks[0]["seq"] == acks[1]["seq"]
    assert refusals["outside"][0] == "E_FIELD" and "不在辖区任何网格内" in refusals["outside"][1]
    assert refusals["dispatcher"][0] == "E_FORBIDDEN"
    assert refusals["not a row"][0] == "E_FIELD"
    store = Store(url)
    logged = store.events_after(0, 100)
    store.dispose()
    assert [e.seq for e in logged] == [first["seq"], acks[0]["seq"]] == [head - 1, head]
    assert len(logged[0].data["rows"]) == 5 and logged[1].data["rows"] == [], "the same rows change nothing again"
