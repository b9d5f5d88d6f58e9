"""``ConnectionBanner``: a full-width strip under the toolbar that says the relay is lost, in words.

Red while offline (address tried, when the next attempt is); green for a few seconds after the
reconnect, with how many events were caught up; hidden otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget

from console.ui.connection.monitor import LinkMonitor
from console.ui.plain import PlainLabel

LOST_STYLE = "background:#b71c1c; color:#ffffff; font-size:16px; font-weight:bold; padding:8px 14px;"
BACK_STYLE = "background:#1b5e20; color:#ffffff; font-size:15px; padding:6px 14px;"
BACK_SHOWN_MS = 6000


class ConnectionBanner(QToolBar):
    """Install with ``window.addToolBarBreak(); window.addToolBar(banner)``; it shows and hides itself."""

    def __init__(self, monitor: LinkMonitor, parent: QWidget | None = None, *, back_shown_ms: int = BACK_SHOWN_MS):
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)  # not something to switch off by accident
        self.label = PlainLabel()
        self.label.setObjectName("connectionBannerText")
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.addWidget(self.label)
        self._monitor = monitor
        self.hide_timer = QTimer(self)
        self.hide_timer.setSingleShot(True)
        self.hide_timer.setInterval(back_shown_ms)
        self.hide_timer.timeout.connect(self.hide)
        self.lost = False
        monitor.changed.connect(self._on_changed)
        monitor.caught_up.connect(self._on_caught_up)
        self.hide()

    def _on_changed(self) -> None:
        monitor = self._monitor
        if monitor.offline:
            self.hide_timer.stop()
            self.lost = True
            detail = f"（{monitor.detail}）" if monitor.detail else ""
            self._show(f"⚠ {monitor.reason}{detail}", LOST_STYLE)
        elif self.lost:
            self.lost = False
            self._show(self.tr("已重新连接，正在补收断线期间的事件…"), BACK_STYLE)
            self.hide_timer.start()

    def _on_caught_up(self, count: int) -> None:
        if self._monitor.offline:
            return
        self.lost = False
        self._show(self.tr("已重新连接，补收 {n} 条事件").format(n=count), BACK_STYLE)
        self.hide_timer.start()

    def _show(self, text: str, style: str) -> None:
        self.label.setStyleSheet(style)
        self.label.setText(text)
        self.show()
