"""``CloseGuard``: closing a console (the X, Alt+F4) asks first when work would be left undone, and the
demo console asks before it takes down a relay other desks use.

Open work is defined in :mod:`console.services.open_work`. For the demo, whose window owns the relay
and simulator child processes, :class:`RelayOwner` reads the relay's ``/healthz`` (QtNetwork, so the
GUI never blocks): with other desks connected the dispatcher chooses 全部关闭 (relay and simulator
stop) or 仅关闭本窗口 (they keep running for the others). Buttons are keyboard-first: the safe choice
is the default (Enter), Esc cancels. A signal (SIGTERM) closes without asking (:meth:`close_now`).
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import QMessageBox, QWidget

from console.services.open_work import OpenWork, mid_dispatch
from console.ui.plain import message_box
from console.ui.texts import tr

HEALTH_TIMEOUT_MS = 1500


class RelayOwner(QObject):
    """The relay this console started (the demo): how many other desks use it, and whether to keep it."""

    counted = Signal(int)  # other desks connected; -1 when the relay did not answer

    def __init__(self, health_url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.health_url = health_url
        self.keep_running = False  # set when the dispatcher closes only this window
        self._net = QNetworkAccessManager(self)

    def count_other_desks(self) -> None:
        """Ask ``/healthz``; :attr:`counted` answers (our own console is not counted)."""
        request = QNetworkRequest(QUrl(self.health_url))
        request.setTransferTimeout(HEALTH_TIMEOUT_MS)
        reply = self._net.get(request)
        reply.finished.connect(lambda: self._answered(reply))

    def _answered(self, reply: QNetworkReply) -> None:
        reply.deleteLater()
        try:
            desks = int(json.loads(bytes(reply.readAll().data()).decode())["desks"])
        except (ValueError, KeyError, TypeError):
            self.counted.emit(-1)
            return
        self.counted.emit(max(0, desks - 1))


class CloseGuard(QObject):
    """Installed on the main window: intercepts its close and asks when needed."""

    def __init__(self, window, session, relay_owner: RelayOwner | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._owner = relay_owner
        self._allowed = False
        self.box: QMessageBox | None = None
        if relay_owner is not None:
            relay_owner.counted.connect(self._ask_about_relay)
        window.installEventFilter(self)

    # --- what is open ----------------------------------------------------------------------
    def open_work(self) -> OpenWork:
        client = getattr(self._session, "client", None)
        unsent = client.pending_count() if client is not None else 0
        w = self._window
        dialogs = [(w.intake_dialog, tr("接警", "Close")), (w.dispatch_dialog, tr("派遣", "Close")),
                   (w.incident_actions.dialog, None)]
        names = tuple(name or d.windowTitle().split(" — ")[0] for d, name in dialogs
                      if d is not None and d.isVisible())
        incidents = tuple(mid_dispatch(self._session.state, getattr(self._session, "account", "")))
        return OpenWork(unsent, names, incidents)

    # --- closing -----------------------------------------------------------------------------
    def close_now(self) -> None:
        """Close without asking (a signal from the system, or after the dispatcher chose)."""
        self._allowed = True
        self._window.close()

    def eventFilter(self, watched, event) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close and not self._allowed:
            if self.box is None and self._owner is None and self.open_work().empty:
                return False  # nothing to lose: close as usual
            event.ignore()
            if self.box is None:
                self._ask_about_work()
            return True
        return super().eventFilter(watched, event)

    def _ask_about_work(self) -> None:
        work = self.open_work()
        if work.empty:
            self._next_after_work()
            return
        text = tr("本席位还有未完成的工作：", "Close") + "\n\n" + "\n".join(f"· {line}" for line in work.describe())
        box = self._box(tr("关闭指挥台？", "Close"), text)
        back = box.addButton(tr("返回处理 (Enter/Esc)", "Close"), QMessageBox.ButtonRole.RejectRole)
        close = box.addButton(tr("仍然关闭", "Close"), QMessageBox.ButtonRole.DestructiveRole)
        close.setObjectName("closeAnyway")
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.buttonClicked.connect(lambda b: self._next_after_work() if b is close else None)
        box.open()

    def _next_after_work(self) -> None:
        self._forget_box()
        if self._owner is None:
            self.close_now()
        else:
            self._owner.count_other_desks()  # answers in _ask_about_relay

    def _ask_about_relay(self, others: int) -> None:
        if others <= 0:
            self.close_now()
            return
        text = tr("另有 {n} 个席位连接到本中继，关闭将断开它们。", "Close").format(n=others)
        box = self._box(tr("关闭演示中继？", "Close"), text)
        box.setInformativeText(tr("仅关闭本窗口：中继与模拟器继续运行，在终端按 Ctrl+C 结束。", "Close"))
        keep = box.addButton(tr("仅关闭本窗口 (Enter)", "Close"), QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keepRelay")
        stop = box.addButton(tr("全部关闭", "Close"), QMessageBox.ButtonRole.DestructiveRole)
        stop.setObjectName("stopRelay")
        cancel = box.addButton(tr("取消 (Esc)", "Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(lambda b: self._relay_chosen(b is keep, b is stop))
        box.open()

    def _relay_chosen(self, keep: bool, stop: bool) -> None:
        self._forget_box()
        if keep or stop:
            self._owner.keep_running = keep
            self.close_now()

    def _box(self, title: str, text: str) -> QMessageBox:
        box = message_box(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, self._window)
        box.setObjectName("closeGuardBox")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.rejected.connect(self._forget_box)
        self.box = box
        return box

    def _forget_box(self) -> None:
        self.box = None


def install_close_guard(window: QWidget, session, relay_owner: RelayOwner | None = None) -> CloseGuard:
    """Guard ``window``'s close (see the module doc)."""
    return CloseGuard(window, session, relay_owner)
