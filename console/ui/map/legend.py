"""The map legend, drawn from the same style tables as the map (so it can never disagree)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from console.domain.incidents import PRIORITY_LABELS
from console.ui import theme
from console.ui.map.style import (
    FAMILIES,
    GRID_LINE,
    POLICE_LINE,
    PRIORITIES,
    TRACK_COLOR,
    SymbolStyle,
    render_symbol,
    worker_statuses,
    worker_style,
)
from console.ui.plain import PlainLabel
from console.ui.texts import tr

NEUTRAL = "#aeb9c5"
LEGEND_QSS = (
    "QFrame#mapLegend { background: rgba(18,22,27,225); border: 1px solid #2c343e; border-radius: 5px; }"
    "QFrame#mapLegend QLabel { background: transparent; color: #c9d4df; }"
    "QLabel#legendHead { color: #8b96a3; font-weight: bold; }"
)


def _symbol_pixmap(style: SymbolStyle) -> QPixmap:
    return QPixmap.fromImage(render_symbol(style))


def _line_pixmap(color: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPixmap:
    pix = QPixmap(22, 12)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(color), width, style))
    p.drawLine(1, 6, 21, 6)
    p.end()
    return pix


class MapLegend(QFrame):
    """Incident families, priorities, worker statuses and line styles, each with a word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapLegend")
        self.setStyleSheet(LEGEND_QSS)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.entries: list[str] = []
        row = 0

        def head(text: str) -> None:
            nonlocal row
            label = PlainLabel(tr(text, "MapLegend"))
            label.setObjectName("legendHead")
            grid.addWidget(label, row, 0, 1, 8)
            row += 1

        def items(pairs: list[tuple[QPixmap, str]], per_row: int = 4) -> None:
            nonlocal row
            for k, (pix, text) in enumerate(pairs):
                icon = PlainLabel()
                icon.setPixmap(pix)
                grid.addWidget(icon, row + k // per_row, 2 * (k % per_row))
                grid.addWidget(PlainLabel(text), row + k // per_row, 2 * (k % per_row) + 1)
                self.entries.append(text)
            row += (len(pairs) + per_row - 1) // per_row

        head("警情类别")
        items([(_symbol_pixmap(SymbolStyle(f.shape, 14, NEUTRAL)), f.label) for f in FAMILIES], per_row=5)
        head("优先级")
        prios = [
            (_symbol_pixmap(SymbolStyle("o", 12, theme.priority_color(p))), PRIORITY_LABELS[p]) for p in PRIORITIES
        ]
        closed = SymbolStyle("d", 10, NEUTRAL, "#5c6670", 1.0, fill_alpha=90)
        items([*prios, (_symbol_pixmap(closed), tr("已办结", "MapLegend"))], per_row=5)
        head("人员")
        items([(_symbol_pixmap(worker_style(s)), s.label) for s in reversed(worker_statuses())], per_row=5)
        head("图层")
        items(
            [
                (_line_pixmap(GRID_LINE, 1.5), tr("网格", "MapLegend")),
                (_line_pixmap(POLICE_LINE[False], 1.5, Qt.PenStyle.DashLine), tr("警格", "MapLegend")),
                (_line_pixmap(TRACK_COLOR, 1.5), tr("轨迹", "MapLegend")),
            ],
            per_row=3,
        )
        self.adjustSize()
