"""``VideoWall``: the call-up panel — 1 / 4 / 9 video tiles, a grid's group voice call, incoming calls.

The wall follows ``State.calls`` through :class:`CallBook` (events, not guesses) and asks the
``CallService`` to dial, answer, hang up and push-to-talk. Frames go straight from each call's
``CallMedia`` to its tile; the wall lays out tiles only when calls come and go or the layout changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain import events as ev
from console.domain.clock import now_ms
from console.ui.calls.book import LINGER_MS, CallBook, WallEntry, calls_of, on_duty_members
from console.ui.calls.group import GroupCallPanel
from console.ui.calls.incoming import IncomingCallBar
from console.ui.calls.status import call_look, media_label, refusal_look
from console.ui.calls.tile import VideoTile
from console.ui.plain import PlainLabel, menu_text
from console.ui.texts import tr

LAYOUTS = (1, 4, 9)
WALL_QSS = "QToolButton#wallLayout:checked { background: #1c4a78; border-color: #4a9eff; color: #ffffff; }"
MEDIA_STATES = {"new": "媒体准备中", "connecting": "媒体连接中", "failed": "媒体连接失败", "closed": "媒体已关闭",
                "disconnected": "媒体中断"}
SKIP_CODES = {"busy": "E_BUSY", "unreachable": "E_UNREACHABLE"}  # call.ringing's skipped reasons as dial refusals


class _Feed(QObject):
    """Carries one call's media signals to whatever tile shows that call (slots run on the GUI thread)."""

    def __init__(self, wall: VideoWall, call_id: str) -> None:
        super().__init__(wall)
        self._wall, self.call_id = wall, call_id

    @Slot(QImage)
    def on_frame(self, image: QImage) -> None:
        tile = self._wall.tile_of(self.call_id)
        if tile is not None:
            tile.set_frame(image)

    @Slot(dict)
    def on_stats(self, stats: dict) -> None:
        tile = self._wall.tile_of(self.call_id)
        if tile is not None:
            tile.set_stats(stats)

    @Slot(str)
    def on_state(self, state: str) -> None:
        tile = self._wall.tile_of(self.call_id)
        if tile is not None:
            tile.set_media_state(tr(MEDIA_STATES[state], "Calls") if state in MEDIA_STATES else "")


