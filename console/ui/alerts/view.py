"""The alerts dock content: a summary line, 确认 / 全部确认 (Ctrl+A) / 静音 (Ctrl+M), and the alert table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import now_ms
from console.ui.alerts.alert import Severity
from console.ui.alerts.center import AlertCenter
from console.ui.alerts.model import ACol, AlertTableModel
from console.ui.i18n.domain import label_of
from console.ui.plain import PlainLabel
from console.ui.table_view import row_table

_ACK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class AlertListView(QWidget):
    """Shows an :class:`AlertCenter`; :attr:`subject_activated` (kind, subject) on double click."""

    subject_activated = Signal(str, str)

    def __init__(self, center: AlertCenter, parent: QWidget | None = None, *,
                 clock: Callable[[], int] = now_ms) -> None:
        super().__init__(parent)
        self.setObjectName("alertList")
        self.center = center
        self.model = AlertTableModel(center, self, clock=clock)

        self.summary = PlainLabel()
        self.ack_action = self._action(self.tr("确认"), None, self.tr("确认选中的告警 (Enter)"),
                                       self.acknowledge_selected)
        self.ack_all_action = self._action(self.tr("全部确认"), "Ctrl+A", self.tr("确认全部告警 (Ctrl+A)"),
                                           center.acknowledge_all)
        self.mute_action = self._action(self.tr("静音"), "Ctrl+M", self.tr("关闭/打开告警声音 (Ctrl+M)"),
                                        center.set_muted)
        self.mute_action.setCheckable(True)
        self.mute_action.setChecked(center.muted)
        center.muted_changed.connect(self._on_muted)

        self.table = row_table(self.model, {ACol.SEVERITY: 64, ACol.TIME: 72, ACol.STATE: 56}, ACol.TEXT)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.installEventFilter(self)

        top = QHBoxLayout()
        top.setContentsMargins(4, 4, 4, 0)
        top.addWidget(self.summary, 1)
        for action in (self.ack_action, self.ack_all_action, self.mute_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        center.alerts_changed.connect(self._on_summary)
        waiting = center.unacknowledged()
        worst = max((a.severity for a in waiting), key=lambda s: s.rank, default=None)
        self._on_summary(len(waiting), worst.value if worst else "")

    def _action(self, text: str, key: str | None, tip: str, slot) -> QAction:
        action = QAction(f"{text} {key}" if key else text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- public API -------------------------------------------------------------------
    def acknowledge_selected(self) -> None:
        index = self.table.selectionModel().currentIndex()
        alert = self.model.alert(index.row()) if index.isValid() else None
        if alert is not None:
            self.center.acknowledge(alert.key)

    # --- slots ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() in _ACK_KEYS:
            self.acknowledge_selected()
            return True
        return super().eventFilter(watched, event)

    def _on_double_click(self, index) -> None:
        alert = self.model.alert(index.row())
        if alert is not None:
            self.center.acknowledge(alert.key)
            self.subject_activated.emit(alert.kind.value, alert.subject)

    def _on_muted(self, muted: bool) -> None:
        self.mute_action.setChecked(muted)
        self.mute_action.setText(self.tr("已静音 Ctrl+M") if muted else self.tr("静音 Ctrl+M"))

    def _on_summary(self, waiting: int, worst: str) -> None:
        if not waiting:
            self.summary.setText(self.tr("无未确认告警"))
            self.summary.setStyleSheet("")
            return
        severity = Severity(worst)
        self.summary.setText(self.tr("未确认 {n} 条 · 最高 {shape} {label}").format(
            n=waiting, shape=severity.shape, label=label_of(severity)))
        self.summary.setStyleSheet(f"color: {severity.color}; font-weight: bold;")
