"""Alerts (告警): derivation from the session, acknowledge, SOS clear, SLA by the injected clock, mute, sound."""

from __future__ import annotations

import wave

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QMainWindow

from console.domain import events as ev
from console.testing.sample_state import grid_center
from console.ui.alerts.alert import AlertKind, Severity
from console.ui.alerts.center import SOS_REPEAT_MS, AlertCenter
from console.ui.alerts.dock import install_alerts_dock
from console.ui.alerts.model import ACol, AlertTableModel
from console.ui.alerts.sound import AlertSound
from console.ui.alerts.tones import SOUND_DIR, TONES, write_tones
from console.ui.alerts.view import AlertListView
from tests.ui.conftest import NOW_MS, FakeSession

WARN = QAbstractItemModelTester.FailureReportingMode.Warning
MINUTE = 60_000


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, tone: str) -> None:
        self.played.append(tone)


class Clock:
    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "alerts.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def player():
    return FakePlayer()


@pytest.fixture
def make_center(qtbot, settings, player):
    def make(session, clock, **kwargs):
        center = AlertCenter(session, clock=clock, player=player, settings=settings, **kwargs)
        model = AlertTableModel(center, clock=clock)
        QAbstractItemModelTester(model, WARN, model)
        center.test_model = model
        return center

    return make


def _report(scenario, priority: int, category: str = "200200", actor: str = "d02"):
    """A report entered at another desk (d02): this console's own intake raises no 新建 alert."""
    grid = scenario.grids[1]
    return scenario.f.report(grid, grid_center(grid), category=category, priority=priority, address="仓街8号",
                             narrative="测试", actor=actor)


def test_new_priority_one_incident_alerts_until_acknowledged(qtbot, scenario, empty_session, make_center, player):
    clock = Clock(NOW_MS)
    center = make_center(empty_session, clock)
    report = _report(scenario, 1)
    clock.now = report.at
    with qtbot.waitSignal(center.alerts_changed, timeout=1000) as blocker:
        empty_session.feed([report])
    assert blocker.args == [1, "critical"]
    alert = center.alert(f"new:{report.data['incident']}")
    assert (alert.kind, alert.severity, alert.subject) == (AlertKind.NEW_INCIDENT, Severity.CRITICAL,
                                                           report.data["incident"])
    assert "一级新警情" in alert.text and "仓街8号" in alert.text
    assert player.played == ["incident"]
    assert center.test_model.index(0, ACol.SEVERITY).data() == "◆ 紧急"
    with qtbot.waitSignal(center.alerts_changed, timeout=1000) as blocker:
        center.acknowledge(alert.key)
    assert blocker.args == [0, ""]
    assert center.alerts() == [] and center.test_model.rowCount() == 0
    center.evaluate()  # still 新建, but acknowledged: it does not come back or sound again
    assert center.alerts() == [] and player.played == ["incident"]


def test_accepting_ends_a_new_incident_alert_and_priority_three_never_raises_one(
        qtbot, scenario, empty_session, make_center, player):
    clock = Clock(NOW_MS)
    center = make_center(empty_session, clock)
    urgent, routine = _report(scenario, 2), _report(scenario, 3)
    clock.now = routine.at
    empty_session.feed([urgent, routine])
    assert [a.key for a in center.alerts()] == [f"new:{urgent.data['incident']}"]
    assert center.alerts()[0].severity is Severity.MAJOR
    empty_session.feed([scenario.f.step(urgent.data["incident"], ev.INCIDENT_ACCEPTED)])
    assert center.alerts() == []


def test_own_intake_raises_no_new_incident_alert(qtbot, scenario, empty_session, make_center, player):
    clock = Clock(NOW_MS)
    center = make_center(empty_session, clock)
    own = _report(scenario, 1, actor=empty_session.account)
    other = _report(scenario, 1)
    clock.now = other.at
    empty_session.feed([own, other])
    assert [a.key for a in center.alerts()] == [f"new:{other.data['incident']}"]
    assert player.played == ["incident"]


