"""A period assessment as an XLSX workbook: 指标 and one ranked sheet per level."""

from __future__ import annotations

from pathlib import Path

from console.domain.assessment import PeriodAssessment
from console.reports.assessment_tables import all_tables, title_line
from console.reports.summary_xlsx import write_tables_xlsx


def write_assessment_xlsx(a: PeriodAssessment, path: str | Path) -> Path:
    return write_tables_xlsx(all_tables(a), path, title_line(a), a.generated_at_ms, a.notes)
