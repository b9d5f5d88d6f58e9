"""A KPI card's number and its drill-down list come from the same items: both are cut off at the moment
the summary was computed (the "超期率 5, list of 6" report)."""

from __future__ import annotations

import pytest

from console.domain.summary import Scope
from console.services.summary import build_daily_summary
from console.services.summary_source import DrillRequest, StoreSummarySource
from tests.unit.kpi_world import DAY, HOUR, MIN, S1, T0, World


@pytest.fixture
def world(tmp_path):
    url = f"sqlite:///{tmp_path / 'kpi.db'}"
    w = World(url)
    w.url = url
    yield w
    w.close()


def test_counter_matches_filter_kpi_card_and_its_drill_down_share_the_cut_off(world):
    world.report("A", T0 + 9 * HOUR)  # never accepted: overdue well before 15:00
    world.report("G", T0 + 15 * HOUR)  # reported just before the summary: overdue only later
    computed_at = T0 + 15 * HOUR + MIN
    summary = build_daily_summary(world.store, DAY, S1, now_ms=computed_at)
    card = summary.today.values["overdue_rate"]
    source = StoreSummarySource(world.url)
    try:
        station = Scope("station", S1, "")
        request = DrillRequest("overdue_rate", station, summary.today.period, "numerator",
                               as_of_ms=summary.generated_at_ms)
        listed = source.drill(request)
        assert [i.id for i in listed] == ["A"] and len(listed) == card.numerator == 1
        later = source.drill(DrillRequest("overdue_rate", station, summary.today.period, "numerator",
                                          as_of_ms=T0 + 23 * HOUR))
        assert {i.id for i in later} == {"A", "G"}  # what a drill at "now" lists hours later: the old 5 vs 6
    finally:
        source.close()