def test_sla_breach_appears_when_the_clock_passes_the_yellow_limit(qtbot, scenario, empty_session, make_center,
                                                                    player):
    clock = Clock(NOW_MS)
    center = make_center(empty_session, clock, tick_ms=10)
    report = _report(scenario, 3)  # 治安: 受理 yellow 0.05 h = 3 min, so 预警 from 2 min 6 s
    iid = report.data["incident"]
    clock.now = report.at + MINUTE
    empty_session.feed([report])
    assert center.alerts() == []
    clock.now = report.at + 2 * MINUTE + 10_000
    qtbot.waitUntil(lambda: center.alert(f"sla:{iid}:accept:warning") is not None, timeout=2000)
    assert center.alert(f"sla:{iid}:accept:warning").severity is Severity.MINOR
    assert player.played == []  # a warning is a soft alert: no sound
    clock.now = report.at + 3 * MINUTE + 1
    qtbot.waitUntil(lambda: center.alert(f"sla:{iid}:accept:yellow") is not None, timeout=2000)
    yellow = center.alert(f"sla:{iid}:accept:yellow")
    assert (yellow.kind, yellow.severity, yellow.at) == (AlertKind.SLA, Severity.MAJOR, report.at + 3 * MINUTE)
    assert "受理超时（黄牌）" in yellow.text
    assert center.alert(f"sla:{iid}:accept:warning") is None
    assert player.played == ["overdue"]
    empty_session.feed([scenario.f.step(iid, ev.INCIDENT_ACCEPTED)])  # the 受理 clock stops
    assert center.alerts() == []


def test_sos_alert_ack_sends_sos_clear_and_repeats_until_acknowledged(qtbot, scenario, session, make_center, player):
    clock = Clock(NOW_MS)
    center = make_center(session, clock)
    player.played.clear()
    sos = scenario.f.sos("W002")
    session.feed([sos])
    alert = center.alert(f"sos:W002:{sos.at}")
    assert (alert.kind, alert.severity) == (AlertKind.SOS, Severity.CRITICAL)
    assert scenario.workers["W002"].name in alert.text
    assert center.alerts()[0] is alert  # the most severe and newest first
    assert player.played == ["sos"]
    clock.now += SOS_REPEAT_MS
    center.evaluate()
    assert player.played == ["sos", "sos"]
    center.acknowledge(alert.key)
    assert session.calls == [("command", "worker.sos_clear", {"worker": "W002", "note": "指挥台已确认"})]
    clock.now += SOS_REPEAT_MS
    center.evaluate()
    assert player.played == ["sos", "sos"]
    assert center.alert(alert.key).acknowledged  # listed until the relay clears it
    session.feed([scenario.f.sos_cleared("W002")])
    assert center.alert(alert.key) is None


def test_sos_ack_by_a_role_that_cannot_clear_sends_nothing(qtbot, scenario, make_center):
    trainer = FakeSession(scenario.state(), role="trainer")
    center = make_center(trainer, Clock(NOW_MS))
    trainer.feed([scenario.f.sos("W001")])
    center.acknowledge_all()
    assert trainer.calls == []
    assert center.unacknowledged() == []


def test_mute_stops_the_sound_and_is_remembered(qtbot, scenario, empty_session, make_center, player, settings):
    clock = Clock(NOW_MS)
    center = make_center(empty_session, clock)
    center.set_muted(True)
    first = _report(scenario, 1)
    clock.now = first.at
    empty_session.feed([first])
    assert center.unacknowledged() and player.played == []
    again = AlertCenter(empty_session, clock=clock, player=FakePlayer(), settings=settings)
    assert again.muted
    center.set_muted(False)
    empty_session.feed([_report(scenario, 1)])
    assert player.played == ["incident"]


def test_overdue_orders_and_referrals(qtbot, scenario, session, make_center):
    clock = Clock(NOW_MS)
    center = make_center(session, clock)
    f = scenario.f
    order = f.order("patrol", "W001", "平江路1号", due_in_ms=6 * MINUTE)  # the shortest time an order may have
    refer = f.refer(scenario.ids["I2"], "600200", "停电，转供电公司")
    session.feed([order, refer])
    clock.now = order.data["due_at"] + 1
    center.evaluate()
    overdue = center.alert(f"order:{order.data['order']}")
    assert overdue.kind is AlertKind.ORDER_OVERDUE and "巡查" in overdue.text
    clock.now = refer.at + 4 * 3_600_000 + 1
    center.evaluate()
    referral = [a for a in center.alerts() if a.kind is AlertKind.REFERRAL_OVERDUE]
    assert [a.subject for a in referral] == [scenario.ids["I2"]]
    assert "电力抢修" in referral[0].text
    session.feed([f.order_step(order.data["order"], ev.ORDER_CANCELLED, "W001", "改派")])
    assert center.alert(f"order:{order.data['order']}") is None


