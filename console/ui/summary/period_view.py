"""``AssessmentView``: 周/月/季/年/任意时段考核 — a station's (or the whole district's 四级管理) KPIs beside the
previous period, and one ranked table per level (区, 街道, 派出所, 社区, 网格, 社区民警, 网格员).

Computed in the background by :class:`SummaryLoader`; exports write what is on screen with the same code as
``jingwang summary --period``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from console.domain.assessment import PeriodAssessment
from console.domain.periods import PeriodSpec
from console.reports.assessment_tables import all_tables, title_line
from console.reports.assessment_xlsx import write_assessment_xlsx
from console.reports.summary_tables import fmt_ms, score_text
from console.services.summary_source import DrillRequest
from console.ui.plain import PlainLabel
from console.ui.reports.assessment_pdf import write_assessment_pdf
from console.ui.summary.period_picker import DISTRICT, PeriodWindow
from console.ui.summary.tables import ItemList, SummaryTableModel
from console.ui.table_view import row_table
from console.ui.texts import tr

KINDS = ("month", "week", "quarter", "year", "range")


def _t(text: str) -> str:
    return tr(text, "Summary")


class AssessmentView(PeriodWindow):
    """Period and scope pickers, the KPI table against the previous period, one ranked tab per level, export."""

    assessment_shown = Signal(object)

    def __init__(self, source, *, station_code: str = DISTRICT, clock=None, parent: QWidget | None = None) -> None:
        super().__init__(source, KINDS, _t("全辖区（四级管理）"), station_code, clock, parent)
        self.setObjectName("assessmentView")
        self.setWindowTitle(_t("周期考核 / 四级管理"))
        self.assessment: PeriodAssessment | None = None
        self.loader.assessment_ready.connect(self._on_assessment)
        self.loader.items_ready.connect(self._on_items)
        self.pdf_button, self.xlsx_button = QPushButton(_t("导出 PDF")), QPushButton(_t("导出 XLSX"))
        for button in (self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
        self.headline = PlainLabel()
        self.kpi_model = SummaryTableModel()
        self.kpi_table = row_table(self.kpi_model, {0: 110, 6: 170})
        self.kpi_table.setToolTip(_t("单击分子、分母或上期数值，查看其背后的事项"))
        self.kpi_table.clicked.connect(self._kpi_clicked)
        self.level_tabs = QTabWidget()
        self.level_models: dict[str, SummaryTableModel] = {}
        self.drill_list = ItemList("明细", _t("单击指标的分子、分母或上期数值，查看其背后的事项"))
        self._layout()
        self.pdf_button.clicked.connect(lambda: self._ask_and_export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_export("xlsx"))
        self.loader.load_stations()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.picker)
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

    def _load(self, spec: PeriodSpec) -> None:
        self.loader.load_assessment(spec, self.picker.scope_code())

    def _busy(self) -> tuple[QPushButton, ...]:
        return self.pdf_button, self.xlsx_button

    def export(self, kind: str, path: str | Path) -> None:
        if self.assessment is None:
            return
        write = write_assessment_pdf if kind == "pdf" else write_assessment_xlsx
        self.status.setText(_t("正在导出 {path}…").format(path=path))
        self.loader.export(kind, write, self.assessment, str(path))

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
        if kind != "drill":
            super()._on_failed(kind, reason)
            return
        self.refresh_button.setEnabled(True)
        self.drill_list.set_items([], _t("查询失败：{reason}").format(reason=reason))

    def _ask_and_export(self, kind: str) -> None:
        if self.assessment is None:
            return
        name = f"考核_{self.assessment.scope.code}_{self.assessment.label}.{kind}"
        filters = {"pdf": _t("PDF 文件 (*.pdf)"), "xlsx": _t("Excel 工作簿 (*.xlsx)")}
        path, _ = QFileDialog.getSaveFileName(self, _t("导出考核"), name, filters[kind])
        if path:
            self.export(kind, path)
