"""Open a station's table: an Excel workbook (.xlsx, streamed with openpyxl's read-only mode) or a CSV
(UTF-8 with or without BOM, or GB18030 as Chinese Excel saves it), refusing before parsing a file over
the size limit or one that is neither.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and other OLE files)
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class FileRefused(Exception):
    """The file cannot be read as a table at all; the message says why, in Chinese."""


@dataclass(slots=True)
class Sheet:
    """One table: its ``name`` (the worksheet, or CSV), the header row's number and cells, and its data rows
    as ``(row number, cells)`` — row numbers as Excel shows them, from 1."""

    name: str
    header_row: int
    headers: list[object]
    rows: Iterator[tuple[int, tuple]]
    close: Callable[[], None] | None = None


def open_table(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Sheet:
    """The first worksheet of a workbook, or the CSV; raise :class:`FileRefused` for anything else."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise FileRefused(f"无法读取文件：{exc.strerror or exc}") from None
    if size > max_bytes:
        raise FileRefused(f"文件 {_size_text(size)}，超过 {_size_text(max_bytes)} 的上限："
                          "请拆分后分批导入（或调整 JINGWANG_IMPORT_MAX_MB）")
    if size == 0:
        raise FileRefused("文件是空的")
    if head.startswith(_OLE):
        raise FileRefused("这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 后导入")
    if head.startswith(_ZIP):
        return _workbook(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise FileRefused("不是有效的 Excel 工作簿（.xlsx）：文件已损坏或不是表格")
    return _csv(path)


def _size_text(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.1f} KB"


def _workbook(path: Path) -> Sheet:
    from openpyxl import load_workbook  # imported here: the CLI stays quick for everything else

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileRefused(f"不是有效的 Excel 工作簿（.xlsx）：{type(exc).__name__}") from None
    if not book.worksheets:
        book.close()
        raise FileRefused("工作簿中没有工作表")
    ws = book.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    return _with_header(ws.title, enumerate(rows, 1), book.close)


def _csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    for encoding in _CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused("不是 Excel 工作簿，也不是 UTF-8 或 GB18030 编码的 CSV 文件")
    if "\x00" in text:
        raise FileRefused("不是 Excel 工作簿，也不是文本 CSV 文件（含有二进制内容）")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return _with_header("CSV", ((n, tuple(r)) for n, r in enumerate(reader, 1)), None)


def _with_header(name: str, numbered: Iterator[tuple[int, tuple]], close) -> Sheet:
    """The first row with anything in it is the header; empty rows after it are skipped."""
    for number, cells in numbered:
        if any(_filled(c) for c in cells):
            data = ((n, c) for n, c in numbered if any(_filled(v) for v in c))
            return Sheet(name, number, list(cells), data, close)
    if close is not None:
        close()
    raise FileRefused(f"{name} 没有表头（表格是空的）")


def _filled(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())
