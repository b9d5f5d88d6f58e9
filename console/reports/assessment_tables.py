"""A period assessment's tables (指标 and one per level: 社区, 网格, 社区民警, 网格员 …) for the view, PDF and XLSX."""

from __future__ import annotations

from console.domain.assessment import LEVEL_LABELS, PeriodAssessment, UnitRow
from console.domain.periods import KIND_LABELS
from console.reports.summary_tables import DASH, Column, Table, trend

# the KPIs shown beside the score in a level's table (every KPI is in the 指标 sheet)
UNIT_KPIS = ("close_rate", "on_time_sign_rate", "on_time_close_rate", "filing_accuracy_rate", "coverage_rate",
             "visit_rate", "hazard_check_rate")
LEVEL_ORDER = ("county", "street", "station", "community", "grid", "officer", "worker")


def title_line(a: PeriodAssessment) -> str:
    """``平江派出所 (320508530000) · 2026-11 月考核``."""
    return f"{a.scope.name} ({a.scope.code}) · {a.label} {KIND_LABELS[a.kind]}考核"


def kpi_table(a: PeriodAssessment) -> Table:
    """指标: every KPI this period and the previous one, with the change."""
    columns = [Column("指标", width=14), Column("单位", width=6), Column("本期", "value", 10),
               Column("分子", "num", 9), Column("分母", "num", 9), Column("上期", "value", 10),
               Column("较上期", width=20), Column("代码", width=24)]
    rows = []
    for code, kpi in a.current.values.items():
        before = a.previous.values.get(code)
        rows.append([kpi.name, kpi.unit, kpi, kpi.numerator, kpi.denominator, before, trend(kpi, before).text, code])
    return Table("指标", f"考核指标（本期 {a.label}，上期 {a.previous_label}）", columns, rows)


def rank_text(row: UnitRow) -> str:
    """``▲2`` moved up two places, ``▼1``, ``＝``, or "—" without a rank in either period."""
    change = row.rank_change
    if change is None:
        return DASH
    return "＝" if change == 0 else (f"▲{change}" if change > 0 else f"▼{-change}")


def level_table(a: PeriodAssessment, level: str) -> Table:
    """One level's units ranked by score, with the previous period's score and rank."""
    rows_in = a.levels.get(level, [])
    codes = [c for c in UNIT_KPIS if c in a.current.values]
    label = LEVEL_LABELS[level]
    columns = [Column("排名", "int", 6), Column(label, width=16), Column("代码", width=16),
               Column("综合得分", "num", 9), Column("等级", width=6), Column("上期得分", "num", 9),
               Column("上期排名", "int", 8), Column("名次变化", width=8)]
    columns += [Column(a.current.values[c].name, "value", 10) for c in codes]
    rows = [[r.rank, r.scope.name, r.scope.code, r.kpis.score, r.kpis.grade or DASH, r.previous.score,
             r.previous_rank, rank_text(r), *(r.kpis.values.get(c) for c in codes)] for r in rows_in]
    return Table(f"{label}排名", f"{label}考核排名（{len(rows)}）", columns, rows)


def all_tables(a: PeriodAssessment) -> list[Table]:
    """The workbook's sheets: 指标, then each level present, top level first."""
    return [kpi_table(a), *(level_table(a, lv) for lv in LEVEL_ORDER if lv in a.levels)]
