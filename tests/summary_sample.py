"""A hand-made DailySummary (the input of the view and exports under test), with known numbers."""

from __future__ import annotations

import datetime as dt

from console.domain.summary import (
    CategoryCount,
    DailySummary,
    ItemRef,
    KpiSet,
    KpiValue,
    Period,
    Scope,
    WorkerRow,
)

DATE = dt.date(2026, 11, 21)
DAY_MS = 86_400_000
START_MS = int(dt.datetime(2026, 11, 21, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp() * 1000)
STATION = Scope("station", "320508000000", "平江派出所")

# code, name, unit, higher_is_better, (num, den) today, yesterday, 7-day average
KPIS = [
    ("hazard_check_rate", "隐患排查率", "%", True, (18, 20), (15, 20), (16, 20)),
    ("close_rate", "问题解决率", "%", True, (30, 40), (33, 40), (30, 40)),
    ("dispute_resolution_rate", "矛盾化解率", "%", True, (5, 6), (4, 6), (5, 6)),
    ("visit_rate", "入户走访率", "%", True, (0, 0), (10, 12), (11, 12)),
    ("collection_rate", "信息采集率", "%", True, (44, 50), (40, 50), (45, 50)),
    ("satisfaction_rate", "群众满意率", "%", True, (9, 10), (9, 10), (8, 10)),
    ("on_time_sign_rate", "按时签收率", "%", True, (36, 40), (38, 40), (37, 40)),
    ("on_time_close_rate", "按时办结率", "%", True, (27, 30), (30, 33), (28, 30)),
    ("overdue_rate", "超期率", "%", False, (4, 40), (2, 40), (3, 40)),
    ("rework_rate", "返工率", "%", False, (1, 30), (3, 33), (2, 30)),
    ("avg_response_min", "平均响应时长", "分钟", False, (630, 30), (600, 33), (660, 30)),
    ("coverage_rate", "巡查覆盖率", "%", True, (7, 8), (8, 8), (7, 8)),
    ("referral_count", "非警务分流量", "件", True, (6, 1), (4, 1), (5, 1)),
]
TODAY_VALUES = {code: (n / d if d else None) for code, _, _, _, (n, d), _, _ in KPIS}


def _kpis(scope: Scope, period: Period, which: int, score: float | None, grade: str | None) -> KpiSet:
    values = {}
    for row in KPIS:
        code, name, unit, hib = row[:4]
        n, d = row[4 + which]
        values[code] = KpiValue(code, name, float(n), float(d), (n / d if d else None), unit, hib)
    return KpiSet(scope, period, values, score, grade)


def _item(kind: str, ident: str, title: str, status: str, hour: int, grid: str = "", worker: str = "",
          detail: str = "") -> ItemRef:
    return ItemRef(kind, ident, title, status, START_MS + hour * 3_600_000, grid, worker, detail)


def sample_summary(*, workers: int = 3, overdue: int = 2) -> DailySummary:
    """A full day for 平江派出所 with ``workers`` worker rows and ``overdue`` overdue incidents."""
    today = Period(START_MS, START_MS + DAY_MS, DATE.isoformat())
    yesterday = Period(START_MS - DAY_MS, START_MS, (DATE - dt.timedelta(days=1)).isoformat())
    week = Period(START_MS - 7 * DAY_MS, START_MS, "近7日")
    grades = ["好", "较好", "一般", "差"]
    rows = []
    for i in range(workers):
        scope = Scope("worker", f"W{i + 1:03d}", f"网格员{i + 1}")
        grid = f"320508019044{i + 1:03d}"
        score = 95.0 - 9 * (i % 4)
        rows.append(WorkerRow(scope.code, scope.name, grid, f"平江社区第{i + 1}网格",
                              _kpis(scope, today, 0, score, grades[i % 4])))
    return DailySummary(
        date=DATE, station=STATION, generated_at_ms=START_MS + DAY_MS - 1_800_000,
        today=_kpis(STATION, today, 0, 88.4, "较好"),
        yesterday=_kpis(STATION, yesterday, 1, 90.1, "好"),
        week_average=_kpis(STATION, week, 2, 87.0, "较好"),
        by_category=[CategoryCount("20", "治安", 14), CategoryCount("50", "群众求助", 11),
                     CategoryCount("60", "社会联动", 6), CategoryCount("30", "交通", 5),
                     CategoryCount("10", "刑事", 4)],
        by_hour=[0, 0, 1, 0, 0, 0, 1, 2, 3, 4, 3, 2, 2, 3, 4, 3, 2, 3, 2, 2, 1, 1, 0, 0],
        by_hour_yesterday=[1, 0, 0, 0, 0, 1, 1, 3, 2, 3, 4, 2, 1, 2, 3, 4, 3, 2, 2, 1, 1, 0, 1, 1],
        overdue=[_item("incident", f"J2026112100{i + 1:02d}", f"200200 治安纠纷 · 平江路 {12 + i} 号", "处置中",
                       8 + i, "320508019044001", "网格员1", f"超期 {i + 1} 小时 12 分") for i in range(overdue)],
        referrals_waiting=[_item("incident", "J202611210031", "600600 城管执法 · 干将东路 88 号", "已转办", 10,
                                 "320508019044002", "", "转办 600600 城管执法 · 待反馈")],
        workers=rows,
        uncovered_grids=[_item("grid", "320508019044004", "平江社区第4网格", "未覆盖", 0, "320508019044004",
                               "", "在岗覆盖 35%，要求 80%")],
        notes=["数据截至 23:30"],
    )
