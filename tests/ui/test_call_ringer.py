"""The console rings for a worker's call to the desk until it is answered, declined or ended; mute silences it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from console.ui.calls.ringer import TONE, CallRinger
from console.ui.calls.wall import VideoWall
from console.ui.main_window import MainWindow
from tests.ui.test_calls_ui import Clock, FakeCallService, call_event, ringing


class Player:
    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []

    def play(self, tone: str) -> None:
        self.log.append(("play", tone))

    def stop(self, tone: str) -> None:
        self.log.append(("stop", tone))

    def plays(self) -> int:
        return sum(1 for what, _ in self.log if what == "play")


@pytest.fixture
def service():
    return FakeCallService()


@pytest.fixture
def wall(qtbot, session, service):
    widget = VideoWall(session, service, clock=Clock(), linger_ms=5_000)
    qtbot.addWidget(widget)
    return widget


def test_rings_until_answered_and_again_for_the_next_call(qtbot, session, scenario, wall):
    player = Player()
    ringer = CallRinger(wall, player=player, repeat_ms=30)
    session.feed([ringing(scenario, "C0000000000c1", ["desk"], actor="w002")])
    assert player.log == [("play", TONE)] and ringer.ringing  # at once, not a repeat later
    qtbot.waitUntil(lambda: player.plays() >= 3, timeout=3000)  # and again until somebody answers
    wall._incoming["C0000000000c1"].answer_button.click()
    assert not ringer.ringing and player.log[-1] == ("stop", TONE)
    rung = player.plays()
    session.feed([ringing(scenario, "C0000000000c2", ["desk"], media="audio", actor="w003")])
    assert ringer.ringing and player.plays() == rung + 1
    session.feed([call_event(scenario, "call.hangup", "w003", call="C0000000000c2")])
    assert not ringer.ringing and player.log[-1] == ("stop", TONE)


def test_declined_call_stops_ringing_and_one_bar_left_keeps_it(session, scenario, wall):
    player = Player()
    ringer = CallRinger(wall, player=player, repeat_ms=60_000)
    session.feed([ringing(scenario, "C0000000000d1", ["desk"], actor="w002"),
                  ringing(scenario, "C0000000000d2", ["desk"], actor="w003")])
    session.feed([call_event(scenario, "call.decline", call="C0000000000d1")])
    assert ringer.ringing and player.log == [("play", TONE)]  # the other worker is still calling
    session.feed([call_event(scenario, "call.decline", call="C0000000000d2")])
    assert not ringer.ringing and player.log == [("play", TONE), ("stop", TONE)]


def test_muted_console_does_not_ring(qtbot, session, scenario, wall):
    player, muted = Player(), [True]
    ringer = CallRinger(wall, player=player, muted=lambda: muted[0], repeat_ms=30)
    session.feed([ringing(scenario, "C0000000000e1", ["desk"], actor="w002")])
    assert ringer.ringing
    qtbot.waitUntil(lambda: len(player.log) >= 3, timeout=3000)
    assert player.plays() == 0
    muted[0] = False  # unmuted while it still rings: the next repeat is heard
    qtbot.waitUntil(lambda: player.plays() >= 1, timeout=3000)


@pytest.mark.qt_log_level_fail("CRITICAL")  # QtMultimedia, where installed, warns about a missing audio server
def test_main_window_rings_for_calls_to_the_desk_unless_alerts_are_muted(qtbot, session, scenario, service, tmp_path,
                                                                          clock):
    window = MainWindow(session, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat), clock=clock)
    qtbot.addWidget(window)
    player = window.call_ringer._player = Player()  # the window's own AlertSound would beep or play through Qt
    window.alerts.set_muted(True)
    session.feed([ringing(scenario, "C0000000000f1", ["desk"], actor="w002")])
    assert window.call_ringer.ringing and player.plays() == 0
    window.alerts.set_muted(False)
    session.feed([call_event(scenario, "call.hangup", "w002", call="C0000000000f1")])
    session.feed([ringing(scenario, "C0000000000f2", ["desk"], actor="w003")])
    assert window.call_ringer.ringing and player.log[-1] == ("play", "ring")
