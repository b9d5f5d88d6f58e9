"""Assessment periods (周/月/季/年/任意): KPIs on hand-made data across month and quarter boundaries, each beside
the previous period; units ranked; roll-up 网格 → 社区 → 街道 → 区 sums equal the sum of their parts."""

from __future__ import annotations

import datetime as dt

import pytest

from console.domain import periods
from console.domain.errors import DomainError
from console.domain.summary import Scope
from console.kpi.config import KpiConfig
from console.kpi.definitions import KPIS, One
from console.services.assessment import assess, rollup
from console.services.summary import compute_kpis, day_period
from tests.unit.kpi_world import C1, C2, G1, G2, G3, HOUR, MIN, S1, World

CFG = KpiConfig()


def at(day: str, hour: float = 0) -> int:
    return day_period(dt.date.fromisoformat(day)).start_ms + int(hour * HOUR)


NOW = at("2027-02-01")


@pytest.fixture
def world(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'period.db'}")
    # Q3/September: S1 reported 23:48 on 30 Sep, closed 3 Oct 23:48 (after September's cut-off)
    w.report("S1", at("2026-09-30", 23.8))
    w.handle("S1", at("2026-09-30", 23.8), close=3 * 24 * 60)
    # Q4/October: O1 at 00:05 on 1 Oct closed in 90 min; O2 at 23:30 on 31 Oct still open
    w.report("O1", at("2026-10-01", 0.1))
    w.handle("O1", at("2026-10-01", 0.1))
    w.report("O2", at("2026-10-31", 23.5), grid=G2)
    # November: N1 at 00:10 on 1 Nov (G3, the other station) closed; N2 in G1 closed
    w.report("N1", at("2026-11-01", 1 / 6), grid=G3)
    w.handle("N1", at("2026-11-01", 1 / 6), worker="w3")
    w.report("N2", at("2026-11-20", 9))
    w.handle("N2", at("2026-11-20", 9))
    yield w
    w.close()


def close(assessment):
    v, p = assessment.current.values["close_rate"], assessment.previous.values["close_rate"]
    return (v.numerator, v.denominator), (p.numerator, p.denominator)


def test_period_kpi_parse_and_previous():
    november = periods.parse("month", "2026-11")
    assert (november.first, november.last, november.period().label) == (dt.date(2026, 11, 1),
                                                                         dt.date(2026, 11, 30), "2026-11")
    assert periods.parse("month", "2026-03").previous().days == 28
    assert periods.parse("quarter", "2026Q1").previous().label == "2025Q4"
    assert periods.parse("quarter", "2026Q4").last == dt.date(2026, 12, 31)
    assert periods.parse("week", "2026-W01").previous().label == "2025-W52"
    assert periods.parse("week", "2026-W48").first == dt.date(2026, 11, 23)  # a Monday
    assert periods.parse("year", "2026").previous().label == "2025"
    rng = periods.parse("range", "2026-11-03~2026-11-20")
    assert (rng.days, rng.previous().first, rng.previous().last) == (18, dt.date(2026, 10, 16), dt.date(2026, 11, 2))
    day = periods.parse("month", "2026-11").period()
    assert day.end_ms - day.start_ms == 30 * 24 * HOUR


@pytest.mark.parametrize(("kind", "text"), [("week", "2025-W53"), ("month", "2026-13"), ("quarter", "2026Q5"),
                                            ("year", "26"), ("range", "2026-11-20~2026-11-03"), ("day", "x")])
def test_period_kpi_bad_text_is_refused(kind, text):
    with pytest.raises(DomainError) as err:
        periods.parse(kind, text)
    assert err.value.code == "E_FIELD"
    assert any(word in err.value.zh for word in ("无效", "早于", "周期"))


def test_period_kpi_month_boundary(world):
    october = assess(world.store, periods.parse("month", "2026-10"), S1, config=CFG, now_ms=NOW)
    assert october.label == "2026-10" and october.previous_label == "2026-09"
    # October: O1 closed, O2 open; September: S1 reported, but closed only after the cut-off of 1 Oct 00:00
    assert close(october) == ((1, 2), (0, 1))
    november = assess(world.store, periods.parse("month", "2026-11"), S1, config=CFG, now_ms=NOW)
    assert close(november) == ((1, 1), (1, 2))  # N1 belongs to the other station


