"""The summary's tables as plain rows with typed columns, shared by the PDF, the XLSX and the view.

Values stay raw (numbers as numbers, rates as fractions, times as epoch ms); :func:`cell_text`
formats one for display. Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain import station_time
from console.domain.summary import DailySummary, ItemRef, KpiSet, KpiValue

DASH = "—"
HOUR_LABELS = tuple(f"{h:02d}:00–{h + 1:02d}:00" for h in range(24))


@dataclass(frozen=True, slots=True)
class Column:
    """One column: header, kind and XLSX width in characters.

    Kinds: text, int, num, pct (a fraction), time (epoch ms) and value (a :class:`KpiValue`, shown by its unit).
    """

    header: str
    kind: str = "text"
    width: int = 12


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table: ``name`` is the XLSX sheet name, ``title`` the heading in the PDF."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list]
    empty_text: str = "无"


@dataclass(frozen=True, slots=True)
class Trend:
    """How today compares with a reference value: arrow, signed text and whether it is better."""

    arrow: str  # ▲ ▼ ＝ or "" when either side is undefined
    text: str  # e.g. "▲ +3.2 个百分点 改善"
    better: bool | None  # None: equal or undefined


def kpi_text(kpi: KpiValue | None) -> str:
    """A KPI value for display: 87.5%, 42.0 分钟, 12 件, or "—" when undefined."""
    if kpi is None or kpi.value is None:
        return DASH
    return _value_text(kpi.value, kpi.unit)


def _value_text(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100:.1f}%"
    if unit == "件" and float(value).is_integer():
        return f"{int(value)} 件"
    return f"{value:.1f} {unit}".rstrip()


def trend(today: KpiValue | None, ref: KpiValue | None) -> Trend:
    """Today against ``ref`` (yesterday or the 7-day average), judged by the KPI's direction."""
    if today is None or ref is None or today.value is None or ref.value is None:
        return Trend("", DASH, None)
    delta = today.value - ref.value
    if today.unit == "%":
        delta_text, unit = f"{abs(delta) * 100:.1f}", " 个百分点"
        same = round(delta * 1000) == 0
    else:
        delta_text, unit = f"{abs(delta):.1f}", f" {today.unit}"
        same = round(delta * 10) == 0
    if same:
        return Trend("＝", "＝ 持平", None)
    up = delta > 0
    better = up == today.higher_is_better
    sign, arrow = ("+", "▲") if up else ("−", "▼")
    return Trend(arrow, f"{arrow} {sign}{delta_text}{unit} {'改善' if better else '变差'}", better)


def cell_text(kind: str, value) -> str:
    """Format one raw cell of a :class:`Table` for display."""
    if value is None or value == "":
        return DASH if kind != "text" else ""
    if kind == "pct":
        return f"{value * 100:.1f}%"
    if kind == "num":
        return f"{value:.1f}".removesuffix(".0")
    if kind == "int":
        return str(int(value))
    if kind == "time":
        return fmt_ms(value)
    return str(value)


def fmt_ms(ms: int, pattern: str = "%m-%d %H:%M") -> str:
    """Station date and time of an epoch-ms timestamp, to the minute."""
    return station_time.fmt(ms, pattern)


def title_line(summary: DailySummary) -> str:
    """``平江派出所 (320508000000) · 2026-11-21 日报``."""
    st = summary.station
    return f"{st.name} ({st.code}) · {summary.date.isoformat()} 日报"


def kpi_table(summary: DailySummary) -> Table:
    """指标: every KPI today, yesterday and over the 7-day average, with today's numerator/denominator."""
    columns = [Column("指标", width=14), Column("单位", width=6), Column("今日", "value", 10),
               Column("分子", "num", 8), Column("分母", "num", 8), Column("昨日", "value", 10),
               Column("近7日均值", "value", 11), Column("较昨日", width=18), Column("较7日均值", width=18),
               Column("方向", width=10), Column("代码", width=24)]
    rows = []
    for code, kpi in summary.today.values.items():
        yesterday = summary.yesterday.values.get(code)
        week = summary.week_average.values.get(code)
        direction = "越高越好" if kpi.higher_is_better else "越低越好"
        rows.append([kpi.name, kpi.unit, kpi, kpi.numerator, kpi.denominator, yesterday, week,
                     trend(kpi, yesterday).text, trend(kpi, week).text, direction, code])
    return Table("指标", "考核指标", columns, rows)


def category_table(summary: DailySummary) -> Table:
    """分类: incidents by category family with their share of the day."""
    total = sum(c.count for c in summary.by_category)
    rows = [[c.family, c.name, c.count, c.count / total if total else None] for c in summary.by_category]
    return Table("分类", "警情分类", [Column("类别代码", width=9), Column("类别", width=14),
                                    Column("今日警情", "int", 10), Column("占比", "pct", 9)], rows)