class VideoWall(QWidget):
    """Calls on tiles; the buttons and keys a dispatcher needs for them.

    Keys while the wall has focus: hold Space to talk into the group call, Alt+1 / Alt+4 / Alt+9 layout.
    """

    message = Signal(str)  # a notice for the status bar (also shown on the wall)
    ringing_in = Signal(str)  # a worker is calling the desk (call id)
    incoming_changed = Signal(int)  # how many calls to the desk are ringing here, when that changes

    def __init__(self, session, service=None, parent: QWidget | None = None, *,
                 clock: Callable[[], int] = now_ms, linger_ms: int = LINGER_MS) -> None:
        super().__init__(parent)
        self.setObjectName("videoWall")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setStyleSheet(WALL_QSS)
        self.session = session
        self.service = None
        self._clock = clock
        self.book = CallBook(session.account, linger_ms)
        self.layout_size = 4
        self.enlarged: str | None = None
        self.talking = False
        self._shown: list[str | None] = []  # call id per visible tile
        self._feeds: dict[str, _Feed] = {}
        self._muted: set[str] = set()  # calls whose far end is silenced (survives a move to another tile)
        self._incoming: dict[str, IncomingCallBar] = {}

        self.tiles = [VideoTile(self) for _ in range(max(LAYOUTS))]
        for tile in self.tiles:
            tile.hangup_requested.connect(self.hangup)
            tile.enlarge_requested.connect(self.toggle_enlarge)
            tile.mute_toggled.connect(self._mute)
        self.group_panel = GroupCallPanel(self)
        self.group_panel.ptt_changed.connect(self.set_talking)
        self.group_panel.hangup_requested.connect(self.hangup)
        self.group_panel.hide()
        self._grid = QGridLayout()
        self._grid.setSpacing(3)
        self._incoming_box = QVBoxLayout()
        self._incoming_box.setSpacing(3)
        self.notice = PlainLabel()
        self.notice.setObjectName("wallNotice")
        self.notice.setStyleSheet("color: #ffb454;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._build_bar())
        layout.addLayout(self._incoming_box)
        layout.addLayout(self._grid, 1)
        layout.addWidget(self.group_panel)

        self._timer = QTimer(self)  # call timers and lingering ends: once a second is plenty
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        session.events_applied.connect(self._on_events)
        session.state_reset.connect(lambda _state: self.refresh())
        session.command_failed.connect(self._on_command_failed)
        if service is not None:
            self.set_service(service)
        self._relayout()
        self.refresh()

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.layout_buttons: dict[int, QToolButton] = {}
        for n, key in zip(LAYOUTS, ("Alt+1", "Alt+4", "Alt+9"), strict=True):
            action = QAction(tr("{n} 画面", "Calls").format(n=n), self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(tr("视频墙 {n} 画面 ({key})", "Calls").format(n=n, key=key))
            action.triggered.connect(lambda _checked=False, n=n: self.set_layout(n))
            self.addAction(action)
            button = QToolButton()
            button.setObjectName("wallLayout")
            button.setDefaultAction(action)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.layout_buttons[n] = button
            bar.addWidget(button)
        self.group_button = QToolButton()
        self.group_button.setText(tr("语音组呼", "Calls"))
        self.group_button.setToolTip(tr("呼叫一个网格全部在岗人员（按住空格讲话）", "Calls"))
        self.group_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.group_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.group_menu = QMenu(self.group_button)
        self.group_menu.aboutToShow.connect(self._fill_group_menu)
        self.group_button.setMenu(self.group_menu)
        self.count_label = PlainLabel()
        bar.addWidget(self.group_button)
        bar.addSpacing(8)
        bar.addWidget(self.count_label)
        bar.addWidget(self.notice, 1)
        return bar

    # --- public API ---------------------------------------------------------------------------
    def set_service(self, service) -> None:
        """Attach the ``CallService`` once the media engine is up; media of its calls reaches the tiles."""
        self.service = service
        service.media_added.connect(self.bind_media)

    def call_worker(self, worker_id: str, media: str = "video") -> str | None:
        """Dial one worker (``media`` ``video`` or ``audio``); the tile shows 呼叫中 at once."""
        state = self.session.state
        if state is None or worker_id not in state.workers:
            return None
        if self.service is None:
            self._notify(tr("通话服务未启动，无法呼叫", "Calls"))
            return None
        now = self._clock()
        if self.book.live_tiles(calls_of(state), now) >= max(LAYOUTS):
            self._notify(tr("视频墙已满（最多 9 路），请先挂断一路", "Calls"))
            return None
        call_id = self.service.dial([worker_id], media)
        self.book.dialled(call_id, [worker_id], media, now)
        self.refresh()
        return call_id

    def group_call(self, grid_code: str) -> str | None:
        """Voice call to every on-duty worker of ``grid_code``."""
        state = self.session.state
        if state is None:
            return None
        members = on_duty_members(state, grid_code)
        if not members:
            self._notify(tr("该网格当前没有在岗人员", "Calls"))
            return None
        if self.service is None:
            self._notify(tr("通话服务未启动，无法呼叫", "Calls"))
            return None
        call_id = self.service.group_call(grid_code)
        if call_id is None:
            return None
        self.book.dialled(call_id, members, "audio", self._clock(), grid_code)
        self.refresh()
        return call_id

    def hangup(self, call_id: str) -> None:
        if self.service is not None:
            self.service.hangup(call_id)

    def accept(self, call_id: str) -> None:
        """接听 a worker's call to the desk."""
        call = calls_of(self.session.state).get(call_id)
        if call is None or self.service is None:
            return
        self.service.accept(call_id)
        self.book.answered(call, self._clock())
        self.refresh()

    def decline(self, call_id: str) -> None:
        if self.service is not None:
            self.service.decline(call_id)

    def set_layout(self, n: int) -> None:
        """1, 4 or 9 tiles; leaves an enlarged tile."""
        self.layout_size = n
        self.enlarged = None
        self._relayout()

    def toggle_enlarge(self, call_id: str) -> None:
        """Show only this call's tile, or go back to the layout."""
        self.enlarged = None if self.enlarged == call_id else call_id
        self._relayout()

    def set_talking(self, on: bool) -> None:
        """Push-to-talk into the live group call."""
        entry = self.book.group_entry()
        look = self.book.look(entry, calls_of(self.session.state), self._clock()) if entry is not None else None
        on = on and look is not None and look.live
        if on == self.talking:
            return
        self.talking = on
        if self.service is not None:
            self.service.push_to_talk(on)
        self.group_panel.set_talking(on)

    def tile_of(self, call_id: str) -> VideoTile | None:
        """The visible tile showing ``call_id``, if any."""
        for tile, shown in zip(self.tiles, self._shown, strict=False):
            if shown == call_id:
                return tile
        return None

    @Slot(str, object)
    def bind_media(self, call_id: str, media) -> None:
        """Route a call's ``CallMedia`` (``frame``, ``stats``, ``state`` signals) to its tile."""
        feed = self._feeds.pop(call_id, None)
        if feed is not None:
            feed.deleteLater()
        feed = self._feeds[call_id] = _Feed(self, call_id)
        media.frame.connect(feed.on_frame)
        media.stats.connect(feed.on_stats)
        media.state.connect(feed.on_state)

    # --- following the state -------------------------------------------------------------------
    def _on_events(self, events: list) -> None:
        if any(e.type in ev.CALL_EVENTS for e in events):
            self.refresh()

    def _on_command_failed(self, op: str, error: dict) -> None:
        if op != "call.dial":
            return
        call_id = error.get("request", {}).get("call", "")
        if self.book.refused(call_id, error.get("code", ""), error.get("zh") or "", self._clock()):
            self.refresh()

    def refresh(self) -> None:
        """Bring tiles, group panel and incoming bars up to date with the state and the clock."""
        state = self.session.state
        calls, now = calls_of(state), self._clock()
        self.book.sync(calls, now)
        entries = self.book.tiles()
        ids = [e.call_id for e in entries]
        for call_id in [c for c in self._feeds if c not in self.book.entries]:
            self._feeds.pop(call_id).deleteLater()
        self._muted &= set(self.book.entries)
        if self.enlarged not in ids:
            self.enlarged = None
        while len(ids) > self.layout_size and self.layout_size < max(LAYOUTS):  # auto-grow
            self.layout_size = LAYOUTS[LAYOUTS.index(self.layout_size) + 1]
        if self._wanted(ids) != self._shown:
            self._relayout()
        for entry in entries:
            tile = self.tile_of(entry.call_id)
            if tile is not None:
                tile.set_look(self.book.look(entry, calls, now))
        self._refresh_group(calls, now)
        self._refresh_incoming(calls, now)
        live = self.book.live_tiles(calls, now)
        self.count_label.setText(tr("通话 {n} 路", "Calls").format(n=live) if live else tr("无通话", "Calls"))

    def _wanted(self, ids: list[str]) -> list[str | None]:
        """Call id per visible tile for the current layout (None for an empty one)."""
        if self.enlarged is not None:
            return [self.enlarged]
        return (ids + [None] * self.layout_size)[: self.layout_size]

    def _relayout(self) -> None:
        ids = [e.call_id for e in self.book.tiles()]
        wanted = self._wanted(ids)
        for button_n, button in self.layout_buttons.items():
            button.defaultAction().setChecked(button_n == self.layout_size and self.enlarged is None)
        while self._grid.count():
            self._grid.takeAt(0)
        cols = {1: 1, 4: 2, 9: 3}[len(wanted)] if len(wanted) in (1, 4, 9) else 1
        for i, tile in enumerate(self.tiles):
            if i >= len(wanted):
                tile.hide()
                continue
            call_id = wanted[i]
            if call_id is None:
                tile.clear()
            elif tile.call_id != call_id:
                entry = self.book.entries[call_id]
                tile.bind(call_id, *self._titles(entry), video=entry.media == "video", muted=call_id in self._muted)
            tile.set_enlarged(self.enlarged is not None)
            self._grid.addWidget(tile, i // cols, i % cols)
            tile.show()
        self._shown = wanted

    def _titles(self, entry: WallEntry) -> tuple[str, str]:
        state = self.session.state
        worker = state.workers.get(entry.worker) if state is not None else None
        if worker is None:
            return entry.worker, media_label(entry.media)
        grid = next((g for g in state.district.grids if g.code == worker.grid_code), None)
        where = f"{grid.name} {grid.code[-3:]}" if grid is not None else worker.grid_code
        return worker.name, f"{where} · {media_label(entry.media)}"

    def _refresh_group(self, calls: dict, now: int) -> None:
        entry = self.book.group_entry()
        if entry is None:
            self.set_talking(False)
            self.group_panel.hide()
            return
        state = self.session.state
        look = self.book.look(entry, calls, now)
        call = calls.get(entry.call_id)
        members = list(call["parties"]) if call is not None else list(entry.members)
        rows = []
        for wid in members:
            worker = state.workers.get(wid) if state is not None else None
            member_look = look if call is None or entry.refusal else call_look(call, wid, now)
            rows.append((worker.name if worker is not None else wid, member_look))
        for wid, why in (call.get("skipped", {}) if call is not None else {}).items():  # not rung: busy/unreachable
            worker = state.workers.get(wid) if state is not None else None
            rows.append((worker.name if worker is not None else wid, refusal_look(SKIP_CODES.get(why, ""))))
        grid = next((g for g in state.district.grids if g.code == entry.group), None) if state else None
        title = tr("语音组呼：{grid}（{n} 人）", "Calls").format(grid=grid.name if grid else entry.group, n=len(rows))
        self.group_panel.show_call(entry.call_id, title, look, rows)
        self.group_panel.show()
        if not look.live:
            self.set_talking(False)

    def _refresh_incoming(self, calls: dict, now: int) -> None:
        ringing = {c["id"]: c for c in self.book.incoming(calls)}
        changed = ringing.keys() != self._incoming.keys()
        for call_id in [c for c in self._incoming if c not in ringing]:
            bar = self._incoming.pop(call_id)
            self._incoming_box.removeWidget(bar)
            bar.deleteLater()
        state = self.session.state
        for call_id, call in ringing.items():
            bar = self._incoming.get(call_id)
            if bar is None:
                bar = self._incoming[call_id] = IncomingCallBar(call_id, self)
                bar.accept_requested.connect(self.accept)
                bar.decline_requested.connect(self.decline)
                self._incoming_box.addWidget(bar)
                self.ringing_in.emit(call_id)
            worker = state.workers.get(call["caller_party"]) if state is not None else None
            who = f"{worker.name} {worker.grid_code[-3:]}" if worker is not None else call["caller_party"]
            rang = tr("{n}秒", "Calls").format(n=max(0, (now - call["started_at"]) // 1000))
            bar.show_text(who, media_label(call["media"]), rang)
        if changed:
            self.incoming_changed.emit(len(ringing))

    def _fill_group_menu(self) -> None:
        """One entry per grid with its on-duty count; grids with nobody on duty are greyed out."""
        self.group_menu.clear()
        state = self.session.state
        for grid in state.district.grids if state is not None else ():
            n = len(on_duty_members(state, grid.code))
            text = tr("{code} {name}（在岗 {n} 人）", "Calls").format(code=grid.code[-3:], name=grid.name, n=n)
            action = self.group_menu.addAction(menu_text(text))
            action.setEnabled(n > 0 and self.service is not None)
            action.triggered.connect(lambda _checked=False, code=grid.code: self.group_call(code))

    def _mute(self, call_id: str, on: bool) -> None:
        if on:
            self._muted.add(call_id)
        else:
            self._muted.discard(call_id)
        if self.service is not None:
            self.service.mute(call_id, on)

    def _notify(self, text: str) -> None:
        self.notice.setText(text)
        self.message.emit(text)

    # --- push-to-talk keys -----------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self.set_talking(True)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self.set_talking(False)
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self.set_talking(False)  # never leave the microphone open behind the dispatcher's back
        super().focusOutEvent(event)
