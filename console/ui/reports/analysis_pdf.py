"""The 研判 report as an A4 PDF: every table of :mod:`console.reports.analysis_tables`."""

from __future__ import annotations

from pathlib import Path

from console.domain.analysis import Analysis
from console.reports.analysis_tables import all_tables, title_line
from console.reports.summary_tables import fmt_ms
from console.ui.reports.pdf_layout import DIM, MM, PageFrame, PdfDocument


def write_analysis_pdf(a: Analysis, path: str | Path) -> int:
    """Write the report to ``path``; returns the number of pages."""
    frame = PageFrame(f"{a.scope.name}（{a.scope.code}）", f"{a.period.label} · 研判",
                      f"截至 {fmt_ms(a.as_of_ms, '%Y-%m-%d %H:%M')}")
    doc = PdfDocument(path, frame, title=title_line(a))
    doc.paragraph(title_line(a), 17, bold=True)
    doc.paragraph("近7/30/90日截至本期末（或当前）；重复地址、时段分布与预警为本期。"
                  "统计来自系统受理的警情，反映报警与处置，不代表全部社会面情况。", 9, color=DIM)
    for table in all_tables(a):
        doc.space(4 * MM)
        doc.table(table, 7 if len(table.columns) > 12 else 8.5)
    return doc.save()
