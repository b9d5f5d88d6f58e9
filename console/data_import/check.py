"""Check a station's table row by row against the state: every problem named by file, sheet, row and column.

:func:`check_file` reads the whole table (streaming), maps its headers to the kind's columns, converts
each cell, and runs the domain's checks (:class:`console.domain.reference_checks.Checker`) on each row
with the rows before it, so a code given twice or one place under two codes is found too. Nothing is
written here: the outcome says which rows are good (and whether each changes anything) and which are
bad, with their original cells for the bad-rows file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from console.data_import.columns import COLUMNS, CellError, Column, convert, unit_kind_parts
from console.data_import.reader import DEFAULT_MAX_BYTES, FileRefused, Sheet, open_table
from console.domain.reference import RefKind
from console.domain.reference_checks import Checker

if TYPE_CHECKING:
    from console.domain.state import State

_STRIP = str.maketrans("", "", " \t\r\n*＊")


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where (file, sheet, row as Excel numbers it, column header) and why."""

    file: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def line(self) -> str:
        """``workers.xlsx 工作表1 第12行 「身份证号」: 校验位错误``."""
        where = " ".join(x for x in (self.file, self.sheet, f"第{self.row}行" if self.row else "") if x)
        return f"{where}{f' 「{self.column}」' if self.column else ''}: {self.message}"


@dataclass(slots=True)
class GoodRow:
    number: int
    row: dict  # completed, in the wire form of reference.upsert
    changed: bool


@dataclass(slots=True)
class BadRow:
    number: int
    cells: tuple
    reasons: list[str]


@dataclass(slots=True)
class FileCheck:
    """What a file holds for an import of ``kind``: ``refused`` when it cannot be read at all (then nothing
    else is filled), else its good and bad rows; ``issues`` names every problem."""

    kind: RefKind
    path: Path
    digest: str = ""
    sheet: str = ""
    headers: list[str] = field(default_factory=list)
    good: list[GoodRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    refused: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def changed(self) -> list[GoodRow]:
        return [g for g in self.good if g.changed]

    def counts(self) -> dict[str, int]:
        """rows read, good, bad, new or changed, unchanged."""
        changed = len(self.changed)
        return {"rows": len(self.good) + len(self.bad), "good": len(self.good), "bad": len(self.bad),
                "changed": changed, "unchanged": len(self.good) - changed}


def open_checked(path: Path, max_bytes: int, out) -> Sheet | None:
    """The table at ``path``; or None, with ``out`` (a file's check report) marked refused and saying why."""
    try:
        return open_table(path, max_bytes)
    except FileRefused as exc:
        out.refused = True
        out.issues.append(Issue(path.name, str(exc)))
        return None


def check_file(path: str | Path, kind: RefKind, state: State, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FileCheck:
    """Read and check ``path`` as an import of ``kind`` into ``state`` (which it does not change)."""
    path = Path(path)
    out = FileCheck(kind, path)
    sheet = open_checked(path, max_bytes, out)
    if sheet is None:
        return out
    try:
        out.sheet, out.headers = sheet.name, [header_text(h) for h in sheet.headers]
        columns = _map_headers(out, sheet.header_row)
        if columns is None:
            out.refused = True
            return out
        out.digest = hashlib.sha256(path.read_bytes()).hexdigest()
        checker = Checker(state, kind)
        for number, cells in sheet.rows:
            _check_row(out, checker, columns, number, cells)
    finally:
        if sheet.close is not None:
            sheet.close()
    return out


def header_text(cell: object) -> str:
    return "" if cell is None else str(cell).translate(_STRIP).replace("（必填）", "").replace("(必填)", "")


def _map_headers(out: FileCheck, header_row: int) -> list[tuple[int, Column]] | None:
    """(cell index, column) for each header; None (with the issues said) when headers are missing or unknown."""
    columns, issues = map_headers(out.headers, COLUMNS[out.kind], out.kind.label, out.path.name, out.sheet,
                                  header_row)
    out.issues += issues
    return None if issues else columns


def map_headers(headers: list[str], declared: tuple[Column, ...], label: str, file: str, sheet: str,
                header_row: int) -> tuple[list[tuple[int, Column]], list[Issue]]:
    """(cell index, column) for each of ``headers`` (cleaned), and the issues of missing, unknown or repeated
    ones, for a table of ``declared`` columns (``label``: its Chinese name)."""
    by_name = {name: c for c in declared for name in (c.header, *c.aliases)}
    found: dict[str, int] = {}
    columns, unknown, twice = [], [], []
    for i, text in enumerate(headers):
        if not text:
            continue
        column = by_name.get(text)
        if column is None:
            unknown.append(text)
        elif column.field in found:
            twice.append(text)
        else:
            found[column.field] = i
            columns.append((i, column))
    missing = [c.header for c in declared if c.required and c.field not in found]
    where = {"file": file, "sheet": sheet, "row": header_row}
    issues = []
    if missing:
        issues.append(Issue(message=f"缺少必填列：{_quoted(missing)}", **where))
    if unknown:
        known = _quoted(c.header for c in declared)
        issues.append(Issue(message=f"未知列：{_quoted(unknown)}（{label}表的列：{known}）", **where))
    if twice:
        issues.append(Issue(message=f"列重复：{_quoted(twice)}", **where))
    return columns, issues


def _quoted(names) -> str:
    return "、".join(f"「{n}」" for n in names)


def _check_row(out: FileCheck, checker: Checker, columns: list[tuple[int, Column]], number: int,
               cells: tuple) -> None:
    problems: list[tuple[str, str]] = []  # (column header, why)
    row: dict = {}
    fields: dict = {}
    for i, column in columns:
        try:
            value = convert(column, cells[i] if i < len(cells) else None)
        except CellError as exc:
            problems.append((column.header, str(exc)))
            continue
        if value is None:
            continue
        if column.field.startswith("fields."):
            fields[column.field[7:]] = value
        elif column.field == "kind":
            row["kind"], mode = unit_kind_parts(value)
            row.setdefault("mode", mode)
        else:
            row[column.field] = value
    if out.kind.record_kind is not None:
        row["fields"] = fields
    if not problems:
        checked = checker.check(row, f"第{number}行")
        headers = {c.field.removeprefix("fields."): c.header for _, c in columns}
        problems = [(headers.get(name, ""), why) for name, why in checked.problems]
        if not problems:
            out.good.append(GoodRow(number, checked.row, checked.changed))
            return
    reasons = []
    for header, why in problems:
        out.issues.append(Issue(out.path.name, why, out.sheet, number, header))
        reasons.append(f"「{header}」{why}" if header else why)
    out.bad.append(BadRow(number, cells, reasons))
