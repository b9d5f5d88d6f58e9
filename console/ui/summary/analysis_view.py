"""``AnalysisView``: 研判 for the station chief and officers — hot grids by category family over 7/30/90 days
(clicking one shows it on the map), repeat addresses, a weekday × hour heat grid, disputes by 调处分级 and the
warnings with how they were closed; computed in the background, exported as the same PDF as ``jingwang analysis``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.analysis import WINDOWS, Analysis
from console.domain.periods import PeriodSpec
from console.reports.analysis_tables import (
    dispute_table,
    family_table,
    heat_table,
    notice_text,
    ranking_table,
    repeat_table,
    title_line,
    warning_table,
)
from console.ui.plain import PlainLabel
from console.ui.reports.analysis_pdf import write_analysis_pdf
from console.ui.summary.period_picker import PeriodWindow
from console.ui.summary.tables import SummaryTableModel
from console.ui.table_view import row_table
from console.ui.texts import tr

TABS = ("重复地址", "时段分布", "类别", "调处分级", "预警")
KINDS = ("week", "month", "quarter", "year")


def _t(text: str) -> str:
    return tr(text, "Summary")


class HeatModel(SummaryTableModel):
    """The weekday × hour table, each hour cell shaded by its share of the busiest cell."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and self.table is not None and 1 <= index.column() <= 24:
            peak = max((max(r[1:25]) for r in self.table.rows), default=0)
            value = self.table.rows[index.row()][index.column()]
            if peak and value:
                return QColor(255, 90, 40, int(40 + 200 * value / peak))
        return super().data(index, role)


class AnalysisView(PeriodWindow):
    """Period, scope, family and window pickers; the grid ranking beside tabs of the other findings."""

    analysis_shown = Signal(object)
    grid_activated = Signal(str)  # a hot grid clicked: show it on the map
    push_requested = Signal(str, str)  # notice text, station code ("" = the district): 推送 to the grid workers

    def __init__(self, source, *, station_code: str = "", clock=None, parent: QWidget | None = None) -> None:
        super().__init__(source, KINDS, _t("全辖区"), station_code, clock, parent)
        self.setObjectName("analysisView")
        self.setWindowTitle(_t("研判"))
        self.analysis: Analysis | None = None
        self.loader.analysis_ready.connect(self._on_analysis)
        self.family_box = QComboBox()
        self.window_box = QComboBox()
        for days in WINDOWS:
            self.window_box.addItem(_t("近{n}日").format(n=days), days)
        self.window_box.setCurrentIndex(1)
        self.pdf_button = QPushButton(_t("导出 PDF"))
        self.pdf_button.setEnabled(False)
        self.push_button = QPushButton(_t("推送"))
        self.push_button.setToolTip(_t("把研判要点与报告（PDF）作为信息推送发给范围内的网格员和社区民警"))
        self.push_button.setEnabled(False)
        self.may_push = False  # set by the launcher from the account's role
        self.ranking_model = SummaryTableModel()
        self.ranking = row_table(self.ranking_model, {1: 120, 2: 130})
        self.models = {name: SummaryTableModel() for name in ("类别", "重复地址", "调处分级", "预警")}
        self.models["时段分布"] = HeatModel()
        self.tabs = QTabWidget()
        for name in TABS:
            self.tabs.addTab(row_table(self.models[name], {0: 60} if name == "时段分布" else {0: 220}), _t(name))
        self._layout()
        self.family_box.activated.connect(lambda _i: self._show_ranking())
        self.window_box.activated.connect(lambda _i: self._show_ranking())
        self.ranking.activated.connect(self._grid_clicked)
        self.ranking.clicked.connect(self._grid_clicked)
        self.pdf_button.clicked.connect(self._ask_and_export)
        self.push_button.clicked.connect(self.push)
        self.loader.load_stations()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.picker)
        for label, widget in ((_t("类别"), self.family_box), (_t("热点窗口"), self.window_box)):
            bar.addWidget(PlainLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.push_button)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.ranking)
        body.addWidget(self.tabs)
        body.setSizes([420, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addWidget(body, 1)

    def _load(self, spec: PeriodSpec) -> None:
        self.loader.load_analysis(spec.period(), self.picker.scope_code())

    def _busy(self) -> tuple[QPushButton, ...]:
        return (self.pdf_button,)

    def hot_grids(self) -> list[str]:
        """The grid codes of the ranking on screen, hottest first."""
        if self.ranking_model.table is None:
            return []
        return [row[2] for row in self.ranking_model.table.rows]

    def push(self) -> None:
        """Ask for the findings on screen to go out as a notice to the grid workers of the scope."""
        if self.analysis is not None and self.may_push:
            self.push_requested.emit(notice_text(self.analysis), self.picker.scope_code())

    def export(self, path: str | Path) -> None:
        if self.analysis is not None:
            self.status.setText(_t("正在导出 {path}…").format(path=path))
            self.loader.export("pdf", write_analysis_pdf, self.analysis, str(path))

    def _on_analysis(self, a: Analysis) -> None:
        self.analysis = a
        family = self.family_box.currentData() or ""
        self.family_box.clear()
        self.family_box.addItem(_t("全部类别"), "")
        for code, name in a.families():
            self.family_box.addItem(f"{code} {name}", code)
        self.family_box.setCurrentIndex(max(self.family_box.findData(family), 0))
        for name, build in (("类别", family_table), ("重复地址", repeat_table), ("时段分布", heat_table),
                            ("调处分级", dispute_table), ("预警", warning_table)):
            table = build(a)
            self.models[name].set_table(table)
            self.tabs.setTabText(TABS.index(name), f"{_t(name)} ({len(table.rows)})")
        self._show_ranking()
        self.status.setText("；".join([title_line(a), *a.notes]))
        self.refresh_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        self.push_button.setEnabled(self.may_push)
        self.analysis_shown.emit(a)

    def _show_ranking(self) -> None:
        if self.analysis is not None:
            self.ranking_model.set_table(ranking_table(self.analysis, self.family_box.currentData() or "",
                                                      self.window_box.currentData()))

    def _grid_clicked(self, index: QModelIndex) -> None:
        codes = self.hot_grids()
        if 0 <= index.row() < len(codes):
            self.grid_activated.emit(codes[index.row()])

    def _ask_and_export(self) -> None:
        if self.analysis is None:
            return
        name = f"研判_{self.analysis.scope.code}_{self.analysis.period.label}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, _t("导出研判"), name, _t("PDF 文件 (*.pdf)"))
        if path:
            self.export(path)
