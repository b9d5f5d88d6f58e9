"""A period assessment (周/月/季/年考核) as an A4 PDF: the KPIs against the previous period, then each level ranked."""

from __future__ import annotations

from pathlib import Path

from console.domain.assessment import PeriodAssessment
from console.reports.assessment_tables import all_tables, title_line
from console.reports.summary_tables import fmt_ms, score_text
from console.ui.reports.pdf_layout import DIM, MM, PageFrame, PdfDocument
from console.ui.reports.summary_pdf import MAX_LIST_ROWS, colorize, first_rows


def write_assessment_pdf(a: PeriodAssessment, path: str | Path) -> int:
    """Write the report to ``path``; returns the number of pages."""
    generated = fmt_ms(a.generated_at_ms, "%Y-%m-%d %H:%M")
    frame = PageFrame(f"{a.scope.name}（{a.scope.code}）", f"{a.label} · 考核", f"生成于 {generated}")
    doc = PdfDocument(path, frame, title=title_line(a))
    doc.paragraph(title_line(a), 17, bold=True)
    doc.paragraph(f"综合得分 {score_text(a.current)}（上期 {a.previous_label}：{score_text(a.previous)}）", 10.5)
    if a.notes:
        doc.paragraph("；".join(a.notes), 9, color=DIM)
    doc.space(2 * MM)
    tables = all_tables(a)
    doc.table(tables[0], 8.5, colorize=colorize)
    for table in tables[1:]:
        if not doc.pages[-1][0]:
            doc.new_page(landscape=True)
        shown = first_rows(table, MAX_LIST_ROWS)
        doc.table(shown, 7.5, colorize=colorize)
        if len(shown.rows) < len(table.rows):
            more = len(table.rows) - len(shown.rows)
            doc.paragraph(f"另有 {more} 项未列出，完整排名见 XLSX 工作簿「{table.name}」。", 9, color=DIM)
        doc.space(4 * MM)
    return doc.save()
