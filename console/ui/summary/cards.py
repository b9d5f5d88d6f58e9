"""KPI cards: today's value (click for the items behind it), yesterday and the 7-day average with trends.

A trend shows an arrow and a signed text (改善 / 变差) and is coloured by the KPI's direction;
an undefined value (zero denominator, empty period) shows "—".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from console.domain.summary import DailySummary, KpiValue
from console.reports.summary_tables import DASH, kpi_text, score_text, trend
from console.ui.plain import PlainLabel
from console.ui.texts import tr

BETTER = "#3ddc84"
WORSE = "#ff6b6b"
FLAT = "#8b96a3"
COLUMNS = 5


def _number(text: str, tip: str, size: int) -> QToolButton:
    button = QToolButton()
    button.setAutoRaise(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setText(text)
    button.setToolTip(tip)
    button.setStyleSheet(f"QToolButton {{ font-size: {size}pt; border: none; background: transparent; "
                         f"padding: 0px 2px; }} QToolButton:hover {{ text-decoration: underline; }}")
    return button


class KpiCard(QFrame):
    """One KPI: click today's value or its numerator/denominator, or yesterday's / the 7-day figure."""

    drill_requested = Signal(str, str, str)  # kpi code, which ("today" | "yesterday" | "week"), part

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setObjectName("kpiCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#kpiCard { background: #1b2027; border: 1px solid #2c343e; border-radius: 6px; }"
                           "#kpiCard QLabel { background: transparent; }")
        self.name = PlainLabel()
        self.name.setStyleSheet("color: #8b96a3;")
        self.value = _number(DASH, tr("查看构成该数值的事项", "Summary"), 18)
        self.numerator = _number("", tr("分子：查看计入的事项", "Summary"), 9)
        self.denominator = _number("", tr("分母：查看应计的事项", "Summary"), 9)
        self.yesterday = _number(DASH, tr("昨日：查看昨日的事项", "Summary"), 9)
        self.week = _number(DASH, tr("近7日均值：查看近7日的事项", "Summary"), 9)
        self.vs_yesterday = PlainLabel()
        self.vs_week = PlainLabel()
        self.value.clicked.connect(lambda: self.drill_requested.emit(self.code, "today", "numerator"))
        self.numerator.clicked.connect(lambda: self.drill_requested.emit(self.code, "today", "numerator"))
        self.denominator.clicked.connect(lambda: self.drill_requested.emit(self.code, "today", "denominator"))
        self.yesterday.clicked.connect(lambda: self.drill_requested.emit(self.code, "yesterday", "numerator"))
        self.week.clicked.connect(lambda: self.drill_requested.emit(self.code, "week", "numerator"))

        self.slash = PlainLabel("/")
        headline = QHBoxLayout()
        headline.setSpacing(0)
        headline.addWidget(self.value)
        headline.addSpacing(8)
        headline.addWidget(self.numerator, alignment=Qt.AlignmentFlag.AlignBottom)
        headline.addWidget(self.slash, alignment=Qt.AlignmentFlag.AlignBottom)
        headline.addWidget(self.denominator, alignment=Qt.AlignmentFlag.AlignBottom)
        headline.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(1)
        layout.addWidget(self.name)
        layout.addLayout(headline)
        layout.addLayout(self._line(tr("昨日", "Summary"), self.yesterday, self.vs_yesterday))
        layout.addLayout(self._line(tr("7日均", "Summary"), self.week, self.vs_week))

    @staticmethod
    def _line(caption: str, number: QToolButton, vs: QLabel) -> QHBoxLayout:
        line = QHBoxLayout()
        line.setSpacing(2)
        label = PlainLabel(caption)
        label.setStyleSheet("color: #8b96a3;")
        line.addWidget(label)
        line.addWidget(number)
        line.addWidget(vs)
        line.addStretch(1)
        return line

    def set_values(self, today: KpiValue, yesterday: KpiValue | None, week: KpiValue | None) -> None:
        self.name.setText(today.name)
        self.value.setText(kpi_text(today))
        fraction = today.unit != "件"  # an amount has no meaningful denominator
        for button, n in ((self.numerator, today.numerator), (self.denominator, today.denominator)):
            button.setText(f"{n:g}")
            button.setVisible(fraction)
        self.slash.setVisible(fraction)
        self.yesterday.setText(kpi_text(yesterday))
        self.week.setText(kpi_text(week))
        for label, ref in ((self.vs_yesterday, yesterday), (self.vs_week, week)):
            t = trend(today, ref)
            label.setText("" if t.text == DASH else t.text)
            color = FLAT if t.better is None else BETTER if t.better else WORSE
            label.setStyleSheet(f"color: {color};")
        direction = tr("越高越好", "Summary") if today.higher_is_better else tr("越低越好", "Summary")
        self.setToolTip(f"{today.name}（{today.unit}，{direction}）")


class KpiCards(QWidget):
    """The composite score and one :class:`KpiCard` per KPI of the station, five to a row."""

    drill_requested = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, KpiCard] = {}
        self.score = PlainLabel(DASH)
        self.score.setObjectName("summaryScore")
        self.score.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.grid = QGridLayout()
        self.grid.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.score)
        layout.addLayout(self.grid)

    def set_summary(self, summary: DailySummary) -> None:
        self.score.setText(tr("综合得分 {today}　（昨日 {yesterday}；近7日均值 {week}）", "Summary").format(
            today=score_text(summary.today), yesterday=score_text(summary.yesterday),
            week=score_text(summary.week_average)))
        codes = list(summary.today.values)
        if codes != list(self.cards):
            self._rebuild(codes)
        for code, card in self.cards.items():
            card.set_values(summary.today.values[code], summary.yesterday.values.get(code),
                            summary.week_average.values.get(code))

    def _rebuild(self, codes: list[str]) -> None:
        for card in self.cards.values():
            card.deleteLater()
        self.cards = {}
        for i, code in enumerate(codes):
            card = KpiCard(code, self)
            card.drill_requested.connect(self.drill_requested)
            self.grid.addWidget(card, i // COLUMNS, i % COLUMNS)
            self.cards[code] = card
