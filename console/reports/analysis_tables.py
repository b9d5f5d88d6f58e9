"""The 研判's tables for the view, the PDF and ``jingwang analysis``: grid ranking per window, repeat addresses,
the heat grid, disputes by grade and warnings."""

from __future__ import annotations

from console.domain.analysis import WEEKDAYS, WINDOWS, Analysis
from console.domain.risk.config import GRADE_LABELS
from console.reports.summary_tables import Column, Table

TOP_GRIDS = 15


def title_line(a: Analysis) -> str:
    return f"{a.scope.name} ({a.scope.code}) · {a.period.label} 研判"


def ranking_table(a: Analysis, family: str = "", window: int = 30, limit: int = TOP_GRIDS) -> Table:
    """高发网格: grids by incidents over ``window`` days (one family or all), with the other windows beside."""
    names = dict(a.families())
    what = names.get(family, "全部警情") if family else "全部警情"
    others = {code: counts for code, counts in _grid_counts(a, family).items()}
    rows = [[i + 1, name, code, *others[code]] for i, (code, name, _) in enumerate(a.ranking(family, window)[:limit])]
    columns = [Column("排名", "int", 6), Column("网格", width=16), Column("网格编码", width=17),
               *(Column(f"近{d}日", "int", 8) for d in WINDOWS)]
    return Table("高发网格", f"高发网格（{what}，按近{window}日排序）", columns, rows, "无警情")


def _grid_counts(a: Analysis, family: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for h in a.hot_spots:
        if not family or h.family == family:
            counts = out.setdefault(h.grid_code, [0] * len(WINDOWS))
            for i, n in enumerate(h.counts):
                counts[i] += n
    return out


def family_table(a: Analysis) -> Table:
    """警情类别 over the three windows."""
    rows = []
    for family, name in a.families():
        counts = [sum(h.counts[i] for h in a.hot_spots if h.family == family) for i in range(len(WINDOWS))]
        rows.append([family, name, *counts])
    rows.sort(key=lambda r: -r[-2])
    return Table("类别", "警情类别（近7/30/90日）", [Column("代码", width=6), Column("类别", width=14),
                                              *(Column(f"近{d}日", "int", 8) for d in WINDOWS)], rows, "无警情")


def repeat_table(a: Analysis) -> Table:
    rows = [[r.address, r.grid_code, r.count, r.families, r.last_at_ms] for r in a.repeat_addresses]
    return Table("重复地址", "重复报警地址（本期 ≥2 起）", [Column("地址", width=30), Column("网格", width=17),
                                                 Column("起数", "int", 6), Column("类别", width=24),
                                                 Column("最近", "time", 12)], rows, "无重复地址")


def heat_table(a: Analysis) -> Table:
    """时段分布: one row per weekday, one column per hour, and the day's total."""
    columns = [Column("星期", width=6), *(Column(f"{h:02d}", "int", 4) for h in range(24)), Column("合计", "int", 6)]
    rows = [[WEEKDAYS[d], *a.heat[d], sum(a.heat[d])] for d in range(7)]
    return Table("时段分布", "时段分布（星期 × 小时）", columns, rows)


def dispute_table(a: Analysis) -> Table:
    rows = [[GRADE_LABELS.get(g, "未分级"), n] for g, n in a.disputes_by_grade.items()]
    return Table("调处分级", "矛盾纠纷调处分级（在册）", [Column("分级", width=8), Column("件数", "int", 8)], rows)


def warning_table(a: Analysis) -> Table:
    rows = [[w.label, w.raised, w.closed, w.closed_on_time, w.open_overdue, w.mean_close_hours] for w in a.warnings]
    return Table("预警", "风险预警及处置（本期）", [Column("规则", width=12), Column("发出", "int", 6),
                                           Column("办结", "int", 6), Column("按时办结", "int", 8),
                                           Column("超时未结", "int", 8), Column("平均办结(小时)", "num", 12)],
                 rows, "本期无预警")


def notice_text(a: Analysis, limit: int = 1000) -> str:
    """The 研判's findings in a few lines, for a 信息推送 to the grid workers (at most ``limit`` characters)."""
    lines = [f"【研判】{a.scope.name} {a.period.label}"]
    hot = a.ranking("", 7)[:3]
    if hot:
        lines.append("近7日高发网格：" + "、".join(f"{name}（{n} 起）" for _, name, n in hot))
    families = sorted(((sum(h.counts[0] for h in a.hot_spots if h.family == f), name) for f, name in a.families()),
                      reverse=True)[:3]
    if families and families[0][0]:
        lines.append("近7日主要警情：" + "、".join(f"{name} {n} 起" for n, name in families if n))
    if a.repeat_addresses:
        lines.append("重复报警地址：" + "、".join(f"{r.address}（{r.count} 起）" for r in a.repeat_addresses[:3]))
    peak = max(((n, d, h) for d, row in enumerate(a.heat) for h, n in enumerate(row)), default=(0, 0, 0))
    if peak[0]:
        lines.append(f"警情最集中：{WEEKDAYS[peak[1]]} {peak[2]:02d}:00–{peak[2] + 1:02d}:00（{peak[0]} 起）")
    red = a.disputes_by_grade.get("red", 0) + a.disputes_by_grade.get("orange", 0)
    if red:
        lines.append(f"红、橙色矛盾纠纷 {red} 件，请加强走访调处")
    raised = sum(w.raised for w in a.warnings)
    if raised:
        lines.append(f"本期预警 {raised} 条，已办结 {sum(w.closed for w in a.warnings)} 条")
    return "\n".join(lines)[:limit]


def all_tables(a: Analysis) -> list[Table]:
    return [ranking_table(a), family_table(a), repeat_table(a), heat_table(a), dispute_table(a), warning_table(a)]
