"""An empty import table for one kind: Chinese headers (required ones marked ＊) and one example row.

The example fits the district it is written for (a grid, a point inside it, an address that exists),
so importing the template unchanged imports that one row.
"""

from __future__ import annotations

import csv
from pathlib import Path

from console.data_import.accounts import COLUMNS as ACCOUNT_COLUMNS
from console.data_import.columns import COLUMNS, UNIT_KINDS, Column
from console.domain.geo import centroid
from console.domain.places import District
from console.domain.reference import RefKind

REQUIRED_MARK = "＊"


def example_values(kind: RefKind, district: District) -> list[object]:
    """The example row of ``kind`` for ``district`` (its first grid, station, street and address)."""
    grid = district.grids[0] if district.grids else None
    lng, lat = centroid(grid.polygon) if grid else (0.0, 0.0)
    inside = next((a for a in district.addresses if grid and a.grid_code == grid.code and a.building), None)
    fill = {
        "site": inside.code if inside else "", "compound": inside.compound if inside else "",
        "building": inside.building if inside else "1",
        "grid": grid.code if grid else "", "station": district.stations[0].code if district.stations else "",
        "road": district.streets[0].name if district.streets else "示例路",
        "address": district.addresses[0].code if district.addresses else "",
        "lng": round(lng, 6), "lat": round(lat, 6),
    }
    values = []
    for column in COLUMNS[kind]:
        value = column.example
        if isinstance(value, str) and value.startswith("{"):
            name, _, rest = value[1:].partition("}")
            value = fill[name] if not rest else f"{fill[name]}{rest}"
        values.append(value)
    return values


def write_template(kind: RefKind, path: str | Path, district: District) -> Path:
    """Write the template as .xlsx (text cells, a note per column) or, for a .csv path, UTF-8 CSV with BOM."""
    return write_table(path, kind.label, COLUMNS[kind], example_values(kind, district))


def write_account_template(path: str | Path, district: District) -> Path:
    """The accounts table: one example account, a dispatcher of the district's first station."""
    station = f"派出所:{district.stations[0].code}" if district.stations else ""
    example = [station if c.field == "scope" else c.example for c in ACCOUNT_COLUMNS]
    return write_table(path, "账号", ACCOUNT_COLUMNS, example)


def write_table(path: str | Path, name: str, columns: tuple[Column, ...], example: list[object]) -> Path:
    """Headers of ``columns`` (required ones marked) and the ``example`` row, as a sheet ``name`` or a CSV."""
    path = Path(path)
    headers = [c.header + (REQUIRED_MARK if c.required else "") for c in columns]
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([headers, example])
        return path
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet(name)
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = book.add_format({"num_format": "@"})
    for c, (column, header, value) in enumerate(zip(columns, headers, example, strict=True)):
        sheet.write_string(0, c, header, head)
        sheet.set_column(c, c, max(10, 2 * len(column.header) + 4), None if column.type == "number" else text)
        note = _note(column)
        if note:
            sheet.write_comment(0, c, note)
        if isinstance(value, str):
            sheet.write_string(1, c, value, text)
        else:
            sheet.write_number(1, c, value)
    sheet.freeze_panes(1, 0)
    book.close()
    return path


def _note(column: Column) -> str:
    if column.note:
        return column.note
    if column.type == "choice:unit_kind":
        return "可填：" + "、".join(UNIT_KINDS)
    if column.type == "flag":
        return "填 是 或 否"
    if column.type == "date":
        return "日期，如 2024-03-01"
    if column.field in ("lng", "lat"):
        return "WGS-84 坐标（GPS），须落在辖区某个网格内"
    if column.type == "code":
        return "请保持文本格式，勿转为数字"
    return ""
