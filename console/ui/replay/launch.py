"""The main window's 回放 entry: the range picker, replay windows, incident reports, the trainer's console.

:class:`ReplayLauncher` adds a 回放 menu (回放… Ctrl+Shift+R, 警情报告 Ctrl+Shift+P) and a 报告 button in
the incident detail panel. When the logged-in role is trainer the live console loses every write
action (:func:`lock_for_trainer`) and a replay of today so far opens by itself. History is read through
the console's relay session (queries), or from the database when the console was given one (``--db``);
bookmarks go through the trainer's live session.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolButton

from console import config
from console.domain import station_time
from console.domain.calls import recording_part
from console.domain.clock import now_ms
from console.domain.workers import Role
from console.reports.incident_report import IncidentReport, build_incident_report
from console.services.recording_fetch import fetch_recording
from console.ui.actions.availability import may, role_of
from console.ui.history_source import history_factory
from console.ui.replay.bookmarks import BookmarkChannel
from console.ui.replay.loader import Loader
from console.ui.replay.range_dialog import RangeChoice, RangeDialog
from console.ui.replay.report_view import ReportPreview, open_report
from console.ui.replay.session import ReplaySession
from console.ui.replay.window import ReplayWindow
from console.ui.texts import fmt_time, tr

SHORTCUT = "Ctrl+Shift+R"
REPORT_SHORTCUT = "Ctrl+Shift+P"


def _ctx(text: str) -> str:
    return tr(text, "Replay")


def resolve_range(history, choice: RangeChoice, now_ms: int) -> tuple[int, int, str]:
    """``(start_ms, end_ms, incident)`` for a choice, the end clipped to now."""
    from console.replay import day_range, shift_range

    if choice.kind == "incident":
        start, end = history.incident_range(choice.incident)
    elif choice.kind == "shift":
        start, end = shift_range(choice.day, choice.shift)
    else:
        start, end = day_range(choice.day)
    return int(start), int(min(end, max(now_ms, start + 1))), choice.incident


def load_replay(history, choice: RangeChoice, now_ms: int) -> tuple:
    """``(replay, start, end, incident)`` for a choice (reads the log: run it on a loader thread)."""
    start, end, incident = resolve_range(history, choice, now_ms)
    return history.replay(start, end, incident or None), start, end, incident


def incident_report(history, incident_id: str) -> IncidentReport:
    """One incident's report from its whole recorded range."""
    start, end, _ = resolve_range(history, RangeChoice("incident", station_time.today(), incident=incident_id),
                                  now_ms())
    return build_incident_report(history.replay(start, end, incident_id), incident_id, end)


def shifts() -> list[tuple[str, str]]:
    """The shifts the engine knows, as ``(key, label)``."""
    from console.replay.ranges import SHIFTS

    return [(key, f"{label}（{hour:02d}:00 起 {hours} 小时）") for key, (label, hour, hours) in SHIFTS.items()]


def lock_for_trainer(window: QMainWindow) -> None:
    """A trainer's live console shows no write action: incident actions, 接警, and the work docks go."""
    for action in (*window.incident_actions.actions.values(), window.intake_action):
        action.setVisible(False)
        action.setEnabled(False)
    buttons = window.findChild(QToolButton, "moreActionsButton")
    if buttons is not None:
        buttons.hide()
    if window.detail.action_buttons is not None:
        window.detail.action_buttons.hide()
    for name in ("orders_dock", "review_dock", "calls_dock"):
        dock = getattr(window, name, None)
        if dock is not None:
            dock.hide()
            dock.toggleViewAction().setVisible(False)
    window.map.draw_zone_action.setEnabled(False)
    window.map.draw_zone_button.hide()


