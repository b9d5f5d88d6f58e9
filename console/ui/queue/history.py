"""警情查询: incidents of any age found through the relay (``incidents.search``: number, address, caller number,
report dates), a page at a time.

The queue holds open work and the last days of closed work (``JINGWANG_SNAPSHOT_CLOSED_DAYS``); anything older is
asked for here. A result the session holds is selected in the queue (its actions work there); an older one, marked
历史, opens read-only in its own window with its detail and timeline (``incidents.get``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain import station_time
from console.domain.incidents import Incident, Status, category_name
from console.net.client import QueryRefused
from console.ui.i18n.domain import label_of
from console.ui.incident_detail import IncidentDetail
from console.ui.plain import PlainLabel
from console.ui.texts import fmt_time, marked

Ask = Callable[[str, dict], Awaitable]  # ask(query name, args) -> its data; QueryRefused when refused
HEADERS = marked("HistorySearch", "编号", "状态", "类别", "地址", "报警时间", "办结时间", "标记")
(HISTORY_MARK,) = marked("HistorySearch", "历史")  # the mark of closed work no snapshot carries


class HistorySearch(QDialog):
    """The search window; :attr:`live_selected` names a result the session holds (to select in the queue)."""

    live_selected = Signal(str)

    def __init__(self, session, parent: QWidget | None = None, *, ask: Ask | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historySearch")
        self.setWindowTitle(self.tr("警情查询"))
        self.resize(960, 560)
        self._session = session
        self._ask = ask or session.client.query
        self._args: dict = {}
        self._page = 0
        self._more = False
        self._items: list[dict] = []
        self.task: asyncio.Task | None = None  # the query under way (tests await it)
        self.opened: list[HistoryIncident] = []

        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("警情编号、地址或报警电话"))
        self.text.setClearButtonEnabled(True)
        self.text.returnPressed.connect(lambda: self.search())
        self.by_date = QCheckBox(self.tr("报警日期"))
        today = QDate.currentDate()
        self.from_date, self.to_date = QDateEdit(today.addMonths(-1)), QDateEdit(today)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.search_button = QPushButton(self.tr("查询"))
        self.search_button.clicked.connect(lambda: self.search())
        bar = QHBoxLayout()
        for widget in (self.text, self.by_date, self.from_date, PlainLabel("—"), self.to_date, self.search_button):
            bar.addWidget(widget, 1 if widget is self.text else 0)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.cellActivated.connect(lambda row, _col: self.open_row(row))
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))

        self.status = PlainLabel()
        self.status.setObjectName("historyStatus")
        self.prev_button, self.next_button = QPushButton(self.tr("上一页")), QPushButton(self.tr("下一页"))
        self.prev_button.clicked.connect(lambda: self.search(self._page - 1, self._args))
        self.next_button.clicked.connect(lambda: self.search(self._page + 1, self._args))
        pager = QHBoxLayout()
        pager.addWidget(self.status, 1)
        pager.addWidget(self.prev_button)
        pager.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(pager)
        self._show_page()

    # --- searching --------------------------------------------------------------------
    def query_args(self) -> dict:
        """The search the form describes (dates: whole days of the station's time zone)."""
        args: dict = {}
        if text := self.text.text().strip():
            args["text"] = text
        if self.by_date.isChecked():
            first, last = sorted((self.from_date.date().toPython(), self.to_date.date().toPython()))
            args["start"] = station_time.day_start(first)
            args["end"] = station_time.day_bounds(last)[1]
        return args

    def search(self, page: int = 0, args: dict | None = None) -> asyncio.Task:
        """Ask for page ``page`` of ``args`` (default: the form's); the results replace the table's."""
        args = self.query_args() if args is None else args
        self.status.setText(self.tr("查询中…"))
        self.task = asyncio.ensure_future(self._search(args, page))
        return self.task

    async def _search(self, args: dict, page: int) -> None:
        try:
            data = await self._ask("incidents.search", {**args, "page": page})
        except (QueryRefused, ConnectionError, TimeoutError) as exc:
            self._refused(exc)
            return
        self._args, self._page, self._more, self._items = args, data["page"], data["more"], data["items"]
        self._show_page()

    def _show_page(self) -> None:
        self.table.setRowCount(len(self._items))
        for row, item in enumerate(self._items):
            texts = (item["id"], Status(item["status"]).label, category_name(item["category"]), item["address"],
                     fmt_time(item["reported_at"], with_date=True),
                     fmt_time(item["closed_at"], with_date=True) if item["closed_at"] else "—",
                     self.tr(HISTORY_MARK) if item["history"] else "")
            for col, text in enumerate(texts):
                cell = QTableWidgetItem(text)  # plain text: what a caller or desk typed is never markup
                cell.setToolTip(text if col == 3 else "")
                self.table.setItem(row, col, cell)
        self.prev_button.setEnabled(self._page > 0)
        self.next_button.setEnabled(self._more)
        if self._items or self._args:
            self.status.setText(self.tr("第 {page} 页，{count} 条{more}").format(
                page=self._page + 1, count=len(self._items), more=self.tr("，还有更多") if self._more else ""))
        else:
            self.status.setText(self.tr("按编号、地址或电话查询任何时候的警情；早于快照天数的已办结警情标“历史”，只读"))

    def _refused(self, exc: Exception) -> None:
        reason = exc.error.get("zh", "") if isinstance(exc, QueryRefused) else self.tr("中继未应答")
        self.status.setText(self.tr("查询失败：{reason}").format(reason=reason))

    # --- opening a result -------------------------------------------------------------
    def open_row(self, row: int) -> asyncio.Task | None:
        """Open the result in ``row``: select it in the queue if the session holds it, else fetch it read-only."""
        if not 0 <= row < len(self._items):
            return None
        incident_id = self._items[row]["id"]
        state = self._session.state
        if state is not None and incident_id in state.incidents:
            self.live_selected.emit(incident_id)
            return None
        self.task = asyncio.ensure_future(self._open(incident_id))
        return self.task

    async def _open(self, incident_id: str) -> None:
        try:
            data = await self._ask("incidents.get", {"incident": incident_id})
        except (QueryRefused, ConnectionError, TimeoutError) as exc:
            self._refused(exc)
            return
        window = HistoryIncident(self._session, Incident.from_dict(data), self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: self.opened.remove(window) if window in self.opened else None)
        self.opened.append(window)
        window.show()


class HistoryIncident(QDialog):
    """An incident no snapshot carries any more: its detail and timeline, read-only (no actions)."""

    def __init__(self, session, incident: Incident, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyIncident")
        self.setWindowTitle(self.tr("{mark}警情 {id}（只读）").format(mark=self.tr(HISTORY_MARK), id=incident.id))
        self.resize(720, 640)
        self.note = PlainLabel(self.tr("{status}，不在当前快照中；只能查看").format(status=label_of(incident.status)))
        self.detail = IncidentDetail(session, self)
        self.detail.show_fresh(incident)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.detail, 1)


def open_history_search(window, session) -> HistorySearch:
    """Open (or bring forward) the search over ``window``; a live result selects it there."""
    dialog = getattr(window, "history_search", None)
    if dialog is None:
        dialog = HistorySearch(session, window)
        dialog.live_selected.connect(window.select_incident)
        window.history_search = dialog
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return dialog

