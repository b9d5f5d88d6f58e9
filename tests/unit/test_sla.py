"""SLA limits: lookup, deadlines in hours and working days, levels, countdown text and config validation."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.incidents import categories
from console.domain.sla import (
    Deadline,
    Limit,
    SlaConfigError,
    SlaLevel,
    Stage,
    Unit,
    deadline,
    format_countdown,
    level,
    limits_for,
    load_limits,
    remaining_ms,
    shipped_limits,
)

CHINA = timezone(timedelta(hours=8))
MINUTE_MS = 60_000
HOUR_MS = 3_600_000


def cst(*fields: int) -> int:
    """ms since epoch of a China-time wall clock (year, month, day[, hour, minute])."""
    return int(datetime(*fields, tzinfo=CHINA).timestamp() * 1000)


def hours(yellow, red):
    return {"unit": "hours", "yellow": yellow, "red": red}


def workdays(yellow, red):
    return {"unit": "workdays", "yellow": yellow, "red": red}


TEST_LIMITS = {
    "default": {"accept": hours(1, 2), "handle": hours(24, 48), "verify": workdays(1, 2)},
    "20": {"name": "治安", "accept": hours(0.05, 0.1), "handle": hours(4, 8)},
    "200600": {"name": "家庭暴力", "accept": hours(0.02, 0.05)},
    "60": {"handle": workdays(1, 3)},
}


def write_limits(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "limits.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def table(tmp_path):
    return load_limits(write_limits(tmp_path, TEST_LIMITS))


# --- labels and ordering -------------------------------------------------------------------------------------------


def test_labels():
    assert [s.label for s in Stage] == ["受理", "办理", "核查"]
    assert [lv.label for lv in SlaLevel] == ["正常", "预警", "黄牌", "红牌"]


def test_levels_are_ordered_by_severity_not_alphabetically():
    assert SlaLevel.NORMAL < SlaLevel.WARNING < SlaLevel.YELLOW < SlaLevel.RED
    assert SlaLevel.RED >= SlaLevel.YELLOW and SlaLevel.WARNING <= SlaLevel.WARNING
    assert max([SlaLevel.YELLOW, SlaLevel.RED, SlaLevel.NORMAL]) is SlaLevel.RED
    assert sorted([SlaLevel.RED, SlaLevel.NORMAL, SlaLevel.YELLOW, SlaLevel.WARNING]) == list(SlaLevel)


# --- lookup --------------------------------------------------------------------------------------------------------


def test_lookup_full_code_then_prefix_then_default_per_stage(table):
    dv = limits_for("200600", table)
    assert dv[Stage.ACCEPT] == Limit(Unit.HOURS, 0.02, 0.05)  # the 6-digit code
    assert dv[Stage.HANDLE] == Limit(Unit.HOURS, 4, 8)  # its prefix "20"
    assert dv[Stage.VERIFY] == Limit(Unit.WORKDAYS, 1, 2)  # the default
    assert limits_for("200100", table)[Stage.ACCEPT] == Limit(Unit.HOURS, 0.05, 0.1)
    assert limits_for("990000", table) == {
        Stage.ACCEPT: Limit(Unit.HOURS, 1, 2),
        Stage.HANDLE: Limit(Unit.HOURS, 24, 48),
        Stage.VERIFY: Limit(Unit.WORKDAYS, 1, 2),
    }
    assert limits_for("", table)[Stage.ACCEPT] == Limit(Unit.HOURS, 1, 2)


def test_shipped_limits_cover_every_category_sensibly():
    assert shipped_limits() is shipped_limits()  # loaded once
    for code in categories():
        limits = limits_for(code)
        assert set(limits) == set(Stage)
        assert all(0 < lim.yellow <= lim.red for lim in limits.values())
    assert limits_for("100100")[Stage.ACCEPT].unit is Unit.HOURS
    assert limits_for("100100")[Stage.ACCEPT].red <= 0.25  # emergencies are accepted within minutes
    assert limits_for("700000")[Stage.ACCEPT].yellow < limits_for("500000")[Stage.ACCEPT].yellow
    assert limits_for("200600")[Stage.HANDLE].red < limits_for("200100")[Stage.HANDLE].red
    assert limits_for("600300")[Stage.HANDLE].unit is Unit.WORKDAYS  # referrals count working days
    assert limits_for("600300")[Stage.VERIFY].unit is Unit.WORKDAYS


# --- deadlines -----------------------------------------------------------------------------------------------------


def test_hours_limits_ignore_weekends_and_holidays(table):
    start = cst(2025, 10, 1, 9)  # National Day
    d = deadline("200100", Stage.HANDLE, start, table=table)
    assert d == Deadline(start + 168 * MINUTE_MS, start + 4 * HOUR_MS, start + 8 * HOUR_MS)  # 70% of 4 h = 2 h 48 min
    d = deadline("990000", Stage.HANDLE, cst(2025, 9, 30, 10), table=table)
    assert d.red_at == cst(2025, 10, 2, 10)


def test_workday_limits_skip_the_national_day_break(table):
    d = deadline("600300", Stage.HANDLE, cst(2025, 9, 30, 10), table=table)
    # 70% of 1 working day = 16 h 48 min of working time: 14 h on Sep 30, then 2 h 48 min on Oct 9
    assert d.warn_at == cst(2025, 10, 9, 2, 48)
    assert d.yellow_at == cst(2025, 10, 9, 10)
    assert d.red_at == cst(2025, 10, 11, 10)  # Saturday Oct 11 is a make-up working day


def test_workday_limits_use_make_up_days(table):
    d = deadline("990000", Stage.VERIFY, cst(2025, 9, 26, 10), table=table)
    assert d.yellow_at == cst(2025, 9, 28, 10)  # Sunday Sep 28 is a make-up working day
    assert d.red_at == cst(2025, 9, 29, 10)


def test_workday_limits_across_spring_festival_2026(table):
    d = deadline("990000", Stage.VERIFY, cst(2026, 2, 13, 16), table=table)
    assert d.warn_at == cst(2026, 2, 14, 8, 48)  # 8 h on Friday, 8 h 48 min on make-up Saturday Feb 14
    assert d.yellow_at == cst(2026, 2, 14, 16)
    assert d.red_at == cst(2026, 2, 24, 16)  # Feb 15–23 are rest days


def test_uncovered_year_falls_back_to_weekends(table):
    d = deadline("990000", Stage.VERIFY, cst(2030, 1, 4, 10), table=table)  # a Friday
    assert (d.yellow_at, d.red_at) == (cst(2030, 1, 7, 10), cst(2030, 1, 8, 10))


def test_extension_shifts_all_three_instants(table):
    start = cst(2025, 9, 30, 10)
    base = deadline("600300", Stage.HANDLE, start, table=table)
    extended = deadline("600300", Stage.HANDLE, start, extension_ms=5 * HOUR_MS, table=table)
    assert extended == Deadline(base.warn_at + 5 * HOUR_MS, base.yellow_at + 5 * HOUR_MS, base.red_at + 5 * HOUR_MS)
    with pytest.raises(ValueError, match="negative"):
        deadline("600300", Stage.HANDLE, start, extension_ms=-1, table=table)


def test_warning_fires_at_exactly_70_percent(table):
    start = cst(2025, 10, 1, 9)
    d = deadline("990000", Stage.ACCEPT, start, table=table)  # yellow 1 h → warning at 42 min
    assert d.warn_at == start + 42 * MINUTE_MS
    assert level(d, d.warn_at - 1) is SlaLevel.NORMAL
    assert level(d, d.warn_at) is SlaLevel.WARNING
    assert level(d, d.yellow_at - 1) is SlaLevel.WARNING
    assert level(d, d.yellow_at) is SlaLevel.YELLOW
    assert level(d, d.red_at - 1) is SlaLevel.YELLOW
    assert level(d, d.red_at) is SlaLevel.RED
    assert level(d, start) is SlaLevel.NORMAL


def test_warning_rounds_up_to_the_first_whole_ms_at_70_percent(tmp_path):
    table = load_limits(write_limits(tmp_path, {"default": dict.fromkeys(("accept", "handle", "verify"),
                                                                          hours(0.001, 1))}))  # 3,600 ms
    d = deadline("990000", Stage.ACCEPT, 0, table=table)
    assert d.warn_at == 2520  # exactly 70%
    table = load_limits(write_limits(tmp_path, {"default": dict.fromkeys(("accept", "handle", "verify"),
                                                                          hours(1 / 3_600_000 * 1001, 1))}))
    assert deadline("990000", Stage.ACCEPT, 0, table=table).warn_at == 701  # 700.7 ms → 701, never early


@given(start=st.integers(cst(2004, 1, 1), cst(2028, 1, 1)), category=st.sampled_from(sorted(categories())),
       stage=st.sampled_from(list(Stage)))
def test_thresholds_are_ordered_and_after_start(start, category, stage):
    d = deadline(category, stage, start)
    assert start < d.warn_at <= d.yellow_at <= d.red_at


# --- remaining time and countdown ----------------------------------------------------------------------------------


def test_remaining_counts_to_yellow_then_to_red():
    d = Deadline(warn_at=700, yellow_at=1_000, red_at=5_000)
    assert remaining_ms(d, 0) == 1_000
    assert remaining_ms(d, 999) == 1
    assert remaining_ms(d, 1_000) == 4_000
    assert remaining_ms(d, 5_000) == 0
    assert remaining_ms(d, 6_500) == -1_500


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (45_000, "剩 45秒"),
        (44_001, "剩 45秒"),  # time left rounds up: never shows less than is left
        (1, "剩 1秒"),
        (0, "超 0秒"),
        (-999, "超 0秒"),  # overdue rounds down
        (-45_000, "超 45秒"),
        (5 * MINUTE_MS + 7_000, "剩 5分07秒"),
        (HOUR_MS + 5 * MINUTE_MS, "剩 1时05分"),
        (HOUR_MS + 5 * MINUTE_MS + 59_000, "剩 1时05分"),
        (-(2 * 24 * HOUR_MS + 3 * HOUR_MS + 20 * MINUTE_MS), "超 2天3时"),
        (24 * HOUR_MS, "剩 1天0时"),
    ],
)
def test_format_countdown(ms, text):
    assert format_countdown(ms) == text


# --- malformed limits files ----------------------------------------------------------------------------------------


GOOD_DEFAULT = {"accept": hours(1, 2), "handle": hours(24, 48), "verify": workdays(1, 2)}


@pytest.mark.parametrize(
    ("content", "names"),
    [
        ("{not json", "not JSON"),
        ([], "top level"),
        ({"20": {"accept": hours(1, 2)}}, '"default": missing'),
        ({"default": {"accept": hours(1, 2), "handle": hours(1, 2)}}, '"default".verify'),
        ({"default": GOOD_DEFAULT, "2": {}}, '"2": a key must be'),
        ({"default": GOOD_DEFAULT, "2006000": {}}, '"2006000"'),
        ({"default": GOOD_DEFAULT, "20": []}, '"20": must be an object'),
        ({"default": GOOD_DEFAULT, "20": {"acept": hours(1, 2)}}, '"20".acept: unknown stage'),
        ({"default": GOOD_DEFAULT, "20": {"name": 20}}, '"20".name'),
        ({"default": GOOD_DEFAULT, "20": {"handle": {"unit": "minutes", "yellow": 1, "red": 2}}},
         '"20".handle.unit'),
        ({"default": GOOD_DEFAULT, "20": {"handle": {"unit": "hours", "yellow": 1}}}, '"20".handle: must be'),
        ({"default": GOOD_DEFAULT, "200600": {"handle": hours(1, -2)}}, '"200600".handle.red: must be a positive'),
        ({"default": GOOD_DEFAULT, "200600": {"handle": hours("1", 2)}}, '"200600".handle.yellow'),
        ({"default": GOOD_DEFAULT, "200600": {"handle": hours(True, 2)}}, '"200600".handle.yellow'),
        ({"default": GOOD_DEFAULT, "60": {"verify": workdays(3, 2)}}, '"60".verify: yellow (3) must not exceed red'),
    ],
)
def test_malformed_limits_file_names_the_bad_key(tmp_path, content, names):
    path = write_limits(tmp_path, content)
    with pytest.raises(SlaConfigError) as caught:
        load_limits(path)
    assert names in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_configured_table_becomes_the_process_default(table, monkeypatch):
    from console.domain import sla

    monkeypatch.setattr(sla, "_configured", [])
    shipped = sla.deadline("100100", Stage.HANDLE, 0)
    assert sla.default_limits() is sla.shipped_limits()
    sla.use_limits(table)
    assert sla.default_limits() is table
    assert sla.deadline("100100", Stage.HANDLE, 0) == sla.deadline("100100", Stage.HANDLE, 0, table=table)
    assert sla.deadline("100100", Stage.HANDLE, 0) != shipped, "the test table differs from the shipped one"
