"""``AssessmentView``: 周/月/季/年/任意时段考核 — a station's (or the whole district's 四级管理) KPIs beside the
previous period, and one ranked table per level (区, 街道, 派出所, 社区, 网格, 社区民警, 网格员).

Computed in the background by :class:`SummaryLoader`; exports write what is on screen with the same code as
``jingwang summary --period``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain import periods, station_time
from console.domain.assessment import PeriodAssessment
from console.domain.clock import now_ms
from console.domain.errors import DomainError
from console.reports.assessment_tables import all_tables, title_line
from console.reports.assessment_xlsx import write_assessment_xlsx
from console.reports.summary_tables import fmt_ms, score_text
from console.services.summary_source import DrillRequest
from console.ui.plain import PlainLabel
from console.ui.reports.assessment_pdf import write_assessment_pdf
from console.ui.summary.loader import SummaryLoader
from console.ui.summary.tables import ItemList, SummaryTableModel
from console.ui.table_view import row_table
from console.ui.texts import tr

KINDS = (("month", "月"), ("week", "周"), ("quarter", "季度"), ("year", "年度"), ("range", "时段"))
DISTRICT = ""  # the scope box's data for 全辖区 (四级管理)


def _t(text: str) -> str:
    return tr(text, "Summary")


def current_text(kind: str, day) -> str:
    """The period of ``kind`` holding ``day``, as the text :func:`periods.parse` reads."""
    if kind == "range":
        return f"{day.replace(day=1)}~{day}"
    return {"week": periods.week, "month": periods.month, "quarter": periods.quarter,
            "year": lambda d: periods.year(d.year)}[kind](day).label


class AssessmentView(QWidget):
    """Period and scope pickers, the KPI table against the previous period, one ranked tab per level, export."""

    assessment_shown = Signal(object)
    exported = Signal(str, str)

    def __init__(self, source, *, station_code: str = DISTRICT, clock=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentView")
        self.setWindowTitle(_t("周期考核 / 四级管理"))
        self._clock = clock or now_ms
        self._wanted_scope = station_code
        self.assessment: PeriodAssessment | None = None
        self.loader = SummaryLoader(source, self)
        self.loader.stations_ready.connect(self._on_stations)
        self.loader.assessment_ready.connect(self._on_assessment)
        self.loader.failed.connect(self._on_failed)
        self.loader.exported.connect(self._on_exported)
        self.loader.items_ready.connect(self._on_items)
        self.kind_box = QComboBox()
        for kind, label in KINDS:
            self.kind_box.addItem(_t(label), kind)
        self.period_edit = QLineEdit(current_text("month", self._today()))
        self.period_edit.setToolTip(_t("如 2026-11（月）、2026-W48（周）、2026Q4（季度）、2026（年度）、"
                                       "2026-11-03~2026-11-20（时段）"))
        self.scope_box = QComboBox()
        self.scope_box.setMinimumWidth(220)
        self.refresh_button = QPushButton(_t("计算 F5"))
        self.pdf_button, self.xlsx_button = QPushButton(_t("导出 PDF")), QPushButton(_t("导出 XLSX"))
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
        self.status = PlainLabel()
        self.headline = PlainLabel()
        self.kpi_model = SummaryTableModel()
        self.kpi_table = row_table(self.kpi_model, {0: 110, 6: 170})
        self.kpi_table.setToolTip(_t("单击分子、分母或上期数值，查看其背后的事项"))
        self.kpi_table.clicked.connect(self._kpi_clicked)
        self.level_tabs = QTabWidget()
        self.level_models: dict[str, SummaryTableModel] = {}
        self.drill_list = ItemList("明细", _t("单击指标的分子、分母或上期数值，查看其背后的事项"))
        self._layout()
        self.kind_box.activated.connect(self._kind_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.period_edit.returnPressed.connect(self.refresh)
        self.scope_box.activated.connect(lambda _i: self.refresh())
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.pdf_button.clicked.connect(lambda: self._ask_and_export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_export("xlsx"))
        self.status.setText(_t("计算中…"))
        self.loader.load_stations()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        pickers = ((_t("周期"), self.kind_box), (_t("时间"), self.period_edit), (_t("范围"), self.scope_box))
        for label, widget in pickers:
            bar.addWidget(PlainLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.kpi_table)
        body.addWidget(self.level_tabs)
        body.addWidget(self.drill_list)
        body.setSizes([330, 360, 200])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(self.headline)
        layout.addWidget(body, 1)

    def _today(self):
        return station_time.day_of(self._clock())

    def kind(self) -> str:
        return self.kind_box.currentData()

    def scope_code(self) -> str:
        return self.scope_box.currentData() or DISTRICT

    def refresh(self) -> None:
        """Compute the chosen period for the chosen scope in the background; bad text is refused here."""
        try:
            spec = periods.parse(self.kind(), self.period_edit.text())
        except DomainError as exc:
            self.status.setText(_t("计算失败：{reason}").format(reason=exc.zh))
            return
        self.status.setText(_t("计算中…"))
        for button in (self.pdf_button, self.xlsx_button, self.refresh_button):
            button.setEnabled(False)
        self.loader.load_assessment(spec, self.scope_code())

    def export(self, kind: str, path: str | Path) -> None:
        if self.assessment is None:
            return
        write = write_assessment_pdf if kind == "pdf" else write_assessment_xlsx
        self.status.setText(_t("正在导出 {path}…").format(path=path))
        self.loader.export(kind, write, self.assessment, str(path))

    def closeEvent(self, event) -> None:
        self.loader.close()
        super().closeEvent(event)

    def _kind_changed(self, _index: int) -> None:
        self.period_edit.setText(current_text(self.kind(), self._today()))
        self.refresh()

    def _on_stations(self, stations: list) -> None:
        self.scope_box.clear()
        self.scope_box.addItem(_t("全辖区（四级管理）"), DISTRICT)
        for s in stations:
            self.scope_box.addItem(f"{s.name}（{s.code}）", s.code)
        self.scope_box.setCurrentIndex(max(self.scope_box.findData(self._wanted_scope), 0))
        self.refresh()

    def _on_assessment(self, a: PeriodAssessment) -> None:
        self.assessment = a
        tables = all_tables(a)
        self.kpi_model.set_table(tables[0])
        current = self.level_tabs.currentIndex()
        self.level_tabs.clear()
        self.level_models = {}
        for table in tables[1:]:
            model = SummaryTableModel(table)
            self.level_models[table.name] = model
            self.level_tabs.addTab(row_table(model, {1: 150, 2: 130}), f"{table.name} ({len(table.rows)})")
        self.level_tabs.setCurrentIndex(max(0, min(current, self.level_tabs.count() - 1)))
        self.headline.setText(_t("{title}：综合得分 {now}（上期 {label}：{before}）").format(
            title=title_line(a), now=score_text(a.current), label=a.previous_label, before=score_text(a.previous)))
        self.status.setText("；".join([_t("计算于 {at}").format(at=fmt_ms(a.generated_at_ms, "%H:%M:%S")),
                                      *a.notes]))
        for button in (self.pdf_button, self.xlsx_button, self.refresh_button):
            button.setEnabled(True)
        self.assessment_shown.emit(a)

    def _kpi_clicked(self, index) -> None:
        """分子/分母 of this period, or 上期 (the previous period's numerator): the items behind the number."""
        a = self.assessment
        if a is None or index.column() not in (3, 4, 5):
            return
        code = self.kpi_model.table.rows[index.row()][-1]
        previous = index.column() == 5
        kset = a.previous if previous else a.current
        part = "denominator" if index.column() == 4 else "numerator"
        label = f"{kset.values[code].name} · {kset.period.label} · {_t('分母' if part == 'denominator' else '分子')}"
        self.drill_list.set_items([], _t("{label}：查询中…").format(label=label))
        self.loader.drill(DrillRequest(code, a.scope, kset.period, part, label=label, as_of_ms=a.generated_at_ms))

    def _on_items(self, request: DrillRequest, items: list) -> None:
        self.drill_list.set_items(items, _t("{label}：{n} 项").format(label=request.label, n=len(items)))

    def _on_failed(self, kind: str, reason: str) -> None:
        self.refresh_button.setEnabled(True)
        if kind == "drill":
            self.drill_list.set_items([], _t("查询失败：{reason}").format(reason=reason))
            return
        prefix = _t("导出失败：{reason}") if kind.startswith("export") else _t("计算失败：{reason}")
        self.status.setText(prefix.format(reason=reason))

    def _on_exported(self, kind: str, path: str, _result) -> None:
        self.status.setText(_t("已导出 {path}").format(path=path))
        self.exported.emit(kind, path)

    def _ask_and_export(self, kind: str) -> None:
        if self.assessment is None:
            return
        name = f"考核_{self.assessment.scope.code}_{self.assessment.label}.{kind}"
        filters = {"pdf": _t("PDF 文件 (*.pdf)"), "xlsx": _t("Excel 工作簿 (*.xlsx)")}
        path, _ = QFileDialog.getSaveFileName(self, _t("导出考核"), name, filters[kind])
        if path:
            self.export(kind, path)
