"""``AlertTableModel``: the AlertCenter's alerts as a table, kept in step row by row."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont

from console.domain.clock import now_ms
from console.ui import theme
from console.ui.alerts.alert import Alert
from console.ui.alerts.center import AlertCenter
from console.ui.i18n.domain import label_of
from console.ui.plain import plain_tip
from console.ui.review.rows import IdRowsModel
from console.ui.texts import fmt_age, fmt_time, marked

ALERT_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class ACol(IntEnum):
    SEVERITY = 0
    TIME = 1
    STATE = 2
    TEXT = 3  # last, where it stretches: the text names the kind (紧急求助, 新警情, 超时 …)


class AlertTableModel(IdRowsModel):
    """One row per shown alert, in :meth:`AlertCenter.alerts` order."""

    def __init__(self, center: AlertCenter, parent=None, *, clock: Callable[[], int] = now_ms,
                 tick_ms: int = 1000) -> None:
        super().__init__(parent)
        self.center = center
        self._clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        tr = QCoreApplication.translate
        self._headers = [tr("Alerts", h) for h in marked("Alerts", "级别", "时间", "状态", "内容")]
        center.changed.connect(self.refresh)
        self.reset_rows([a.key for a in center.alerts()])

    def refresh(self) -> None:
        self.sync_rows([a.key for a in self.center.alerts()])
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(ACol) - 1))

    def tick(self) -> None:
        """Re-announce the time column (its age text)."""
        if self._ids:
            self.dataChanged.emit(self.index(0, ACol.TIME), self.index(len(self._ids) - 1, ACol.TIME))

    def alert(self, row: int) -> Alert | None:
        key = self.id_at(row)
        return self.center.alert(key) if key else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        alert = self.alert(index.row()) if index.isValid() else None
        if alert is None:
            return None
        col = index.column()
        if role == ALERT_KEY_ROLE:
            return alert.key
        if role == Qt.ItemDataRole.DisplayRole:
            if col == ACol.SEVERITY:
                return f"{alert.severity.shape} {label_of(alert.severity)}"
            if col == ACol.TEXT:
                return alert.text
            if col == ACol.TIME:
                return fmt_age((self._clock() - alert.at) / 1000)
            if alert.acknowledged:
                return QCoreApplication.translate("Alerts", "已确认")
            return QCoreApplication.translate("Alerts", "未确认")
        if role == Qt.ItemDataRole.ForegroundRole:
            if alert.acknowledged:
                return QBrush(QColor(theme.TEXT_DIM))
            if col == ACol.SEVERITY:
                return QBrush(QColor(alert.severity.color))
        if role == Qt.ItemDataRole.FontRole and not alert.acknowledged and col in (ACol.SEVERITY, ACol.STATE):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = (f"{label_of(alert.kind)} · {alert.subject}", alert.text, fmt_time(alert.at, with_date=True))
            return plain_tip("\n".join(lines))
        return None
