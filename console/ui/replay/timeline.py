"""``Timeline``: the replay transport — time axis, play/pause, step, speed and the current time.

It takes a :class:`~console.ui.replay.session.ReplaySession` and only calls its playback methods
(seek, play, pause, step, set_speed); bookmarks are asked for with :attr:`bookmark_requested` and
added by the window, which owns the connection to the relay.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from console.ui import theme
from console.ui.plain import PlainLabel
from console.ui.replay.axis import TimeAxis
from console.ui.replay.session import SPEEDS, ReplaySession
from console.ui.texts import fmt_time, tr


def _ctx(text: str) -> str:
    return tr(text, "Replay")


class Timeline(QWidget):
    """Transport bar plus :class:`TimeAxis` for ``session``; its actions carry the keyboard shortcuts."""

    bookmark_requested = Signal(object)  # the replay time (ms) to bookmark

    def __init__(self, session: ReplaySession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayTimeline")
        self.session = session
        self.axis = TimeAxis(session.start_ms, session.end_ms)
        self.play_action = self._action("play", _ctx("播放"), Qt.Key.Key_Space, session.toggle)
        self.prev_action = self._action("prev", _ctx("上一事件"), Qt.Key.Key_Left, lambda: session.step(-1))
        self.next_action = self._action("next", _ctx("下一事件"), Qt.Key.Key_Right, lambda: session.step(+1))
        self.slower_action = self._action("slower", _ctx("减速"), Qt.Key.Key_BracketLeft, lambda: self._shift_speed(-1))
        self.faster_action = self._action("faster", _ctx("加速"), Qt.Key.Key_BracketRight, lambda: self._shift_speed(1))
        self.bookmark_action = self._action("bookmark", _ctx("添加书签"), Qt.Key.Key_B,
                                            lambda: self.bookmark_requested.emit(session.t))
        self.speed_combo = QComboBox()
        self.speed_combo.setObjectName("replaySpeed")
        self.speed_combo.setToolTip(_ctx("回放速度 ([ 减速，] 加速)"))
        for speed in SPEEDS:
            self.speed_combo.addItem(f"{speed}×", speed)
        self.speed_combo.currentIndexChanged.connect(lambda i: session.set_speed(self.speed_combo.itemData(i)))
        self.time_label = PlainLabel()
        self.time_label.setObjectName("replayTime")
        self.time_label.setStyleSheet(f"color: {theme.TEXT}; font-size: 15px; font-weight: bold;")
        self.range_label = PlainLabel(f"{fmt_time(session.start_ms, with_date=True)} — "
                                  f"{fmt_time(session.end_ms, with_date=True)}")
        self.range_label.setStyleSheet(f"color: {theme.TEXT_DIM};")
        self.status_label = PlainLabel()
        self.status_label.setStyleSheet(f"color: {theme.TEXT_DIM};")

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 0)
        for action in (self.prev_action, self.play_action, self.next_action):
            bar.addWidget(self._button(action))
        bar.addWidget(self.speed_combo)
        bar.addSpacing(12)
        bar.addWidget(self.time_label)
        bar.addSpacing(12)
        bar.addWidget(self.status_label)
        bar.addStretch(1)
        bar.addWidget(self.range_label)
        bar.addWidget(self._button(self.bookmark_action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.axis)

        self.axis.scrubbed.connect(session.seek)
        self.axis.scrub_finished.connect(session.seek)
        self.axis.bookmark_clicked.connect(lambda b: (session.pause(), session.seek(b["at"])))
        session.time_changed.connect(self._on_time)
        session.playing_changed.connect(self._on_playing)
        session.speed_changed.connect(self._on_speed)
        session.overview_loaded.connect(self._on_overview)
        session.state_reset.connect(lambda _s: self.status_label.clear())
        self._on_time(session.t)
        self._on_playing(False)
        self._on_overview()

    def actions_list(self) -> list[QAction]:
        """Every transport action, for the window's menu."""
        return [self.play_action, self.prev_action, self.next_action, self.slower_action, self.faster_action,
                self.bookmark_action]

    # --- construction -------------------------------------------------------------------
    def _action(self, name: str, text: str, key: Qt.Key, slot) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"replay_{name}")
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @staticmethod
    def _button(action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    # --- slots --------------------------------------------------------------------------
    def _shift_speed(self, delta: int) -> None:
        k = SPEEDS.index(self.session.speed) + delta
        if 0 <= k < len(SPEEDS):
            self.session.set_speed(SPEEDS[k])

    def _on_time(self, t: int) -> None:
        self.axis.set_time(t)
        self.time_label.setText(fmt_time(t, with_date=True))
        if self.session.is_loading():
            self.status_label.setText(_ctx("加载中…"))

    def _on_playing(self, playing: bool) -> None:
        self.play_action.setText(_ctx("⏸ 暂停") if playing else _ctx("▶ 播放"))
        self.play_action.setToolTip(_ctx("暂停 (Space)") if playing else _ctx("播放 (Space)"))

    def _on_speed(self, speed: int) -> None:
        self.speed_combo.blockSignals(True)
        self.speed_combo.setCurrentIndex(SPEEDS.index(speed))
        self.speed_combo.blockSignals(False)

    def _on_overview(self) -> None:
        self.axis.set_marks(self.session.marks)
        self.axis.set_bookmarks(self.session.bookmarks)
