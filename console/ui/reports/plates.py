"""e码 door plates: A4 pages of eight plates, each with the address, its 三码, the QR code and 扫码上报.

The QR code is drawn module by module from segno's matrix as filled squares, so it stays sharp at
any print size. Cut along the thin frame lines; each plate is 95 × 68 mm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from console.domain.places import District
from console.ecode.signing import PlateSigner
from console.ui.reports.pdf_layout import DIM, HEAD_BG, INK, MM, RULE, WRAP, cjk_family

COLUMNS, ROWS = 2, 4
PAGE_MARGIN = 10 * MM
QR_QUIET = 2  # modules of white around the code (plus the plate's own margin)


@dataclass(frozen=True, slots=True)
class Plate:
    """What one door plate shows."""

    address: str
    address_code: str
    grid_code: str
    police_grid_code: str
    url: str


def plates_for(district: District, signer: PlateSigner, base: str, *, grid: str | None = None,
               community: str | None = None) -> list[Plate]:
    """The plates of every address in ``grid`` (网格 code) or ``community`` (社区 code), by address code."""
    grids = {g.code for g in district.grids if g.code == grid or g.community_code == community}
    return [Plate(a.text, a.code, a.grid_code, a.police_grid_code, signer.url(base, a.code))
            for a in sorted(district.addresses, key=lambda a: a.code) if a.grid_code in grids]


def write_plates(plates: list[Plate], path: str | Path) -> int:
    """Write ``plates`` to the PDF at ``path``; returns the number of pages."""
    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts need one
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle("e码门牌")
    writer.setCreator("jingwang console")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    family = cjk_family()
    per_page = COLUMNS * ROWS
    pages = (len(plates) + per_page - 1) // per_page
    page_w, page_h = 210 * MM, 297 * MM
    cell_w = (page_w - 2 * PAGE_MARGIN) / COLUMNS
    cell_h = (page_h - 2 * PAGE_MARGIN) / ROWS
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            for i, plate in enumerate(plates[page * per_page:(page + 1) * per_page]):
                col, row = i % COLUMNS, i // COLUMNS
                cell = QRectF(PAGE_MARGIN + col * cell_w, PAGE_MARGIN + row * cell_h, cell_w, cell_h)
                paint_plate(painter, cell.adjusted(2 * MM, 2 * MM, -2 * MM, -2 * MM), plate, family)
                painter.setPen(QPen(RULE, 0.2 * MM, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(cell)
    finally:
        painter.end()
    return pages


def paint_plate(painter: QPainter, box: QRectF, plate: Plate, family: str) -> None:
    """One plate inside ``box``: title bar, QR code on the left, address and codes on the right."""
    painter.setPen(QPen(HEAD_BG, 0.6 * MM))
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(box, 3 * MM, 3 * MM)
    bar = QRectF(box.left(), box.top(), box.width(), 11 * MM)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(HEAD_BG)
    painter.drawRoundedRect(bar, 3 * MM, 3 * MM)
    painter.drawRect(bar.adjusted(0, bar.height() / 2, 0, 0))
    painter.setPen(QColor("white"))
    painter.setFont(_font(family, 15, bold=True))
    painter.drawText(bar, int(Qt.AlignmentFlag.AlignCenter), "扫码上报 · 警网融合")
    body = box.adjusted(3 * MM, bar.height() + 3 * MM, -3 * MM, -3 * MM)
    qr_side = min(body.height() - 7 * MM, 44 * MM)
    paint_qr(painter, QRectF(body.left(), body.top(), qr_side, qr_side), plate.url)
    text = QRectF(body.left() + qr_side + 3 * MM, body.top(), body.width() - qr_side - 3 * MM, qr_side)
    painter.setPen(INK)
    painter.setFont(_font(family, 12, bold=True))
    address_rect = QRectF(text.left(), text.top(), text.width(), 20 * MM)
    painter.drawText(address_rect, WRAP | int(Qt.AlignmentFlag.AlignLeft), plate.address)
    painter.setPen(DIM)
    painter.setFont(_font(family, 7.5))
    codes = f"地址码 {plate.address_code}\n网格码 {plate.grid_code}"
    if plate.police_grid_code:
        codes += f"\n警格码 {plate.police_grid_code}"
    painter.drawText(QRectF(text.left(), text.top() + 21 * MM, text.width(), text.height() - 21 * MM),
                     WRAP | int(Qt.AlignmentFlag.AlignLeft), codes)
    painter.setPen(INK)
    painter.setFont(_font(family, 9, bold=True))
    footer = QRectF(body.left(), body.bottom() - 6 * MM, body.width(), 6 * MM)
    painter.drawText(footer, int(Qt.AlignmentFlag.AlignCenter), "微信/相机扫码 · 匿名上报 · 居住登记 · 紧急情况请拨110")


def paint_qr(painter: QPainter, box: QRectF, data: str) -> None:
    """The QR code of ``data`` (error correction M) filling the square ``box``."""
    qr = segno.make(data, error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    n = len(matrix) + 2 * QR_QUIET
    module = box.width() / n
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    painter.drawRect(box)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(QRectF(box.left() + (x + QR_QUIET) * module, box.top() + (y + QR_QUIET) * module,
                                        module + 0.5, module + 0.5))


def _font(family: str, points: float, *, bold: bool = False) -> QFont:
    font = QFont(family)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font
