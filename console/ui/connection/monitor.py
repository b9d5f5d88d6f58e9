"""``LinkMonitor``: whether this console has lost its relay, why, and what it caught up on reconnecting.

It follows the session's ``connection_changed`` (and ``caught_up`` when the session has it). The console
counts as offline from a ``disconnected`` until the next ``connected``; before the first connection the
state is empty, which disables the write actions by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class LinkMonitor(QObject):
    """One per window: :attr:`changed` fires when the console goes offline, comes back or has caught up."""

    changed = Signal()
    caught_up = Signal(int)  # events received between the reconnect and live again

    def __init__(self, session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.offline = False
        self.detail = ""
        session.connection_changed.connect(self._on_connection)
        if hasattr(session, "caught_up"):
            session.caught_up.connect(self.caught_up)

    @property
    def url(self) -> str:
        client = getattr(self._session, "client", None)
        return getattr(client, "url", "") or getattr(self._session, "url", "")

    @property
    def reason(self) -> str:
        """Why writing is not possible now (empty while connected)."""
        if not self.offline:
            return ""
        client = getattr(self._session, "client", None)
        refused = getattr(client, "login_error", None)
        if refused is not None:
            return self.tr("中继拒绝了登录：{why}。请重新登录。").format(why=refused)
        if getattr(client, "must_change", False):
            return self.tr("须先修改初始密码：请不设 JINGWANG_PASSWORD 启动指挥台，在登录框中修改。")
        return self.tr("与中继的连接已断开，正在重连… 地址 {url}").format(url=self.url or "—")

    def _on_connection(self, status: str, detail: str) -> None:
        offline = {"disconnected": True, "must_change": True, "connected": False}.get(status, self.offline)
        self.detail = detail if status == "disconnected" else ""
        if offline != self.offline or offline:
            self.offline = offline
            self.changed.emit()
