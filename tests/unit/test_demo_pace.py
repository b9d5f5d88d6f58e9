"""The demo's pace: sized so one dispatcher keeps up, faster for several desks, and said so at start."""

from console.demo import DESK_REPORT_INTERVAL_S, demo_pace, pace_hint


def test_one_desk_gets_fewer_reports_than_one_accept_limit_can_hold():
    report_s, transfer_s = demo_pace(1)
    per_hour = 3600 / report_s + 3600 / transfer_s
    assert per_hour <= 50  # one desk handles an incident in about a minute, with room to close them
    assert report_s == DESK_REPORT_INTERVAL_S


def test_more_desks_speed_it_up_and_an_explicit_interval_wins():
    assert demo_pace(3)[0] == DESK_REPORT_INTERVAL_S / 3
    assert demo_pace(3, 10.0)[0] == 10.0
    assert demo_pace(0) == demo_pace(1)


def test_the_hint_names_the_pace_and_the_desks():
    text = pace_hint(2, *demo_pace(2))
    assert "2 个指挥台" in text and "45 秒" in text and "--desks" in text


