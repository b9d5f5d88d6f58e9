"""The call-up UI: video wall tiles and layouts, call states from ``State.calls``, group voice, push-to-talk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDockWidget

from console.domain.decide_calls import drop
from console.domain.workers import Worker, WorkerKind
from console.ui.calls.book import on_duty_members
from console.ui.calls.wall import VideoWall
from console.ui.main_window import MainWindow
from tests.qt_loop import run_on_qt_loop
from tests.ui.conftest import NOW_MS, FakeSession


class FakeMedia(QObject):
    """Stands in for ``CallMedia`` in these widget tests: the same three signals."""

    frame = Signal(QImage)
    stats = Signal(dict)
    state = Signal(str)


class FakeCallService(QObject):
    """Records what the wall asks of the ``CallService``; hands out call ids like the real one."""

    media_added = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []
        self._n = 0

    def _next(self) -> str:
        self._n += 1
        return f"C{self._n:012x}"

    def dial(self, worker_ids, media):
        call_id = self._next()
        self.calls.append(("dial", call_id, list(worker_ids), media))
        return call_id

    def group_call(self, grid_code):
        call_id = self._next()
        self.calls.append(("group_call", call_id, grid_code))
        return call_id

    def accept(self, call_id):
        self.calls.append(("accept", call_id))

    def decline(self, call_id):
        self.calls.append(("decline", call_id))

    def hangup(self, call_id):
        self.calls.append(("hangup", call_id))

    def mute(self, call_id, on):
        self.calls.append(("mute", call_id, on))

    def push_to_talk(self, on):
        self.calls.append(("ptt", on))


class Clock:
    def __init__(self) -> None:
        self.now = NOW_MS

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def service():
    return FakeCallService()


@pytest.fixture
def wall_clock():
    return Clock()


@pytest.fixture
def wall(qtbot, session, service, wall_clock):
    return open_wall(qtbot, session, service, wall_clock)


def open_wall(qtbot, session, service, wall_clock) -> VideoWall:
    widget = VideoWall(session, service, clock=wall_clock, linger_ms=5_000)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def call_event(scenario, op, by="ddy01", **args):
    """The relay's event for the call command ``op`` (``call.accept`` …) sent by account ``by``."""
    return scenario.f.command(op, by=by, **args)


def call_dropped(scenario, call_id, reason):
    """The relay's own ``call.ended`` when a call times out (what its watchdog gives)."""
    event_type, data = drop(scenario.f.state.calls[call_id], "", reason)
    return scenario.f.forge(event_type, "system", data)


def ringing(scenario, call_id, to, media="video", group="", actor="ddy01", unreachable=()):
    """``call.dial`` by ``actor`` (a worker's account calls the desk), ringing from a second before the wall's now."""
    scenario.f.at = max(scenario.f.at, NOW_MS - 1_000)
    return scenario.f.command("call.dial", by=actor, step_ms=0, call=call_id, to=list(to), media=media, group=group,
                              relay_args={"unreachable": list(unreachable)} if unreachable else None)


def frame(color: str, w: int = 64, h: int = 36) -> QImage:
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    return image


def visible_tiles(wall):
    return [t for t in wall.tiles if t.isVisible()]


# --- tiles ----------------------------------------------------------------------------------

