"""``AnalysisView``: 研判 for the station chief and officers — hot grids by category family over 7/30/90 days
(clicking one shows it on the map), repeat addresses, a weekday × hour heat grid, disputes by 调处分级 and the
warnings with how they were closed; computed in the background, exported as the same PDF as ``jingwang analysis``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
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
from console.domain.analysis import WINDOWS, Analysis
from console.domain.clock import now_ms
from console.domain.errors import DomainError
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
from console.ui.summary.loader import SummaryLoader
from console.ui.summary.period_view import DISTRICT, current_text
from console.ui.summary.tables import SummaryTableModel
from console.ui.table_view import row_table
from console.ui.texts import tr

TABS = ("重复地址", "时段分布", "类别", "调处分级", "预警")
KINDS = (("week", "周"), ("month", "月"), ("quarter", "季度"), ("year", "年度"))


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


class AnalysisView(QWidget):
    """Period, scope, family and window pickers; the grid ranking beside tabs of the other findings."""

    analysis_shown = Signal(object)
    grid_activated = Signal(str)  # a hot grid clicked: show it on the map
    push_requested = Signal(str, str)  # notice text, station code ("" = the district): 推送 to the grid workers
    exported = Signal(str, str)

    def __init__(self, source, *, station_code: str = "", clock=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisView")
        self.setWindowTitle(_t("研判"))
        self._clock = clock or now_ms
        self._wanted_scope = station_code
        self.analysis: Analysis | None = None
        self.loader = SummaryLoader(source, self)
        self.loader.stations_ready.connect(self._on_stations)
        self.loader.analysis_ready.connect(self._on_analysis)
        self.loader.failed.connect(self._on_failed)
        self.loader.exported.connect(self._on_exported)
        self.kind_box = QComboBox()
        for kind, label in KINDS:
            self.kind_box.addItem(_t(label), kind)
        self.period_edit = QLineEdit(current_text("week", station_time.day_of(self._clock())))
        self.scope_box = QComboBox()
        self.scope_box.setMinimumWidth(200)
        self.family_box = QComboBox()
        self.window_box = QComboBox()
        for days in WINDOWS:
            self.window_box.addItem(_t("近{n}日").format(n=days), days)
        self.window_box.setCurrentIndex(1)
        self.refresh_button = QPushButton(_t("计算 F5"))
        self.pdf_button = QPushButton(_t("导出 PDF"))
        self.pdf_button.setEnabled(False)
        self.push_button = QPushButton(_t("推送"))
        self.push_button.setToolTip(_t("把研判要点作为信息推送发给范围内的网格员"))
        self.push_button.setEnabled(False)
        self.may_push = False  # set by the launcher from the account's role
        self.status = PlainLabel()
        self.ranking_model = SummaryTableModel()
        self.ranking = row_table(self.ranking_model, {1: 120, 2: 130})
        self.models = {name: SummaryTableModel() for name in ("类别", "重复地址", "调处分级", "预警")}
        self.models["时段分布"] = HeatModel()
        self.tabs = QTabWidget()
        for name in TABS:
            self.tabs.addTab(row_table(self.models[name], {0: 60} if name == "时段分布" else {0: 220}), _t(name))
        self._layout()
        self.kind_box.activated.connect(self._kind_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.period_edit.returnPressed.connect(self.refresh)
        self.scope_box.activated.connect(lambda _i: self.refresh())
        self.family_box.activated.connect(lambda _i: self._show_ranking())
        self.window_box.activated.connect(lambda _i: self._show_ranking())
        self.ranking.activated.connect(self._grid_clicked)
        self.ranking.clicked.connect(self._grid_clicked)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.pdf_button.clicked.connect(self._ask_and_export)
        self.push_button.clicked.connect(self.push)
        self.status.setText(_t("计算中…"))
        self.loader.load_stations()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        pickers = ((_t("周期"), self.kind_box), (_t("时间"), self.period_edit), (_t("范围"), self.scope_box),
                   (_t("类别"), self.family_box), (_t("热点窗口"), self.window_box))
        for label, widget in pickers:
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

    def refresh(self) -> None:
        try:
            spec = periods.parse(self.kind_box.currentData(), self.period_edit.text())
        except DomainError as exc:
            self.status.setText(_t("计算失败：{reason}").format(reason=exc.zh))
            return
        self.status.setText(_t("计算中…"))
        self.refresh_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.loader.load_analysis(spec.period(), self.scope_box.currentData() or DISTRICT)

    def hot_grids(self) -> list[str]:
        """The grid codes of the ranking on screen, hottest first."""
        if self.ranking_model.table is None:
            return []
        return [row[2] for row in self.ranking_model.table.rows]

    def push(self) -> None:
        """Ask for the findings on screen to go out as a notice to the grid workers of the scope."""
        if self.analysis is not None and self.may_push:
            self.push_requested.emit(notice_text(self.analysis), self.scope_box.currentData() or DISTRICT)
            self.status.setText(_t("已推送研判要点"))

    def export(self, path: str | Path) -> None:
        if self.analysis is not None:
            self.status.setText(_t("正在导出 {path}…").format(path=path))
            self.loader.export("pdf", write_analysis_pdf, self.analysis, str(path))

    def closeEvent(self, event) -> None:
        self.loader.close()
        super().closeEvent(event)

    def _kind_changed(self, _index: int) -> None:
        self.period_edit.setText(current_text(self.kind_box.currentData(), station_time.day_of(self._clock())))
        self.refresh()

    def _on_stations(self, stations: list) -> None:
        self.scope_box.clear()
        self.scope_box.addItem(_t("全辖区"), DISTRICT)
        for s in stations:
            self.scope_box.addItem(f"{s.name}（{s.code}）", s.code)
        self.scope_box.setCurrentIndex(max(self.scope_box.findData(self._wanted_scope), 0))
        self.refresh()

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

    def _on_failed(self, kind: str, reason: str) -> None:
        self.refresh_button.setEnabled(True)
        prefix = _t("导出失败：{reason}") if kind.startswith("export") else _t("计算失败：{reason}")
        self.status.setText(prefix.format(reason=reason))

    def _on_exported(self, kind: str, path: str, _result) -> None:
        self.status.setText(_t("已导出 {path}").format(path=path))
        self.exported.emit(kind, path)

    def _ask_and_export(self) -> None:
        if self.analysis is None:
            return
        name = f"研判_{self.analysis.scope.code}_{self.analysis.period.label}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, _t("导出研判"), name, _t("PDF 文件 (*.pdf)"))
        if path:
            self.export(path)
