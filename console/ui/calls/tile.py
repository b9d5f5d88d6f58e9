"""``VideoTile``: one call on the video wall — the latest frame, an overlay and 静音 / 放大 / 挂断.

A frame only stores the image and schedules a repaint: no layout work per frame. The image is
drawn scaled into an aspect-correct rectangle computed once per size change, without smoothing
(``Qt.FastTransformation``), and the overlay text is painted over it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolButton, QWidget

from console.ui import theme
from console.ui.calls.status import CallLook, quality_text
from console.ui.plain import plain_tip
from console.ui.texts import tr

TILE_BACKGROUND = QColor("#0b0e12")
PANEL = QColor(10, 13, 17, 190)
PAD = 6
COMPACT_HEIGHT = 170  # below this a tile leaves the grid out (it is in the tooltip) and uses a smaller font

TILE_QSS = (
    "QToolButton { background: rgba(20,24,30,200); border: 1px solid #3a4552; border-radius: 3px;"
    " padding: 1px 6px; color: #e4e9ef; }"
    "QToolButton:checked { background: #7a4a12; border-color: #ffb454; }"
    "QToolButton#tileHangup { background: #7a1f23; border-color: #ff6b6b; }"
    "QToolButton#tileHangup:hover { background: #a3272d; }"
)


def fit_rect(image: QSize, box: QRect) -> QRect:
    """The largest rectangle of ``image``'s aspect ratio centred in ``box``."""
    if image.isEmpty() or box.isEmpty():
        return QRect(box)
    scaled = image.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRect(box.x() + (box.width() - scaled.width()) // 2, box.y() + (box.height() - scaled.height()) // 2,
                 scaled.width(), scaled.height())