def test_open_incident_index_follows_events(qtbot, scenario, session, make_center):
    center = make_center(session, Clock(NOW_MS))
    ids = scenario.ids
    assert center.open_incident_ids() == {ids["I1"], ids["I2"], ids["I3"], ids["I4"]}
    f = scenario.f
    session.feed([f.step(ids["I4"], ev.INCIDENT_VERIFYING),
                  f.step(ids["I4"], ev.INCIDENT_CLOSED, note="回访满意", outcome="handled")])
    assert ids["I4"] not in center.open_incident_ids()
    report = _report(scenario, 4)
    session.feed([report])
    assert report.data["incident"] in center.open_incident_ids()


def test_view_acknowledges_all_with_ctrl_a(qtbot, scenario, session, settings, player):
    window = QMainWindow()
    qtbot.addWidget(window)
    dock = install_alerts_dock(window, session, clock=Clock(NOW_MS), player=player, settings=settings)
    assert dock.objectName() == "alertsDock"
    view = dock.widget()
    assert isinstance(view, AlertListView)
    with qtbot.waitActive(window):  # window shortcuts fire only in the active window
        window.show()
        window.activateWindow()
    center = view.center
    assert center.unacknowledged()  # the base scenario's I1 is a new priority-1 incident past its limits
    assert view.summary.text().startswith("未确认")
    with qtbot.waitSignal(center.alerts_changed, timeout=1000) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [0, ""]
    assert view.summary.text() == "无未确认告警"
    assert all(view.model.index(r, ACol.STATE).data() == "已确认" for r in range(view.model.rowCount()))
    view.mute_action.trigger()
    assert center.muted and view.mute_action.text() == "已静音 Ctrl+M"


def test_tones_are_short_and_match_their_recipe(tmp_path):
    for path in write_tones(tmp_path):
        committed = SOUND_DIR / path.name
        assert committed.read_bytes() == path.read_bytes()
        with wave.open(str(committed)) as w:
            assert w.getnchannels() == 1 and w.getsampwidth() == 2
            assert 0.2 < w.getnframes() / w.getframerate() < 1.0
    assert {p.stem for p in SOUND_DIR.glob("*.wav")} == set(TONES)


@pytest.mark.qt_log_level_fail("CRITICAL")  # QtMultimedia, where installed, warns about a missing audio server
def test_sound_without_audio_device_falls_back_and_returns(qapp):
    sound = AlertSound()
    assert sound.backend == "undecided"
    sound.play("sos")
    sound.play("incident")
    assert sound.backend in ("beep", "effects")


def test_account_lock_alerts_the_dispatcher_until_unlocked(qtbot, scenario, session, make_center, player):
    center = make_center(session, Clock(NOW_MS))
    seq = session.state.seq
    locked = ev.Event(seq + 1, NOW_MS, ev.ACCOUNT_LOCKED, "system",
                      {"account": "d02", "addr": "10.1.2.3", "failures": 5, "until": NOW_MS + 15 * MINUTE})
    session.feed([locked])
    [alert] = [a for a in center.alerts() if a.kind is AlertKind.ACCOUNT]
    assert alert.subject == "d02" and alert.severity is Severity.MAJOR
    assert "d02" in alert.text and "锁定" in alert.text and "10.1.2.3" in alert.text
    assert player.played, "a lock sounds like any major alert"
    unlocked = ev.Event(seq + 2, NOW_MS + MINUTE, ev.ACCOUNT_UNLOCKED, "a01", {"account": "d02", "reason": "admin"})
    session.feed([unlocked])
    assert not [a for a in center.alerts() if a.kind is AlertKind.ACCOUNT]
