"""``SummaryView``: the station chief's day — KPI cards, two charts, the tables and a drill-down list.

The data comes from a summary source through :class:`SummaryLoader` (a worker thread), so the
GUI never waits on the database; while it computes the view says "计算中…". Exports write the
summary on screen with the same code as ``jingwang summary``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain import station_time
from console.domain.clock import now_ms
from console.domain.summary import DailySummary, ItemRef, Period
from console.reports.summary_tables import fmt_ms, graded_worker_table
from console.reports.summary_xlsx import write_summary_xlsx
from console.services.summary_source import DrillRequest
from console.ui.plain import PlainLabel
from console.ui.qt_locale import DATE_FORMAT
from console.ui.reports.summary_pdf import write_summary_pdf
from console.ui.summary.cards import KpiCards
from console.ui.summary.charts import CategoryChart, HourChart
from console.ui.summary.loader import SummaryLoader
from console.ui.summary.tables import ItemList, SummaryTableModel
from console.ui.table_view import row_table
from console.ui.texts import tr

HOUR_MS = 3_600_000
# The KPI whose denominator is "incidents received": a chart bar drills into its items.
INCIDENTS_KPI = "close_rate"
PARTS = {"numerator": "分子", "denominator": "分母"}


def _t(text: str) -> str:
    return tr(text, "Summary")


class SummaryView(QWidget):
    """Date and station pickers, KPI cards, charts, tables, drill-down and PDF / XLSX export."""

    incident_activated = Signal(str)  # double-click on an incident: select it in the live console
    summary_shown = Signal(object)
    items_shown = Signal(list)
    exported = Signal(str, str)  # kind, path

    def __init__(self, source, *, station_code: str = "", date: dt.date | None = None, clock=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryView")
        self.setWindowTitle(_t("日报 / 考核"))
        self._clock = clock or now_ms
        self.summary: DailySummary | None = None
        self.loading = False
        self._wanted_station = station_code
        self.loader = SummaryLoader(source, self)
        self.loader.stations_ready.connect(self._on_stations)
        self.loader.summary_ready.connect(self._on_summary)
        self.loader.items_ready.connect(self._on_items)
        self.loader.failed.connect(self._on_failed)
        self.loader.exported.connect(self._on_exported)

        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        day = date or station_time.day_of(self._clock())
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.station_box = QComboBox()
        self.station_box.setMinimumWidth(220)
        self.refresh_button = QPushButton(_t("刷新 F5"))
        self.refresh_button.setToolTip(_t("重新计算所选日期和派出所的日报 (F5)"))
        self.status = PlainLabel()
        self.status.setObjectName("summaryStatus")
        self.pdf_button = QPushButton(_t("导出 PDF"))
        self.xlsx_button = QPushButton(_t("导出 XLSX"))
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)

        self.cards = KpiCards()
        self.category_chart = CategoryChart()
        self.hour_chart = HourChart()
        self.overdue = ItemList("超期", _t("超期事项"))
        self.referrals = ItemList("转办待反馈", _t("转办待反馈"))
        self.uncovered = ItemList("未覆盖网格", _t("未覆盖网格"))
        self.drill_list = ItemList("明细", _t("点击任一指标数值或图表中的柱，查看其背后的事项"))
        self.worker_model = SummaryTableModel()
        self.worker_table = row_table(self.worker_model, {0: 80, 1: 70, 2: 150})
        self.tabs = QTabWidget()
        for widget, title in ((self.overdue, "超期"), (self.referrals, "转办待反馈"),
                              (self.worker_table, "网格员考核"), (self.uncovered, "未覆盖网格"),
                              (self.drill_list, "明细")):
            self.tabs.addTab(widget, _t(title))
        self._layout()
        self._connect()
        self.status.setText(_t("计算中…"))
        self.loader.load_stations()

    # --- construction -------------------------------------------------------------------
    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(PlainLabel(_t("日期")))
        bar.addWidget(self.date_edit)
        bar.addWidget(PlainLabel(_t("派出所")))
        bar.addWidget(self.station_box)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.category_chart)
        charts.addWidget(self.hour_chart)
        charts.setSizes([400, 600])
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.cards)
        top_layout.addWidget(charts, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(top)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(scroll)
        body.addWidget(self.tabs)
        body.setSizes([680, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(body, 1)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        self.station_box.activated.connect(lambda _i: self.refresh())
        self.pdf_button.clicked.connect(lambda: self._ask_and_export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_export("xlsx"))
        self.cards.drill_requested.connect(self.drill_kpi)
        self.category_chart.bar_clicked.connect(self.drill_category)
        self.hour_chart.bar_clicked.connect(self.drill_hour)
        for items in (self.overdue, self.referrals, self.uncovered, self.drill_list):
            items.incident_activated.connect(self.incident_activated)

    # --- public API -----------------------------------------------------------------------
    def date(self) -> dt.date:
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def station_code(self) -> str:
        return self.station_box.currentData() or ""

    def refresh(self) -> None:
        """Compute the summary for the chosen date and station in the background."""
        if not self.station_code():
            return
        self.loading = True
        self.status.setText(_t("计算中…"))
        for button in (self.pdf_button, self.xlsx_button, self.refresh_button):
            button.setEnabled(False)
        self.loader.load_summary(self.date(), self.station_code())

    def drill_kpi(self, code: str, which: str, part: str) -> None:
        """The items behind one KPI number (today's / yesterday's / the 7-day figure, numerator or denominator)."""
        if self.summary is None:
            return
        kpis = {"today": self.summary.today, "yesterday": self.summary.yesterday,
                "week": self.summary.week_average}[which]
        kpi = kpis.values.get(code)
        name = kpi.name if kpi is not None else code
        when = {"today": _t("今日"), "yesterday": _t("昨日"), "week": _t("近7日")}[which]
        self._drill(DrillRequest(code, kpis.scope, kpis.period, part, label=f"{name} · {when} · {_t(PARTS[part])}"))

    def drill_category(self, family: str) -> None:
        """The incidents of one category family today."""
        if self.summary is None:
            return
        name = next((c.name for c in self.summary.by_category if c.family == family), family)
        self._drill(DrillRequest(INCIDENTS_KPI, self.summary.station, self.summary.today.period, "denominator",
                                 family=family, label=_t("今日{name}类警情").format(name=name)))

    def drill_hour(self, hour: int, day: str) -> None:
        """The incidents reported in one hour of today or yesterday."""
        if self.summary is None:
            return
        base = (self.summary.today if day == "today" else self.summary.yesterday).period
        start = base.start_ms + hour * HOUR_MS
        when = _t("今日") if day == "today" else _t("昨日")
        label = f"{when} {hour:02d}:00–{hour + 1:02d}:00"
        self._drill(DrillRequest(INCIDENTS_KPI, self.summary.station, Period(start, start + HOUR_MS, label),
                                 "denominator", label=_t("{when}警情").format(when=label)))

    def export(self, kind: str, path: str | Path) -> None:
        """Write the summary on screen as ``kind`` ("pdf" or "xlsx") to ``path``, in the background."""
        if self.summary is None:
            return
        self.status.setText(_t("正在导出 {path}…").format(path=path))
        write = write_summary_pdf if kind == "pdf" else write_summary_xlsx
        self.loader.export(kind, write, self.summary, str(path))

    def closeEvent(self, event) -> None:
        self.loader.close()
        super().closeEvent(event)

    # --- slots ----------------------------------------------------------------------------
    def _drill(self, request: DrillRequest) -> None:
        request = replace(request, as_of_ms=self.summary.generated_at_ms)  # the same cut-off as the numbers
        self.drill_list.set_items([], _t("{label}：查询中…").format(label=request.label))
        self.tabs.setCurrentWidget(self.drill_list)
        self.loader.drill(request)

    def _on_stations(self, stations: list) -> None:
        self.station_box.clear()
        for s in stations:
            self.station_box.addItem(f"{s.name}（{s.code}）", s.code)
        index = self.station_box.findData(self._wanted_station)
        self.station_box.setCurrentIndex(max(index, 0))
        if not stations:
            self.status.setText(_t("数据库中没有派出所"))
            return
        self.refresh()

    def _on_summary(self, summary: DailySummary) -> None:
        self.summary = summary
        self.loading = False
        self.cards.set_summary(summary)
        self.category_chart.set_counts(summary.by_category)
        self.hour_chart.set_counts(summary.by_hour, summary.by_hour_yesterday)
        self.overdue.set_items(summary.overdue, _t("超期事项 {n} 件").format(n=len(summary.overdue)))
        self.referrals.set_items(summary.referrals_waiting,
                                 _t("转办待反馈 {n} 件").format(n=len(summary.referrals_waiting)))
        self.uncovered.set_items(summary.uncovered_grids,
                                 _t("未覆盖网格 {n} 个").format(n=len(summary.uncovered_grids)))
        graded, quiet = graded_worker_table(summary)  # as in the report: graded workers and exceptions
        self.worker_model.set_table(graded)
        self.worker_table.setToolTip(_t("另有 {n} 名网格员今日无可评定事项且无异常（导出 XLSX 见全表）").format(n=quiet)
                                     if quiet else "")
        for i, (title, n) in enumerate((("超期", len(summary.overdue)), ("转办待反馈", len(summary.referrals_waiting)),
                                        ("网格员考核", len(graded.rows)),
                                        ("未覆盖网格", len(summary.uncovered_grids)))):
            self.tabs.setTabText(i, f"{_t(title)} ({n})")
        generated = fmt_ms(summary.generated_at_ms, "%H:%M:%S")
        self.status.setText("；".join([_t("{station} {date}，计算于 {at}").format(
            station=summary.station.name, date=summary.date.isoformat(), at=generated), *summary.notes]))
        for button in (self.pdf_button, self.xlsx_button, self.refresh_button):
            button.setEnabled(True)
        self.summary_shown.emit(summary)

    def _on_items(self, request: DrillRequest, items: list[ItemRef]) -> None:
        self.drill_list.set_items(items, _t("{label}：{n} 项（双击警情在指挥台中定位）").format(
            label=request.label, n=len(items)))
        self.items_shown.emit(items)

    def _on_exported(self, kind: str, path: str, result) -> None:
        pages = _t("，{n} 页").format(n=result) if kind == "pdf" else ""
        self.status.setText(_t("已导出 {path}{pages}").format(path=path, pages=pages))
        self.exported.emit(kind, path)

    def _on_failed(self, kind: str, reason: str) -> None:
        if kind.startswith("export"):
            self.status.setText(_t("导出失败：{reason}").format(reason=reason))
            return
        if kind == "drill":
            self.drill_list.set_items([], _t("查询失败：{reason}").format(reason=reason))
            return
        self.loading = False
        self.refresh_button.setEnabled(True)
        self.status.setText(_t("计算失败：{reason}").format(reason=reason))

    def _ask_and_export(self, kind: str) -> None:
        if self.summary is None:
            return
        name = f"日报_{self.summary.station.code}_{self.summary.date.isoformat()}.{kind}"
        filters = {"pdf": _t("PDF 文件 (*.pdf)"), "xlsx": _t("Excel 工作簿 (*.xlsx)")}
        path, _ = QFileDialog.getSaveFileName(self, _t("导出日报"), name, filters[kind])
        if path:
            self.export(kind, path)
