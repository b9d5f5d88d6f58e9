"""``OrderTableModel``: orders to grid workers (派单) with a countdown to their due time.

Open orders come first, the most urgent on top; finished ones follow, newest change first.
A 1 s timer re-announces the countdown column and, in the 超期 filter, lets newly overdue orders in.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont

from console.domain.clock import now_ms
from console.domain.orders import Order, OrderKind, OrderStatus
from console.ui import theme
from console.ui.i18n.domain import countdown
from console.ui.plain import plain_tip
from console.ui.review.fields import account_name, mask_id
from console.ui.review.rows import IdRowsModel
from console.ui.texts import fmt_time

ORDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOR = "#ff4d4f"
STATUS_COLORS = {
    OrderStatus.ISSUED: "#ffb454",
    OrderStatus.SIGNED: "#5cb8ff",
    OrderStatus.DONE: "#3ddc84",
    OrderStatus.RETURNED: "#ff8a65",
    OrderStatus.CANCELLED: "#7d8794",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Orders", text)


class OCol(IntEnum):
    STATUS = 0
    KIND = 1
    WORKER = 2
    TARGET = 3
    DUE = 4
    ISSUED = 5


def target_label(order: Order) -> str:
    """What the order is about; a bare ID number is masked."""
    text = order.target_text or order.target
    return mask_id(text) if order.kind is OrderKind.VERIFY_PERSON and text == order.target else text


class OrderTableModel(IdRowsModel):
    """Orders passing the filter: ``open`` (default), ``overdue`` or ``all``."""

    FILTER_OPEN = "open"
    FILTER_OVERDUE = "overdue"
    FILTER_ALL = "all"

    def __init__(self, session=None, parent=None, *, clock: Callable[[], int] = now_ms, tick_ms: int = 1000) -> None:
        super().__init__(parent)
        self._clock = clock
        self._state = None
        self.mode = self.FILTER_OPEN
        self._headers = [_tr(h) for h in ("状态", "类型", "网格员", "目标", "截止", "派单")]
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        if session is not None:
            self.bind_session(session)

    # --- public API -------------------------------------------------------------------
    def reset_state(self, state) -> None:
        self._state = state
        self.reset_rows(self._wanted())

    def apply_changes(self, changes) -> None:
        touched = list(changes.orders)
        if self._state is None or not touched:
            return
        self.sync_rows(self._wanted())
        self.refresh_ids(touched)

    def set_filter(self, mode: str) -> None:
        self.mode = mode
        self.sync_rows(self._wanted())

    def tick(self) -> None:
        if self._state is None:
            return
        if self.mode == self.FILTER_OVERDUE:
            self.sync_rows(self._wanted())
        if self._ids:
            self.dataChanged.emit(self.index(0, OCol.DUE), self.index(len(self._ids) - 1, OCol.DUE))

    def order(self, row: int) -> Order | None:
        oid = self.id_at(row)
        return self._state.orders.get(oid) if oid and self._state is not None else None

    def open_orders(self) -> list[Order]:
        if self._state is None:
            return []
        return [self._state.orders[o] for ids in self._state.open_orders.values() for o in ids]

    def overdue_count(self) -> int:
        now = self._clock()
        return sum(1 for o in self.open_orders() if o.is_overdue(now))

    def _wanted(self) -> list[str]:
        if self._state is None:
            return []
        if self.mode == self.FILTER_ALL:
            orders = list(self._state.orders.values())
        else:
            orders = self.open_orders()
            if self.mode == self.FILTER_OVERDUE:
                now = self._clock()
                orders = [o for o in orders if o.is_overdue(now)]
        orders.sort(key=lambda o: (0, o.due_at, o.id) if o.is_open else (1, -o.updated_at, o.id))
        return [o.id for o in orders]

    # --- Qt model API -----------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        order = self.order(index.row()) if index.isValid() else None
        if order is None:
            return None
        col = index.column()
        if role == ORDER_ID_ROLE:
            return order.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(order, col)
        overdue = order.is_overdue(self._clock())
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == OCol.STATUS:
                return QBrush(QColor(STATUS_COLORS[order.status]))
            if col == OCol.DUE:
                return QBrush(QColor(OVERDUE_COLOR if overdue else theme.TEXT))
            if not order.is_open:
                return QBrush(QColor(theme.TEXT_DIM))
        if role == Qt.ItemDataRole.FontRole and col == OCol.DUE and overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self._tooltip(order))
        return None

    def _text(self, order: Order, col: int) -> str:
        if col == OCol.STATUS:
            return order.status.label
        if col == OCol.KIND:
            return order.kind.label
        if col == OCol.WORKER:
            worker = self._state.workers.get(order.worker_id)
            return worker.name if worker else order.worker_id
        if col == OCol.TARGET:
            return target_label(order)
        if col == OCol.DUE:
            if order.is_open:
                return countdown(order.due_at - self._clock())
            if order.status is OrderStatus.DONE:
                return _tr("{t} 反馈").format(t=fmt_time(order.done_at))
            return "—"
        return f"{fmt_time(order.issued_at, with_date=True)} {account_name(self._state, order.by)}"

    def _tooltip(self, order: Order) -> str:
        lines = [f"{order.id} · {order.kind.label} · {order.status.label}",
                 _tr("截止 {t}").format(t=fmt_time(order.due_at, with_date=True)),
                 _tr("派单人 {who}").format(who=order.by)]
        if order.incident_id:
            lines.append(_tr("关联警情 {id}").format(id=order.incident_id))
        if order.note:
            lines.append(_tr("要求：{note}").format(note=order.note))
        if order.result:
            lines.append(_tr("反馈：{r}").format(r=order.result))
        if order.returned_reason:
            lines.append(_tr("原因：{r}").format(r=order.returned_reason))
        return "\n".join(lines)
