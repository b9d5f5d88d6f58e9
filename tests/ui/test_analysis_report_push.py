"""研判推送 from the console through a real relay: the 研判 window's 推送 writes the report's PDF, uploads it and
sends one notice per 警格 naming it (as the scheduled push does); without a store on the relay nothing is sent
and the window says why."""

from __future__ import annotations

import hashlib

import pytest

from console.domain import events as ev
from console.domain import periods, station_time
from console.relay.attachment_store import AttachmentStore
from console.services.demo_seed import DEMO_PASSWORD
from console.services.summary_source import StoreSummarySource
from console.testing.sample_state import grid_center
from console.ui.session import ConsoleSession
from console.ui.summary.report_push import ReportPush
from tests.integration.harness import Recorder, running_relay, wait_until
from tests.qt_loop import run_on_qt_loop


def _analysis(db_url: str, station: str):
    source = StoreSummarySource(db_url)
    try:
        return source.analysis(periods.week(station_time.today()).previous().period(), station)
    finally:
        source.close()


async def _push_as_chief(url: str, analysis, station: str, said: list) -> ConsoleSession:
    """The station chief c01 pushes ``analysis`` from the console; what the window would say goes to ``said``."""
    session = ConsoleSession(url, "c01", DEMO_PASSWORD)
    session.start()
    await wait_until(lambda: session.state is not None, what="the chief's snapshot")
    push = ReportPush(session)
    push.progress.connect(lambda text, done: said.append((text, done)))
    await push.start(analysis, "【研判】要点", station)
    return session


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_console_push_uploads_the_report_and_names_it_in_every_notice(qapp, seeded_db, tmp_path):
    db_url, demo = seeded_db
    station = demo.district.stations[0].code
    analysis = _analysis(db_url, station)
    store = AttachmentStore(tmp_path / "attachments", 20 << 20)
    said: list[tuple[str, bool]] = []

    async def scenario():
        async with running_relay(db_url, attachments=store) as relay, Recorder(relay.url, "d02") as desk:
            session = await _push_as_chief(relay.url, analysis, station, said)
            police_grids = {p.code for p in demo.district.police_grids if p.station_code == station}
            await wait_until(lambda: {e.data["code"] for e in desk.of_type(ev.NOTICE_SENT)} == police_grids,
                             what="one notice per 警格")
            await session.async_close()
            return desk.of_type(ev.NOTICE_SENT)

    sent = run_on_qt_loop(qapp, scenario(), 90)
    sha = sent[0].data["file"]
    held = store.path(sha)
    assert held is not None and hashlib.sha256(held.read_bytes()).hexdigest() == sha
    assert held.read_bytes().startswith(b"%PDF")
    name = f"研判_{station}_{analysis.period.label}.pdf"
    assert {(e.data["file"], e.data["file_name"]) for e in sent} == {(sha, name)}
    assert all(e.data["text"].startswith("【研判】要点") and "报告全文" in e.data["text"] for e in sent)
    assert said[-1] == (f"已推送研判要点与报告：{len(sent)} 条通知", True) and not any(done for _, done in said[:-1])


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_console_push_to_a_relay_that_keeps_no_files_sends_nothing_and_says_why(qapp, seeded_db):
    db_url, demo = seeded_db
    station = demo.district.stations[0].code
    analysis = _analysis(db_url, station)
    said: list[tuple[str, bool]] = []

    async def scenario():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d02") as desk:
            session = await _push_as_chief(relay.url, analysis, station, said)
            lng, lat = grid_center(demo.district.grids[0])  # a later event: any notice would have come first
            ack = await desk.cmd("incident.report", category="200200", priority=3, lng=lng, lat=lat,
                                 narrative="探针", address="探针")
            await wait_until(lambda: ack["seq"] in desk.seqs, what="a later event")
            await session.async_close()
            return desk.of_type(ev.NOTICE_SENT)

    assert run_on_qt_loop(qapp, scenario(), 90) == []
    text, done = said[-1]
    assert done and text.startswith("推送失败：") and len(text) > len("推送失败：")
