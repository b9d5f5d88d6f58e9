"""One clock: console, timelines, summary days and replay days all follow the station's zone, not the machine's."""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from console.domain import station_time
from console.domain.clock import ManualClock, use_clock
from console.replay.ranges import day_range, shift_range
from console.services.summary import day_period
from console.ui.incident_detail import IncidentDetail
from console.ui.replay.range_dialog import RangeDialog
from console.ui.status_bar import ConsoleStatusBar
from tests.ui.conftest import NOW_MS

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def new_york_machine(monkeypatch):
    """The computer's own zone is New York (UTC-5): nothing shown may follow it."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert time.localtime(NOW_MS / 1000).tm_hour != datetime.fromtimestamp(NOW_MS / 1000, SHANGHAI).hour
    yield
    monkeypatch.undo()
    time.tzset()


def _shanghai(ms: int, pattern: str) -> str:
    return datetime.fromtimestamp(ms / 1000, SHANGHAI).strftime(pattern)


def _midnight(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=SHANGHAI).timestamp() * 1000)


def test_one_clock_timeline_summary_and_replay_agree_with_shanghai(new_york_machine, qtbot, empty_session,
                                                                    scenario, clock):
    detail = IncidentDetail(empty_session, clock=clock)
    qtbot.addWidget(detail)
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    incident = empty_session.state.incidents[scenario.ids["I3"]]
    detail.show_incident(incident.id)
    first = incident.timeline[0].at
    assert detail.timeline.item(0, 0).text() == _shanghai(first, "%H:%M:%S")

    day = date(2025, 11, 21)  # NOW_MS is 12:40 on this day in Shanghai, still the 20th in New York
    assert station_time.day_of(NOW_MS) == day
    period = day_period(day)
    assert (period.start_ms, period.end_ms) == (_midnight(day), _midnight(date(2025, 11, 22)))
    assert day_range(day) == (period.start_ms, period.end_ms)
    assert shift_range(day, "night")[0] == _midnight(day) + 20 * 3_600_000

    with use_clock(ManualClock(NOW_MS)):
        assert station_time.today() == day
        dialog = RangeDialog([("day", "白班")])
        qtbot.addWidget(dialog)
        assert dialog.date_edit.date().toPython() == day  # replay's "today"
        bar = ConsoleStatusBar()
        qtbot.addWidget(bar)
        assert bar.clock_label.text() == _shanghai(NOW_MS, "%Y-%m-%d %H:%M:%S")


def test_one_clock_follows_the_configured_zone(monkeypatch):
    from console import config

    monkeypatch.setenv(config.STATION_TZ.env, "Asia/Urumqi")
    previous = station_time.zone()
    config.apply_station_zone()
    try:
        assert station_time.day_bounds(date(2026, 1, 1))[0] == int(
            datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Urumqi")).timestamp() * 1000)
    finally:
        station_time.use_zone(previous.key)
