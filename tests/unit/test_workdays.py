"""Working-day arithmetic in China time against the official 2025/2026 calendars and the weekend fallback."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.workdays import (
    DAY_MS,
    add_working_days,
    add_working_ms,
    china_date,
    covered_years,
    is_working_day,
)

CHINA = timezone(timedelta(hours=8))
HOUR_MS = 3_600_000


def cst(*fields: int) -> int:
    """ms since epoch of a China-time wall clock (year, month, day[, hour, minute])."""
    return int(datetime(*fields, tzinfo=CHINA).timestamp() * 1000)


def test_covered_years_include_2025_and_2026_but_not_2027():
    years = covered_years()
    assert 2025 in years and 2026 in years
    assert 2027 not in years and years.start - 1 not in years


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 9, 27), False),  # Saturday
        (date(2025, 9, 28), True),  # Sunday, 调休 make-up day for National Day
        (date(2025, 10, 1), False),  # National Day
        (date(2025, 10, 6), False),  # Mid-Autumn inside the National Day break
        (date(2025, 10, 9), True),
        (date(2025, 10, 11), True),  # Saturday, make-up day
        (date(2026, 2, 14), True),  # Saturday, make-up day before Spring Festival
        (date(2026, 2, 16), False),  # Monday inside Spring Festival (Feb 15–23)
        (date(2026, 2, 23), False),
        (date(2026, 2, 24), True),
    ],
)
def test_official_calendar(day, working):
    assert is_working_day(day) is working


def test_uncovered_years_fall_back_to_weekends_without_crashing():
    before, after = covered_years().start - 1, covered_years().stop
    assert is_working_day(date(after, 10, 1)) is (date(after, 10, 1).weekday() < 5)  # no holiday data
    assert is_working_day(date(2030, 1, 5)) is False  # Saturday
    assert is_working_day(date(2030, 1, 7)) is True  # Monday
    assert is_working_day(date(before, 6, 2)) is (date(before, 6, 2).weekday() < 5)
    assert add_working_days(cst(2030, 1, 4, 10), 1) == cst(2030, 1, 7, 10)  # Friday → Monday


def test_china_date_uses_utc_plus_8():
    assert china_date(cst(2025, 10, 1, 0, 0)) == date(2025, 10, 1)
    assert china_date(cst(2025, 10, 1, 0, 0) - 1) == date(2025, 9, 30)
    assert china_date(int(datetime(2025, 9, 30, 16, 0, tzinfo=UTC).timestamp() * 1000)) == date(2025, 10, 1)


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        # Friday → Sunday: 2025-09-28 is a make-up working day, Saturday 09-27 is not
        (cst(2025, 9, 26, 10), 1, cst(2025, 9, 28, 10)),
        # the National Day / Mid-Autumn break Oct 1–8 2025 is skipped; Saturday 10-11 is a make-up day
        (cst(2025, 9, 30, 10), 1, cst(2025, 10, 9, 10)),
        (cst(2025, 9, 30, 10), 2, cst(2025, 10, 10, 10)),
        (cst(2025, 9, 30, 10), 3, cst(2025, 10, 11, 10)),
        # started inside the break: the count starts at 00:00 of the first working day (10-09)
        (cst(2025, 10, 3, 15), 1, cst(2025, 10, 10, 0)),
        # Spring Festival 2026: rest Feb 15–23, make-up Saturdays Feb 14 and Feb 28
        (cst(2026, 2, 13, 9), 1, cst(2026, 2, 14, 9)),
        (cst(2026, 2, 13, 9), 2, cst(2026, 2, 24, 9)),
        (cst(2026, 2, 14, 9), 1, cst(2026, 2, 24, 9)),
        (cst(2026, 2, 18, 9), 4, cst(2026, 2, 28, 0)),  # 24, 25, 26, 27 Feb → ends at 24:00 on the 27th
        # plain weekend
        (cst(2025, 10, 17, 10), 1, cst(2025, 10, 20, 10)),
        (cst(2025, 10, 18, 10), 1, cst(2025, 10, 21, 0)),  # Saturday start → counts Monday whole
        # fractions: half a working day = 12 h of working time
        (cst(2025, 10, 17, 18), 0.5, cst(2025, 10, 20, 6)),
    ],
)
def test_add_working_days_known_answers(start, days, end):
    assert add_working_days(start, days) == end


def test_midnight_end_is_24_00_of_the_last_working_day():
    # 1 working day from Friday 00:00 is all of Friday: Saturday 00:00, not Monday 00:00
    assert add_working_days(cst(2025, 10, 17, 0), 1) == cst(2025, 10, 18, 0)
    assert add_working_ms(cst(2025, 10, 17, 23), HOUR_MS) == cst(2025, 10, 18, 0)
    # one ms more spills onto Monday
    assert add_working_ms(cst(2025, 10, 17, 23), HOUR_MS + 1) == cst(2025, 10, 20, 0) + 1


def test_zero_working_time():
    assert add_working_ms(cst(2025, 10, 17, 10), 0) == cst(2025, 10, 17, 10)
    assert add_working_ms(cst(2025, 10, 18, 10), 0) == cst(2025, 10, 20, 0)  # Saturday: next working 00:00


def test_negative_working_time_is_refused():
    with pytest.raises(ValueError, match="negative"):
        add_working_ms(cst(2025, 10, 17, 10), -1)


instants = st.integers(min_value=cst(2003, 1, 1), max_value=cst(2028, 12, 31))
spans = st.integers(min_value=0, max_value=20 * DAY_MS)


@given(start=instants, earlier_by=st.integers(0, 10 * DAY_MS), working=spans)
def test_monotonic_in_start(start, earlier_by, working):
    assert add_working_ms(start - earlier_by, working) <= add_working_ms(start, working)


@given(start=instants, working=spans, more=st.integers(0, 5 * DAY_MS))
def test_monotonic_in_working_time_and_never_before_start(start, working, more):
    end = add_working_ms(start, working)
    assert start + working <= end <= add_working_ms(start, working + more)


@given(start=instants, days=st.integers(1, 15))
def test_whole_days_from_a_working_day_keep_the_clock_and_land_on_working_time(start, days):
    if not is_working_day(china_date(start)):
        start = add_working_ms(start, 0)  # move to 00:00 of the next working day
    end = add_working_days(start, days)
    assert (end - start) % DAY_MS == 0  # same clock time
    assert is_working_day(china_date(end - 1))  # the last instant counted is working time
    if (start - cst(2025, 1, 1)) % DAY_MS:  # not midnight: the end itself falls on a working day
        assert is_working_day(china_date(end))
    calendar_days = (china_date(start) + timedelta(n) for n in range((end - start) // DAY_MS))
    assert sum(map(is_working_day, calendar_days)) == days  # exactly `days` working days are spanned
