"""A small page-layout engine over ``QPdfWriter``: flow blocks down A4 pages, then paint.

Layout runs first and records drawing operations per page, so every page's header and footer can
say "第 n 页 / 共 m 页". Tables break across pages and repeat their header row on each page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from console.reports.summary_tables import Column, Table, display

DPI = 300
MM = DPI / 25.4
MARGIN = 15 * MM
HEADER_H = 9 * MM
FOOTER_H = 8 * MM
FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "Droid Sans Fallback")
INK = QColor("#1b1f24")
DIM = QColor("#5f6b78")
RULE = QColor("#b9c2cc")
HEAD_BG = QColor("#1f3a5a")
ZEBRA = QColor("#f1f4f7")
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.TextFlag.TextWrapAnywhere)

Op = Callable[[QPainter], None]
Colorize = Callable[[Column, object], QColor | None]  # ink for one cell, None for the default


def cjk_family() -> str:
    """A CJK font family installed here (Noto Sans CJK SC first); Chinese renders as boxes without one."""
    available = set(QFontDatabase.families())
    return next((f for f in FONT_FAMILIES if f in available), QFont().family())


@dataclass(frozen=True, slots=True)
class PageFrame:
    """What every page carries: left and right header text and a footer note."""

    left: str
    right: str
    footer: str


class PdfDocument:
    """Flow content down A4 portrait pages; :meth:`save` paints the pages with headers and page numbers."""

    def __init__(self, path: str | Path, frame: PageFrame, title: str = "") -> None:
        self.path = Path(path)
        self.frame = frame
        self.writer = QPdfWriter(str(self.path))
        self.writer.setResolution(DPI)
        self.writer.setTitle(title)
        self.writer.setCreator("jingwang console")
        self.writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                              QMarginsF(0, 0, 0, 0)))
        size = self.writer.pageLayout().fullRectPixels(DPI)
        self.portrait_size = (float(size.width()), float(size.height()))
        self.left = MARGIN
        self.top = MARGIN + HEADER_H
        self.family = cjk_family()
        self.pages: list[tuple[bool, list[Op]]] = []  # (landscape, drawing operations)
        self.new_page()

    # --- fonts and measuring -------------------------------------------------------------
    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def _metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.writer)

    def text_height(self, text: str, font: QFont, width: float) -> float:
        return self._metrics(font).boundingRect(QRectF(0, 0, width, 1e6), WRAP, text).height()

    # --- flow ----------------------------------------------------------------------------
    def new_page(self, landscape: bool = False) -> None:
        """Continue on a new page, turned to landscape for wide tables."""
        self.pages.append((landscape, []))
        w, h = self.portrait_size
        self.page_w, self.page_h = (h, w) if landscape else (w, h)
        self.width = self.page_w - 2 * MARGIN
        self.bottom = self.page_h - MARGIN - FOOTER_H
        self.y = self.top

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` still fits on this one."""
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page(self.pages[-1][0])

    def space(self, height: float) -> None:
        self.y += height

    def add(self, op: Op) -> None:
        self.pages[-1][1].append(op)

    def paragraph(self, text: str, points: float = 10, *, bold: bool = False, color: QColor = INK,
                  keep_with: float = 0) -> None:
        """Wrapped text across the content width; ``keep_with`` keeps that much space below on the page."""
        font = self.font(points, bold)
        height = self.text_height(text, font, self.width) + 1.5 * MM
        self.ensure(height + keep_with)
        rect = QRectF(self.left, self.y, self.width, height)
        self.add(lambda p: _text(p, rect, font, text, color, WRAP))
        self.y += height

    def block(self, height: float, paint: Callable[[QPainter, QRectF], None]) -> None:
        """A fixed-height drawing (e.g. a chart) across the content width."""
        self.ensure(height)
        rect = QRectF(self.left, self.y, self.width, height)
        self.add(lambda p: paint(p, rect))
        self.y += height

    def table(self, table: Table, points: float = 8.5, colorize: Colorize | None = None) -> None:
        """The table with its title; rows never split, the header row repeats on each page."""
        font, head_font = self.font(points), self.font(points, bold=True)
        pad = 1.2 * MM
        rows = [[display(c, v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows]
        widths = self._widths(table, rows, font, head_font, pad)
        head_h = max(self.text_height(c.header, head_font, w - 2 * pad) for c, w in zip(table.columns, widths,
                                                                                     strict=True)) + 2 * pad
        heights = [max(self.text_height(t, font, w - 2 * pad) for t, w in zip(cells, widths, strict=True)) + 2 * pad
                   for cells in rows]
        self.paragraph(table.title, 12, bold=True, keep_with=head_h + (heights[0] if heights else head_h))
        self._table_header(table, widths, head_font, head_h, pad)
        if not rows:
            self.paragraph(table.empty_text, points, color=DIM)
            return
        for i, (row, cells, height) in enumerate(zip(table.rows, rows, heights, strict=True)):
            if self.y + height > self.bottom:
                self.new_page(self.pages[-1][0])
                self.paragraph(f"{table.title}（续）", 10, bold=True, color=DIM)
                self._table_header(table, widths, head_font, head_h, pad)
            colors = [colorize(c, v) if colorize else None for c, v in zip(table.columns, row, strict=True)]
            self._table_row(cells, colors, widths, font, height, pad, zebra=i % 2 == 1)

    def _widths(self, table: Table, rows: list[list[str]], font: QFont, head_font: QFont, pad: float) -> list[float]:
        """Each column as wide as its widest cell (headers may wrap to two lines), scaled to the page width."""
        body, head = self._metrics(font), self._metrics(head_font)
        natural = []
        for i, column in enumerate(table.columns):
            cells = max((body.horizontalAdvance(r[i]) for r in rows), default=0.0)
            header = head.horizontalAdvance(column.header) / (2 if len(column.header) > 4 else 1)  # long ones wrap
            natural.append(max(cells, header, body.height()) + 2 * pad)
        if sum(natural) <= self.width:
            return [w * self.width / sum(natural) for w in natural]
        widths, open_cols, remaining = list(natural), list(range(len(natural))), self.width
        while open_cols:  # narrow columns keep their width; the wide ones share what is left and wrap
            share = remaining / len(open_cols)
            fits = [i for i in open_cols if natural[i] <= share]
            if not fits:
                for i in open_cols:
                    widths[i] = share
                break
            for i in fits:
                remaining -= natural[i]
                open_cols.remove(i)
        return widths

    def _table_header(self, table: Table, widths: list[float], font: QFont, height: float, pad: float) -> None:
        y, left = self.y, self.left

        def paint(p: QPainter) -> None:
            p.fillRect(QRectF(left, y, sum(widths), height), HEAD_BG)
            x = left
            for column, w in zip(table.columns, widths, strict=True):
                _text(p, QRectF(x + pad, y + pad, w - 2 * pad, height - 2 * pad), font, column.header,
                      QColor("#ffffff"), WRAP | int(Qt.AlignmentFlag.AlignVCenter))
                x += w

        self.add(paint)
        self.y += height

    def _table_row(self, cells: list[str], colors: list, widths: list[float], font: QFont, height: float,
                   pad: float, zebra: bool) -> None:
        y, left = self.y, self.left

        def paint(p: QPainter) -> None:
            if zebra:
                p.fillRect(QRectF(left, y, sum(widths), height), ZEBRA)
            p.setPen(QPen(RULE, 0.2 * MM))
            p.drawLine(int(left), int(y + height), int(left + sum(widths)), int(y + height))
            x = left
            for text, color, w in zip(cells, colors, widths, strict=True):
                _text(p, QRectF(x + pad, y + pad, w - 2 * pad, height - 2 * pad), font, text, color or INK, WRAP)
                x += w

        self.add(paint)
        self.y += height

    # --- output ----------------------------------------------------------------------------
    def save(self) -> int:
        """Paint every page with its header and footer; returns the page count."""
        painter = QPainter()
        if not painter.begin(self.writer):
            raise OSError(f"cannot write PDF {self.path}")
        try:
            count = len(self.pages)
            for n, (landscape, ops) in enumerate(self.pages, start=1):
                if n > 1:
                    self.writer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                                                   else QPageLayout.Orientation.Portrait)
                    self.writer.newPage()
                w, h = self.portrait_size
                self._frame(painter, n, count, *((h, w) if landscape else (w, h)))
                for op in ops:
                    op(painter)
        finally:
            painter.end()
        return len(self.pages)

    def _frame(self, p: QPainter, n: int, count: int, page_w: float, page_h: float) -> None:
        font = self.font(8.5)
        width = page_w - 2 * MARGIN
        top = QRectF(self.left, MARGIN, width, HEADER_H - 2 * MM)
        _text(p, top, self.font(8.5, bold=True), self.frame.left, INK, int(Qt.AlignmentFlag.AlignLeft))
        _text(p, top, font, self.frame.right, INK, int(Qt.AlignmentFlag.AlignRight))
        p.setPen(QPen(HEAD_BG, 0.4 * MM))
        line_y = int(MARGIN + HEADER_H - 2.5 * MM)
        p.drawLine(int(self.left), line_y, int(self.left + width), line_y)
        bottom = QRectF(self.left, page_h - MARGIN - FOOTER_H + 2 * MM, width, FOOTER_H - 2 * MM)
        _text(p, bottom, font, self.frame.footer, DIM, int(Qt.AlignmentFlag.AlignLeft))
        _text(p, bottom, font, f"第 {n} 页 / 共 {count} 页", INK, int(Qt.AlignmentFlag.AlignHCenter))


def _text(p: QPainter, rect: QRectF, font: QFont, text: str, color: QColor, flags: int) -> None:
    p.setFont(font)
    p.setPen(color)
    p.drawText(rect, flags, text)