class VideoTile(QWidget):
    """Paints one call; buttons emit the tile's :attr:`call_id`. Double-click asks to enlarge."""

    hangup_requested = Signal(str)
    mute_toggled = Signal(str, bool)
    enlarge_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoTile")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 100)
        self.setStyleSheet(TILE_QSS)
        self.call_id: str | None = None
        self.title = ""
        self.subtitle = ""
        self.look: CallLook | None = None
        self.quality = ""
        self.media_state = ""
        self.video = True
        self.frames_painted = 0  # distinct frames that reached the screen
        self._painted_key = 0
        self._image: QImage | None = None
        self._target: QRect | None = None  # where the image goes, for the current image and widget size
        self._font = QFont(self.font())
        self._small = QFont(self.font())
        self._small.setPointSizeF(self._font.pointSizeF() * 0.85)
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self.mute_button = self._button(tr("静音", "Calls"), tr("关闭/打开对方声音", "Calls"), checkable=True)
        self.enlarge_button = self._button(tr("放大", "Calls"), tr("放大到整个视频墙 / 还原（双击画面）", "Calls"))
        self.hangup_button = self._button(tr("挂断", "Calls"), tr("结束这路通话", "Calls"))
        self.hangup_button.setObjectName("tileHangup")
        self.mute_button.toggled.connect(lambda on: self._emit(self.mute_toggled, on))
        self.enlarge_button.clicked.connect(lambda: self._emit(self.enlarge_requested))
        self.hangup_button.clicked.connect(lambda: self._emit(self.hangup_requested))
        self.clear()

    def _button(self, text: str, tip: str, *, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _emit(self, signal, *args) -> None:
        if self.call_id:
            signal.emit(self.call_id, *args)

    # --- what the wall calls ---------------------------------------------------------------
    def bind(self, call_id: str, title: str, subtitle: str, *, video: bool, muted: bool = False) -> None:
        """Show a call: its worker's name and grid; the picture starts empty."""
        self.call_id, self.title, self.subtitle, self.video = call_id, title, subtitle, video
        self.setToolTip(plain_tip(f"{title} {subtitle}"))
        self.quality, self.media_state, self.look = "", "", None
        self._image, self._target = None, None
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.blockSignals(False)
        for button in (self.mute_button, self.enlarge_button, self.hangup_button):
            button.show()
        self.update()

    def clear(self) -> None:
        """An empty slot (空闲)."""
        self.call_id, self.title, self.subtitle, self.look = None, "", "", None
        self.setToolTip("")
        self.quality, self.media_state, self._image, self._target = "", "", None, None
        for button in (self.mute_button, self.enlarge_button, self.hangup_button):
            button.hide()
        self.update()

    def set_frame(self, image: QImage) -> None:
        """Latest frame wins: keep it and repaint at the next paint, whatever came before."""
        if self._image is None or self._image.size() != image.size():
            self._target = None
        self._image = image
        self.update()

    def set_stats(self, stats: dict) -> None:
        self.quality = quality_text(stats, self.video)
        self.update()

    def set_media_state(self, state: str) -> None:
        self.media_state = state
        self.update()

    def set_look(self, look: CallLook) -> None:
        if look != self.look:
            self.look = look
            self.hangup_button.setEnabled(look.live)
            self.update()

    def set_enlarged(self, on: bool) -> None:
        self.enlarge_button.setText(tr("还原", "Calls") if on else tr("放大", "Calls"))

    # --- Qt ----------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        self._target = None
        x = self.width() - PAD
        for button in (self.hangup_button, self.enlarge_button, self.mute_button):
            hint = button.sizeHint()
            x -= hint.width()
            button.setGeometry(x, self.height() - PAD - hint.height(), hint.width(), hint.height())
            x -= 4
        super().resizeEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        self._emit(self.enlarge_requested)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), TILE_BACKGROUND)
        if self._image is not None and self.video:
            if self._target is None:
                self._target = fit_rect(self._image.size(), self.rect())
            p.drawImage(self._target, self._image)  # no SmoothPixmapTransform: fast scaling
            if self._image.cacheKey() != self._painted_key:
                self._painted_key = self._image.cacheKey()
                self.frames_painted += 1
        elif self.call_id:
            self._placeholder(p, tr("语音通话", "Calls") if not self.video else tr("等待画面…", "Calls"))
        else:
            self._placeholder(p, tr("空闲", "Calls"))
        if self.call_id:
            self._overlay(p)
        p.setPen(QColor("#2c343e"))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.end()

    def _placeholder(self, p: QPainter, text: str) -> None:
        p.setPen(QColor(theme.TEXT_DIM))
        p.setFont(self._font)
        # between the name lines and the buttons
        p.drawText(self.rect().adjusted(0, 2 * PAD + 36, 0, -PAD - 24), Qt.AlignmentFlag.AlignCenter, text)

    def _label(self, p: QPainter, x: int, y: int, text: str, color: QColor, font: QFont, right: bool = False) -> int:
        """Draw ``text`` on a dark box with its top-left (or top-right) at (x, y); returns the box height."""
        fm = QFontMetrics(font)
        w, h = fm.horizontalAdvance(text) + 2 * PAD, fm.height() + 4
        box = QRectF(x - w if right else x, y, w, h)
        p.fillRect(box, PANEL)
        p.setFont(font)
        p.setPen(color)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return h

    def _overlay(self, p: QPainter) -> None:
        """Top left: name, grid, quality; top right: call state and media state; buttons bottom right.

        A small tile keeps the picture visible: name and quality only, the grid is in the tooltip.
        """
        white, dim = QColor("#ffffff"), QColor("#c5ced8")
        compact = self.height() < COMPACT_HEIGHT
        lines = ((self.title, white, self._bold), (self.quality, dim, self._small)) if compact else (
            (self.title, white, self._bold), (self.subtitle, dim, self._font), (self.quality, dim, self._font))
        y = PAD
        for text, color, font in lines:
            if text:
                y += self._label(p, PAD, y, text, color, font) + 1
        if self.look is not None:
            h = self._label(p, self.width() - PAD, PAD, self.look.text, QColor(self.look.color), self._bold, True)
            if self.media_state and self.look.live:
                self._label(p, self.width() - PAD, PAD + h + 1, self.media_state, dim, self._small, True)