class ReplayLauncher(QObject):
    """Owns the replay windows and report previews opened from one main window."""

    def __init__(self, window: QMainWindow, session, store_factory: Callable | None = None,
                 db_url: str | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.store_factory = store_factory or history_factory(session, db_url)  # makes the history source
        self._store = None
        self.windows: list[ReplayWindow] = []
        self.picker: RangeDialog | None = None
        self.preview: ReportPreview | None = None
        self._trainer_started = False
        self._loader = Loader(self)
        self._loader.finished.connect(self._on_loaded)
        self.action = self._action("action_replay", _ctx("回放…"), SHORTCUT,
                                   _ctx("回放一起警情、一个班次或一整天 ({key})"), self.open_picker)
        self.report_action = self._action("action_incident_report", _ctx("警情报告"), REPORT_SHORTCUT,
                                          _ctx("所选警情的完整时间线报告 ({key})"), self.report_selected)
        menu = window.menuBar().addMenu(_ctx("回放(&R)"))
        menu.setToolTipsVisible(True)
        menu.addAction(self.action)
        menu.addAction(self.report_action)
        button = QToolButton()
        button.setObjectName("incidentReportButton")
        button.setDefaultAction(self.report_action)
        button.setText(_ctx("报告"))
        window.detail.head.addWidget(button)
        session.connection_changed.connect(self._on_connection)
        if hasattr(window, "closed"):
            window.closed.connect(self.close)

    # --- public API -------------------------------------------------------------------
    def store(self):
        if self._store is None:
            self._store = self.store_factory()
        return self._store

    def open_picker(self) -> RangeDialog:
        """Ask which range to replay; accepting it loads and opens the replay."""
        if self.picker is not None:
            self.picker.close()
        state = self.session.state
        incidents = list(state.incidents) if state is not None else []
        picker = RangeDialog(shifts(), incidents, self.window)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.window.selected_incident():
            picker.incident_edit.setText(self.window.selected_incident())
        picker.accepted.connect(lambda: self.open_choice(picker.choice()))
        picker.destroyed.connect(lambda *_: setattr(self, "picker", None))
        self.picker = picker
        picker.open()
        return picker

    def open_choice(self, choice: RangeChoice) -> None:
        """Load the replay of ``choice`` off the GUI thread, then open its window."""
        self._loader.submit("range", 0, load_replay, self.store(), choice, now_ms())

    def open_window(self, replay, start: int, end: int, incident: str = "") -> ReplayWindow:
        """A replay window for ``replay`` over ``[start, end]`` (an incident's own replay selects it)."""
        session = ReplaySession(replay, start, end, account=getattr(self.session, "account", ""))
        channel = None
        if may(role_of(getattr(self.session, "role", "")), "replay.bookmark_add"):
            channel = BookmarkChannel(self.session, session)
        title = incident or f"{fmt_time(start, with_date=True)} — {fmt_time(end, with_date=True)}"
        window = ReplayWindow(session, title=title, bookmarks=channel, report=self.report, fetch=self._fetcher())
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: self.windows.remove(window) if window in self.windows else None)
        self.windows.append(window)
        if incident:
            window.follow_incident(incident)
        session.start()
        window.resize(1500, 950)
        window.show()
        return window

    def report(self, incident_id: str) -> ReportPreview:
        """Preview (and save) the printable timeline report of ``incident_id``."""
        store = self.store()
        if self.preview is not None:
            self.preview.close()
        self.preview = open_report(self.window, incident_id, lambda: incident_report(store, incident_id))
        self.preview.destroyed.connect(lambda *_: setattr(self, "preview", None))
        return self.preview

    def report_selected(self) -> ReportPreview | None:
        incident = self.window.selected_incident()
        return self.report(incident) if incident else None

    def close(self) -> None:
        for window in list(self.windows):
            window.close()
        self._loader.close()
        if self._store is not None:
            self._store.dispose()

    # --- internals --------------------------------------------------------------------
    def _fetcher(self) -> Callable | None:
        """Recordings made at other desks come from the relay's store through the live session."""
        client = getattr(self.session, "client", None)
        if client is None:
            return None
        cache = config.recording_cache_dir()
        return lambda rec, progress: fetch_recording(
            client, rec["call"], recording_part(rec["call"], rec.get("file", "")), cache, rec["started_at"],
            progress=progress)

    def _action(self, name: str, text: str, key: str, tip: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip.format(key=key))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _on_loaded(self, kind: str, _token: int, result, error) -> None:
        if error is not None:
            reason = getattr(error, "zh", "") or str(error)
            self.window.statusBar().showMessage(_ctx("不能回放：{reason}").format(reason=reason), 15_000)
            return
        self.open_window(*result)

    def _on_connection(self, status: str, _detail: str) -> None:
        if status != "connected" or self._trainer_started or role_of(self.session.role) is not Role.TRAINER:
            return
        self._trainer_started = True
        lock_for_trainer(self.window)
        self.open_choice(RangeChoice("day", station_time.today()))
