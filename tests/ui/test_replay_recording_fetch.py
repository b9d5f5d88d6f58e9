"""Replay on another workstation: a recording made at d01's desk is not on the trainer's machine, so the
replay's recording panel fetches it from a real relay's store and plays it; one the relay does not have
says so in Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from console.domain import events as ev
from console.domain.recording_days import day_folder
from console.protocol.recordings import CHUNK_BYTES
from console.relay.recording_store import RecordingStore
from console.services.recording_fetch import fetch_recording
from console.services.recording_upload import RecordingUploader, describe
from console.ui.replay.recordings import MAX_DRIFT_MS, RecordingPanel
from console.ui.replay.session import ReplaySession
from tests.integration.harness import Recorder, running_relay, wait_until
from tests.integration.test_recording_upload import ended_call
from tests.qt_loop import run_on_qt_loop
from tests.ui.test_replay_ui import story, write_recording  # noqa: F401 - fixture


async def seek(session: ReplaySession, t: int) -> None:
    session.seek(t)
    await wait_until(lambda: session.t == t and not session.is_loading(), what="the seek")


@pytest.mark.qt_log_ignore("No HW decoder", "No audio device", "No RHI backend", "RHI", "Using CPU conversion")
def test_a_recording_from_another_desk_is_fetched_from_the_relay_and_plays(qtbot, qapp, seeded_db, story,  # noqa: F811
                                                                          tmp_path):
    db_url, _ = seeded_db
    replay, _inc, start, end = story
    began = start + 30_000
    desk_file = tmp_path / "d01-desk" / "C0000000000a1.mkv"
    desk_file.parent.mkdir()
    write_recording(desk_file)
    cache = tmp_path / "trainer-cache"

    async def scenario():
        store = RecordingStore(tmp_path / "relay-store", max_bytes=16 << 20)
        async with running_relay(db_url, recordings=store) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker, Recorder(relay.url, "t01") as trainer:
            call = await ended_call(desk, worker)
            uploader = RecordingUploader(desk.client, tmp_path / "d01-desk" / "pending.json")
            uploader.add(describe(desk_file, call, "", 6_000, began))
            uploader.start()
            await uploader.idle()
            await uploader.close()
            await wait_until(lambda: trainer.of_type(ev.CALL_STORED), what="call.stored")

            # the trainer's workstation knows the recording from the log, not the file (it was made elsewhere)
            replay._recordings = [
                {"call": call, "file": "/d01-desk/C0000000000a1.mkv", "started_at": began, "duration_ms": 6_000},
                {"call": "C0000000000b2", "file": "/d01-desk/C0000000000b2.mkv", "started_at": began + 10_000,
                 "duration_ms": 3_000},
            ]
            session = ReplaySession(replay, start, end, account="t01")
            session.start()
            await wait_until(lambda: session.state is not None and bool(session.marks), what="replay loaded")
            captions: list[str] = []  # what the panel said while the relay was asked

            def fetch(rec, progress):
                captions.append(panel.caption.text())

                def shown(done: int, total: int) -> None:
                    progress(done, total)
                    captions.append(panel.caption.text())

                return fetch_recording(trainer.client, rec["call"], "", cache, rec["started_at"], progress=shown)

            panel = RecordingPanel(session, fetch=fetch)
            qtbot.addWidget(panel)
            await seek(session, began + 2_000)
            await wait_until(lambda: panel.player.source().isLocalFile(), what="the fetched file is played")
            fetching = f"正在从中继调取通话 {call} 的录音…"
            assert captions[0] == fetching and captions[-1] == f"{fetching} 100%", "the progress as chunks come"
            percents = [int(c.rsplit(" ", 1)[1].rstrip("%")) for c in captions[1:]]
            assert percents == sorted(percents) and len(percents) == -(-desk_file.stat().st_size // CHUNK_BYTES)
            fetched = cache / day_folder(began) / f"{call}.mkv"
            assert panel.player.source().toLocalFile() == str(fetched)
            assert fetched.read_bytes() == desk_file.read_bytes()
            await wait_until(lambda: abs(panel.player.position() - 2_000) <= MAX_DRIFT_MS, what="in step")
            assert panel.player.mediaStatus() != QMediaPlayer.MediaStatus.InvalidMedia
            assert f"通话录音 {call}" in panel.caption.text()

            # a recording nobody uploaded
            await seek(session, began + 11_000)
            await wait_until(lambda: "录音文件不存在" in panel.caption.text(), what="the missing recording")
            assert "中继上没有" in panel.caption.text()
            assert not panel.player.source().isValid()
            session.close()

    run_on_qt_loop(qapp, scenario(), timeout=90)
