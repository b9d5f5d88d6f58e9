"""The daily summary as an A4 PDF (``QPdfWriter`` + ``QPainter``): KPIs, both charts and every table.

Needs a ``QGuiApplication`` (fonts); the CLI creates one on the offscreen platform.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from console.domain.summary import DailySummary
from console.reports.summary_tables import (
    Column,
    Table,
    all_tables,
    fmt_ms,
    graded_worker_table,
    kpi_table,
    score_text,
    title_line,
)
from console.ui.reports.charts import paint_category_chart, paint_hour_chart
from console.ui.reports.pdf_layout import DIM, MM, PageFrame, PdfDocument

BETTER = QColor("#1e7a3c")
WORSE = QColor("#b3261e")
GRADE_COLORS = {"好": BETTER, "较好": QColor("#2f6db5"), "一般": QColor("#a06000"), "差": WORSE}
PDF_KPI_COLUMNS = ("指标", "今日", "昨日", "近7日均值", "较昨日", "较7日均值")
MAX_LIST_ROWS = 100  # longer lists are printed in part; the workbook has them all


def write_summary_pdf(summary: DailySummary, path: str | Path) -> int:
    """Write the report to ``path``; returns the number of pages."""
    st = summary.station
    generated = fmt_ms(summary.generated_at_ms, "%Y-%m-%d %H:%M")
    frame = PageFrame(f"{st.name}（{st.code}）", f"{summary.date.isoformat()} · 日报 / 考核", f"生成于 {generated}")
    doc = PdfDocument(path, frame, title=title_line(summary))
    doc.paragraph(title_line(summary), 17, bold=True)
    doc.paragraph(f"综合得分 {score_text(summary.today)}（昨日 {score_text(summary.yesterday)}，"
                  f"近7日均值 {score_text(summary.week_average)}）", 10.5)
    if summary.notes:
        doc.paragraph("；".join(summary.notes), 9, color=DIM)
    doc.space(2 * MM)
    doc.table(_columns(kpi_table(summary), PDF_KPI_COLUMNS), 9, colorize=colorize)
    doc.space(4 * MM)
    font = doc.font(8.5)
    rows = max(len(summary.by_category), 1)
    doc.block(12 * MM + rows * 7 * MM, lambda p, r: paint_category_chart(p, r, summary.by_category, font))
    doc.space(4 * MM)
    doc.block(70 * MM, lambda p, r: paint_hour_chart(p, r, summary.by_hour, summary.by_hour_yesterday, font))
    doc.space(4 * MM)
    graded, quiet = graded_worker_table(summary)
    for table in all_tables(summary)[3:]:  # 超期, 转办待反馈, 网格员考核, 未覆盖网格
        wide = len(table.columns) > 10
        if wide and not doc.pages[-1][0]:  # the worker table with every KPI is printed on landscape pages
            doc.new_page(landscape=True)
        shown = graded if table.name == "网格员考核" else first_rows(table, MAX_LIST_ROWS)
        doc.table(shown, 7.5 if wide else 8.5, colorize=colorize)
        if table.name == "网格员考核" and quiet:
            doc.paragraph(f"另有 {quiet} 名网格员今日无可评定事项且无异常，未逐一列出"
                          f"（全表见 XLSX 工作簿「{table.name}」）。", 9, color=DIM)
        elif len(shown.rows) < len(table.rows):
            more = len(table.rows) - len(shown.rows)
            doc.paragraph(f"另有 {more} 项未列出，完整清单见 XLSX 工作簿「{table.name}」。", 9, color=DIM)
        doc.space(4 * MM)
    signoff(doc)
    return doc.save()


BLANK = "\u3000" * 8  # room to sign by hand
SIGNOFF = Table("签发", "审核 / 签发", [Column("环节", width=8), Column("姓名", width=16), Column("签字", width=24),
                                   Column("日期", width=14)],
                [[step, BLANK, BLANK * 2, BLANK] for step in ("填报", "审核", "签发")])


def signoff(doc: PdfDocument) -> None:
    """The block of a report sent upward: who filled it in, who reviewed it and who signed it off."""
    doc.space(6 * MM)
    doc.table(SIGNOFF, 10)


def _columns(table: Table, headers: tuple[str, ...]) -> Table:
    """``table`` with only the named columns, in that order."""
    index = [next(i for i, c in enumerate(table.columns) if c.header == h) for h in headers]
    return Table(table.name, table.title, [table.columns[i] for i in index],
                 [[row[i] for i in index] for row in table.rows], table.empty_text)


def first_rows(table: Table, n: int) -> Table:
    return Table(table.name, table.title, table.columns, table.rows[:n], table.empty_text)


def colorize(column: Column, value) -> QColor | None:
    """Trend cells green when better, red when worse (their text says so too); grades by grade."""
    if isinstance(value, str):
        if value.endswith("改善"):
            return BETTER
        if value.endswith("变差"):
            return WORSE
        if column.header == "等级":
            return GRADE_COLORS.get(value)
    return None