def test_tile_overlay_and_picture_follow_media(qtbot, wall, service, session):
    call_id = wall.call_worker("W001", "video")
    assert service.calls == [("dial", call_id, ["W001"], "video")]
    media = FakeMedia()
    service.media_added.emit(call_id, media)
    tile = wall.tile_of(call_id)
    assert tile.title.startswith(session.state.workers["W001"].name)
    assert tile.subtitle == "平江一网格 001 · 视频"
    media.stats.emit({"fps": 14.6, "kbps": 812.3, "rtt_ms": 7.9})
    assert tile.quality == "15 fps · 812 kbps · RTT 8 ms"
    media.frame.emit(frame("#ff0000"))
    qtbot.waitUntil(lambda: tile.frames_painted > 0, timeout=3000)
    centre = tile.grab().toImage().pixelColor(tile.width() // 2, tile.height() // 2)
    assert (centre.red(), centre.green(), centre.blue()) == (255, 0, 0)
    media.frame.emit(frame("#0000ff"))  # latest frame wins
    centre = tile.grab().toImage().pixelColor(tile.width() // 2, tile.height() // 2)
    assert (centre.red(), centre.green(), centre.blue()) == (0, 0, 255)
    media.state.emit("connecting")
    assert tile.media_state == "媒体连接中"


def test_voice_call_tile_says_so_and_mute_reaches_service(wall, service):
    call_id = wall.call_worker("W002", "audio")
    tile = wall.tile_of(call_id)
    assert not tile.video and tile.subtitle.endswith("语音")
    tile.mute_button.click()
    assert ("mute", call_id, True) in service.calls
    tile.mute_button.click()
    assert service.calls[-1] == ("mute", call_id, False)


def test_mute_stays_with_the_call_when_tiles_move_up(session, scenario, wall, service, wall_clock):
    first, second = wall.call_worker("W001"), wall.call_worker("W002")
    wall.tile_of(second).mute_button.click()
    session.command_failed.emit("call.dial", {"code": "E_BUSY", "request": {"call": first}})
    wall_clock.now += 6_000  # the refused call leaves the wall; the muted one moves into the first tile
    wall.refresh()
    assert wall.tiles[0].call_id == second and wall.tiles[0].mute_button.isChecked()
    assert ("mute", second, True) in service.calls


def test_layouts_auto_grow_switch_and_enlarge(qtbot, wall):
    wall.set_layout(1)
    first = wall.call_worker("W001")
    assert len(visible_tiles(wall)) == 1
    ids = [first] + [wall.call_worker(w) for w in ("W002", "W003")]
    assert wall.layout_size == 4 and len(visible_tiles(wall)) == 4  # grew by itself
    assert [wall.tile_of(c) is not None for c in ids] == [True] * 3
    wall.layout_buttons[9].click()
    assert wall.layout_size == 9 and len(visible_tiles(wall)) == 9
    assert sum(1 for t in visible_tiles(wall) if t.call_id is None) == 6
    wall.layout_buttons[1].click()
    assert [t.call_id for t in visible_tiles(wall)] == [first]

    wall.set_layout(4)
    tile = wall.tile_of(ids[2])
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert wall.enlarged == ids[2]
    assert [t.call_id for t in visible_tiles(wall)] == [ids[2]]
    assert visible_tiles(wall)[0].enlarge_button.text() == "还原"
    visible_tiles(wall)[0].enlarge_button.click()
    assert wall.enlarged is None and len(visible_tiles(wall)) == 4


def test_hang_up_button_asks_the_service(wall, service):
    call_id = wall.call_worker("W003", "video")
    wall.tile_of(call_id).hangup_button.click()
    assert service.calls[-1] == ("hangup", call_id)


def test_wall_is_full_at_nine_live_calls(session, scenario, wall, service):
    for i in range(9):
        session.state.workers[f"X{i}"] = session.state.workers["W001"]
        assert wall.call_worker(f"X{i}") is not None
    assert wall.call_worker("W002") is None
    assert "已满" in wall.notice.text()
    assert len(service.calls) == 9


# --- call states from the log -----------------------------------------------------------------

def test_state_texts_follow_call_events(session, scenario, wall, wall_clock):
    call_id = wall.call_worker("W001", "video")
    tile = wall.tile_of(call_id)
    assert tile.look.text == "呼叫中 00:00"  # dial on its way, before the relay's call.ringing
    session.feed([ringing(scenario, call_id, ["W001"])])
    wall_clock.now = NOW_MS + 6_000
    wall.refresh()
    assert tile.look.text == "呼叫中 00:07"
    session.feed([call_event(scenario, "call.accept", "w001", call=call_id)])
    answered = session.state.calls[call_id]["answered_at"]
    wall_clock.now = answered + 65_000
    wall.refresh()
    assert tile.look.text == "已接通 01:05" and tile.look.live
    session.feed([call_event(scenario, "call.hangup", call=call_id)])
    assert tile.look.text == "已结束" and not tile.look.live
    assert not tile.hangup_button.isEnabled()
    wall_clock.now += 5_000  # lingers, then frees the tile
    wall.refresh()
    assert wall.tile_of(call_id) is None
    assert all(t.call_id is None for t in visible_tiles(wall))


def test_declined_busy_and_unreachable(session, scenario, wall):
    declined = wall.call_worker("W001")
    session.feed([ringing(scenario, declined, ["W001"])])
    session.feed([call_event(scenario, "call.decline", "w001", call=declined)])
    assert wall.tile_of(declined).look.text == "对方拒绝"
    busy = wall.call_worker("W002")
    session.command_failed.emit("call.dial", {"code": "E_BUSY", "zh": "对方正在通话", "request": {"call": busy}})
    assert wall.tile_of(busy).look.text == "对方忙"
    unreachable = wall.call_worker("W003")
    session.command_failed.emit("call.dial", {"code": "E_UNREACHABLE", "request": {"call": unreachable}})
    assert wall.tile_of(unreachable).look.text == "无法接通"
    session.command_failed.emit("incident.accept", {"code": "E_BUSY", "request": {"call": unreachable}})
    assert wall.tile_of(unreachable).look.text == "无法接通"
    session.feed([ringing(scenario, "C0000000000aa", ["W004"])])
    session.feed([call_dropped(scenario, "C0000000000aa", "no_answer")])
    assert wall.tile_of("C0000000000aa").look.text == "无人接听"  # picked up from the state: our account dialled


def test_calls_of_other_desks_stay_off_the_wall(session, scenario, wall):
    session.feed([ringing(scenario, "C0000000000bb", ["W001"], actor="ddy02")])
    assert wall.tile_of("C0000000000bb") is None
    assert wall.count_label.text() == "无通话"


def test_incoming_call_rings_and_is_answered(qtbot, session, scenario, wall, service):
    with qtbot.waitSignal(wall.ringing_in) as rang:
        session.feed([ringing(scenario, "C0000000000cc", ["desk"], media="video", actor="w002")])
    assert rang.args == ["C0000000000cc"]
    bar = wall._incoming["C0000000000cc"]
    assert session.state.workers["W002"].name in bar.label.text() and "视频" in bar.label.text()
    bar.answer_button.click()
    assert service.calls[-1] == ("accept", "C0000000000cc")
    assert "C0000000000cc" not in wall._incoming
    assert wall.tile_of("C0000000000cc").title.startswith(session.state.workers["W002"].name)


def test_incoming_call_declined(session, scenario, wall, service):
    session.feed([ringing(scenario, "C0000000000dd", ["desk"], media="audio", actor="w003")])
    wall._incoming["C0000000000dd"].decline_button.click()
    assert service.calls[-1] == ("decline", "C0000000000dd")
    session.feed([call_event(scenario, "call.decline", call="C0000000000dd")])
    assert wall._incoming == {}


# --- group voice -----------------------------------------------------------------------------

def test_group_dial_picks_exactly_the_on_duty_workers_of_the_grid(session, scenario, wall, service):
    grid1, grid2 = scenario.grids[0].code, scenario.grids[1].code
    assert sorted(on_duty_members(session.state, grid1)) == ["W001", "W005"]  # W005: stale fix, still on duty
    assert on_duty_members(session.state, grid2) == ["W002"]  # W006 is off duty
    session.feed([scenario.f.duty("W001", on=False)])
    call_id = wall.group_call(grid1)
    assert service.calls == [("group_call", call_id, grid1)]
    assert wall.book.entries[call_id].members == ("W005",)
    assert wall.group_panel.isVisible()
    assert wall.group_panel.member_texts() == [f"{session.state.workers['W005'].name}  呼叫中 00:00"]


def test_group_menu_lists_grids_with_on_duty_counts(session, scenario, wall, service):
    wall._fill_group_menu()
    actions = wall.group_menu.actions()
    assert len(actions) == len(scenario.grids)
    assert "在岗 2 人" in actions[0].text() and actions[0].isEnabled()
    session.feed([scenario.f.duty("W004", on=False)])
    wall._fill_group_menu()
    assert not wall.group_menu.actions()[3].isEnabled()
    wall.group_menu.actions()[1].trigger()
    assert service.calls[-1][0] == "group_call" and service.calls[-1][2] == scenario.grids[1].code


def test_no_group_call_for_a_grid_nobody_is_on_duty_in(session, scenario, wall, service):
    session.feed([scenario.f.duty("W004", on=False)])
    assert wall.group_call(scenario.grids[3].code) is None
    assert service.calls == [] and "没有在岗" in wall.notice.text()


def test_push_to_talk_button_and_space_key(qtbot, session, scenario, wall, service):
    grid = scenario.grids[0].code
    call_id = wall.group_call(grid)
    session.feed([ringing(scenario, call_id, ["W001", "W005"], media="audio", group=grid)])
    session.feed([call_event(scenario, "call.accept", "w001", call=call_id)])
    texts = wall.group_panel.member_texts()
    assert texts[0].endswith("已接通 00:00") and texts[1].startswith(session.state.workers["W005"].name)
    assert "呼叫中" in texts[1]
    panel = wall.group_panel
    assert panel.indicator.text() == "○ 未讲话"
    qtbot.mousePress(panel.ptt_button, Qt.MouseButton.LeftButton)
    assert service.calls[-1] == ("ptt", True) and wall.talking
    assert panel.indicator.text() == "● 正在讲话"
    qtbot.mouseRelease(panel.ptt_button, Qt.MouseButton.LeftButton)
    assert service.calls[-1] == ("ptt", False) and panel.indicator.text() == "○ 未讲话"

    wall.setFocus()
    qtbot.waitUntil(wall.hasFocus, timeout=2000)
    qtbot.keyPress(wall, Qt.Key.Key_Space)
    assert service.calls[-1] == ("ptt", True) and panel.indicator.text() == "● 正在讲话"
    qtbot.keyRelease(wall, Qt.Key.Key_Space)
    assert service.calls[-1] == ("ptt", False)

    qtbot.keyPress(wall, Qt.Key.Key_Space)
    session.feed([call_event(scenario, "call.hangup", call=call_id)])
    assert service.calls[-1] == ("ptt", False) and not wall.talking  # the call ended under the dispatcher's thumb
    qtbot.keyPress(wall, Qt.Key.Key_Space)
    assert not wall.talking and not panel.ptt_button.isEnabled()


def test_group_panel_lists_members_skipped_as_busy_or_unreachable(qtbot, scenario, service, wall_clock):
    grid = scenario.grids[0].code  # W001, W005 and one more, in a call of another desk, unreachable or rung
    scenario.workers["W007"] = Worker("W007", "钱七", WorkerKind.GRID_WORKER, grid, "13800000007")
    session = FakeSession(scenario.state())
    wall = open_wall(qtbot, session, service, wall_clock)
    session.feed([ringing(scenario, "C0000000000b1", ["W001"], media="audio", actor="ddy02")])
    call_id = wall.group_call(grid)
    session.feed([ringing(scenario, call_id, ["W005", "W001", "W007"], media="audio", group=grid,
                          unreachable=["W007"])])
    names = session.state.workers
    assert wall.group_panel.member_texts() == [f"{names['W005'].name}  呼叫中 00:01", f"{names['W007'].name}  无法接通",
                                               f"{names['W001'].name}  对方忙"]
    assert "3 人" in wall.group_panel.title.text()


def test_group_hangup_asks_the_service(session, scenario, wall, service):
    grid = scenario.grids[0].code
    call_id = wall.group_call(grid)
    session.feed([ringing(scenario, call_id, ["W001", "W005"], media="audio", group=grid)])
    wall.group_panel.hangup_button.click()
    assert service.calls[-1] == ("hangup", call_id)


def test_without_a_call_service_nothing_is_dialled(qtbot, session):
    bare = VideoWall(session)
    qtbot.addWidget(bare)
    assert bare.call_worker("W001") is None
    assert "通话服务未启动" in bare.notice.text()


# --- wired into the main window ------------------------------------------------------------------

@pytest.fixture
def window(qtbot, session, service, tmp_path, clock):
    win = MainWindow(session, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat), clock=clock)
    qtbot.addWidget(win)
    win.calls.set_service(service)
    win.resize(1600, 1000)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_wall_dock_is_tabbed_with_the_workers_and_floats(window):
    dock = window.calls_dock
    assert dock.objectName() == "callsDock" and dock.windowTitle() == "视频连线"
    assert window.workers_dock in window.tabifiedDockWidgets(dock)
    assert dock.features() & QDockWidget.DockWidgetFeature.DockWidgetFloatable
    dock.setFloating(True)  # torn off, e.g. to a second screen
    assert dock.isFloating() and window.calls.isVisible()


def test_worker_card_and_grid_card_start_calls(qtbot, window, service, scenario):
    m = window.map.map
    m.show_worker_card("W002")
    assert "Ctrl+Shift+V" in m.worker_card.video_button.toolTip()
    qtbot.mouseClick(m.worker_card.video_button, Qt.MouseButton.LeftButton)
    assert service.calls[-1][2:] == (["W002"], "video")
    assert window.calls_dock.isVisible() and window.calls.tile_of(service.calls[-1][1]) is not None
    qtbot.mouseClick(m.worker_card.call_button, Qt.MouseButton.LeftButton)
    assert service.calls[-1][2:] == (["W002"], "audio")
    m.show_grid_card(scenario.grids[1].code)
    qtbot.mouseClick(m.grid_card.group_call_button, Qt.MouseButton.LeftButton)
    assert service.calls[-1][0] == "group_call" and service.calls[-1][2] == scenario.grids[1].code


def test_worker_list_menu_and_keys_start_calls(qtbot, window, service):
    view = window.workers
    assert [a.text() for a in view.call_actions.values()] == ["视频呼叫", "语音呼叫"]
    assert view.call_actions["audio"].toolTip() == "语音呼叫 (Ctrl+Shift+Y)"
    row = view.model.row_of("W003")
    view.table.setCurrentIndex(view.model.index(row, 0))
    view.call_actions["video"].trigger()
    assert service.calls[-1][2:] == (["W003"], "video")
    window.workers_dock.raise_()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus, timeout=2000)
    qtbot.keyClick(view.table, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert service.calls[-1][2:] == (["W003"], "audio")


def test_refused_dial_shows_on_the_tile_not_in_a_message_box(window, session, service):
    call_id = window.calls.call_worker("W001", "video")
    session.command_failed.emit("call.dial", {"code": "E_UNREACHABLE", "zh": "不在线", "request": {"call": call_id}})
    assert window.calls.tile_of(call_id).look.text == "无法接通"
    assert window._error_box is None


# --- end to end: the real stack calls a simulated worker ----------------------------------------------

@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the database is not what this is about
def test_wall_shows_a_real_call_with_a_simulated_worker(qtbot, seeded_db, qapp, tmp_path):
    """Real relay, field simulator answering with its synthetic camera, WebRTC on loopback, real tiles."""


    from console.media.engine import MediaEngine
    from console.services.demo_seed import DEMO_PASSWORD
    from console.ui.calls.service import CallService
    from console.ui.session import ConsoleSession
    from tests.integration.harness import wait_until
    from tests.integration.test_calls_media import Field

    db_url, demo = seeded_db
    field = Field(db_url, demo)
    field.start()
    engine = MediaEngine().start()

    async def scenario():
        session = ConsoleSession(field.relay.url, "d01", DEMO_PASSWORD)
        service = CallService(session, engine)
        win = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(win)
        win.calls.set_service(service)
        win.resize(1600, 1000)
        win.show()
        session.start()
        worker = next(iter(field.sim.workers))
        await wait_until(lambda: session.state is not None and worker in session.state.positions, timeout=30,
                         what="the simulator reported the worker's position")
        win.map.map.show_worker_card(worker)
        win.map.map.worker_card.video_button.click()
        (call_id,) = list(service.calls)
        tile = win.calls.tile_of(call_id)
        await wait_until(lambda: tile.frames_painted >= 20, timeout=30, what="20 frames painted on the tile")
        await wait_until(lambda: tile.look.key == "active" and "fps" in tile.quality, what="accepted, with stats")
        win.grab().save(str(tmp_path / "wall_real.png"))
        tile.hangup_button.click()
        await wait_until(lambda: session.state.calls[call_id]["status"] == "ended", what="call.ended")
        look = tile.look
        await service.async_close()
        await session.async_close()
        return look

    try:
        look = run_on_qt_loop(qapp, scenario(), 120)
    finally:
        engine.stop()
        field.stop()
    assert look.text == "已结束"


def test_state_texts_for_the_rarer_endings():
    from console.domain.calls import new_call
    from console.ui.calls.status import call_look, quality_text, refusal_look

    call = new_call("C000000000001", "ddy01", "ddy01", "audio", "G1", ["W001", "W002"], NOW_MS)
    call.update(status="active", answered_at=NOW_MS)
    call["parties"].update(W001="accepted", W002="left")
    assert call_look(call, "W002", NOW_MS).text == "已退出"
    assert call_look(call, None, NOW_MS + 61_000).text == "已接通 01:01"
    call.update(status="failed", reason="ICE failed")
    assert call_look(call, "W001", NOW_MS).text == "连接失败"
    call.update(status="ended", reason="lost")
    assert call_look(call, "W001", NOW_MS).text == "连接中断"
    assert refusal_look("E_FORBIDDEN").text == "无权呼叫"
    assert refusal_look("E_GLARE", "对方正在呼叫你").text == "呼叫失败：对方正在呼叫你"
    assert quality_text({"kbps": 32, "rtt_ms": 4}, video=False) == "32 kbps · RTT 4 ms"
    assert quality_text({}) == "— fps · — kbps · RTT — ms"
