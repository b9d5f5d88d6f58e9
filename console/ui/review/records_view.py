"""``RecordsBrowser``: find a person, house, unit, dispute or hazard record and read its versions; 注销 it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.ui import theme
from console.ui.plain import PlainLabel
from console.ui.review.access import why_not
from console.ui.review.reason import ReasonBar
from console.ui.review.records_model import RCol, RecordSearchModel, RecordVersionModel, VCol

SEARCH_DELAY_MS = 250
INVALIDATE_PRESETS = ("人员已迁出", "房屋已拆除", "单位已注销", "信息录入错误")


def _table(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class RecordsBrowser(QWidget):
    """Search box, matching records, the selected record's versions and the 注销 action."""

    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordsBrowser")
        self._session = session
        self.model = RecordSearchModel(session, self)
        self.versions = RecordVersionModel(session, self)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("身份证号 / 地址编码 / 姓名 / 单位名称"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.run_search)
        self.count = PlainLabel()
        self.count.setObjectName("fieldName")

        self.table = _table(self.model)
        for col, width in ((RCol.KIND, 64), (RCol.TITLE, 180), (RCol.KEY, 170), (RCol.STATUS, 52),
                           (RCol.VERSIONS, 44)):
            self.table.horizontalHeader().resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.version_table = _table(self.versions)
        self.version_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for col, width in ((VCol.NUMBER, 44), (VCol.STATUS, 52), (VCol.SUBMITTED, 150), (VCol.REVIEWED, 140)):
            self.version_table.horizontalHeader().resizeSection(col, width)
        self.version_table.horizontalHeader().setSectionResizeMode(VCol.CONTENT, QHeaderView.ResizeMode.Stretch)
        self.version_caption = PlainLabel(self.tr("版本记录"))
        self.version_caption.setObjectName("fieldName")
        self.invalidate_bar = ReasonBar(self.tr("注销"), self.tr("注销原因（必填）"), INVALIDATE_PRESETS)
        self.invalidate_bar.button.setToolTip(self.tr("使生效版本失效（社区民警）"))
        self.invalidate_bar.submitted.connect(self.request_invalidate)

        top = QHBoxLayout()
        top.addWidget(PlainLabel(self.tr("查询")))
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.version_caption)
        layout.addWidget(self.version_table, 2)
        layout.addWidget(self.invalidate_bar)

        self.model.modelReset.connect(self._after_rows)
        self.model.rowsInserted.connect(self._after_rows)
        self.model.rowsRemoved.connect(self._after_rows)
        self.versions.modelReset.connect(self._update_actions)
        self._after_rows()

    # --- public API -------------------------------------------------------------------
    def run_search(self) -> None:
        self._debounce.stop()
        self.model.search(self.search.text())

    def request_invalidate(self, reason: str) -> None:
        record = self.versions.record()
        if record is not None and record.current() is not None:
            self._session.command("record.invalidate", {"record": record.id, "note": reason})
            self.invalidate_bar.clear()

    # --- slots ------------------------------------------------------------------------
    def _on_current(self, current, _previous) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        self.versions.show_record(record.id if record else None)

    def _after_rows(self, *_args) -> None:
        n = self.model.rowCount()
        self.count.setText(self.tr("{n} 条").format(n=n) if self.model.query else self.tr("最近 {n} 条").format(n=n))
        if self.versions.record_id and self.model.row_of(self.versions.record_id) < 0:
            self.versions.show_record(None)

    def _update_actions(self) -> None:
        record = self.versions.record()
        forbidden = why_not(self._session, "record.invalidate")
        self.invalidate_bar.setEnabled(not forbidden and record is not None and record.current() is not None)
        if record is None:
            self.version_caption.setText(self.tr("版本记录（选择一条档案）"))
            return
        caption = self.tr("版本记录 · {id}").format(id=record.id)
        if forbidden:
            caption += f"（{forbidden}）"
        self.version_caption.setText(caption)
        self.version_caption.setStyleSheet(f"color: {theme.TEXT_DIM};")
