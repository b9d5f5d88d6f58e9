"""Print an :class:`~console.reports.incident_report.IncidentReport` to an A4 PDF with ``QPdfWriter``.

A header, "第 n 页 / 共 m 页" footers and a small map of the incident and the tracks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from console.reports.incident_report import (
    MAP_URL,
    TRACK_COLORS,
    IncidentReport,
    datetime_text,
    report_html,
    report_title,
)
from console.ui.plain import set_escaped_html

FONT_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "Droid Sans Fallback")
DPI = 300
MM = DPI / 25.4
MARGIN_MM = 15
HEADER_MM = 9
FOOTER_MM = 8
MAP_PX = (900, 560)


def map_snapshot(report: IncidentReport, size: tuple[int, int] = MAP_PX) -> QImage:
    """A small map: the incident's grid and its neighbours, the workers' tracks and the incident."""
    inc = report.incident
    pts = [(inc.lng, inc.lat)] + [(p[1], p[2]) for t in report.trips for p in t.track]
    grid = next((g for g in report.district.grids if g.code == inc.grid_code), None)
    if grid is not None:
        pts += list(grid.polygon)
    lngs, lats = [p[0] for p in pts], [p[1] for p in pts]
    pad_lng, pad_lat = max(0.002, (max(lngs) - min(lngs)) * 0.15), max(0.0015, (max(lats) - min(lats)) * 0.15)
    x0, x1, y0, y1 = min(lngs) - pad_lng, max(lngs) + pad_lng, min(lats) - pad_lat, max(lats) + pad_lat
    w, h = size
    scale = min(w / (x1 - x0), h / (y1 - y0))
    ox, oy = (w - (x1 - x0) * scale) / 2, (h - (y1 - y0) * scale) / 2

    def at(lng: float, lat: float) -> QPointF:
        return QPointF(ox + (lng - x0) * scale, h - oy - (lat - y0) * scale)

    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f6f8"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(QFont(cjk_family(), 11))
    for g in sorted(report.district.grids, key=lambda g: g.code == inc.grid_code):  # its own grid on top
        path = QPainterPath(at(*g.polygon[0]))
        for q in g.polygon[1:]:
            path.lineTo(at(*q))
        path.closeSubpath()
        mine = g.code == inc.grid_code
        p.setPen(QPen(QColor("#56708a" if mine else "#b9c2cc"), 2.5 if mine else 1.2))
        p.fillPath(path, QColor("#e3ecf5" if mine else "#f4f6f8"))
        p.drawPath(path)
        if mine:
            p.setPen(QColor("#56708a"))
            p.drawText(path.boundingRect().adjusted(6, 4, 0, 0), int(Qt.AlignmentFlag.AlignLeft), g.name)
    for k, trip in enumerate(report.trips):
        color = QColor(TRACK_COLORS[k % len(TRACK_COLORS)])
        if len(trip.track) >= 2:
            line = QPainterPath(at(trip.track[0][1], trip.track[0][2]))
            for _t, lng, lat in trip.track[1:]:
                line.lineTo(at(lng, lat))
            p.setPen(QPen(color, 3))
            p.drawPath(line)
        if trip.track:
            start = at(trip.track[0][1], trip.track[0][2])
            p.setPen(QPen(color, 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(start, 8, 8)
            p.drawText(start + QPointF(10, -8), trip.name)
    p.setPen(QPen(QColor("#ffffff"), 2))
    p.setBrush(QColor("#d32f2f"))
    p.drawEllipse(at(inc.lng, inc.lat), 9, 9)
    p.end()
    return image


def cjk_family() -> str:
    """A CJK font family installed here; Chinese prints as boxes without one."""
    available = set(QFontDatabase.families())
    return next((f for f in FONT_FAMILIES if f in available), QFont().family())


def report_document(report: IncidentReport, *, map_width: int = 0) -> QTextDocument:
    """The report as a ``QTextDocument``; a map ``map_width`` device pixels wide unless 0."""
    doc = QTextDocument()
    doc.setDefaultFont(QFont(cjk_family(), 9))
    doc.setDocumentMargin(0)
    if map_width and report.trips:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(MAP_URL), map_snapshot(report))
    set_escaped_html(doc, report_html(report, map_width=map_width))
    return doc


def write_incident_pdf(report: IncidentReport, path: str | Path, *, with_map: bool = True) -> int:
    """Print the report to an A4 PDF at ``path``; returns the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(report_title(report))
    writer.setCreator("jingwang console")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))
    page = writer.pageLayout().fullRectPixels(DPI)
    margin, header, footer = MARGIN_MM * MM, HEADER_MM * MM, FOOTER_MM * MM
    body = QRectF(margin, margin + header, page.width() - 2 * margin, page.height() - 2 * margin - header - footer)
    # image widths in a QTextDocument are CSS pixels (1/96 in), scaled to the writer's resolution
    doc = report_document(report, map_width=int(body.width() / DPI * 96 * 0.8) if with_map else 0)
    doc.documentLayout().setPaintDevice(writer)
    doc.setTextWidth(body.width())
    doc.setPageSize(QSizeF(body.width(), body.height()))
    pages = max(1, doc.pageCount())
    painter = QPainter(writer)
    small = QFont(cjk_family(), 8)
    try:
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(body.left(), body.top() - n * body.height())
            doc.drawContents(painter, QRectF(0, n * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setFont(small)
            painter.setPen(QColor("#5f6b78"))
            top = QRectF(margin, margin, body.width(), header - 2 * MM)
            painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                             f"{report.station} · 警情 {report.incident.id}")
            painter.drawText(top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                             f"打印于 {datetime_text(report.generated_at)}")
            painter.setPen(QPen(QColor("#b9c2cc"), 2))
            rule_y = margin + header - MM
            painter.drawLine(QPointF(margin, rule_y), QPointF(margin + body.width(), rule_y))
            bottom = QRectF(margin, body.bottom() + 2 * MM, body.width(), footer - 2 * MM)
            painter.setPen(QColor("#5f6b78"))
            painter.drawText(bottom, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                             f"第 {n + 1} 页 / 共 {pages} 页")
    finally:
        painter.end()
    return pages
