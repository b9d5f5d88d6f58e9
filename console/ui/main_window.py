"""``MainWindow``: map in the centre, docks for queue, workers, detail and event log.

The window wires widgets to the session and to each other; it never changes the State.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox, QToolBar, QWidget

from console.config import DISPATCH_NEEDS
from console.domain.catalogue import OPERATIONS
from console.domain.clock import now_ms
from console.domain.dispatch_needs import load_needs
from console.domain.incidents import Incident
from console.ui.actions import ActionButtons, IncidentActions
from console.ui.actions.availability import may, role_of
from console.ui.actions.bulk_accept import BulkAccept
from console.ui.actions.buttons import more_button
from console.ui.actions.controller import CORRECTIONS, PRIMARY, SECONDARY
from console.ui.activation import steady_views
from console.ui.admin import AdminLauncher
from console.ui.alerts.dock import install_alerts_dock
from console.ui.calls.dock import install_calls_dock, show_dock
from console.ui.calls.ringer import CallRinger
from console.ui.connection import ConnectionBanner, LinkMonitor
from console.ui.desk_presence import DeskPresenceView, conflict_reason
from console.ui.dispatch_dialog import DispatchDialog
from console.ui.event_log import EventLogView
from console.ui.i18n.menu import LanguageMenu
from console.ui.incident_detail import IncidentDetail
from console.ui.intake import IntakeDialog
from console.ui.intake.flow import IntakeFlow
from console.ui.map.map_panel import MapPanel
from console.ui.notices import install_notices_dock
from console.ui.orders.dock import install_orders_dock
from console.ui.plain import message_box
from console.ui.queue.history import open_history_search
from console.ui.queue.view import IncidentQueueView
from console.ui.replay.launch import ReplayLauncher
from console.ui.review.dock import install_review_dock
from console.ui.shortcut_text import set_label
from console.ui.status_bar import ConsoleStatusBar
from console.ui.summary.launch import SummaryLauncher
from console.ui.texts import op_label, tr
from console.ui.units.dock import install_units_dock
from console.ui.warnings_dock import install_warnings_dock
from console.ui.workers.view import WorkerListView

GEOMETRY_KEY = "mainwindow/geometry"
STATE_KEY = "mainwindow/state"
LAYOUT_VERSION = 6  # bump when the set of docks or their default sizes change: an old saved layout is then ignored
WIDE_SCREEN = 1600  # narrower screens get compact queue columns and a narrower right column, so the map keeps room
NARROW_RIGHT = 300  # the right column (detail, units) below WIDE_SCREEN: at 1366 px the map keeps 400 px and more
DOCK_MIN_WIDTH = 220  # no dock's content may hold the window wider than the screen (1366 px and up)

# Chinese names of the session's convenience methods for failure messages (an op: op_label)
METHOD_LABELS = {"accept": "受理", "dispatch": "派遣", "close": "办结", "close_incident": "办结"}


# Ops whose refusals the sending dock shows itself (orders, reviews, the account panel), so no second message box.
INLINE_ERROR_OPS = frozenset({"order.issue", "order.cancel", "submission.accept", "submission.return",
                              "record.invalidate", "call.dial",
                              *(op for op in OPERATIONS if op.startswith("account."))})


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
        history_db: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("警网融合指挥台"))
        self.session = session
        self.settings = settings if settings is not None else QSettings()
        self._selected: str | None = None
        self.dispatch_dialog: DispatchDialog | None = None
        self.intake_dialog: IntakeDialog | None = None
        self.force_box: QMessageBox | None = None
        self.queue_menu: QMenu | None = None
        self._error_box: QMessageBox | None = None
        self._stale_after_ms = stale_after_ms
        self._clock = clock or now_ms
        clock_kw = {"clock": clock} if clock is not None else {}
        self.incident_actions = IncidentActions(session, self, clock=self._clock)

        # map panel (issue 3): the map with search, layers, heat map, cards; routed in _connect_map()
        self.map = MapPanel(session, stale_after_ms=stale_after_ms, settings=self.settings, **clock_kw)
        self.setCentralWidget(self.map)
        self.queue = IncidentQueueView(session, **clock_kw)
        self.workers = WorkerListView(session, stale_after_ms=stale_after_ms, **clock_kw)
        self.detail = IncidentDetail(session, buttons=ActionButtons(self.incident_actions), clock=self._clock)
        self.event_log = EventLogView(session)
        self.presence = DeskPresenceView(session, self.queue.model, self.detail.head, self)
        self.bulk_accept = BulkAccept(session, self.queue.table, self.incident_actions, self)

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
        self._install_work_docks(clock_kw)
        self.setCorner(Qt.Corner.BottomLeftCorner, area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, area.RightDockWidgetArea)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks
            | QMainWindow.DockOption.AllowTabbedDocks
            | QMainWindow.DockOption.AllowNestedDocks
        )
        self._cap_dock_widths()
        wide = self.screen().availableGeometry().width() >= WIDE_SCREEN
        self.queue.set_compact(not wide)
        right = 460 if wide else NARROW_RIGHT
        self.resizeDocks([self.queue_dock, self.workers_dock], [self.queue.fitting_width(), right],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.workers_dock, self.detail_dock], [240, 560], Qt.Orientation.Vertical)
        self.resizeDocks([self.log_dock], [170], Qt.Orientation.Vertical)
        self.resizeDocks([self.queue_dock, self.alerts_dock], [700, 170], Qt.Orientation.Vertical)

        self.intake_action = self._build_intake_action()
        self.toolbar = self._build_toolbar()
        self.link = LinkMonitor(session, self)
        self.connection_banner = ConnectionBanner(self.link, self)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.connection_banner)
        self.link.changed.connect(self._on_link)
        self._build_menu()
        # 日报 / 考核 (Ctrl+D; opens itself for station chiefs) and 回放 (Ctrl+Shift+R; trainers get a read-only
        # console): read through the relay, or from the database ``history_db`` (``jingwang console --db``)
        self.summary = SummaryLauncher(self, session, db_url=history_db)
        self.map.set_history_source(self.summary.source_factory)  # 人流热力 reads the same way
        self.replay = ReplayLauncher(self, session, db_url=history_db)
        self.admin = AdminLauncher(self, session)  # 管理 menu: 账号管理 for administrators
        self.language_menu = LanguageMenu(self, self.settings)  # 设置 → 语言 / Language, applied at the next start
        self._install_queue_menu()
        self.status = ConsoleStatusBar(self)
        self.setStatusBar(self.status)
        self.status.set_account(getattr(session, "account", ""), getattr(session, "role", ""))
        self.alerts.alerts_changed.connect(self.status.set_alerts)
        self.alerts_dock.widget().subject_activated.connect(self._on_alert_activated)

        self.queue.incident_selected.connect(self.select_incident)
        self.queue.counters_changed.connect(self._on_counters)
        self.queue.selection_left_filter.connect(self._on_left_filter)
        self._connect_map()
        self.incident_actions.dispatch_requested.connect(self.open_dispatch_dialog)
        self.intake_flow = IntakeFlow(session, self.incident_actions.send, self)
        self.intake_flow.reported.connect(self._on_intake_reported)
        self.detail.incident_link_activated.connect(self.select_incident)
        session.events_applied.connect(self._on_events)
        session.state_reset.connect(self._on_state_reset)
        session.connection_changed.connect(self._on_connection)
        session.command_failed.connect(self.show_command_failed)
        self.queue.refresh_counters()
        self._update_intake_action()
        self.layout_restored = self.restore_layout()
        self.steady = steady_views(self)  # a dialog opening or closing does not repaint every table

    # --- construction -----------------------------------------------------------------
    def _install_work_docks(self, clock_kw: dict) -> None:
        """警力状态 and 审核入库 beside the worker list, 派单 beside the event log, 告警 under the queue."""
        self.review_dock = install_review_dock(self, self.session, **clock_kw)
        self.tabifyDockWidget(self.workers_dock, self.review_dock)
        self.calls_dock = install_calls_dock(self, self.session, **clock_kw)  # 视频连线: floats to a 2nd screen
        self.tabifyDockWidget(self.review_dock, self.calls_dock)
        self.calls = self.calls_dock.widget()
        self.calls.message.connect(lambda text: self.status.showMessage(text, 10_000))
        self.workers.call_requested.connect(self._call_worker)
        self.units_dock = install_units_dock(self, self.session, **clock_kw)  # 警力状态 beside 网格力量
        self.tabifyDockWidget(self.workers_dock, self.units_dock)
        self.orders_dock = install_orders_dock(self, self.session, **clock_kw)
        self.tabifyDockWidget(self.log_dock, self.orders_dock)
        self.notices_dock = install_notices_dock(self, self.session, **clock_kw)  # 信息推送 to grid workers
        self.tabifyDockWidget(self.orders_dock, self.notices_dock)
        self.warnings_dock = install_warnings_dock(self, self.session, **clock_kw)  # 预警 from the risk rules
        self.tabifyDockWidget(self.notices_dock, self.warnings_dock)
        self.warnings_dock.widget().incident_selected.connect(self.select_incident)
        self.log_dock.raise_()
        self.units_dock.raise_()  # safety first: police units in view, grid workers one tab away
        self.alerts_dock = install_alerts_dock(self, self.session, settings=self.settings, **clock_kw)
        self.splitDockWidget(self.queue_dock, self.alerts_dock, Qt.Orientation.Vertical)
        self.alerts = self.alerts_dock.widget().center
        self.call_ringer = CallRinger(self.calls, muted=lambda: self.alerts.muted)  # rings for calls to the desk

    def _cap_dock_widths(self) -> None:
        """Docks side by side add up their minimum widths; a form's own minimum (审核入库, 信息推送) would
        push the window past a 1366 px screen. Each dock may be narrowed to :data:`DOCK_MIN_WIDTH` (the
        splitters still widen it); the queue dock keeps room for its main columns."""
        for dock in self.findChildren(QDockWidget):
            content = dock.widget()
            content.setMinimumWidth(min(content.minimumSizeHint().width(), DOCK_MIN_WIDTH))

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
        bar.addAction(self.intake_action)
        bar.addSeparator()
        for key in PRIMARY:
            bar.addAction(self.incident_actions.actions[key])
        less_frequent = [self.incident_actions.actions[k] for k in SECONDARY + CORRECTIONS]
        bar.addWidget(more_button(less_frequent, self.tr("更多操作"), "moreActionsButton"))
        bar.addSeparator()
        self.zoom_action = QAction(self.tr("全图"), self)
        self.zoom_action.setShortcut(QKeySequence(Qt.Key.Key_Home))
        self.zoom_action.setToolTip(self.tr("地图缩放到全辖区 (Home)"))
        self.zoom_action.triggered.connect(self.map.zoom_to_district)
        bar.addAction(self.zoom_action)
        self.filter_action = QAction(self.tr("显示已办结"), self)
        self.filter_action.setCheckable(True)
        self.filter_action.setShortcut(QKeySequence("Ctrl+Shift+H"))  # Ctrl+H is 回访
        self.filter_action.setToolTip(self.tr("队列中显示已办结警情 (Ctrl+Shift+H)"))
        self.filter_action.toggled.connect(lambda on: self.queue.set_filter("all" if on else "open"))
        bar.addAction(self.filter_action)
        self.history_action = QAction(self.tr("警情查询"), self)
        self.history_action.setShortcut(QKeySequence("Ctrl+F"))
        self.history_action.setToolTip(self.tr("按编号、地址、电话查询任何时候的警情，含历史警情 (Ctrl+F)"))
        self.history_action.triggered.connect(lambda: open_history_search(self, self.session))
        bar.addAction(self.history_action)
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
        self.incident_actions.set_incident(incident_id)
        self.presence.set_incident(incident_id)

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
        dialog = DispatchDialog(state, inc, self, now_ms=self._clock(), stale_after_ms=self._stale_after_ms,
                                needs=load_needs(DISPATCH_NEEDS.get()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.follow(self.session)  # live: worker statuses and other desks' dispatches show as they happen
        dialog.accepted.connect(lambda: self._dispatch_chosen(dialog))
        dialog.route_changed.connect(self._show_route)
        dialog.finished.connect(lambda _result: self.map.map.clear_route())
        self._show_route(dialog.route())
        dialog.destroyed.connect(lambda *_: setattr(self, "dispatch_dialog", None))
        self.dispatch_dialog = dialog
        dialog.open()
        return dialog

    def show_command_failed(self, op: str, error: dict) -> None:
        """Chinese reason in the status bar and in a non-modal message box.

        A conflict (another desk changed the incident first) shows the fresh incident the relay sent
        back; a busy worker on dispatch offers to dispatch anyway (force).
        """
        if error.get("code") == "E_BUSY" and op == "incident.dispatch" and error.get("request"):
            self.offer_force_dispatch(error)
            return
        if op in INLINE_ERROR_OPS:
            return  # the dock that sent it shows the refusal next to the form
        reason = error.get("zh") or error.get("en") or error.get("code", "")
        if error.get("code") == "E_CONFLICT" and isinstance(error.get("incident"), dict):
            fresh = Incident.from_dict(error["incident"])
            self._show_fresh(fresh)
            reason = conflict_reason(fresh, self.session.state)
        action = tr(METHOD_LABELS[op], "MainWindow") if op in METHOD_LABELS else op_label(op)
        text = self.tr("{action}失败：{reason}").format(action=action, reason=reason)
        self.status.showMessage(text, 15_000)
        if self._error_box is None:
            self._error_box = message_box(
                QMessageBox.Icon.Warning, self.tr("操作失败"), text, QMessageBox.StandardButton.Ok, self
            )
            self._error_box.setWindowModality(Qt.WindowModality.NonModal)
        self._error_box.setText(text)
        self._error_box.setInformativeText(error.get("code", ""))
        self._error_box.show()

    def _layout_key(self, key: str) -> str:
        """A saved layout per screen class: one arranged on a wide screen is not forced onto a 1366 px one."""
        wide = self.screen().availableGeometry().width() >= WIDE_SCREEN
        return key if wide else f"{key}_narrow"

    def save_layout(self) -> None:
        self.settings.setValue(self._layout_key(GEOMETRY_KEY), self.saveGeometry())
        self.settings.setValue(self._layout_key(STATE_KEY), self.saveState(LAYOUT_VERSION))
        self.settings.sync()

    def restore_layout(self) -> bool:
        geometry = self.settings.value(self._layout_key(GEOMETRY_KEY))
        state = self.settings.value(self._layout_key(STATE_KEY))
        ok = False
        if geometry is not None:
            ok = self.restoreGeometry(geometry)
        if state is not None:
            ok = self.restoreState(state, LAYOUT_VERSION) and ok
        return ok

    # --- slots ------------------------------------------------------------------------
    def _show_route(self, route: tuple | None) -> None:
        if route is None:
            self.map.map.clear_route()
        else:
            self.map.map.show_route(*route)

    def _dispatch_chosen(self, dialog: DispatchDialog) -> None:
        worker_id = dialog.chosen_worker_id()
        if worker_id:
            # the version the dialog showed: a dispatch chosen on stale data is refused (E_CONFLICT), not doubled
            args = {"incident": dialog.incident_id, "worker": worker_id, "version": dialog.version}
            self.incident_actions.send("incident.dispatch", {**args, "force": True} if dialog.force else args)

    # --- intake, menus, conflicts ---------------------------------------------------------
    def _build_intake_action(self) -> QAction:
        action = QAction(self)
        action.setObjectName("action_intake")
        action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        set_label(action, self.tr("接警"))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(self.open_intake)
        self.addAction(action)
        return action

    def _update_intake_action(self) -> None:
        allowed = self.session.state is not None and may(role_of(getattr(self.session, "role", "")),
                                                         "incident.report")
        offline = self.link.reason
        self.intake_action.setEnabled(allowed and not offline)
        if offline:
            self.intake_action.setToolTip(self.tr("接警 (F1)：{why}").format(why=offline))
        else:
            self.intake_action.setToolTip(self.tr("110 接警：录入新警情 (F1)") if allowed
                                          else self.tr("接警 (F1)：本角色不能录入警情或尚未连接"))

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("警情(&J)"))
        menu.setToolTipsVisible(True)
        menu.addAction(self.intake_action)
        menu.addSeparator()
        for key in PRIMARY:
            menu.addAction(self.incident_actions.actions[key])
        menu.addSeparator()
        for key in SECONDARY:
            menu.addAction(self.incident_actions.actions[key])
        menu.addSeparator()
        for key in CORRECTIONS:
            menu.addAction(self.incident_actions.actions[key])

    def _install_queue_menu(self) -> None:
        table = self.queue.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._show_queue_menu)

    def _show_queue_menu(self, pos) -> None:
        """Right-click in the queue: select the row under the mouse, then show the incident actions."""
        table = self.queue.table
        index = table.indexAt(pos)
        if index.isValid():
            table.selectRow(index.row())
        if self.queue_menu is not None:
            self.queue_menu.deleteLater()
        self.queue_menu = self.incident_actions.menu(self)
        self.queue_menu.popup(table.viewport().mapToGlobal(pos))

    def open_intake(self) -> IntakeDialog | None:
        """Open (or bring forward) the 110 intake form; submitting it sends ``incident.report`` (accepted by
        this desk when its role may 受理), Ctrl+Enter then opens the dispatch dialog (:class:`IntakeFlow`)."""
        if self.session.state is None:
            return None
        if self.intake_dialog is not None:
            self.intake_dialog.raise_()
            self.intake_dialog.activateWindow()
            return self.intake_dialog
        dialog = IntakeDialog(self.session.state, self, clock=self._clock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.intake_flow.submit(dialog.report_args(), dispatch=dialog.dispatch_after))
        dialog.incident_link.connect(self.select_incident)
        dialog.destroyed.connect(lambda *_: setattr(self, "intake_dialog", None))
        self.intake_dialog = dialog
        dialog.show()
        return dialog

    def _on_intake_reported(self, incident_id: str, dispatch: bool) -> None:
        """Our intake came back as an incident: select it, and for 提交并派遣 open the dispatch dialog."""
        self.select_incident(incident_id)
        if dispatch and self.incident_actions.availability()["dispatch"].enabled:
            self.open_dispatch_dialog(incident_id)

    def offer_force_dispatch(self, error: dict) -> QMessageBox:
        """The worker became busy before the relay got the dispatch: ask, then dispatch with force."""
        request = {k: v for k, v in error["request"].items() if k != "version"}
        text = self.tr("{reason}。仍然派遣（强制）？").format(reason=error.get("zh") or error.get("code", ""))
        if self.force_box is not None:
            self.force_box.close()
        box = message_box(QMessageBox.Icon.Question, self.tr("人员忙"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("强制派遣 (Enter)"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消 (Esc)"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: self.incident_actions.send("incident.dispatch", {**request, "force": True}))
        box.destroyed.connect(lambda *_: setattr(self, "force_box", None))
        self.force_box = box
        box.open()
        return box

    def _show_fresh(self, fresh: Incident) -> None:
        if fresh.id == self._selected:
            self.detail.show_fresh(fresh)

    def _on_alert_activated(self, kind: str, subject: str) -> None:
        """Double-click on an alert: select the incident it is about (workers and grids are on the map)."""
        state = self.session.state
        if state is not None and subject in state.incidents:
            self.select_incident(subject)

    # --- map panel (issue 3) ---------------------------------------------------------------
    def _connect_map(self) -> None:
        self.map.incident_clicked.connect(self.select_incident)
        self.map.dispatch_requested.connect(self._order_for_worker)
        self.map.call_requested.connect(lambda worker_id: self._call_worker(worker_id, "audio"))
        self.map.map.worker_card.video_requested.connect(lambda worker_id: self._call_worker(worker_id, "video"))
        self.map.map.grid_card.group_call_requested.connect(self._group_call)
        self.map.selection_changed.connect(self._on_map_selection)

    def _order_for_worker(self, worker_id: str) -> None:
        """派单 on the map's worker card: the 派单 dialog with that worker filled in."""
        dialog = self.orders_dock.widget().open_dialog()
        if dialog is not None:
            dialog.worker_edit.setText(worker_id)

    def _call_worker(self, worker_id: str, media: str) -> None:
        """视频 / 呼叫 on a worker (map card, worker list): the call shows on the video wall."""
        show_dock(self.calls_dock)
        self.calls.call_worker(worker_id, media)

    def _group_call(self, grid_code: str) -> None:
        """语音组呼 on the map's grid card."""
        show_dock(self.calls_dock)
        self.calls.group_call(grid_code)

    def _on_map_selection(self, workers: list, incidents: list) -> None:
        self.status.showMessage(
            self.tr("地图框选：网格员 {w} 名，警情 {i} 起").format(w=len(workers), i=len(incidents)), 10_000
        )

    def _on_connection(self, status: str, detail: str) -> None:
        self.status.set_connection(status, detail)
        # the role is only known once the relay has accepted the login
        self.status.set_account(getattr(self.session, "account", ""), getattr(self.session, "role", ""))
        self._update_intake_action()

    def _on_link(self) -> None:
        """Relay lost or back: write actions follow, and worker statuses are unknown meanwhile."""
        self.incident_actions.set_offline_reason(self.link.reason)
        self.workers.model.set_link_lost(self.link.offline)
        self.map.map.model.set_link_lost(self.link.offline)
        self.map.map.refresh_now()
        self._update_intake_action()

    def _on_events(self, events: list) -> None:
        self.status.add_events(len(events))

    def _on_state_reset(self, state) -> None:
        if self._selected and (state is None or self._selected not in state.incidents):
            self.select_incident(None)
        self._update_intake_action()

    def _on_counters(self, counts: dict) -> None:
        self.status.set_counters(counts)

    def _on_left_filter(self, left: bool) -> None:
        """The selected incident left the queue's rows: say so, and no F-key acts on an incident not listed."""
        self.detail.set_left_filter(left)
        self.incident_actions.set_incident(None if left else self._selected)

    def closeEvent(self, event) -> None:
        self.save_layout()
        self.map.people_bar.shutdown()
        super().closeEvent(event)
        self.closed.emit()
