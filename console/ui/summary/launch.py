"""The main window's 日报 / 考核 entry: a menu action (Ctrl+D) that opens the summary as its own window,
opened by itself once when a station chief (值班长) logs in."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from console.domain.workers import Role
from console.ui.actions.availability import role_of
from console.ui.history_source import summary_factory
from console.ui.summary.view import SummaryView
from console.ui.texts import tr

SHORTCUT = "Ctrl+D"


class SummaryLauncher(QObject):
    """Owns the summary window of one main window; ``source_factory`` makes its data source (by default
    through the console's relay session, or from the database at ``db_url``)."""

    def __init__(self, window: QMainWindow, session, source_factory=None, db_url: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.source_factory = source_factory or summary_factory(session, db_url)
        self.view: SummaryView | None = None
        self._auto_opened = False
        self.action = QAction(tr("日报 / 考核", "Summary"), window)
        self.action.setObjectName("action_summary")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip(tr("派出所日报、考核指标与导出 ({key})", "Summary").format(key=SHORTCUT))
        self.action.triggered.connect(self.open)
        window.addAction(self.action)
        menu = window.menuBar().addMenu(tr("考核(&K)", "Summary"))
        menu.setToolTipsVisible(True)
        menu.addAction(self.action)
        session.connection_changed.connect(self._on_connection)
        if hasattr(window, "closed"):
            window.closed.connect(self._close)

    def open(self) -> SummaryView:
        """Show (or bring forward) the summary window."""
        if self.view is None:
            state = getattr(self.session, "state", None)
            stations = state.district.stations if state is not None else []
            view = SummaryView(self.source_factory(), station_code=stations[0].code if stations else "",
                               parent=self.window)
            view.setWindowFlag(Qt.WindowType.Window)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.resize(1400, 950)
            view.incident_activated.connect(self._select_incident)
            view.destroyed.connect(lambda *_: setattr(self, "view", None))
            self.view = view
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        return self.view

    def _select_incident(self, incident_id: str) -> None:
        """Double-click on an incident in the summary: select it in the live console and show the console."""
        self.window.select_incident(incident_id)
        self.window.raise_()
        self.window.activateWindow()

    def _on_connection(self, status: str, _detail: str) -> None:
        if status == "connected" and not self._auto_opened and role_of(self.session.role) is Role.STATION_CHIEF:
            self._auto_opened = True
            self.open()

    def _close(self) -> None:
        if self.view is not None:
            self.view.close()
