"""``TimeAxis``: the painted strip of the replay timeline.

A time axis for the range with hour/minute labels, one tick per pixel column that has event marks
(red where an incident was reported), bookmark flags with their notes (hover for the note, click
to jump), and the playhead. Dragging scrubs: :attr:`scrubbed` fires throttled while dragging and
once more on release, so a slow seek never piles up.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.domain import events as ev
from console.domain import station_time
from console.domain.incidents import Status
from console.ui import theme
from console.ui.plain import show_tip
from console.ui.texts import fmt_time, tr

MARGIN = 12  # px left and right of the axis
FLAG_ROW = 18  # px at the top for bookmark flags
LABEL_ROW = 16  # px at the bottom for time labels
SCRUB_INTERVAL_S = 0.15  # at most one seek per this while dragging
FLAG_HIT_PX = 7
STEPS_MS = (60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, 3_600_000, 2 * 3_600_000, 3 * 3_600_000,
            6 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000)
MARK_COLOR = "#5c7a99"
REPORT_COLOR = theme.STATUS_COLORS[Status.NEW]
BOOKMARK_COLOR = "#f2d024"
PLAYHEAD_COLOR = "#ffffff"


class TimeAxis(QWidget):
    """The range ``[start_ms, end_ms]`` drawn left to right; :meth:`set_time` moves the playhead."""

    scrubbed = Signal(object)  # ms; a time the user dragged or clicked to
    scrub_finished = Signal(object)
    bookmark_clicked = Signal(dict)

    def __init__(self, start_ms: int, end_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("replayAxis")
        self.setMouseTracking(True)
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(tr("拖动或点击定位回放时间；黄旗为书签", "Replay"))
        self.start_ms, self.end_ms = int(start_ms), int(end_ms)
        self.t = self.start_ms
        self.dragging = False
        self._mark_times = np.zeros(0, dtype=np.int64)
        self._report_times = np.zeros(0, dtype=np.int64)
        self.bookmarks: list[dict] = []
        self._last_scrub = 0.0

    # --- data ---------------------------------------------------------------------------
    def set_marks(self, marks: list[tuple[int, str]]) -> None:
        """Event marks ``(t_ms, type)``; incident reports get their own colour."""
        self._mark_times = np.array([t for t, _ in marks], dtype=np.int64)
        self._report_times = np.array([t for t, kind in marks if kind == ev.INCIDENT_REPORTED], dtype=np.int64)
        self.update()

    def set_bookmarks(self, bookmarks: list[dict]) -> None:
        """Bookmarks as dicts with at least ``at`` and ``note`` (``by`` shown when present)."""
        self.bookmarks = sorted(bookmarks, key=lambda b: b["at"])
        self.update()

    def set_time(self, t_ms: int) -> None:
        """Move the playhead (ignored while the user drags it)."""
        if not self.dragging:
            self.t = int(t_ms)
            self.update()

    # --- geometry -----------------------------------------------------------------------
    def x_of(self, t_ms: float) -> float:
        span = max(1, self.end_ms - self.start_ms)
        return MARGIN + (t_ms - self.start_ms) / span * max(1, self.width() - 2 * MARGIN)

    def time_at(self, x: float) -> int:
        frac = (x - MARGIN) / max(1, self.width() - 2 * MARGIN)
        return int(self.start_ms + min(1.0, max(0.0, frac)) * (self.end_ms - self.start_ms))

    def bookmark_at(self, x: float, y: float) -> dict | None:
        """The bookmark whose flag is under ``(x, y)``, if any."""
        if y > FLAG_ROW + 4:
            return None
        near = [(abs(self.x_of(b["at"]) - x), k) for k, b in enumerate(self.bookmarks)]
        near = [n for n in near if n[0] <= FLAG_HIT_PX]
        return self.bookmarks[min(near)[1]] if near else None

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), QColor(theme.SURFACE))
        band = QRectF(MARGIN, FLAG_ROW, w - 2 * MARGIN, h - FLAG_ROW - LABEL_ROW)
        p.fillRect(band, QColor("#10141a"))
        self._paint_scale(p, band)
        self._paint_marks(p, band, self._mark_times, MARK_COLOR, 0.55)
        self._paint_marks(p, band, self._report_times, REPORT_COLOR, 1.0)
        played = QRectF(band.left(), band.bottom() - 3, self.x_of(self.t) - band.left(), 3)
        p.fillRect(played, QColor("#2f5f8f"))
        self._paint_bookmarks(p, band)
        x = self.x_of(self.t)
        p.setPen(QPen(QColor(PLAYHEAD_COLOR), 2))
        p.drawLine(QPointF(x, FLAG_ROW - 2), QPointF(x, band.bottom() + 2))
        head = QPolygonF([QPointF(x - 5, FLAG_ROW - 6), QPointF(x + 5, FLAG_ROW - 6), QPointF(x, FLAG_ROW)])
        p.setBrush(QColor(PLAYHEAD_COLOR))
        p.drawPolygon(head)
        p.end()

    def _paint_scale(self, p: QPainter, band: QRectF) -> None:
        span = self.end_ms - self.start_ms
        step = next((s for s in STEPS_MS if span / s <= max(2, band.width() / 70)), STEPS_MS[-1])
        local = station_time.utc_offset_ms(self.start_ms)
        first = ((self.start_ms + local) // step + 1) * step - local
        p.setPen(QPen(QColor(theme.TEXT_DIM), 1))
        fm = p.fontMetrics()
        for t in range(first, self.end_ms + 1, step):
            x = self.x_of(t)
            p.setPen(QPen(QColor("#2a323c"), 1))
            p.drawLine(QPointF(x, band.top()), QPointF(x, band.bottom()))
            p.setPen(QPen(QColor(theme.TEXT_DIM), 1))
            label = fmt_time(t)[:5] if step < 24 * 3_600_000 else fmt_time(t, with_date=True)[:5]
            p.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, self.height() - 3), label)

    def _paint_marks(self, p: QPainter, band: QRectF, times: np.ndarray, color: str, scale: float) -> None:
        """One vertical line per pixel column holding marks; its height grows with their number."""
        if not len(times):
            return
        xs = np.floor(self.x_of(times.astype(np.float64))).astype(np.int64)
        cols, counts = np.unique(xs, return_counts=True)
        heights = np.minimum(1.0, 0.35 + np.log1p(counts) / 4) * band.height() * scale
        p.setPen(QPen(QColor(color), 1))
        for x, height in zip(cols.tolist(), heights.tolist(), strict=True):
            p.drawLine(QPointF(x + 0.5, band.bottom()), QPointF(x + 0.5, band.bottom() - height))

    def _paint_bookmarks(self, p: QPainter, band: QRectF) -> None:
        p.setPen(QPen(QColor(BOOKMARK_COLOR), 1))
        for b in self.bookmarks:
            x = self.x_of(b["at"])
            p.drawLine(QPointF(x, 2), QPointF(x, band.bottom()))
            flag = QPainterPath(QPointF(x, 2))
            flag.lineTo(x + 9, 6)
            flag.lineTo(x, 10)
            flag.closeSubpath()
            p.fillPath(flag, QColor(BOOKMARK_COLOR))

    # --- mouse --------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        bookmark = self.bookmark_at(pos.x(), pos.y())
        if bookmark is not None:
            self.bookmark_clicked.emit(bookmark)
            return
        self.dragging = True
        self._drag_to(pos.x(), force=True)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self.dragging:
            self._drag_to(pos.x(), force=False)
            return
        bookmark = self.bookmark_at(pos.x(), pos.y())
        if bookmark is not None:
            text = f"{fmt_time(bookmark['at'], with_date=True)} {bookmark.get('by', '')}\n{bookmark.get('note', '')}"
        else:
            text = fmt_time(self.time_at(pos.x()), with_date=True)
        show_tip(event.globalPosition().toPoint(), text, self)

    def mouseReleaseEvent(self, event) -> None:
        if not self.dragging:
            return
        self.dragging = False
        self.t = self.time_at(event.position().x())
        self.update()
        self.scrub_finished.emit(self.t)

    def _drag_to(self, x: float, *, force: bool) -> None:
        self.t = self.time_at(x)
        self.update()
        now = time.monotonic()
        if force or now - self._last_scrub >= SCRUB_INTERVAL_S:
            self._last_scrub = now
            self.scrubbed.emit(self.t)
