"""The queue's column widths, and what width shows the main columns.

:data:`MAIN_COLUMNS` (编号 类别 优先级 状态 时限 地址 处置人) are the first columns of :class:`Col`; at widths
measured from the table's font, a queue dock :func:`main_width` wide shows them without horizontal
scrolling; the other columns follow to the right. (The order is the model's own: moving header sections
instead made every repaint of 100k rows a third slower.)
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

from console.ui.queue.columns import HEADERS, Col

MAIN_COLUMNS = (Col.ID, Col.CATEGORY, Col.PRIORITY, Col.STATUS, Col.SLA, Col.ADDRESS, Col.WORKER)
# the widest text a cell usually holds; longer ones elide, the tooltip has them in full
SAMPLES = {
    Col.ID: "JQ2026120700000022", Col.SOURCE: "网格员上报", Col.CATEGORY: "矛盾纠纷", Col.PRIORITY: "一级",
    Col.STATUS: "处置中 2/3", Col.GRID: "001 大儒一网格", Col.ADDRESS: "醋库路753号翠竹小区", Col.WORKER: "欧阳明+1",
    Col.SLA: "超 12时10分", Col.SUPERVISION: "红牌", Col.MARKS: "重复 返工1", Col.REPORTED: "12-07 08:15:30",
}
PADDING = 14  # cell margins and the grid line
COMPACT_PADDING = 8  # on small screens: Qt's cell margins (3 px a side) and the grid line, nothing spare


BOLD = frozenset({Col.ID, Col.STATUS})  # bold while 新建


def column_width(table: QTableView, col: Col, padding: int = PADDING) -> int:
    """Wide enough for the header (bold, with a sort arrow: never narrower) and the column's sample text
    with ``padding`` (:data:`COMPACT_PADDING` on small screens)."""
    font = QFont(table.font())
    font.setBold(col in BOLD)
    cell = QFontMetrics(font).horizontalAdvance(SAMPLES[col])
    header = table.horizontalHeader().fontMetrics().horizontalAdvance(HEADERS[col]) + 12
    return max(cell + padding, header + PADDING)


def apply_columns(table: QTableView, padding: int = PADDING) -> None:
    """Size every column to its sample."""
    header = table.horizontalHeader()
    for col in Col:
        header.resizeSection(col, column_width(table, col, padding))


def main_width(table: QTableView) -> int:
    """The viewport width that shows :data:`MAIN_COLUMNS` whole."""
    header = table.horizontalHeader()
    return sum(header.sectionSize(col) for col in MAIN_COLUMNS)
