"""The orders dock content: filter, the order table, 派单 (opens the dialog) and 撤销 with a reason."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import now_ms
from console.domain.orders import Order
from console.ui.orders.dialog import IssueOrderDialog
from console.ui.orders.model import OVERDUE_COLOR, OCol, OrderTableModel
from console.ui.plain import PlainLabel
from console.ui.review.access import may
from console.ui.review.reason import ReasonBar
from console.ui.table_view import row_table

CANCEL_PRESETS = ("派错人员", "目标有误", "已由民警处理", "重复派单")


class OrdersView(QWidget):
    """Orders list; ``incident_of_interest`` (e.g. the main window's selected incident) is offered as a link."""

    def __init__(self, session, parent: QWidget | None = None, *, clock: Callable[[], int] = now_ms,
                 incident_of_interest: Callable[[], str | None] = lambda: None) -> None:
        super().__init__(parent)
        self.setObjectName("ordersView")
        self._session = session
        self._clock = clock
        self._incident_of_interest = incident_of_interest
        self.dialog: IssueOrderDialog | None = None
        self.model = OrderTableModel(session, self, clock=clock)

        self.filter_combo = QComboBox()
        for text, mode in ((self.tr("未完成"), OrderTableModel.FILTER_OPEN),
                           (self.tr("超期"), OrderTableModel.FILTER_OVERDUE),
                           (self.tr("全部"), OrderTableModel.FILTER_ALL)):
            self.filter_combo.addItem(text, mode)
        self.filter_combo.currentIndexChanged.connect(
            lambda i: self.model.set_filter(self.filter_combo.itemData(i)))
        self.overdue_label = PlainLabel()
        self.overdue_label.setObjectName("counter")
        self.issue_action = QAction(self.tr("派单 Ctrl+O"), self)
        self.issue_action.setShortcut(QKeySequence("Ctrl+O"))
        self.issue_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.issue_action.setToolTip(self.tr("给网格员派核查、走访、调解或巡查工单 (Ctrl+O)"))
        self.issue_action.triggered.connect(self.open_dialog)
        self.issue_action.setEnabled(may(session, "order.issue"))
        self.addAction(self.issue_action)
        issue_button = QPushButton(self.issue_action.text())
        issue_button.setToolTip(self.issue_action.toolTip())
        issue_button.clicked.connect(self.issue_action.trigger)
        issue_button.setEnabled(self.issue_action.isEnabled())

        self.table = row_table(self.model, {OCol.STATUS: 56, OCol.KIND: 70, OCol.WORKER: 60, OCol.TARGET: 220,
                                            OCol.DUE: 96}, OCol.ISSUED)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_cancel())
        self.cancel_bar = ReasonBar(self.tr("撤销工单"), self.tr("撤销原因（必填）"), CANCEL_PRESETS)
        self.cancel_bar.submitted.connect(self.request_cancel)

        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.filter_combo)
        top.addWidget(self.overdue_label)
        top.addStretch(1)
        top.addWidget(issue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.cancel_bar)

        self._timer = QTimer(self)  # the overdue count depends on the clock
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh_counts)
        self._timer.start()
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.dataChanged):
            signal.connect(self._update_cancel)
        self.refresh_counts()
        self._update_cancel()

    # --- public API -------------------------------------------------------------------
    def open_dialog(self) -> IssueOrderDialog | None:
        """Open (window-modal, not blocking) the issue dialog; one at a time."""
        if self._session.state is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
        dialog = IssueOrderDialog(self._session, self.window(), incident_id=self._incident_of_interest(),
                                  clock=self._clock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        dialog.issued.connect(self.select_order)
        self.dialog = dialog
        dialog.open()
        return dialog

    def selected_order(self) -> Order | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.order(index.row()) if index.isValid() else None

    def select_order(self, order_id: str) -> None:
        row = self.model.row_of(order_id)
        if row >= 0:
            self.table.selectRow(row)

    def request_cancel(self, reason: str) -> None:
        order = self.selected_order()
        if order is not None and order.is_open:
            self._session.command("order.cancel", {"order": order.id, "note": reason})
            self.cancel_bar.clear()

    def refresh_counts(self) -> None:
        n = self.model.overdue_count()
        self.overdue_label.setText(self.tr("超期 {n}").format(n=n))
        self.overdue_label.setStyleSheet(f"color: {OVERDUE_COLOR};" if n else "")

    def _update_cancel(self, *_args) -> None:
        order = self.selected_order()
        self.cancel_bar.setEnabled(order is not None and order.is_open and may(self._session, "order.cancel"))