def hour_table(summary: DailySummary) -> Table:
    """时段: incidents per hour today and yesterday."""
    rows = [[HOUR_LABELS[h], _at(summary.by_hour, h), _at(summary.by_hour_yesterday, h)] for h in range(24)]
    return Table("时段", "分时段警情", [Column("时段", width=13), Column("今日", "int", 8),
                                     Column("昨日", "int", 8)], rows)


def _at(counts: list[int], hour: int) -> int:
    return counts[hour] if hour < len(counts) else 0


ITEM_COLUMNS = [Column("编号", width=14), Column("事项", width=36), Column("状态", width=10),
                Column("时间", "time", 12), Column("网格", width=16), Column("网格员", width=10),
                Column("说明", width=28)]


def item_row(item: ItemRef) -> list:
    return [item.id, item.title, item.status, item.at_ms, item.grid_code, item.worker_name, item.detail]


def items_table(name: str, title: str, items: list[ItemRef]) -> Table:
    return Table(name, title, ITEM_COLUMNS, [item_row(i) for i in items])


def worker_kpi_codes(summary: DailySummary) -> list[str]:
    """The KPI columns of the worker table: the station's KPIs that the worker sets carry."""
    present = {code for row in summary.workers for code in row.kpis.values}
    return [code for code in summary.today.values if code in present]


def worker_table(summary: DailySummary) -> Table:
    """网格员考核: one line per grid worker with every KPI, the composite score and the grade."""
    codes = worker_kpi_codes(summary)
    names = summary.today.values
    columns = [Column("网格员", width=10), Column("工号", width=10), Column("网格", width=18)]
    columns += [Column(names[c].name, "value", 10) for c in codes]
    columns += [Column("综合得分", "num", 9), Column("等级", width=6)]
    rows = [[w.name, w.worker_id, w.grid_name or w.grid_code,
             *(w.kpis.values.get(c) for c in codes), w.kpis.score, w.kpis.grade or DASH]
            for w in summary.workers]
    return Table("网格员考核", "网格员考核", columns, rows)


def worker_exceptions(summary: DailySummary) -> dict[str, str]:
    """Worker id -> what needs the chief's eye: their grid uncovered, items of theirs overdue."""
    uncovered = {g.id for g in summary.uncovered_grids}
    overdue: dict[tuple[str, str], int] = {}
    for item in summary.overdue:
        overdue[(item.grid_code, item.worker_name)] = overdue.get((item.grid_code, item.worker_name), 0) + 1
    out = {}
    for w in summary.workers:
        notes = (["网格未覆盖"] if w.grid_code in uncovered else []) + \
            ([f"超期 {n} 件"] if (n := overdue.get((w.grid_code, w.name))) else [])
        if notes:
            out[w.worker_id] = "，".join(notes)
    return out


def graded_worker_table(summary: DailySummary) -> tuple[Table, int]:
    """The report's 网格员考核: the workers graded today (best score first) and the exceptions without a grade,
    with what is wrong; and how many workers were left out (no assessed work today, nothing wrong)."""
    full = worker_table(summary)
    exceptions = worker_exceptions(summary)
    columns = [*full.columns, Column("异常", width=18)]
    picked = [(w, row) for w, row in zip(summary.workers, full.rows, strict=True)
              if w.kpis.score is not None or w.worker_id in exceptions]
    picked.sort(key=lambda p: (p[0].kpis.score is None, -(p[0].kpis.score or 0), p[0].worker_id))
    rows = [[*row, exceptions.get(w.worker_id, "")] for w, row in picked]
    graded = sum(1 for w, _ in picked if w.kpis.score is not None)
    title = f"网格员考核（已评定 {graded} 人，异常 {len(exceptions)} 人）"
    return Table(full.name, title, columns, rows, "今日无可评定的网格员"), len(summary.workers) - len(picked)


def all_tables(summary: DailySummary) -> list[Table]:
    """The workbook's sheets in order: 指标, 分类, 时段, 超期, 转办待反馈, 网格员考核, 未覆盖网格."""
    return [
        kpi_table(summary), category_table(summary), hour_table(summary),
        items_table("超期", "超期事项", summary.overdue),
        items_table("转办待反馈", "转办待反馈", summary.referrals_waiting),
        worker_table(summary),
        items_table("未覆盖网格", "未覆盖网格", summary.uncovered_grids),
    ]


def display(column: Column, value) -> str:
    """A raw cell as text: KPI cells (kind ``value``) through :func:`kpi_text`, the rest by kind."""
    if column.kind == "value":
        return kpi_text(value)
    return cell_text(column.kind, value)


def score_text(kpis: KpiSet) -> str:
    """``86.5 分 · 较好`` or "—"."""
    if kpis.score is None:
        return DASH
    return f"{kpis.score:.1f} 分 · {kpis.grade or DASH}"
