"""The daily summary as an XLSX workbook (XlsxWriter): one sheet per table, numbers as numbers."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from console.domain import station_time
from console.domain.summary import DailySummary, KpiValue
from console.reports.summary_tables import Column, Table, all_tables, fmt_ms, title_line

HEADER_ROW = 2  # row 0 title, row 1 generated-at line, row 2 headers, data from row 3


def write_summary_xlsx(summary: DailySummary, path: str | Path) -> Path:
    """Write the workbook to ``path`` (sheets 指标, 分类, 时段, 超期, 转办待反馈, 网格员考核, 未覆盖网格)."""
    return write_tables_xlsx(all_tables(summary), path, title_line(summary), summary.generated_at_ms, summary.notes)


def write_tables_xlsx(tables: list[Table], path: str | Path, title: str, generated_at_ms: int,
                      notes: list[str]) -> Path:
    """One sheet per table, each headed by ``title`` and the generated-at line with ``notes``."""
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd hh:mm"})
    try:
        formats = _formats(workbook)
        generated = fmt_ms(generated_at_ms, "%Y-%m-%d %H:%M")
        subtitle = "；".join([f"生成于 {generated}", *notes])
        for table in tables:
            _write_sheet(workbook.add_worksheet(table.name), table, formats, title, subtitle)
    finally:
        workbook.close()
    return path


def _formats(workbook) -> dict:
    base = {"font_name": "Noto Sans CJK SC", "font_size": 10, "valign": "vcenter"}
    return {
        "title": workbook.add_format({**base, "bold": True, "font_size": 14}),
        "subtitle": workbook.add_format({**base, "font_color": "#666666"}),
        "header": workbook.add_format({**base, "bold": True, "bg_color": "#1F3A5A", "font_color": "#FFFFFF",
                                       "border": 1, "align": "center", "text_wrap": True}),
        "text": workbook.add_format({**base, "border": 1}),
        "int": workbook.add_format({**base, "border": 1, "num_format": "0"}),
        "num": workbook.add_format({**base, "border": 1, "num_format": "0.0"}),
        "pct": workbook.add_format({**base, "border": 1, "num_format": "0.0%"}),
        "time": workbook.add_format({**base, "border": 1, "num_format": "yyyy-mm-dd hh:mm"}),
    }


def _write_sheet(sheet, table: Table, formats: dict, title: str, subtitle: str) -> None:
    # write_string throughout: a text is never taken for a formula ("=…") or a number
    sheet.write_string(0, 0, f"{title} · {table.title}", formats["title"])
    sheet.write_string(1, 0, subtitle, formats["subtitle"])
    for col, column in enumerate(table.columns):
        sheet.write_string(HEADER_ROW, col, column.header, formats["header"])
        sheet.set_column(col, col, column.width)
    sheet.set_row(HEADER_ROW, 30)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for col, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            _write_cell(sheet, r, col, column, value, formats)
    if table.rows:
        sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + len(table.rows), len(table.columns) - 1)
    else:
        sheet.write_string(HEADER_ROW + 1, 0, table.empty_text, formats["text"])


def _write_cell(sheet, row: int, col: int, column: Column, value, formats: dict) -> None:
    kind = column.kind
    if isinstance(value, KpiValue):
        kind, value = ("pct" if value.unit == "%" else "num"), value.value
    if value is None or value == "":
        sheet.write_blank(row, col, None, formats["text"])
    elif kind == "time":
        sheet.write_datetime(row, col, station_time.naive(value), formats["time"])
    elif kind in ("int", "num", "pct"):
        sheet.write_number(row, col, value, formats[kind])
    else:
        sheet.write_string(row, col, str(value), formats["text"])