def test_period_kpi_quarter_boundary(world):
    q4 = assess(world.store, periods.parse("quarter", "2026Q4"), S1, config=CFG, now_ms=NOW)
    assert (q4.label, q4.previous_label) == ("2026Q4", "2026Q3")
    assert close(q4) == ((2, 3), (0, 1))
    district = assess(world.store, periods.parse("quarter", "2026Q4"), config=CFG, now_ms=NOW)
    assert close(district) == ((3, 4), (0, 1))
    week = assess(world.store, periods.parse("week", "2026-W40"), S1, config=CFG, now_ms=NOW)  # 28 Sep – 4 Oct
    assert close(week)[0] == (2, 2)  # S1 and O1; S1 closed before this week's cut-off
    # a range across both boundaries equals the direct computation over the same days
    rng = periods.parse("range", "2026-09-30~2026-11-01")
    direct = compute_kpis(world.store, Scope("station", S1, ""), rng.period(), config=CFG, now_ms=NOW)
    assert assess(world.store, rng, S1, config=CFG, now_ms=NOW).current.values == direct.values


def test_period_kpi_units_ranked_against_previous(world):
    q4 = assess(world.store, periods.parse("quarter", "2026Q4"), S1, config=CFG, now_ms=NOW)
    grids = {r.scope.code: r for r in q4.levels["grid"]}
    assert set(grids) == {G1, G2}
    assert grids[G1].kpis.values["close_rate"].denominator == 2  # O1, N2
    assert grids[G2].kpis.values["close_rate"].value == 0
    assert grids[G1].previous.values["close_rate"].denominator == 1  # S1 in Q3
    assert [r.scope.code for r in q4.levels["community"]] == [C1]
    officers = q4.levels["officer"]
    assert [r.scope.code for r in officers] == ["m1"]
    assert officers[0].kpis.values["close_rate"].denominator == 3  # the officer answers for the whole 警格
    workers = {r.scope.code: r for r in q4.levels["worker"]}
    assert set(workers) == {"w1", "w2"}
    ranked = [r for r in q4.levels["grid"] if r.rank is not None]
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)
    district = assess(world.store, periods.parse("quarter", "2026Q4"), config=CFG, now_ms=NOW)
    assert {"county", "street", "community", "grid", "station", "officer", "worker"} <= set(district.levels)
    stations = {r.scope.code: r.kpis.values["close_rate"].denominator for r in district.levels["station"]}
    assert stations[S1] == 3 and sum(stations.values()) == 4


def test_rollup_sums_equal_the_sum_of_their_parts(world):
    for ms in (at("2026-10-02", 9), at("2026-10-02", 10)):
        world.batch(world.walk("w1", G1, ms, ms + 30 * MIN) + world.walk("w3", G3, ms, ms + 30 * MIN))
    period = periods.parse("quarter", "2026Q4").period()
    levels = rollup(world.store, period, config=CFG, now_ms=NOW)
    grids, communities = levels["grid"], levels["community"]
    assert set(grids) == {G1, G2, G3} and set(communities) == {C1, C2}
    assert set(levels["street"]) == {"320508019"} and set(levels["county"]) == {"320508"}
    children = {C1: [G1, G2], C2: [G3], "320508019": [C1, C2], "320508": ["320508019"]}
    for parent, parts in children.items():
        level, below = ("community", grids) if parent in communities else \
            ("street", communities) if parent in levels["street"] else ("county", levels["street"])
        whole = levels[level][parent].values
        for code, v in whole.items():
            assert v.numerator == pytest.approx(sum(below[p].values[code].numerator for p in parts)), (parent, code)
            if not isinstance(KPIS[code].denominator, One):  # an amount's denominator is 1 at every level
                assert v.denominator == pytest.approx(sum(below[p].values[code].denominator for p in parts))
    # and each level agrees with the engine computing that scope directly
    for kind, code, kset in (("community", C1, communities[C1]), ("community", C2, communities[C2]),
                             ("street", "320508019", levels["street"]["320508019"]),
                             ("county", "320508", levels["county"]["320508"])):
        direct = compute_kpis(world.store, Scope(kind, code, ""), period, config=CFG, now_ms=NOW)
        assert {c: (v.numerator, v.denominator) for c, v in direct.values.items()} == \
            {c: (v.numerator, v.denominator) for c, v in kset.values.items()}, kind
    assert communities[C1].values["close_rate"].denominator == 3
    assert levels["county"]["320508"].values["close_rate"].denominator == 4
