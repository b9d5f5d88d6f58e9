"""``MainWindow``: map in the centre, docks for queue, workers, detail and event log.

The window wires widgets to the session and to each other; it never changes the State.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QToolBar, QWidget

from console.ui.dispatch_dialog import DispatchDialog
from console.ui.event_log import EventLogView
from console.ui.incident_detail import IncidentDetail
from console.ui.map import DistrictMap
from console.ui.queue.view import IncidentQueueView
from console.ui.status_bar import ConsoleStatusBar
from console.ui.texts import tr
from console.ui.workers.view import WorkerListView

GEOMETRY_KEY = "mainwindow/geometry"
STATE_KEY = "mainwindow/state"
LAYOUT_VERSION = 1

OP_LABELS = {
    "accept": "受理",
    "incident.accept": "受理",
    "dispatch": "派遣",
    "incident.dispatch": "派遣",
    "close": "办结",
    "close_incident": "办结",
    "incident.close": "办结",
}


class MainWindow(QMainWindow):
    """The dispatcher's console window for one session."""

    closed = Signal()

    def __init__(
        self,
        session,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        stale_after_ms: int = 15_000,
        clock=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("警网融合指挥台"))
        self.session = session
        self.settings = settings if settings is not None else QSettings()
        self._selected: str | None = None
        self.dispatch_dialog: DispatchDialog | None = None
        self._error_box: QMessageBox | None = None
        self._stale_after_ms = stale_after_ms
        clock_kw = {"clock": clock} if clock is not None else {}

        self.map = DistrictMap(session, stale_after_ms=stale_after_ms, **clock_kw)
        self.setCentralWidget(self.map)
        self.queue = IncidentQueueView(session)
        self.workers = WorkerListView(session, stale_after_ms=stale_after_ms, **clock_kw)
        self.detail = IncidentDetail(session)
        self.event_log = EventLogView(session)

        area = Qt.DockWidgetArea
        self.queue_dock = self._dock("queueDock", self.tr("警情队列"), self.queue, area.LeftDockWidgetArea)
        self.workers_dock = self._dock(
            "workersDock", self.tr("网格力量"), self.workers, area.RightDockWidgetArea
        )
        self.detail_dock = self._dock(
            "detailDock", self.tr("警情详情"), self.detail, area.RightDockWidgetArea
        )
        self.log_dock = self._dock(
            "eventLogDock", self.tr("事件日志"), self.event_log, area.BottomDockWidgetArea
        )
        self.setCorner(Qt.Corner.BottomLeftCorner, area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, area.RightDockWidgetArea)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self.resizeDocks([self.queue_dock, self.workers_dock], [560, 430], Qt.Orientation.Horizontal)
        self.resizeDocks([self.workers_dock, self.detail_dock], [300, 420], Qt.Orientation.Vertical)
        self.resizeDocks([self.log_dock], [170], Qt.Orientation.Vertical)

        self.toolbar = self._build_toolbar()
        self.status = ConsoleStatusBar(self)
        self.setStatusBar(self.status)
        self.status.set_account(getattr(session, "account", ""), getattr(session, "role", ""))

        self.queue.incident_selected.connect(self.select_incident)
        self.queue.counters_changed.connect(self._on_counters)
        self.map.incident_clicked.connect(self.select_incident)
        self.detail.dispatch_requested.connect(self.open_dispatch_dialog)
        session.events_applied.connect(self._on_events)
        session.state_reset.connect(self._on_state_reset)
        session.connection_changed.connect(self._on_connection)
        session.command_failed.connect(self.show_command_failed)
        self.queue.refresh_counters()
        self.layout_restored = self.restore_layout()

    # --- construction -----------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("操作"), self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.detail.accept_action, self.detail.dispatch_action, self.detail.close_action):
            bar.addAction(action)
        bar.addSeparator()
        self.zoom_action = QAction(self.tr("全图"), self)
        self.zoom_action.setShortcut(QKeySequence(Qt.Key.Key_Home))
        self.zoom_action.setToolTip(self.tr("地图缩放到全辖区 (Home)"))
        self.zoom_action.triggered.connect(self.map.zoom_to_district)
        bar.addAction(self.zoom_action)
        self.filter_action = QAction(self.tr("显示已办结"), self)
        self.filter_action.setCheckable(True)
        self.filter_action.setShortcut(QKeySequence("Ctrl+H"))
        self.filter_action.setToolTip(self.tr("队列中显示已办结警情 (Ctrl+H)"))
        self.filter_action.toggled.connect(lambda on: self.queue.set_filter("all" if on else "open"))
        bar.addAction(self.filter_action)
        bar.addSeparator()
        for dock in (self.queue_dock, self.workers_dock, self.detail_dock, self.log_dock):
            bar.addAction(dock.toggleViewAction())
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    # --- public API -------------------------------------------------------------------
    def select_incident(self, incident_id: str | None) -> None:
        """Select an incident everywhere: queue row, map highlight, detail panel."""
        if incident_id == self._selected:
            return
        self._selected = incident_id
        self.queue.select_incident(incident_id)
        self.map.select_incident(incident_id)
        self.detail.show_incident(incident_id)

    def selected_incident(self) -> str | None:
        return self._selected

    def open_dispatch_dialog(self, incident_id: str) -> DispatchDialog | None:
        """Open the (window-modal, non-blocking) dispatch dialog; Enter dispatches."""
        state = self.session.state
        inc = state.incidents.get(incident_id) if state is not None else None
        if inc is None:
            return None
        if self.dispatch_dialog is not None:
            self.dispatch_dialog.close()
        dialog = DispatchDialog(state, inc, self, stale_after_ms=self._stale_after_ms)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dispatch_chosen(dialog))
        dialog.destroyed.connect(lambda *_: setattr(self, "dispatch_dialog", None))
        self.dispatch_dialog = dialog
        dialog.open()
        return dialog

    def show_command_failed(self, op: str, error: dict) -> None:
        """Chinese reason in the status bar and in a non-modal message box."""
        reason = error.get("zh") or error.get("en") or error.get("code", "")
        action = tr(OP_LABELS.get(op, op), "MainWindow")
        text = self.tr("{action}失败：{reason}").format(action=action, reason=reason)
        self.status.showMessage(text, 15_000)
        if self._error_box is None:
            self._error_box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("操作失败"), text, QMessageBox.StandardButton.Ok, self
            )
            self._error_box.setWindowModality(Qt.WindowModality.NonModal)
        self._error_box.setText(text)
        self._error_box.setInformativeText(error.get("code", ""))
        self._error_box.show()

    def save_layout(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState(LAYOUT_VERSION))
        self.settings.sync()

    def restore_layout(self) -> bool:
        geometry = self.settings.value(GEOMETRY_KEY)
        state = self.settings.value(STATE_KEY)
        ok = False
        if geometry is not None:
            ok = self.restoreGeometry(geometry)
        if state is not None:
            ok = self.restoreState(state, LAYOUT_VERSION) and ok
        return ok

    # --- slots ------------------------------------------------------------------------
    def _dispatch_chosen(self, dialog: DispatchDialog) -> None:
        worker_id = dialog.chosen_worker_id()
        if worker_id:
            self.session.dispatch(dialog.incident_id, worker_id)

    def _on_connection(self, status: str, detail: str) -> None:
        self.status.set_connection(status, detail)
        # the role is only known once the relay has accepted the login
        self.status.set_account(getattr(self.session, "account", ""), getattr(self.session, "role", ""))

    def _on_events(self, events: list) -> None:
        self.status.add_events(len(events))

    def _on_state_reset(self, state) -> None:
        if self._selected and (state is None or self._selected not in state.incidents):
            self.select_incident(None)

    def _on_counters(self, counts: dict) -> None:
        self.status.set_counters(counts.get("new", 0), counts.get("in_progress", 0), counts.get("overdue", 0))

    def closeEvent(self, event) -> None:
        self.save_layout()
        super().closeEvent(event)
        self.closed.emit()
