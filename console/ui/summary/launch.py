"""The main window's 日报 / 考核 entry: a menu action (Ctrl+D) that opens the summary as its own window,
opened by itself once when a station chief (值班长) logs in."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from console.domain.errors import DomainError
from console.domain.workers import Role
from console.services.analysis_push import plan
from console.ui.actions.availability import role_of
from console.ui.history_source import summary_factory
from console.ui.review.access import may
from console.ui.summary.analysis_view import AnalysisView
from console.ui.summary.period_view import AssessmentView
from console.ui.summary.report_push import ReportPush
from console.ui.summary.view import SummaryView
from console.ui.texts import tr

SHORTCUT = "Ctrl+D"
PERIOD_SHORTCUT = "Ctrl+Shift+D"
ANALYSIS_SHORTCUT = "Ctrl+Shift+J"


class SummaryLauncher(QObject):
    """Owns the summary window of one main window; ``source_factory`` makes its data source (by default
    through the console's relay session, or from the database at ``db_url``)."""

    def __init__(self, window: QMainWindow, session, source_factory=None, db_url: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.source_factory = source_factory or summary_factory(session, db_url)
        self.view: SummaryView | None = None
        self.period_view: AssessmentView | None = None
        self.analysis_view: AnalysisView | None = None
        self.report_push: ReportPush | None = None
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
        self.period_action = QAction(tr("周期考核 / 四级管理", "Summary"), window)
        self.period_action.setObjectName("action_assessment")
        self.period_action.setShortcut(QKeySequence(PERIOD_SHORTCUT))
        self.period_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.period_action.setToolTip(tr("周、月、季度、年度考核与排名，网格→社区→街道→区 ({key})", "Summary")
                                      .format(key=PERIOD_SHORTCUT))
        self.period_action.triggered.connect(self.open_periods)
        window.addAction(self.period_action)
        menu.addAction(self.period_action)
        self.analysis_action = QAction(tr("研判", "Summary"), window)
        self.analysis_action.setObjectName("action_analysis")
        self.analysis_action.setShortcut(QKeySequence(ANALYSIS_SHORTCUT))
        self.analysis_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.analysis_action.setToolTip(tr("高发网格、重复地址、时段分布、调处分级与预警处置 ({key})", "Summary")
                                        .format(key=ANALYSIS_SHORTCUT))
        self.analysis_action.triggered.connect(self.open_analysis)
        window.addAction(self.analysis_action)
        menu.addAction(self.analysis_action)
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

    def open_periods(self) -> AssessmentView:
        """Show (or bring forward) the period assessment window."""
        if self.period_view is None:
            view = AssessmentView(self.source_factory(), parent=self.window)
            view.setWindowFlag(Qt.WindowType.Window)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.resize(1400, 900)
            view.destroyed.connect(lambda *_: setattr(self, "period_view", None))
            self.period_view = view
        self.period_view.show()
        self.period_view.raise_()
        self.period_view.activateWindow()
        return self.period_view

    def open_analysis(self) -> AnalysisView:
        """Show (or bring forward) the 研判 window; a hot grid clicked there is shown on the map."""
        if self.analysis_view is None:
            state = getattr(self.session, "state", None)
            stations = state.district.stations if state is not None else []
            view = AnalysisView(self.source_factory(), station_code=stations[0].code if stations else "",
                                parent=self.window)
            view.setWindowFlag(Qt.WindowType.Window)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            view.resize(1400, 800)
            view.grid_activated.connect(self._show_grid)
            view.may_push = may(self.session, "notice.send")
            view.push_requested.connect(self._push)
            view.destroyed.connect(lambda *_: setattr(self, "analysis_view", None))
            self.analysis_view = view
        self.analysis_view.show()
        self.analysis_view.raise_()
        self.analysis_view.activateWindow()
        return self.analysis_view

    def _push(self, text: str, station_code: str) -> None:
        """信息推送 of the 研判 to every 警格 of the station (or everyone for the district): with the report's
        PDF through a live relay session, the findings alone otherwise."""
        state = getattr(self.session, "state", None)
        view = self.analysis_view
        if state is None or view is None:
            return
        if getattr(self.session, "client", None) is not None and view.analysis is not None:
            if self.report_push is None:
                self.report_push = ReportPush(self.session, self)
                self.report_push.progress.connect(self._push_progress)
            self.report_push.start(view.analysis, text, station_code)
            return
        try:
            notices = plan(state, station_code, "", text)
        except DomainError as refused:
            view.status.setText(tr("推送失败：{reason}", "Summary").format(reason=refused.zh))
            return
        for notice in notices:
            self.session.command("notice.send", notice.args)
        view.status.setText(tr("已推送研判要点", "Summary"))

    def _push_progress(self, text: str, done: bool) -> None:
        if self.analysis_view is not None:
            self.analysis_view.status.setText(text)
            self.analysis_view.push_button.setEnabled(done)

    def _show_grid(self, grid_code: str) -> None:
        map_panel = getattr(self.window, "map", None)
        if map_panel is not None:
            map_panel.map.show_grid_card(grid_code)

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
        for view in (self.view, self.period_view, self.analysis_view):
            if view is not None:
                view.close()
