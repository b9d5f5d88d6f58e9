"""``RecordingPanel``: plays the call recording under the replay time, in step with the timeline.

When the replay time is inside a recorded call the file plays at ``t − started_at`` (QtMultimedia
``QMediaPlayer`` into a ``QVideoWidget``); while playing it is re-seeked whenever it drifts more
than :data:`MAX_DRIFT_MS` from the timeline, it pauses with the timeline and stops outside the
call. Without an audio device the video still plays (silently).

A recording that is not on this workstation (made at another desk) is fetched from the relay's store by
``fetch`` (a coroutine function: recording dict → local path, see :mod:`console.services.recording_fetch`)
and played once it is here; when the relay does not have it either, the caption says why.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from console.net.client import CommandRefused
from console.services.recording_fetch import FetchFailed
from console.ui import theme
from console.ui.plain import PlainLabel, plain_tip
from console.ui.replay.session import ReplaySession
from console.ui.texts import fmt_time, tr

MAX_DRIFT_MS = 300
MAX_AUDIBLE_SPEED = 2  # faster than this the recording plays muted
UNKNOWN_DURATION_MS = 3_600_000  # a recording without a duration is assumed to last at most this


def recording_at(recordings: list[dict], t_ms: int) -> dict | None:
    """The recording whose span holds ``t_ms`` (the latest to start, if several do)."""
    starts = [r["started_at"] for r in recordings]
    k = bisect.bisect_right(starts, t_ms)
    for r in reversed(recordings[:k]):
        if t_ms < r["started_at"] + (r.get("duration_ms") or UNKNOWN_DURATION_MS):
            return r
    return None


class RecordingPanel(QWidget):
    """The recordings of the range (click one to jump to it) and the player of the current one."""

    def __init__(self, session: ReplaySession, parent: QWidget | None = None, *,
                 fetch: Callable[[dict, Callable[[int, int], None]], Awaitable[Path]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayRecordings")
        self.session = session
        self.fetch = fetch
        self.fetching: asyncio.Future | None = None
        self.current: dict | None = None
        self.recordings: list[dict] = []
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget()
        self.video.setMinimumSize(240, 150)
        self.player.setVideoOutput(self.video)
        self.caption = PlainLabel(tr("此时段没有通话录音", "Replay"))
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet(f"color: {theme.TEXT_DIM};")
        self.list = QListWidget()
        self.list.setToolTip(tr("双击跳到该通话开始", "Replay"))
        self.list.itemActivated.connect(lambda item: session.seek(item.data(Qt.ItemDataRole.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.list)
        self.video.hide()
        self.player.mediaStatusChanged.connect(self._on_media_status)
        session.overview_loaded.connect(self._on_overview)
        session.time_changed.connect(self.sync)
        session.playing_changed.connect(lambda _playing: self.sync(session.t))
        session.speed_changed.connect(lambda _speed: self._apply_speed())
        self._on_overview()

    def desired_position(self) -> int | None:
        """Where in the current recording the timeline is, in ms (None when outside every call)."""
        return None if self.current is None else self.session.t - self.current["started_at"]

    def sync(self, t_ms: int) -> None:
        """Follow the timeline: load, position, play or pause the recording under ``t_ms``."""
        rec = recording_at(self.recordings, t_ms)
        if rec is not self.current:
            self._load(rec)
        if rec is None or self.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadingMedia,
                                                        QMediaPlayer.MediaStatus.NoMedia):
            return  # positioned once loaded (_on_media_status)
        want = t_ms - rec["started_at"]
        playing = self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
        if abs(self.player.position() - want) > MAX_DRIFT_MS:
            self.player.setPosition(want)
        if self.session.playing and not playing:
            self.player.play()
        elif not self.session.playing and playing:
            self.player.pause()

    # --- internals ----------------------------------------------------------------------
    def _on_overview(self) -> None:
        self.recordings = sorted(self.session.recordings, key=lambda r: r["started_at"])
        self.list.clear()
        for r in self.recordings:
            seconds = (r.get("duration_ms") or 0) // 1000
            item = QListWidgetItem(f"{fmt_time(r['started_at'], with_date=True)}  {r.get('call', '')}  "
                                   f"{seconds // 60}:{seconds % 60:02d}")
            item.setData(Qt.ItemDataRole.UserRole, r["started_at"])
            item.setToolTip(plain_tip(r.get("file", "")))
            self.list.addItem(item)
        self.sync(self.session.t)

    def _load(self, rec: dict | None) -> None:
        self.cancel_fetch()
        self.current = rec
        self.player.stop()
        self.video.setVisible(rec is not None)
        if rec is None:
            self.player.setSource(QUrl())
            self.caption.setText(tr("此时段没有通话录音", "Replay"))
            return
        path = Path(rec.get("file") or "")
        if rec.get("file") and path.is_file():
            self._play(rec, path)
            return
        self.video.hide()
        self.player.setSource(QUrl())
        if self.fetch is None:
            self.current = None
            self.caption.setText(tr("录音文件不存在：{file}", "Replay").format(file=path))
            return
        fetching = tr("正在从中继调取通话 {call} 的录音…", "Replay").format(call=rec.get("call", ""))
        self.caption.setText(fetching)

        def shown(done: int, total: int) -> None:  # how much has come, as the chunks arrive
            if rec is self.current:
                self.caption.setText(f"{fetching} {done * 100 // max(total, 1)}%")

        self.fetching = asyncio.ensure_future(self.fetch(rec, shown))
        self.fetching.add_done_callback(lambda done, rec=rec: self._fetched(rec, done))

    def _fetched(self, rec: dict, done: asyncio.Future) -> None:
        if rec is not self.current or done.cancelled():
            return  # the timeline moved on meanwhile
        error = done.exception()
        if error is None:
            self._play(rec, done.result())
            return
        if isinstance(error, CommandRefused):
            reason = error.error.get("zh", error.code)
        else:
            reason = str(error) if isinstance(error, FetchFailed) else tr("与中继的连接中断", "Replay")
        self.caption.setText(tr("录音文件不存在：本机没有，也未能从中继调取（{reason}）", "Replay").format(
            reason=reason))

    def cancel_fetch(self) -> None:
        """Stop fetching (the part fetched so far stays in the cache and is continued next time)."""
        if self.fetching is not None:
            self.fetching.cancel()
            self.fetching = None

    def _play(self, rec: dict, path: Path) -> None:
        self.video.show()
        self.caption.setText(tr("通话录音 {call}（{at} 开始）", "Replay").format(
            call=rec.get("call", ""), at=fmt_time(rec["started_at"])))
        self._apply_speed()
        self.player.setSource(QUrl.fromLocalFile(str(path)))

    def _apply_speed(self) -> None:
        self.player.setPlaybackRate(float(self.session.speed))
        self.audio.setMuted(self.session.speed > MAX_AUDIBLE_SPEED)

    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self.current is not None:
            self.player.setPosition(max(0, self.session.t - self.current["started_at"]))
            self.sync(self.session.t)
