"""Decoded video frames to QImages, delivered to the GUI thread latest-frame-wins.

The conversion runs in the media thread (swscale to BGRA, which is ``QImage.Format_RGB32`` in memory
on little-endian machines, so painting needs no further conversion). :class:`LatestFrame` keeps at
most one frame waiting for the GUI: a newer frame replaces it, so a slow GUI drops frames instead of
falling behind.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

import av
from av.video.reformatter import VideoReformatter
from PySide6.QtGui import QImage

_FORMAT = "bgra" if sys.byteorder == "little" else "argb"


class FrameConverter:
    """Decoded frames to QImages (RGB32) that own their pixels; one per stream.

    It keeps one swscale context: PyAV's ``frame.to_ndarray`` builds a new one for every frame, which
    costs ten times the conversion itself.
    """

    def __init__(self) -> None:
        self._reformatter = VideoReformatter()

    def __call__(self, frame: av.VideoFrame) -> QImage:
        bgra = self._reformatter.reformat(frame, format=_FORMAT)
        plane = bgra.planes[0]
        return QImage(memoryview(plane), bgra.width, bgra.height, plane.line_size, QImage.Format.Format_RGB32).copy()


def to_qimage(frame: av.VideoFrame) -> QImage:
    """Convert one frame (a stream should keep a :class:`FrameConverter` instead)."""
    return FrameConverter()(frame)


class LatestFrame:
    """A one-frame mailbox between the media thread and the GUI thread.

    ``put`` (any thread) stores the frame and calls ``notify`` only when the mailbox was empty, so
    at most one notification is ever queued; ``take`` (GUI thread) empties it.
    """

    def __init__(self, notify: Callable[[], None]) -> None:
        self._notify = notify
        self._lock = threading.Lock()
        self._image: QImage | None = None
        self.dropped = 0

    def put(self, image: QImage) -> None:
        with self._lock:
            was_empty = self._image is None
            if not was_empty:
                self.dropped += 1
            self._image = image
        if was_empty:
            self._notify()

    def take(self) -> QImage | None:
        with self._lock:
            image, self._image = self._image, None
        return image
