"""The 人流热力 bar under the map's toolbar: one row — the days (a button that opens a second row with the date
range, 刷新 and the hour's totals), an hour slider (0–23), the sources as toggles and a short honest legend (the
full one in its tooltip) — so a 1366×768 screen's narrow map keeps most of its height while the layer is on.

It loads the days' bins off the GUI thread (:class:`~console.ui.summary.loader.SummaryLoader` over the
console's history source: the database, or the relay's ``heat.day`` query) and hands them to the
:class:`~console.ui.map.people_heat.PeopleHeatLayer`; the slider only swaps the hour already computed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QFrame, QHBoxLayout, QSlider, QToolButton, QVBoxLayout, QWidget

from console.domain import station_time
from console.domain.clock import now_ms
from console.domain.heat import HeatDay, HeatSource
from console.ui.i18n.domain import label_of
from console.ui.map.people_heat import PeopleHeatLayer
from console.ui.plain import PlainLabel
from console.ui.summary.loader import SummaryLoader
from console.ui.texts import marked, tr

DATE_FORMAT = "yyyy-MM-dd"
# what each source counts: person-minutes, page views, incidents
UNITS = dict(zip(HeatSource, marked("PeopleHeat", "人·分钟", "次", "起"), strict=True))
WIDE_PX = 760  # a bar this wide holds the legend in its one row
SHORT = dict(zip(HeatSource, marked("PeopleHeat", "在岗", "扫码", "警情"), strict=True))  # the toggles' texts


def _t(text: str) -> str:
    return tr(text, "PeopleHeat")


def _day(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class PeopleHeatBar(QFrame):
    """Controls of the 人流热力 layer. ``place`` gives the map's frame and heat extent when bins are drawn."""

    shown_hour = Signal(int)

    def __init__(self, layer: PeopleHeatLayer, place: Callable[[], tuple], parent=None, *,
                 clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("peopleHeatBar")
        self.layer, self._place, self._clock = layer, place, clock
        self.loader: SummaryLoader | None = None
        self._factory: Callable | None = None
        self.day: HeatDay | None = None

        today = station_time.day_of(clock())
        self.first, self.last = QDateEdit(), QDateEdit()
        for edit, tip in ((self.first, _t("从这一天")), (self.last, _t("到这一天（含）；多日按一天中的时段累计"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
            edit.setDate(QDate(today.year, today.month, today.day))
            edit.setToolTip(tip)
        self.refresh_button = QToolButton()
        self.refresh_button.setText(_t("刷新"))
        self.refresh_button.setToolTip(_t("重新读取所选日期的人流热力"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 23)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setToolTip(_t("时段：拖动或用方向键逐小时查看"))
        self.slider.setValue(station_time.local(clock()).hour)
        self.hour_label = PlainLabel()
        self.boxes = {s.value: self._toggle(s) for s in HeatSource}  # the sources, each on or off
        self.legend = PlainLabel(_t("仅系统内人员与上报，非全部居民"))
        self.legend.setObjectName("peopleHeatLegend")
        self.legend.setToolTip(_t("系统内人员与上报的分布，不代表全部居民。人员在岗位置：在岗网格员与警力每分钟计一次"
                                  "（人·分钟）；扫码：门牌二维码页面打开次数；警情：报警与上报的位置。"
                                  "各来源按当日最热的格子折算，颜色以全天最热时段为满。"))
        self.totals = PlainLabel()
        self.status = PlainLabel()
        self.slider.setMinimumWidth(60)

        self.days_button = QToolButton()  # the days shown; it opens the row with the range, 刷新 and the totals
        self.days_button.setCheckable(True)
        self.days_button.setToolTip(_t("选择日期与查看本时段合计"))
        self.days_row = QWidget()
        days = QHBoxLayout(self.days_row)  # [day] 至 [day] 刷新 totals
        days.setContentsMargins(0, 0, 0, 0)
        for widget in (self.first, PlainLabel(_t("至")), self.last, self.refresh_button):
            days.addWidget(widget)
        days.addWidget(self.totals, 1)
        self.totals.setWordWrap(True)
        self.days_row.setVisible(False)

        self.row = QHBoxLayout()  # [days] slider 08–09时 [在岗][扫码][警情] status (legend, when wide)
        self.row.setSpacing(4)
        self.row.addWidget(self.days_button)
        self.row.addWidget(self.slider, 2)
        self.row.addWidget(self.hour_label)
        for box in self.boxes.values():
            self.row.addWidget(box)
        self.row.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(0)
        layout.addLayout(self.row)
        layout.addWidget(self.legend)  # its own short line under a narrow map's controls (:meth:`resizeEvent`)
        layout.addWidget(self.days_row)

        self.slider.valueChanged.connect(self._on_hour)
        self.refresh_button.clicked.connect(self.load)
        self.days_button.toggled.connect(self.days_row.setVisible)
        for edit in (self.first, self.last):
            edit.dateChanged.connect(lambda _d: self._show_days())
            edit.dateChanged.connect(lambda _d: self.load())
        for box in self.boxes.values():
            box.toggled.connect(lambda _on: self.redraw())
        self._on_hour(self.slider.value())
        self._show_days()

    def resizeEvent(self, event) -> None:
        """The legend joins the controls' row when the bar is wide enough, else it is a line of its own."""
        super().resizeEvent(event)
        wide = event.size().width() >= WIDE_PX
        if wide != (self.row.indexOf(self.legend) >= 0):
            self.layout().removeWidget(self.legend)
            self.row.removeWidget(self.legend)
            if wide:
                self.row.insertWidget(self.row.count() - 1, self.legend, 3)
            else:
                self.layout().insertWidget(1, self.legend)

    @staticmethod
    def _toggle(source: HeatSource) -> QCheckBox:
        box = QCheckBox(_t(SHORT[source]))
        box.setToolTip(label_of(source))
        box.setChecked(True)
        return box

    def _show_days(self) -> None:
        first, last = self.first.date().toString("MM-dd"), self.last.date().toString("MM-dd")
        self.days_button.setText(first if first == last else f"{first}–{last}")

    def set_source_factory(self, factory: Callable | None) -> None:
        """Where the days are read: a factory of the console's history source (database or relay)."""
        self._factory = factory
        if self.loader is not None:
            self.loader.close()
            self.loader = None

    def sources(self) -> set[str]:
        return {s for s, box in self.boxes.items() if box.isChecked()}

    def load(self) -> None:
        """Read the chosen days (in the loader's thread); :meth:`show_day` draws them when they arrive."""
        if self._factory is None:
            self.status.setText(_t("无历史数据源"))
            return
        if self.loader is None:
            self.loader = SummaryLoader(self._factory(), self)
            self.loader.heat_ready.connect(self.show_day)
            self.loader.failed.connect(lambda kind, why: kind == "heat" and self.status.setText(why))
        self.status.setText(_t("读取中…"))
        self.loader.load_heat(_day(self.first), _day(self.last))

    def refresh_today(self) -> None:
        """Read again if the days shown reach today (their hours are still filling)."""
        if _day(self.last) >= station_time.day_of(self._clock()):
            self.load()

    def show_day(self, day: HeatDay) -> None:
        self.day = day
        self.status.setText("")
        self.redraw()

    def redraw(self) -> None:
        frame, extent = self._place()
        self.layer.set_day(self.day, self.sources(), frame, extent)
        self._on_hour(self.slider.value())

    def _on_hour(self, hour: int) -> None:
        self.layer.show_hour(hour)
        self.hour_label.setText(_t("{a:02d}–{b:02d}时").format(a=hour, b=hour + 1))
        day = self.day
        if day is not None:
            self.totals.setText(_t("本时段：") + "　".join(
                f"{label_of(s)} {day.total(s, hour)} {_t(UNITS[s])}" for s in HeatSource if s.value in self.sources()))
            self.hour_label.setToolTip(self.totals.text())
        self.shown_hour.emit(hour)

    def shutdown(self) -> None:
        """Release the history source (the window is closing)."""
        self.set_source_factory(None)
