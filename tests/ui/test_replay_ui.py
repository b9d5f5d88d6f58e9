"""Replay window: seek, play, step, scrub, bookmarks, read-only, recordings and the incident report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QToolButton

from console.cli import main as cli_main
from console.domain import events as ev
from console.domain.catalogue import client_ops
from console.domain.state import State, apply
from console.reports.incident_report import build_incident_report
from console.ui.queue.model import INCIDENT_ID_ROLE
from console.ui.replay.recordings import MAX_DRIFT_MS, RecordingPanel
from console.ui.replay.report_view import ReportPreview, open_report
from console.ui.replay.session import ReplaySession
from console.ui.replay.timeline import Timeline
from console.ui.replay.window import ReplayWindow
from console.ui.texts import fmt_time
from tests.qt_loop import run_on_qt_loop
from tests.unit.test_incident_report import ListReplay, incident_story

WAIT_MS = 10_000


def make_session(qtbot, replay: ListReplay, start: int, end: int, **kw) -> ReplaySession:
    session = ReplaySession(replay, start, end, account="t01", **kw)
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        session.start()
    qtbot.waitUntil(lambda: bool(session.marks), timeout=WAIT_MS)
    return session


def seek(qtbot, session: ReplaySession, t: int) -> None:
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        session.seek(t)


@pytest.fixture
def story():
    replay, inc, end, _start, _target = incident_story()
    return replay, inc, replay.events[0].at - 1_000, end + 60_000


def queue_statuses(window: ReplayWindow) -> dict[str, str]:
    model = window.queue.model
    out = {}
    for row in range(model.rowCount()):
        inc = model.index(row, 0).data(INCIDENT_ID_ROLE)
        out[inc] = window.session.state.incidents[inc].status.label
    return out


def fold(replay: ListReplay, t: int) -> State:
    state = State(replay.district, dict(replay.workers))
    for e in replay.events:
        if e.at <= t:
            apply(state, e)
    return state


def test_seek_shows_the_state_at_that_moment(qtbot, story):
    replay, inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    window = ReplayWindow(session)
    qtbot.addWidget(window)
    window.queue.filters.group_combo.setCurrentIndex(window.queue.filters.group_combo.findData("all"))
    by_type = {e.type: e for e in replay.events if e.data.get("incident") == inc}
    assert queue_statuses(window) == {}  # before the report
    seek(qtbot, session, by_type[ev.INCIDENT_DISPATCHED].at)
    assert queue_statuses(window) == {inc: "已派遣"}
    assert session.state.seq == by_type[ev.INCIDENT_DISPATCHED].seq
    seek(qtbot, session, by_type[ev.INCIDENT_ARRIVED].at - 1)
    assert queue_statuses(window) == {inc: "已签收"}
    assert session.state.positions["W001"] == fold(replay, session.t).positions["W001"]
    seek(qtbot, session, end)
    assert queue_statuses(window) == {inc: "已办结"}
    assert window.timeline.time_label.text() == fmt_time(end, with_date=True)


def test_play_at_60x_emits_every_event_once_in_order(qtbot, story):
    replay, _inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    session.set_speed(60)
    batches: list[list] = []
    session.events_applied.connect(batches.append)
    fixes: list = []
    session.fixes_applied.connect(fixes.append)
    times: list[int] = []
    session.time_changed.connect(times.append)
    session.play()
    assert session.playing
    qtbot.waitUntil(lambda: not session.playing, timeout=WAIT_MS)  # pauses itself at the end
    played = [e.seq for batch in batches for e in batch]
    moved = [int(seq) for f in fixes for seq in f.seq]
    assert all(e.type != ev.POSITION_REPORTED for batch in batches for e in batch)  # positions come as columns
    assert moved == [e.seq for e in replay.events if e.type == ev.POSITION_REPORTED]  # none twice, in order
    assert sorted(played + moved) == [e.seq for e in replay.events]  # every event once
    assert times == sorted(times) and session.t == end
    assert len(times) > 5  # many frames, not one jump
    final = fold(replay, end)
    assert session.state.incidents == final.incidents and session.state.positions == final.positions


def test_play_uses_the_wall_clock_times_speed(qtbot, story):
    replay, _inc, start, end = story
    wall = [100.0]
    session = make_session(qtbot, replay, start, end, wall=lambda: wall[0])
    session.set_speed(30)
    qtbot.waitUntil(lambda: session.loaded_until >= start + 60_000, timeout=WAIT_MS)  # loaded ahead, in windows
    session.play()
    session._timer.stop()  # drive the frames by hand
    wall[0] += 2.0
    session.tick()
    assert session.t == start + 60_000
    assert session.state.seq == fold(replay, start + 60_000).seq


def test_step_goes_from_event_to_event(qtbot, story):
    replay, _inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    marks = sorted(t for t, _ in session.marks)
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        assert session.step(+1) == marks[0]
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        assert session.step(+1) == marks[1]
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        assert session.step(-1) == marks[0]
    assert session.t == marks[0] and session.state.seq == fold(replay, marks[0]).seq


def test_keyboard_space_plays_and_arrows_step(qtbot, story):
    replay, _inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    window = ReplayWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    first = min(t for t, _ in session.marks)
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        window.timeline.next_action.trigger()
    assert session.t == first
    window.timeline.play_action.trigger()
    assert session.playing
    window.timeline.play_action.trigger()
    assert not session.playing
    assert window.timeline.play_action.shortcut().toString() == "Space"


def test_scrubbing_the_axis_seeks_on_release(qtbot, story):
    replay, _inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    timeline = Timeline(session)
    qtbot.addWidget(timeline)
    timeline.resize(800, 100)
    timeline.show()
    qtbot.waitExposed(timeline)
    axis = timeline.axis
    y = axis.height() // 2
    qtbot.mousePress(axis, Qt.MouseButton.LeftButton, pos=QPoint(100, y))
    assert axis.dragging
    qtbot.mouseMove(axis, QPoint(300, y))
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        qtbot.mouseRelease(axis, Qt.MouseButton.LeftButton, pos=QPoint(500, y))
    qtbot.waitUntil(lambda: not session.is_loading() and session.t == axis.time_at(500), timeout=WAIT_MS)
    assert session.state.seq == fold(replay, session.t).seq


def test_every_command_is_refused_read_only(qtbot, story):
    replay, inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    window = ReplayWindow(session)
    qtbot.addWidget(window)
    seek(qtbot, session, end)
    refusals: list[tuple[str, dict]] = []
    session.command_failed.connect(lambda op, err: refusals.append((op, err)))
    before = session.state.seq
    for op in client_ops():
        session.command(op, {"incident": inc})
    session.accept(inc)
    session.dispatch(inc, "W002")
    session.close_incident(inc)
    window.map.dispatch_requested.emit("W001")  # 派单 on a worker card
    assert len(refusals) == len(client_ops()) + 4
    assert {err["code"] for _op, err in refusals} == {"E_READ_ONLY"}
    assert refusals[0][1]["zh"].startswith("回放只读")
    assert session.state.seq == before  # nothing changed
    assert "回放只读" in window.status.currentMessage()
    assert not window.map.draw_zone_action.isEnabled()


def test_bookmarks_show_on_the_axis_and_jump_there(qtbot, story):
    replay, _inc, start, end = story
    at = start + (end - start) // 2
    replay._bookmarks = [{"id": "BM1", "at": at, "note": "此处应先核实地址", "by": "t01"}]
    session = make_session(qtbot, replay, start, end)
    timeline = Timeline(session)
    qtbot.addWidget(timeline)
    timeline.resize(800, 100)
    timeline.show()
    qtbot.waitExposed(timeline)
    assert [b["id"] for b in timeline.axis.bookmarks] == ["BM1"]
    x = round(timeline.axis.x_of(at))
    assert timeline.axis.bookmark_at(x, 5)["note"] == "此处应先核实地址"
    with qtbot.waitSignal(session.state_reset, timeout=WAIT_MS):
        qtbot.mouseClick(timeline.axis, Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert session.t == at


def test_report_of_the_selected_incident_previews_and_saves(qtbot, story, tmp_path):
    replay, inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    previews: list[ReportPreview] = []

    def report(incident_id: str) -> None:
        previews.append(open_report(window, incident_id, lambda: build_incident_report(replay, incident_id, end)))

    window = ReplayWindow(session, report=report)
    qtbot.addWidget(window)
    assert not window.report_action.isEnabled()  # nothing selected
    seek(qtbot, session, end - 60_000)
    window.select_incident(inc)
    assert window.report_action.isEnabled()
    window.report_action.trigger()
    (preview,) = previews
    qtbot.waitUntil(lambda: preview.pages > 0, timeout=WAIT_MS)  # built off the GUI thread, then rendered
    assert preview.document.pageCount() == preview.pages >= 1
    saved = preview.save_as(str(tmp_path / "copy.pdf"))
    assert saved.read_bytes()[:5] == b"%PDF-"
    preview.reject()


def test_report_of_an_unknown_incident_says_why(qtbot, story):
    replay, _inc, _start, end = story
    preview = ReportPreview("JQ-NOPE", lambda: build_incident_report(replay, "JQ-NOPE", end))
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: "失败" in preview.status.text(), timeout=WAIT_MS)
    assert "JQ-NOPE" in preview.status.text()
    assert not preview.save_button.isEnabled()


def write_recording(path, seconds: int = 6) -> None:
    """A short VP8/Opus Matroska file like the console's call recorder writes."""
    import fractions

    import av
    import numpy as np

    out = av.open(str(path), "w")
    video = out.add_stream("libvpx", rate=10)
    video.width, video.height, video.pix_fmt = 160, 120, "yuv420p"
    audio = out.add_stream("libopus", rate=48_000)
    for i in range(seconds * 10):
        img = np.zeros((120, 160, 3), np.uint8)
        img[:, :, 1] = (i * 4) % 255
        frame = av.VideoFrame.from_ndarray(img, format="rgb24")
        frame.pts, frame.time_base = i, fractions.Fraction(1, 10)
        out.mux(video.encode(frame))
    out.mux(video.encode())
    for k in range(seconds * 50):
        samples = np.sin(np.arange(960) * 2 * np.pi * 440 / 48_000).astype(np.float32).reshape(1, -1) * 0.1
        frame = av.AudioFrame.from_ndarray(samples, format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = 48_000, k * 960, fractions.Fraction(1, 48_000)
        out.mux(audio.encode(frame))
    out.mux(audio.encode())
    out.close()


@pytest.mark.qt_log_ignore("No HW decoder", "No audio device", "No RHI backend", "RHI", "Using CPU conversion")
def test_recording_plays_in_step_with_the_timeline(qtbot, story, tmp_path):
    replay, _inc, start, end = story
    path = tmp_path / "CALL1.mkv"
    write_recording(path)
    began = start + 30_000
    replay._recordings = [{"call": "CALL1", "file": str(path), "started_at": began, "duration_ms": 6_000}]
    session = make_session(qtbot, replay, start, end)
    panel = RecordingPanel(session)
    qtbot.addWidget(panel)
    assert panel.list.count() == 1 and panel.current is None
    seek(qtbot, session, began + 2_000)
    assert panel.current is not None and panel.current["call"] == "CALL1"
    qtbot.waitUntil(lambda: abs(panel.player.position() - 2_000) <= MAX_DRIFT_MS, timeout=WAIT_MS)
    session.play()
    qtbot.waitUntil(lambda: panel.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: session.t >= began + 3_000, timeout=WAIT_MS)
    with qtbot.waitSignal(session.time_changed, timeout=WAIT_MS):
        pass  # each frame of the timeline keeps the recording within MAX_DRIFT_MS
    assert abs(panel.player.position() - (session.t - began)) <= MAX_DRIFT_MS
    session.pause()
    assert panel.player.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    seek(qtbot, session, began + 20_000)  # after the call
    assert panel.current is None and "没有通话录音" in panel.caption.text()


def test_bookmark_goes_through_the_relay_and_nothing_else_does(qtbot, qapp, seeded_db, tmp_path):
    """Real relay, real database, real engine: a trainer's bookmark is committed, shared and drawn on the
    timeline; the replay's refused commands never reach the relay."""
    import time
    from datetime import date

    from PySide6.QtWidgets import QDialogButtonBox

    from console.replay import Replay
    from console.services.demo_seed import DEMO_PASSWORD
    from console.services.history import StoreHistory
    from console.store.store import Store
    from console.ui.replay.bookmarks import BookmarkChannel
    from console.ui.replay.launch import load_replay
    from console.ui.replay.range_dialog import RangeChoice
    from console.ui.session import ConsoleSession
    from tests.integration.harness import Recorder, running_relay, wait_until

    db_url, demo = seeded_db
    address = demo.district.addresses[3]
    note = "此处应先核实报警人位置"

    async def scenario():
        t0 = int(time.time() * 1000) - 1_000
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk, \
                Recorder(relay.url, "w0001") as worker:
            await worker.cmd("worker.duty", on=True)
            for k in range(3):
                await worker.cmd("position.report", lng=address.lng + 0.001 * k, lat=address.lat)
            await desk.cmd("incident.report", category="200200", priority=2, address_code=address.code,
                           narrative="邻里纠纷")
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="the report")
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.accept", incident=incident)
            await wait_until(lambda: desk.of_type(ev.INCIDENT_ACCEPTED), what="the accept")
            trainer = ConsoleSession(relay.url, "t01", DEMO_PASSWORD)
            trainer.start()
            await wait_until(lambda: trainer.state is not None and trainer.role == "trainer", what="trainer login")
            store = Store(db_url)
            end = int(time.time() * 1000) + 1
            session = ReplaySession(Replay(store, t0, end), t0, end, account="t01")
            window = ReplayWindow(session, bookmarks=BookmarkChannel(trainer, session))
            qtbot.addWidget(window)
            session.start()
            await wait_until(lambda: session.state is not None and bool(session.marks), what="replay loaded")
            assert session.state.incidents == {}  # the start of the range: before the report
            session.seek(end)
            await wait_until(lambda: session.t == end and not session.is_loading(), what="seek to the end")
            assert session.state.incidents[incident].status.label == "受理"
            assert session.state.positions[worker.client.account["worker"]].lng == pytest.approx(address.lng + 0.002)
            head = store.head()
            for op in client_ops():
                session.command(op, {"incident": incident})
            at = (t0 + end) // 2
            dialog = window.add_bookmark(at)
            dialog.note.setPlainText(note)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
            await wait_until(lambda: [b["note"] for b in window.timeline.axis.bookmarks] == [note], what="the flag")
            await wait_until(lambda: desk.of_type(ev.BOOKMARK_ADDED), what="the bookmark shared with a desk")
            assert store.head() == head + 1  # the bookmark, and not one of the refused commands
            (saved,) = Replay(store, t0, end).bookmarks()  # a fresh replay reads it from the database
            assert (saved.at, saved.note, saved.by) == (at, note, "t01")
            window.close()
            await trainer.async_close()
            store.dispose()
            return incident

    incident = run_on_qt_loop(qapp, scenario())
    # the same history as a printable report, from the command line (jingwang replay --incident … --pdf …)
    pdf = tmp_path / "report.pdf"
    assert cli_main(["replay", "--incident", incident, "--pdf", str(pdf), "--db", db_url]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert cli_main(["replay", "--incident", "JQ-NOPE", "--pdf", str(pdf), "--db", db_url]) == 2
    # the incident's own range, as the 回放 menu resolves it
    store = Store(db_url)
    try:
        replay, start, end, chosen = load_replay(StoreHistory(store),
                                                 RangeChoice("incident", date.today(), incident=incident),
                                                 int(time.time() * 1000))
        assert chosen == incident and start < end
        assert {kind for _t, kind in replay.marks()} == {ev.INCIDENT_REPORTED, ev.INCIDENT_ACCEPTED}
    finally:
        store.dispose()


def test_after_a_seek_the_event_log_lists_what_came_just_before(qtbot, story):
    replay, inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    window = ReplayWindow(session)
    qtbot.addWidget(window)
    arrived = next(e for e in replay.events if e.type == ev.INCIDENT_ARRIVED)
    seek(qtbot, session, arrived.at)
    model = window.event_log.model
    expected = [e for e in replay.events if e.at <= arrived.at and e.type != ev.POSITION_REPORTED]
    assert model.rowCount() == len(expected)
    assert model.index(0, 1).data() == "到场"  # newest first, the event at the replay time itself
    assert inc in model.index(0, 3).data()


@pytest.fixture
def history_db(tmp_path, demo_roster):
    """A migrated, seeded SQLite database (no events yet) for the launcher."""
    from console.store.store import Store

    demo, accounts = demo_roster
    url = f"sqlite:///{tmp_path / 'history.db'}"
    store = Store(url)
    store.upgrade()
    store.seed(demo.district, demo.workers, accounts)
    store.dispose()
    return url


def _main_window(qtbot, scenario, role: str, db_url: str):
    from console.services.history import StoreHistory
    from console.store.store import Store
    from console.ui.main_window import MainWindow
    from tests.ui.conftest import FakeSession

    session = FakeSession(scenario.state(), account="t01" if role == "trainer" else "d01", role=role)
    window = MainWindow(session)
    window.replay.store_factory = lambda: StoreHistory(Store(db_url))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return session, window


def test_trainer_gets_a_console_without_write_actions_and_the_replay_opens(qtbot, scenario, history_db):
    session, window = _main_window(qtbot, scenario, "trainer", history_db)
    session.connection_changed.emit("connected", "")
    qtbot.waitUntil(lambda: bool(window.replay.windows), timeout=WAIT_MS)
    (replay_window,) = window.replay.windows  # closed with the main window (WA_DeleteOnClose)
    assert replay_window.session.role == "trainer" and replay_window.session.account == "t01"
    assert replay_window.bookmark_channel is not None  # bookmarks: the one thing a trainer sends
    assert replay_window.timeline.bookmark_action.isEnabled()
    hidden = [*window.incident_actions.actions.values(), window.intake_action]
    assert all(not a.isVisible() and not a.isEnabled() for a in hidden)
    assert window.orders_dock.isHidden() and window.review_dock.isHidden()
    assert not window.detail.action_buttons.isVisible()
    assert window.replay.action.isEnabled()  # 回放 stays


def test_a_dispatcher_keeps_the_write_actions_and_no_replay_opens_by_itself(qtbot, scenario, history_db):
    session, window = _main_window(qtbot, scenario, "dispatcher", history_db)
    session.connection_changed.emit("connected", "")
    window.select_incident(scenario.ids["I1"])
    assert window.incident_actions.actions["accept"].isVisible()
    assert window.incident_actions.actions["accept"].isEnabled()
    assert window.replay.windows == []
    assert window.findChild(QToolButton, "incidentReportButton").isVisible()


def test_after_a_seek_the_map_shows_the_tracks_that_led_there(qtbot, story):
    replay, _inc, start, end = story
    session = make_session(qtbot, replay, start, end)
    window = ReplayWindow(session)
    qtbot.addWidget(window)
    arrived = next(e for e in replay.events if e.type == ev.INCIDENT_ARRIVED)
    with qtbot.waitSignal(session.trail_loaded, timeout=WAIT_MS):
        session.seek(arrived.at)
    m = window.map.map
    x, _y, at = m.tracks.buffer.track(m.table.index["W001"], session.t)
    walked = [e for e in replay.events if e.type == ev.POSITION_REPORTED and e.data["worker"] == "W001"
              and arrived.at - session.trail_ms < e.at <= arrived.at]
    assert len(walked) >= 5 and len(x) >= len(walked)  # the walk to the incident, then the current fix
    assert list(at[: len(walked)]) == [e.at for e in walked]


def test_range_dialog_gives_an_incident_a_shift_or_a_day(qtbot):
    from datetime import date

    from console.ui.replay.launch import shifts
    from console.ui.replay.range_dialog import RangeDialog

    dialog = RangeDialog(shifts(), ["JQ1", "JQ2"], today=date(2026, 11, 20))
    qtbot.addWidget(dialog)
    assert dialog.choice().kind == "day" and dialog.choice().day == date(2026, 11, 20)
    dialog.radios["incident"].setChecked(True)
    dialog._accept()
    assert dialog.result() == 0 and "警情编号" in dialog.error.text()  # an empty id is refused
    qtbot.keyClicks(dialog.incident_edit, "JQ2")
    assert dialog.choice().kind == "incident" and dialog.choice().incident == "JQ2"
    dialog.radios["shift"].setChecked(True)
    dialog.shift_combo.setCurrentIndex(dialog.shift_combo.findData("night"))
    assert (dialog.choice().kind, dialog.choice().shift) == ("shift", "night")


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_trainers_replay_and_report_come_through_the_relay(qtbot, qapp, seeded_db, monkeypatch):
    """A trainer's console without --db: today's replay opens by itself and the incident report is built,
    both from relay queries; this process never opens the database."""
    from console.demo import start_relay, stop_child
    from console.services.demo_seed import DEMO_PASSWORD
    from console.store import store as store_module
    from console.ui.main_window import MainWindow
    from console.ui.session import ConsoleSession
    from tests.integration.harness import Recorder, run, running_relay, wait_until

    db_url, demo = seeded_db
    address = demo.district.addresses[2]

    async def history():
        async with running_relay(db_url) as relay, Recorder(relay.url, "d01") as desk:
            await desk.cmd("incident.report", category="200200", priority=2, address_code=address.code)
            await wait_until(lambda: desk.of_type(ev.INCIDENT_REPORTED), what="the report")
            incident = desk.of_type(ev.INCIDENT_REPORTED)[0].data["incident"]
            await desk.cmd("incident.accept", incident=incident)
            return incident

    incident = run(history())
    proc, url = start_relay(db_url)

    def no_database(*_args, **_kwargs):
        raise AssertionError("the workstation opened the database")

    monkeypatch.setattr(store_module.Store, "__init__", no_database)

    async def trainer_console():
        session = ConsoleSession(url, "t01", DEMO_PASSWORD)
        session.start()
        await wait_until(lambda: session.state is not None, timeout=30, what="the trainer's login")
        window = MainWindow(session)
        qtbot.addWidget(window)
        session.announce()
        await wait_until(lambda: window.replay.windows and window.replay.windows[0].session.state is not None,
                         timeout=30, what="today's replay through the relay")
        replay = window.replay.windows[0].session
        replay.seek(replay.end_ms)
        await wait_until(lambda: replay.t == replay.end_ms and not replay.is_loading(), what="the seek")
        assert replay.state.incidents[incident].status.label == "受理"
        assert {kind for _t, kind in replay.marks} >= {ev.INCIDENT_REPORTED, ev.INCIDENT_ACCEPTED}
        preview = window.replay.report(incident)
        await wait_until(lambda: preview.pages > 0, timeout=30, what="the report through the relay")
        preview.close()
        window.close()
        await session.async_close()

    try:
        run_on_qt_loop(qapp, trainer_console(), timeout=90)
    finally:
        stop_child(proc)
