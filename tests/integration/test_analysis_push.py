"""The weekly 研判 push: ``jingwang analysis --week … --pdf … --push`` (the CLI a systemd timer runs) through a
real relay uploads the PDF and creates one notice per 警格 of the station naming it, addressed to the 警格's grid
workers and community officer; a grid worker there receives it, and a second run for the same week
(``--week last``) pushes nothing. (The phone opening the PDF: test_analysis_pdf_phone.py.)"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from PySide6.QtPdf import QPdfDocument

from console.domain import events as ev
from console.domain import periods, station_time
from console.relay.attachment_store import AttachmentStore
from console.services.demo_seed import DEMO_PASSWORD
from tests.integration.harness import Recorder, run, running_relay, wait_until

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _jingwang(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JINGWANG_PASSWORD": DEMO_PASSWORD}
    return subprocess.run([sys.executable, "-m", "console", "--log-level", "WARNING", "analysis", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def test_weekly_push_is_one_notice_per_police_grid_once(seeded_db, tmp_path):
    db_url, demo = seeded_db
    station = demo.district.stations[0].code
    staffed = {w.grid_code for w in demo.workers if w.kind.value in ("grid_worker", "officer")}
    police_grids = [pg for pg in demo.district.police_grids  # those with grid workers or an officer
                    if pg.station_code == station and staffed & set(pg.grid_codes)]
    assert [pg for pg in police_grids if not {w.grid_code for w in demo.workers if w.kind.value == "grid_worker"}
            & set(pg.grid_codes)], "a 警格 with an officer and no grid worker is pushed to as well"
    grids = {g for pg in police_grids for g in pg.grid_codes}
    worker = next(w for w in demo.workers if w.kind.value == "grid_worker" and w.grid_code in grids)
    officers = {w.id: w.grid_code for w in demo.workers if w.kind.value == "officer" and w.grid_code in grids}
    attachments = AttachmentStore(tmp_path / "attachments", 20 << 20)
    week = periods.week(station_time.today()).previous().label
    pdf = tmp_path / f"研判_{week}.pdf"

    async def scenario():
        async with running_relay(db_url, attachments=attachments) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, worker.id.lower()) as phone:
            common = ("--station", station, "--pdf", str(tmp_path / "研判_{period}.pdf"), "--db", db_url, "--push",
                      "--relay", relay.url, "--user", "c01", "--link", "\\\\station\\研判")
            first = await asyncio.to_thread(_jingwang, "--week", week, *common)
            assert first.returncode == 0, first.stderr
            assert f"已推送 {week} 研判：{len(police_grids)} 条通知" in first.stdout
            await wait_until(lambda: len(desk.of_type(ev.NOTICE_SENT)) == len(police_grids), what="the notices")
            await wait_until(lambda: phone.of_type(ev.NOTICE_SENT), what="the worker's notice")
            again = await asyncio.to_thread(_jingwang, "--week", "last", *common)
            assert again.returncode == 0, again.stderr
            assert "此前已推送" in again.stdout
            await desk.cmd("notice.send", text="另一条通知", audience="all")  # later events still arrive
            await wait_until(lambda: len(desk.of_type(ev.NOTICE_SENT)) == len(police_grids) + 1)
            return desk.of_type(ev.NOTICE_SENT)[:-1], phone.of_type(ev.NOTICE_SENT)

    sent, received = run(scenario(), timeout=240)
    assert sorted(e.data["code"] for e in sent) == sorted(pg.code for pg in police_grids)
    assert all(e.actor == "c01" and e.data["priority"] == "important" for e in sent)
    assert sorted(o for e in sent for o in e.data["workers"] if o in officers) == sorted(officers)
    (sha,) = {e.data["file"] for e in sent}  # the first run's PDF (the second wrote the file again)
    assert attachments.path(sha) is not None and {e.data["file_name"] for e in sent} == {pdf.name}
    mine = [e for e in received if e.data["text"].startswith("【研判】")]
    assert len(mine) == 1 and worker.id in mine[0].data["workers"]
    doc = QPdfDocument()
    doc.load(str(pdf))
    assert doc.pageCount() >= 1
    assert mine[0].data["text"].endswith(f"报告全文：{pdf.name}（{doc.pageCount()} 页） \\\\station\\研判")
    assert week in mine[0].data["text"].splitlines()[0]


def test_push_needs_a_relay_and_a_known_week(seeded_db, tmp_path):
    db_url, _demo = seeded_db
    pdf = tmp_path / "a.pdf"
    env_relay = os.environ.pop("JINGWANG_RELAY_URL", None)
    try:
        no_relay = _jingwang("--week", "2026-W48", "--pdf", str(pdf), "--db", db_url, "--push")
    finally:
        if env_relay is not None:
            os.environ["JINGWANG_RELAY_URL"] = env_relay
    assert no_relay.returncode == 2 and "--push 需要 --relay" in no_relay.stderr and not pdf.exists()
    bad = _jingwang("--week", "2026-W60", "--pdf", str(pdf), "--db", db_url)
    assert bad.returncode == 2 and bad.stderr.startswith("错误") and not pdf.exists()
