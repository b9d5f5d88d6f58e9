"""The summary's two charts painted with ``QPainter`` (for print: light background, dark ink).

Today's bars are solid and yesterday's hatched, and the legend names both: colour is never the
only signal.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen

from console.domain.summary import CategoryCount

TODAY = QColor("#2f6db5")
YESTERDAY = QColor("#9aa7b4")
INK = QColor("#1b1f24")
GRID = QColor("#dde3e9")


def paint_category_chart(p: QPainter, rect: QRectF, cats: list[CategoryCount], font: QFont) -> None:
    """Horizontal bars, one per category family, labelled with the name and the count."""
    p.save()
    p.setFont(font)
    fm = p.fontMetrics()
    _title(p, rect, font, "警情分类（今日）")
    body = rect.adjusted(0, fm.height() * 1.6, 0, 0)
    if not cats:
        _empty(p, body)
        p.restore()
        return
    label_w = max(fm.horizontalAdvance(f"{c.name} {c.family}") for c in cats) + fm.height()
    count_w = fm.horizontalAdvance("0000") + fm.height() / 2
    bar_area = body.width() - label_w - count_w
    step = body.height() / len(cats)
    top = max(c.count for c in cats) or 1
    for i, c in enumerate(cats):
        y = body.top() + i * step
        p.setPen(INK)
        p.drawText(QRectF(body.left(), y, label_w - fm.height() / 2, step),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{c.name} {c.family}")
        w = bar_area * c.count / top
        p.fillRect(QRectF(body.left() + label_w, y + step * 0.18, w, step * 0.64), TODAY)
        p.drawText(QRectF(body.left() + label_w + w + fm.height() / 4, y, count_w, step),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), str(c.count))
    p.restore()


def paint_hour_chart(p: QPainter, rect: QRectF, today: list[int], yesterday: list[int], font: QFont) -> None:
    """Grouped bars per hour 0–23: today solid, yesterday hatched, with a legend and a count axis."""
    p.save()
    p.setFont(font)
    fm = p.fontMetrics()
    line = fm.height()
    _title(p, rect, font, "分时段警情（今日 / 昨日）")
    _legend(p, QPointF(rect.right() - 12 * line, rect.top()), line)
    step = max(1, math.ceil(max([*today, *yesterday, 1]) / 4))  # whole-number gridlines
    top = 4 * step
    axis_w = fm.horizontalAdvance(str(top)) + line / 2
    plot = rect.adjusted(axis_w, line * 1.8, 0, -line * 1.4)
    p.setPen(QPen(GRID, max(1.0, line / 20)))
    for k in range(5):
        y = plot.bottom() - plot.height() * k / 4
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(INK)
        p.drawText(QRectF(rect.left(), y - line / 2, axis_w - line / 4, line),
                   int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(step * k))
        p.setPen(QPen(GRID, max(1.0, line / 20)))
    slot = plot.width() / 24
    bar = slot * 0.38
    for h in range(24):
        x = plot.left() + h * slot + slot * 0.1
        for j, (counts, brush) in enumerate(((today, QBrush(TODAY)),
                                             (yesterday, QBrush(YESTERDAY, Qt.BrushStyle.BDiagPattern)))):
            n = counts[h] if h < len(counts) else 0
            height = plot.height() * n / top
            r = QRectF(x + j * bar, plot.bottom() - height, bar, height)
            p.setPen(QPen(YESTERDAY if j else TODAY, max(1.0, line / 25)))
            p.setBrush(brush)
            if n:
                p.drawRect(r)
        if h % 3 == 0:
            p.setPen(INK)
            p.drawText(QRectF(x - slot, plot.bottom() + line * 0.2, slot * 3, line),
                       int(Qt.AlignmentFlag.AlignHCenter), f"{h:02d}时")
    p.restore()


def _title(p: QPainter, rect: QRectF, font: QFont, text: str) -> None:
    bold = QFont(font)
    bold.setBold(True)
    p.setFont(bold)
    p.setPen(INK)
    p.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
    p.setFont(font)


def _legend(p: QPainter, at: QPointF, line: float) -> None:
    for i, (label, brush, pen) in enumerate((("今日", QBrush(TODAY), TODAY),
                                            ("昨日", QBrush(YESTERDAY, Qt.BrushStyle.BDiagPattern), YESTERDAY))):
        x = at.x() + i * 6 * line
        p.setPen(QPen(pen, max(1.0, line / 25)))
        p.setBrush(brush)
        p.drawRect(QRectF(x, at.y() + line * 0.2, line * 1.2, line * 0.7))
        p.setPen(INK)
        p.drawText(QRectF(x + line * 1.5, at.y(), line * 4, line), int(Qt.AlignmentFlag.AlignLeft), label)


def _empty(p: QPainter, rect: QRectF) -> None:
    p.setPen(INK)
    p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), "今日无警情")
