"""The rows an import refused, written back with a reason column (错误原因), to correct and import again."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from console.data_import.check import FileCheck

if TYPE_CHECKING:
    from console.data_import.accounts import AccountCheck

REASON = "错误原因"


def write_bad_rows(check: FileCheck | AccountCheck, path: str | Path) -> Path:
    """Write ``check.bad`` (original cells, the file's headers, then the reasons) as .xlsx, else CSV
    (UTF-8 with BOM, which Excel opens as such). The file is replaced whole, through a temporary file."""
    path = Path(path)
    header = [*check.headers, REASON]
    rows = [[*_cells(bad.cells, len(check.headers)), "；".join(bad.reasons)] for bad in check.bad]
    tmp = path.with_name(f".{path.name}.tmp")
    if path.suffix.lower() == ".xlsx":
        import xlsxwriter

        book = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False})
        sheet = book.add_worksheet("未导入")
        text = book.add_format({"num_format": "@"})
        sheet.write_row(0, 0, header)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(r, c, value, text)
                else:
                    sheet.write(r, c, value)
        sheet.set_column(len(header) - 1, len(header) - 1, 60)
        book.close()
    else:
        with tmp.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([header, *rows])
    tmp.replace(path)
    return path


def _cells(cells: tuple, width: int) -> list:
    out = ["" if c is None else c for c in cells[:width]]
    return out + [""] * (width - len(out))
