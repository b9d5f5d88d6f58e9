"""研判 on hand-made incidents: hot-spot ranking over 7/30/90 days, repeat addresses, the heat grid, disputes."""

from __future__ import annotations

import pytest

from console.domain import events as ev
from console.domain import periods
from console.services.analysis import build_analysis
from tests.unit.kpi_world import DAY, G1, G2, G3, HOUR, MIN, S1, T0, World

D = 24 * HOUR


@pytest.fixture
def world(tmp_path):
    w = World(f"sqlite:///{tmp_path / 'analysis.db'}")
    n = 0

    def report(at, grid, category="200200", address=""):
        nonlocal n
        n += 1
        w.report(f"I{n:03d}", at, grid=grid, category=category, address=address)
        return f"I{n:03d}"

    # 20 (治安) in G1: 3 within 7 days (two at one address), 1 more within 30, 1 more within 90
    for at in (T0 + 9 * HOUR, T0 - 2 * D + 21 * HOUR, T0 - 20 * D, T0 - 80 * D):
        report(at, G1, address="平江路 1 号" if at >= T0 - 3 * D else None)
    report(T0 - 3 * D + 9 * HOUR, G1, address="平江路 1 号")
    # 50 (求助) in G2: 2 within 7 days; G3 belongs to the other station
    report(T0 + 10 * HOUR, G2, "500100")
    report(T0 - 1 * D + 10 * HOUR, G2, "500100")
    report(T0 + 11 * HOUR, G3)
    voided = report(T0 + 12 * HOUR, G1)
    w.at(T0 + 12 * HOUR + 2 * MIN, ev.INCIDENT_VOIDED, incident=voided, duplicate_of="I001")
    w.at(T0, ev.SUBMISSION_SUBMITTED, "w1", submission="s1", kind="dispute", record="R1", key="dispute:s1", grid=G1,
         worker="w1", fields={"type": "劳资", "resolved": False})
    w.at(T0 + HOUR, ev.SUBMISSION_ACCEPTED, "m1", submission="s1")
    yield w
    w.close()


def test_analysis_ranks_hot_spots_and_finds_repeats(world):
    week = periods.week(DAY)  # 2026-W47: Mon 16 Nov – Sun 22 Nov
    a = build_analysis(world.store, week.period(), S1, now_ms=T0 + D)
    assert a.as_of_ms == T0 + D
    assert a.ranking("20", 7) == [(G1, "大儒一网格", 3)]
    assert a.ranking("20", 30) == [(G1, "大儒一网格", 4)] and a.ranking("20", 90) == [(G1, "大儒一网格", 5)]
    assert a.ranking("", 7) == [(G1, "大儒一网格", 3), (G2, "大儒二网格", 2)]
    assert [f for f, _ in a.families()] == ["20", "50"]
    assert [(r.address, r.count) for r in a.repeat_addresses] == [("平江路 1 号", 3)]
    assert a.repeat_addresses[0].families.endswith(" 3")
    heat = a.heat
    assert sum(map(sum, heat)) == 5  # this week's: Fri 20 Nov 09/10, Wed 18 21:00, Tue 17 09:00, Thu 19 10:00
    assert heat[4][9] == 1 and heat[4][10] == 1 and heat[2][21] == 1 and heat[1][9] == 1 and heat[3][10] == 1
    assert a.disputes_by_grade[""] == 1 and sum(a.disputes_by_grade.values()) == 1
    assert a.warnings == []
    district = build_analysis(world.store, week.period(), now_ms=T0 + D)
    assert sum(map(sum, district.heat)) == 6


def test_analysis_cli_writes_the_pdf_and_refuses_bad_input(world, qapp, tmp_path):
    import io

    from PySide6.QtPdf import QPdfDocument

    from console.ui.summary.run import run_analysis

    url = world.store.url
    out, err = io.StringIO(), io.StringIO()
    path = tmp_path / "w.pdf"
    assert run_analysis(url, "week", "2026-W47", S1, str(path), out=out, err=err) == 0, err.getvalue()
    doc = QPdfDocument()
    doc.load(str(path))
    text = "".join(doc.getAllText(n).text() for n in range(doc.pageCount()))
    assert "研判" in text and "重复报警地址" in text and "未分级 1" in text
    assert run_analysis(url, "week", "2026-W60", S1, str(tmp_path / "x.pdf"), out=out, err=err) == 2
    assert run_analysis(url, "week", "2026-W47", "999", str(tmp_path / "x.pdf"), out=out, err=err) == 2
    assert "周无效" in err.getvalue() and "999" in err.getvalue() and not (tmp_path / "x.pdf").exists()


def test_analysis_notice_text_names_the_findings(world):
    from console.reports.analysis_tables import notice_text

    a = build_analysis(world.store, periods.week(DAY).period(), S1, now_ms=T0 + D)
    text = notice_text(a)
    assert text.splitlines()[0] == "【研判】平江派出所 2026-W47"
    assert "大儒一网格（3 起）" in text and "平江路 1 号（3 起）" in text and "警情最集中" in text
    assert len(notice_text(a, limit=20)) == 20
