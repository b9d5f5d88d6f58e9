"""``ReplayWindow``: the trainer's replay — the live console's map, queue, event log and detail on a
:class:`ReplaySession`, with the :class:`Timeline` under the map and the call recordings beside it.

Read-only throughout: the widgets are the live ones, but every command they try is refused by the
session (``E_READ_ONLY``, shown in the status bar). Bookmarks, the one thing a trainer writes, go
through a :class:`BookmarkChannel` on the trainer's live session.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat

import numpy as np
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStatusBar, QToolBar, QVBoxLayout, QWidget

from console.replay.fixes import Fixes
from console.ui import theme
from console.ui.event_log import EventLogView
from console.ui.incident_detail import IncidentDetail
from console.ui.map.map_panel import MapPanel
from console.ui.plain import PlainLabel
from console.ui.queue.view import IncidentQueueView
from console.ui.replay.bookmarks import BookmarkChannel, BookmarkDialog
from console.ui.replay.recordings import RecordingPanel
from console.ui.replay.session import ReplaySession
from console.ui.replay.timeline import Timeline
from console.ui.texts import fmt_time, op_label, tr

GEOMETRY_KEY = "replay/geometry"
STATE_KEY = "replay/state"
LAYOUT_VERSION = 1


def _ctx(text: str) -> str:
    return tr(text, "Replay")


def prime_tracks(panel: MapPanel, trail: Fixes) -> None:
    """Fill the map's track buffers with ``trail`` after a seek, so the tracks leading up to the replay
    time show instead of growing from nothing; each track ends at the worker's current fix (playback
    may have moved on while the trail loaded)."""
    m = panel.map
    idx = np.fromiter(map(m.table.index.get, trail.worker.tolist(), repeat(-1)), dtype=np.intp, count=len(trail))
    known = idx >= 0
    m.tracks.buffer.reset(len(m.table))
    if known.any():
        x, y = m.frame.to_xy(trail.lng[known], trail.lat[known])
        m.tracks.buffer.append(idx[known], x, y, trail.at[known])
    has = np.flatnonzero(m.table.has_fix())
    m.tracks.buffer.append(has, m.table.x[has], m.table.y[has], m.table.fix_at[has])


class ReplayWindow(QMainWindow):
    """Replay of one range; ``report`` (incident id → None) opens the printable incident report; ``fetch``
    brings a call recording from the relay (:class:`RecordingPanel`)."""

    closed = Signal()

    def __init__(self, session: ReplaySession, *, title: str = "", bookmarks: BookmarkChannel | None = None,
                 report: Callable[[str], None] | None = None, settings: QSettings | None = None,
                 fetch: Callable | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayWindow")
        self.setWindowTitle(_ctx("回放 · {title}").format(title=title) if title else _ctx("回放"))
        self.session = session
        self.bookmark_channel = bookmarks
        self._report = report
        self.settings = settings if settings is not None else QSettings()
        self._selected: str | None = None
        self.bookmark_dialog: BookmarkDialog | None = None
        self._follow = ""

        clock = session.now_ms
        self.map = MapPanel(session, settings=self.settings, clock=clock)
        self.map.draw_zone_action.setEnabled(False)  # zones are live data: not from a replay
        self.map.draw_zone_button.hide()
        session.trail_ms = min(session.trail_ms, self.map.map.tracks.buffer.window_ms)
        self.timeline = Timeline(session)
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.timeline)
        self.setCentralWidget(centre)
        for action in self.timeline.actions_list():
            self.addAction(action)

        self.queue = IncidentQueueView(session, clock=clock)
        self.detail = IncidentDetail(session, clock=clock)
        self.event_log = EventLogView(session)
        self.recordings = RecordingPanel(session, fetch=fetch)  # fetch: recordings made at other desks, from the relay
        area = Qt.DockWidgetArea
        self.queue_dock = self._dock("replayQueueDock", _ctx("警情队列"), self.queue, area.LeftDockWidgetArea)
        self.detail_dock = self._dock("replayDetailDock", _ctx("警情详情"), self.detail, area.RightDockWidgetArea)
        self.recordings_dock = self._dock("replayRecordingsDock", _ctx("通话录音"), self.recordings,
                                          area.RightDockWidgetArea)
        self.log_dock = self._dock("replayLogDock", _ctx("事件日志"), self.event_log, area.LeftDockWidgetArea)
        self.splitDockWidget(self.queue_dock, self.log_dock, Qt.Orientation.Vertical)
        self.splitDockWidget(self.detail_dock, self.recordings_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.queue_dock, self.detail_dock], [520, 420], Qt.Orientation.Horizontal)
        self.resizeDocks([self.queue_dock, self.log_dock], [520, 260], Qt.Orientation.Vertical)
        self.resizeDocks([self.detail_dock, self.recordings_dock], [700, 200], Qt.Orientation.Vertical)

        self.report_action = QAction(_ctx("警情报告"), self)
        self.report_action.setObjectName("replay_report")
        self.report_action.setShortcut(QKeySequence("Ctrl+P"))
        self.report_action.setToolTip(_ctx("所选警情的完整时间线报告，可预览并保存为 PDF (Ctrl+P)"))
        self.report_action.triggered.connect(self.open_report)
        self.addAction(self.report_action)
        self._build_toolbar()
        self.status = QStatusBar(self)
        self.setStatusBar(self.status)
        self.read_only_label = PlainLabel(
            _ctx("回放 · 只读 · {account}（教官）").format(account=session.account or "—"))
        self.read_only_label.setStyleSheet(f"color: {theme.TEXT_DIM};")
        self.status.addPermanentWidget(self.read_only_label)

        self.queue.incident_selected.connect(self.select_incident)
        self.map.incident_clicked.connect(self.select_incident)
        self.detail.incident_link_activated.connect(self.select_incident)
        self.map.dispatch_requested.connect(lambda wid: session.command("order.issue", {"worker": wid}))
        self.map.call_requested.connect(lambda wid: session.command("call.dial", {"worker": wid}))
        self.timeline.bookmark_requested.connect(self.add_bookmark)
        session.trail_loaded.connect(lambda trail: prime_tracks(self.map, trail))
        session.history_loaded.connect(self._show_history)
        session.command_failed.connect(self._on_refused)
        session.state_reset.connect(self._on_state_reset)
        session.events_applied.connect(lambda _events: self._select_followed())
        session.fixes_applied.connect(self._show_fixes)
        session.connection_changed.connect(self._on_connection)
        if bookmarks is not None:
            bookmarks.changed.connect(self._on_bookmarks)
            bookmarks.failed.connect(lambda reason: self.status.showMessage(
                _ctx("书签未保存：{reason}").format(reason=reason), 15_000))
        else:
            self.timeline.bookmark_action.setEnabled(False)
            self.timeline.bookmark_action.setToolTip(_ctx("未连接中继，不能添加书签"))
        self._update_report_action()
        self.restore_layout()

    # --- construction -----------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _build_toolbar(self) -> None:
        bar = QToolBar(_ctx("回放"), self)
        bar.setObjectName("replayToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        badge = PlainLabel(_ctx(" 回放 · 只读 "))
        badge.setStyleSheet("color: #14181d; background: #f2d024; border-radius: 3px; font-weight: bold;"
                            " padding: 2px 6px;")
        badge.setToolTip(_ctx("回放不能发出任何指令；书签经中继保存并共享"))
        bar.addWidget(badge)
        bar.addSeparator()
        bar.addAction(self.report_action)
        bar.addSeparator()
        for dock in (self.queue_dock, self.log_dock, self.detail_dock, self.recordings_dock):
            bar.addAction(dock.toggleViewAction())
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    # --- public API -------------------------------------------------------------------
    def select_incident(self, incident_id: str | None) -> None:
        """Select an incident in the queue, on the map and in the detail panel."""
        if incident_id == self._selected:
            return
        self._selected = incident_id
        self.queue.select_incident(incident_id)
        self.map.select_incident(incident_id)
        self.detail.show_incident(incident_id)
        self._update_report_action()

    def selected_incident(self) -> str | None:
        return self._selected

    def follow_incident(self, incident_id: str) -> None:
        """Select ``incident_id`` as soon as the replayed state holds it (an incident's own replay)."""
        self._follow = incident_id

    def _select_followed(self) -> None:
        state = self.session.state
        if self._follow and state is not None and self._follow in state.incidents:
            self.select_incident(self._follow)
            self._follow = ""

    def add_bookmark(self, at_ms: int) -> BookmarkDialog | None:
        """Ask for a note and send the bookmark at ``at_ms`` through the relay (linked to the selection)."""
        if self.bookmark_channel is None:
            return None
        self.session.pause()
        if self.bookmark_dialog is not None:
            self.bookmark_dialog.close()
        dialog = BookmarkDialog(at_ms, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        incident = self._selected or ""
        dialog.accepted.connect(lambda: self.bookmark_channel.add(at_ms, dialog.text(), incident))
        dialog.destroyed.connect(lambda *_: setattr(self, "bookmark_dialog", None))
        self.bookmark_dialog = dialog
        dialog.open()
        return dialog

    def open_report(self) -> None:
        """The printable timeline report of the selected incident."""
        if self._report is not None and self._selected:
            self._report(self._selected)

    def save_layout(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState(LAYOUT_VERSION))

    def restore_layout(self) -> bool:
        geometry, state = self.settings.value(GEOMETRY_KEY), self.settings.value(STATE_KEY)
        ok = geometry is not None and self.restoreGeometry(geometry)
        return (state is not None and self.restoreState(state, LAYOUT_VERSION)) and ok

    # --- slots ------------------------------------------------------------------------
    def _update_report_action(self) -> None:
        enabled = self._report is not None and bool(self._selected)
        self.report_action.setEnabled(enabled)

    def _on_bookmarks(self, bookmarks: list[dict]) -> None:
        inside = [b for b in bookmarks if self.session.start_ms <= b["at"] <= self.session.end_ms]
        self.session.set_bookmarks(inside)

    def _show_history(self, events: list) -> None:
        """After a seek the event log lists what happened just before the replay time."""
        self.event_log.model.clear()
        self.event_log.model.add(self.session.state, events)

    def _show_fixes(self, fixes: Fixes) -> None:
        """A tick's positions are counted in the event log (never listed); the map has them from the change set."""
        self.event_log.count_positions(len(fixes))

    def _on_refused(self, op: str, error: dict) -> None:
        action = op_label(op)
        self.status.showMessage(_ctx("回放只读，不能{action}").format(action=action), 8_000)

    def _on_state_reset(self, state) -> None:
        if self._selected and (state is None or self._selected not in state.incidents):
            self.select_incident(None)
        self._select_followed()
        self.status.showMessage(_ctx("已定位到 {t}").format(t=fmt_time(self.session.t, with_date=True)), 3_000)

    def _on_connection(self, status: str, detail: str) -> None:
        if status == "error":
            self.status.showMessage(_ctx("回放数据读取失败：{detail}").format(detail=detail), 30_000)

    def closeEvent(self, event) -> None:
        self.save_layout()
        self.session.close()
        self.recordings.player.stop()
        self.recordings.cancel_fetch()
        super().closeEvent(event)
        self.closed.emit()
