"""A field photo (JPEG as base64, from the web field client) shown as a thumbnail; click for full size."""

from __future__ import annotations

import base64
import binascii

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from console.ui.plain import PlainLabel

THUMB_SIZE = (240, 160)


def decode_photo(data: str) -> QImage:
    """The image in ``data`` (base64 JPEG); a null image when it is empty or unreadable."""
    try:
        raw = base64.b64decode(data, validate=True) if data else b""
    except (binascii.Error, ValueError):
        raw = b""
    return QImage.fromData(raw, "JPG") if raw else QImage()


class PhotoThumb(PlainLabel):
    """Hidden without a photo; otherwise a thumbnail that opens the full picture when clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldPhoto")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("现场照片（点击查看原图）"))
        self._data = ""
        self.image = QImage()
        self.hide()

    def set_photo(self, data: str) -> None:
        """Show the photo in ``data`` (base64 JPEG), or hide when there is none."""
        if data == self._data:
            return
        self._data = data
        self.image = decode_photo(data)
        if self.image.isNull():
            self.clear()
            self.hide()
            return
        thumb = self.image.scaled(*THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)
        self.setPixmap(QPixmap.fromImage(thumb))
        self.show()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.image.isNull():
            self.open_full()
        super().mouseReleaseEvent(event)

    def open_full(self) -> QDialog:
        """A window with the photo at its own size."""
        dialog = QDialog(self.window())
        dialog.setWindowTitle(self.tr("现场照片"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view = PlainLabel()
        view.setPixmap(QPixmap.fromImage(self.image))
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        dialog.show()
        return dialog
