"""Every KPI on hand-made event sequences whose answer is known: events → reducer → Store → KPI."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from console.domain import events as ev
from console.domain.errors import DomainError
from console.domain.summary import Period, Scope
from console.kpi.config import KpiConfig
from console.kpi.definitions import KPIS
from console.services.summary import build_daily_summary, compute_kpis, day_period, days_period, drill_down
from console.store import tables as t
from tests.unit.kpi_world import C1, CENTRE, DAY, G1, G2, G3, HOUR, MIN, PG1, S1, S2, T0, World

END = T0 + 24 * HOUR
LATER = END + 5 * HOUR  # "now" for a finished day
STATION = Scope("station", S1, "")
TODAY = day_period(DAY)


@pytest.fixture
def world(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'kpi.db'}")
    yield w
    w.close()


def incidents_day(w: World) -> None:
    """A: on time, satisfied. B: late sign and late feedback, unsatisfied. C (G2): open since 11:00.
    D: referral with one rework. E: voided. F (other station): never accepted."""
    w.report("A", T0 + 9 * HOUR)
    w.handle("A", T0 + 9 * HOUR, sign=5, arrive=20, feedback=60, close=90)
    w.report("B", T0 + 10 * HOUR)
    w.handle("B", T0 + 10 * HOUR, sign=50, arrive=60, feedback=300, close=330)
    w.report("C", T0 + 11 * HOUR, grid=G2)
    w.handle("C", T0 + 11 * HOUR, worker="w2", sign=10, arrive=30, feedback=None)
    d = T0 + 12 * HOUR
    w.report("D", d, category="600600")
    w.at(d + 2 * MIN, ev.INCIDENT_REFERRED, incident="D", department="600600", order="ZB1")
    w.at(d + 10 * MIN, ev.REFERRAL_SIGNED, "l01", incident="D")
    w.at(d + 120 * MIN, ev.REFERRAL_FEEDBACK, "l01", incident="D")
    w.at(d + 130 * MIN, ev.INCIDENT_VERIFYING, incident="D")
    w.at(d + 140 * MIN, ev.INCIDENT_REWORKED, incident="D")
    w.at(d + 180 * MIN, ev.REFERRAL_FEEDBACK, "l01", incident="D")
    w.at(d + 190 * MIN, ev.INCIDENT_VERIFYING, incident="D")
    w.at(d + 200 * MIN, ev.INCIDENT_CLOSED, incident="D")
    w.report("E", T0 + 13 * HOUR)
    w.at(T0 + 13 * HOUR + MIN, ev.INCIDENT_VOIDED, incident="E", duplicate_of="A")
    w.report("F", T0 + 14 * HOUR, grid=G3)
    w.at(T0 + 20 * HOUR, ev.INCIDENT_CALLBACK, incident="A", satisfaction=1)
    w.at(T0 + 20 * HOUR + MIN, ev.INCIDENT_CALLBACK, incident="B", satisfaction=4)


def values(w: World, scope: Scope = STATION, period: Period = TODAY, now: int = LATER, config=None):
    kset = compute_kpis(w.store, scope, period, now_ms=now, config=config or KpiConfig())
    return kset, {code: (v.numerator, v.denominator, v.value) for code, v in kset.values.items()}


def test_every_kpi_of_the_domain_is_defined_once_with_its_name_and_unit():
    names = {k.name for k in KPIS.values()}
    assert {"隐患排查率", "问题解决率", "矛盾化解率", "入户走访率", "信息采集率", "群众满意率", "按时签收率",
            "按时办结率", "超期率", "返工率", "平均响应时长", "巡查覆盖率", "非警务分流量", "分流反馈率"} <= names
    assert len(names) == len(KPIS)
    assert all(k.doc for k in KPIS.values())
    assert KPIS["avg_response_min"].unit == "分钟" and KPIS["referral_count"].unit == "件"
    assert not KPIS["overdue_rate"].higher_is_better and not KPIS["rework_rate"].higher_is_better


def test_empty_period_gives_no_values_and_no_grade(world):
    incidents_day(world)
    kset, v = values(world, period=day_period(DAY.replace(day=1)))
    due_anyway = {"referral_count", "collection_rate", "key_site_grids"}  # amounts, and the grids as they stand
    assert all(value is None for code, (_, _, value) in v.items() if code not in due_anyway)
    assert v["referral_count"] == (0.0, 1.0, 0.0)  # an amount: zero, not undefined
    assert v["coverage_rate"] == (0, 0, None)  # nobody was on duty: no grid was due a presence
    assert v["collection_rate"] == (0, 4, 0.0)  # and two workers 2 records each
    assert kset.score is None and kset.grade is None


def test_incident_rates_of_a_station_day(world):
    incidents_day(world)
    _, v = values(world)
    assert v["close_rate"] == (3, 4, 0.75)  # A, B, D of A, B, C, D (E void, F other station)
    assert v["overdue_rate"] == (2, 4, 0.5)  # B fed back late, C still open past 15:01
    assert v["on_time_close_rate"] == (2, 4, 0.5)  # A, D of closed-or-overdue A, B, C, D
    assert v["rework_rate"] == (1, 3, pytest.approx(1 / 3))  # D
    assert v["on_time_sign_rate"] == (3, 4, 0.75)  # B signed 48 min after dispatch
    assert v["satisfaction_rate"] == (1, 2, 0.5)
    assert v["referral_count"] == (1, 1.0, 1)
    assert v["referral_feedback_rate"] == (1, 1, 1.0)
    num, den, avg = v["avg_response_min"]
    assert (num, den) == (pytest.approx(110), 3) and avg == pytest.approx(110 / 3)


def test_a_patrol_discovery_has_no_response_time_but_is_still_an_incident(world):
    """巡逻发现 with 已在现场 arrives at its report (0 min): it would pull 平均响应时长 down, so it is left out of
    both parts (and their drill-downs) while every other incident KPI still counts it."""
    incidents_day(world)
    _, before = values(world)
    lng, lat = CENTRE[G1]
    world.at(T0 + 15 * HOUR, ev.INCIDENT_REPORTED, "x01", incident="P", category="200100", priority=3,
             source="patrol", lng=lng, lat=lat, grid=G1, address="P 号", narrative="两人扭打", caller="",
             reporter_worker="w1", on_scene=True)
    _, after = values(world)
    with world.store.engine.connect() as conn:
        row = conn.execute(select(t.kpi_incidents.c.source, t.kpi_incidents.c.arrived_at)
                           .where(t.kpi_incidents.c.id == "P")).one()
    assert tuple(row) == ("patrol", T0 + 15 * HOUR)  # on scene at once, and known as a patrol discovery
    assert before["avg_response_min"] == (pytest.approx(110), 3, pytest.approx(110 / 3))
    assert after["avg_response_min"] == before["avg_response_min"]  # not 110 / 4
    assert after["close_rate"] == (3, 5, 0.6)  # it is still an incident reported (and open)
    for part in ("numerator", "denominator"):
        listed = drill_down(world.store, "avg_response_min", STATION, TODAY, part, now_ms=LATER)
        assert {i.id for i in listed} == {"A", "B", "C"}


def test_scopes_select_their_own_incidents(world):
    incidents_day(world)
    expect = {("worker", "w1"): (2, 2), ("worker", "w2"): (0, 1), ("grid", G1): (3, 3), ("grid", G2): (0, 1),
              ("community", C1): (3, 4), ("police_grid", PG1): (3, 4), ("station", S2): (0, 1),
              ("district", ""): (3, 5)}
    for (kind, code), (closed, received) in expect.items():
        _, v = values(world, Scope(kind, code, ""))
        assert v["close_rate"][:2] == (closed, received), (kind, code)
    _, v = values(world, Scope("station", S2, ""))
    assert v["overdue_rate"] == (1, 1, 1.0)  # F never accepted within 3 minutes
    assert v["on_time_close_rate"] == (0, 1, 0.0)


def test_cut_off_freezes_a_past_day_and_counts_today_so_far(world):
    world.report("N", T0 + 22 * HOUR)
    world.handle("N", T0 + 22 * HOUR, sign=5, arrive=20, feedback=60, close=150)  # closes 00:30 next day
    _, v = values(world, now=LATER)
    assert v["close_rate"] == (0, 1, 0.0)
    _, v = values(world, period=days_period(DAY, 2), now=LATER)
    assert v["close_rate"] == (1, 1, 1.0)
    _, v = values(world, now=T0 + 22 * HOUR + 4 * MIN)  # today, at 22:04: dispatched, not yet signed
    assert v["on_time_sign_rate"] == (0, 0, None)  # not settled: the 30 min limit has not passed
    assert v["avg_response_min"] == (0, 0, None)


def test_site_rates_count_households_and_hazard_sites_due(world):
    """入户走访率 / 隐患排查率: what is due comes from the records (households, hazard sites in force), not from
    the orders issued; a site counts as done when an order at its address was done in the period."""
    def record(rid, kind, address, at, grid=G1, invalid_at=None):
        world.at(at, ev.SUBMISSION_SUBMITTED, "w1", submission="S" + rid, kind=kind, record=rid, key=f"{kind}:{rid}",
                 grid=grid, worker="w1", fields={"address_code": address, "type": "消防"})
        world.at(at + MIN, ev.SUBMISSION_ACCEPTED, "m1", submission="S" + rid)
        if invalid_at:
            world.at(invalid_at, ev.RECORD_INVALIDATED, "m1", record=rid, note="拆除")

    def order(oid, kind, target, done=None, cancel=False):
        world.at(T0, ev.ORDER_ISSUED, "m1", order=oid, kind=kind, worker="w1", grid=G1, target=target,
                 due_at=T0 + 20 * HOUR)
        if cancel:
            world.at(T0 + MIN, ev.ORDER_CANCELLED, "m1", order=oid)
        if done is not None:
            world.at(done - MIN, ev.ORDER_SIGNED, "w1", order=oid)
            world.at(done, ev.ORDER_DONE, "w1", order=oid)

    before = T0 - 24 * HOUR
    for rid, address in (("H1", "A1"), ("H2", "A2"), ("H3", "A3")):
        record(rid, "house", address, before)
    record("H4", "house", "A4", before, grid=G3)  # the other station
    record("H5", "house", "A5", T0 + 28 * HOUR)  # registered tomorrow: not due today
    record("Z1", "hazard", "B1", before)
    record("Z2", "hazard", "B2", before, invalid_at=before + HOUR)  # no longer in force
    order("V1", "visit", "A1", done=T0 + 10 * HOUR)
    order("V2", "visit", "A2", done=END + HOUR)  # visited after the day ended
    order("V3", "visit", "A9", done=T0 + 11 * HOUR)  # an address with no household record: not counted
    order("V4", "patrol", "A3", done=T0 + 11 * HOUR)  # a patrol is not a visit
    order("P1", "patrol", "B1", done=T0 + 12 * HOUR)
    order("P2", "patrol", "B2", done=T0 + 12 * HOUR)
    _, v = values(world)
    assert v["visit_rate"] == (1, 3, pytest.approx(1 / 3))
    assert v["hazard_check_rate"] == (1, 1, 1.0)
    _, v = values(world, now=T0 + 9 * HOUR)  # at 09:00 nothing was visited yet
    assert v["visit_rate"] == (0, 3, 0.0) and v["hazard_check_rate"] == (0, 1, 0.0)
    _, v = values(world, period=days_period(DAY, 2), now=LATER)
    assert v["visit_rate"] == (2, 4, 0.5)  # H5 is due over both days; V2 was done on the second
    items = drill_down(world.store, "visit_rate", STATION, TODAY, "denominator", now_ms=LATER)
    assert [(i.id, i.kind, i.detail) for i in items] == [("H1", "record", "A1"), ("H2", "record", "A2"),
                                                         ("H3", "record", "A3")]
    done = drill_down(world.store, "visit_rate", STATION, TODAY, "numerator", now_ms=LATER)
    assert [i.id for i in done] == ["H1"]


def test_submission_rates_and_the_records_quota(world):
    def submit(sid, kind, at, verdict=None, **fields):
        world.at(at, ev.SUBMISSION_SUBMITTED, "w1", submission=sid, kind=kind, record="R" + sid, key=f"{kind}:{sid}",
                 grid=G1, worker="w1", fields=fields)
        if verdict:
            world.at(at + HOUR, ev.SUBMISSION_ACCEPTED if verdict == "accept" else ev.SUBMISSION_RETURNED, "m1",
                     submission=sid)

    submit("s1", "person", T0 + 9 * HOUR, "accept", name="甲")
    submit("s2", "house", T0 + 9 * HOUR, "return", address_code="a")
    submit("s3", "dispute", T0 + 11 * HOUR, "accept", type="劳资", resolved=True)
    submit("s4", "dispute", T0 + 11 * HOUR, type="劳资", resolved=False)
    submit("s5", "dispute", T0 + 12 * HOUR, "return", type="劳资", resolved=True)
    _, v = values(world)
    assert v["filing_accuracy_rate"] == (2, 4, 0.5)
    assert v["dispute_resolution_rate"] == (1, 2, 0.5)
    assert v["collection_rate"] == (1, 4, 0.25)  # quota 2 a day × w1, w2
    _, v = values(world, Scope("worker", "w1", ""))
    assert v["collection_rate"] == (1, 2, 0.5)
    _, v = values(world, now=T0 + 12 * HOUR)  # half the day: half the quota
    assert v["collection_rate"] == (1, 2, 0.5)
    workers = drill_down(world.store, "collection_rate", STATION, TODAY, "denominator", now_ms=LATER)
    assert [w.id for w in workers] == ["w1", "w2"]


def test_drill_down_lists_the_items_behind_each_part(world):
    incidents_day(world)
    ids = {}
    for code, part in (("close_rate", "numerator"), ("close_rate", "denominator"), ("overdue_rate", "numerator"),
                       ("rework_rate", "numerator"), ("on_time_sign_rate", "numerator")):
        ids[code, part] = {i.id for i in drill_down(world.store, code, STATION, TODAY, part, now_ms=LATER)}
    assert ids["close_rate", "numerator"] == {"A", "B", "D"}
    assert ids["close_rate", "denominator"] == {"A", "B", "C", "D"}
    assert ids["overdue_rate", "numerator"] == {"B", "C"}
    assert ids["rework_rate", "numerator"] == {"D"}
    assert ids["on_time_sign_rate", "numerator"] == {"A", "C", "D"}
    assert drill_down(world.store, "referral_count", STATION, TODAY, "denominator", now_ms=LATER) == []
    family = drill_down(world.store, "close_rate", STATION, TODAY, "denominator", now_ms=LATER, family="60")
    assert [i.id for i in family] == ["D"]
    ten_o_clock = Period(T0 + 10 * HOUR, T0 + 11 * HOUR, "10:00")
    assert [i.id for i in drill_down(world.store, "close_rate", STATION, ten_o_clock, "denominator")] == ["B"]
    item = drill_down(world.store, "close_rate", Scope("grid", G2, ""), TODAY, "denominator", now_ms=LATER)[0]
    assert (item.kind, item.id, item.status, item.grid_code) == ("incident", "C", "处置中", G2)
    assert item.worker_name == "李红"
    assert item.title.startswith("200200 治安纠纷 · ")


def test_score_and_grade_follow_the_configured_weights(world):
    incidents_day(world)
    kset, _ = values(world)
    # on-time sign 0.75 × 0.25 + on-time close 0.5 × 0.35, no submissions: renormalised over 0.6
    assert kset.score == pytest.approx(100 * (0.75 * 0.25 + 0.5 * 0.35) / 0.6)
    assert kset.grade == "一般"
    config = dataclasses.replace(KpiConfig(), weights={"overdue_rate": 1.0})
    kset, _ = values(world, config=config)
    assert kset.score == pytest.approx(50.0) and kset.grade == "差"


def test_bad_requests_are_refused_and_change_nothing(world):
    incidents_day(world)
    with world.store.engine.connect() as conn:
        before = conn.scalar(select(func.count()).select_from(t.kpi_incidents))
    bad = [
        lambda: compute_kpis(world.store, Scope("province", "x", ""), TODAY),
        lambda: compute_kpis(world.store, Scope("station", "999", ""), TODAY),
        lambda: compute_kpis(world.store, STATION, Period(T0, T0, "空")),
        lambda: drill_down(world.store, "no_such_kpi", STATION, TODAY),
        lambda: drill_down(world.store, "close_rate", STATION, TODAY, part="both"),
    ]
    codes = []
    for call in bad:
        with pytest.raises(DomainError) as err:
            call()
        codes.append(err.value.code)
    assert codes == ["E_FIELD", "E_NOT_FOUND", "E_FIELD", "E_NOT_FOUND", "E_FIELD"]
    with world.store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(t.kpi_incidents)) == before == 6


def test_daily_summary_lists_what_needs_attention_in_its_own_station(world):
    incidents_day(world)
    for inc, grid in (("R1", G1), ("R2", G3)):
        world.report(inc, T0 + 16 * HOUR, grid=grid, category="600600")
        world.at(T0 + 16 * HOUR + MIN, ev.INCIDENT_REFERRED, incident=inc, department="600600", order="ZB" + inc)
    now = T0 + 17 * HOUR
    s1 = build_daily_summary(world.store, DAY, S1, config=KpiConfig(), now_ms=now)
    s2 = build_daily_summary(world.store, DAY, S2, config=KpiConfig(), now_ms=now)
    assert [(i.id, i.detail) for i in s1.overdue] == [("C", "超期 1 小时 59 分")]  # handling due 15:01
    assert [i.id for i in s2.overdue] == ["F"]
    assert [(i.id, i.detail) for i in s1.referrals_waiting] == [("R1", "转办 600600 城管执法 · 待反馈 59 分")]
    assert [i.id for i in s2.referrals_waiting] == ["R2"]
    assert s1.by_hour[9:17] == [1, 1, 1, 1, 0, 0, 0, 1] and sum(s1.by_hour) == 5  # E (void) is not counted
    assert [(c.family, c.count) for c in s1.by_category] == [("20", 3), ("60", 2)]
    workers = [(w.worker_id, w.grid_code, w.grid_name) for w in s1.workers]
    assert workers == [("w1", G1, "大儒一网格"), ("w2", G2, "大儒二网格")]
    assert s1.workers[0].kpis.values["close_rate"].value == 1.0  # A and B, both closed by 17:00
    assert s1.notes == ["数据截至 17:00"] and s1.station.name == "平江派出所"
    assert s1.yesterday.values["close_rate"].value is None and s1.week_average.values["referral_count"].value == 0
