"""Synthetic camera and microphone for simulated workers: a moving street scene and a soft tone.

The scene is drawn once per worker (numpy, seeded by the worker id) as a periodic panorama in
YUV 4:2:0, so a frame is a few slices and copies: 640×360 at 15 fps costs well under a millisecond
of Python per frame. Drawn in: the worker's name and id and a running wall clock (rendered with
QPainter once a second; needs a QGuiApplication, see :func:`ensure_gui_app`), and two rows of
black/white blocks that survive VP8: a 16-bit checksum of the worker id, so a test can tell from a
decoded frame whose camera it is (:func:`read_id_code`), and the wall clock in milliseconds
(low 24 bits) when the frame was drawn, so a benchmark can measure camera-to-screen latency
(:func:`read_time_code`).
"""

from __future__ import annotations

import asyncio
import fractions
import math
import random
import time
import zlib

import av
import numpy as np
from aiortc.mediastreams import MediaStreamTrack

from console.domain import station_time
from console.domain.clock import now_s

VIDEO_CLOCK = 90_000
AUDIO_RATE = 48_000
AUDIO_SAMPLES = 960  # 20 ms
CODE_BITS = 16
TIME_BITS = 24
CODE_BLOCK = 16  # pixels per bit block (even, so chroma lines up)
LABEL_W, LABEL_H = 336, 64


def id_code(worker_id: str) -> int:
    """The 16-bit code drawn into every frame of ``worker_id``'s synthetic camera."""
    return zlib.crc32(worker_id.encode()) & 0xFFFF


def _code_x(width: int) -> int:
    return width - CODE_BLOCK * (CODE_BITS + 1)


def _read_blocks(rgb: np.ndarray, row: int, bits: int, block_w: int) -> int:
    y = CODE_BLOCK // 2 + row * CODE_BLOCK + CODE_BLOCK // 2
    x0 = _code_x(rgb.shape[1]) + block_w // 2
    return sum(int(rgb[y, x0 + bit * block_w, :3].mean() > 128) << bit for bit in range(bits))


def read_id_code(rgb: np.ndarray) -> int:
    """Read the id code back from a decoded frame (``rgb``: height × width × 3 or 4, any channel order)."""
    return _read_blocks(rgb, 0, CODE_BITS, CODE_BLOCK)


def read_time_code(rgb: np.ndarray, now_ms: int) -> int:
    """The wall clock (ms) when the frame was drawn, from its time code, taking the 24-bit wrap
    (4.6 hours) relative to ``now_ms``."""
    low = _read_blocks(rgb, 1, TIME_BITS, CODE_BLOCK // 2)
    return now_ms - ((now_ms - low) % (1 << TIME_BITS))


def _draw_blocks(planes: list[np.ndarray], value: int, bits: int, block_w: int, row: int) -> None:
    """Black/white blocks for the bits of ``value`` (least significant first) straight into the planes."""
    x, y = _code_x(planes[0].shape[1]), CODE_BLOCK // 2 + row * CODE_BLOCK
    luma = np.repeat(np.where((value >> np.arange(bits)) & 1, 235, 16).astype(np.uint8), block_w)
    planes[0][y:y + CODE_BLOCK, x:x + luma.size] = luma
    for chroma in planes[1:]:
        chroma[y // 2:(y + CODE_BLOCK) // 2, x // 2:(x + luma.size) // 2] = 128


def ensure_gui_app():
    """A QGuiApplication for text rendering (offscreen when this process has none yet)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["synthetic-camera", "-platform", "offscreen"])
    return app


def _rgb_to_planes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Y, U, V planes (full, half, half resolution) of an RGB image with even sides."""
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24").reformat(format="yuv420p")
    return tuple(np.frombuffer(p, np.uint8).reshape(p.height, p.line_size)[:, : p.width].copy()
                 for p in frame.planes)


def _street(width: int, height: int, rng: random.Random) -> np.ndarray:
    """A periodic street panorama in RGB: sky, buildings with windows, pavement and road."""
    img = np.empty((height, width, 3), np.uint8)
    horizon, kerb = int(height * 0.62), int(height * 0.72)
    sky = np.linspace(0, 1, horizon)[:, None]
    img[:horizon] = (np.array([24, 34, 58]) + sky * np.array([70, 80, 90])).astype(np.uint8)[:, None, :]
    img[horizon:kerb] = (92, 90, 86)
    img[kerb:] = (52, 54, 58)
    x = 0
    while x < width - 24:
        w = rng.randrange(60, 150)
        w = min(w, width - x)
        top = rng.randrange(int(height * 0.12), int(height * 0.45))
        shade = rng.randrange(50, 110)
        img[top:horizon, x:x + w - 6] = (shade, shade - 8, shade - 16)
        for wy in range(top + 10, horizon - 16, 22):
            for wx in range(x + 8, x + w - 20, 18):
                if rng.random() < 0.55:
                    img[wy:wy + 10, wx:wx + 9] = (236, 208, 120)
        x += w
    for lx in range(0, width, 80):  # lane dashes
        img[kerb + (height - kerb) // 2 - 2: kerb + (height - kerb) // 2 + 2, lx:lx + 40] = (220, 220, 210)
    return img


class _Overlay:
    """The label (name, id, clock) as a YUV patch pasted into every frame, re-rendered each second."""

    def __init__(self, name: str, worker_id: str) -> None:
        self.name, self.worker_id = name, worker_id
        self.second = -1
        self.label = None

    def label_planes(self, wall: float):
        second = int(wall)
        if second != self.second:
            self.second = second
            self.label = _rgb_to_planes(self._render(station_time.fmt(int(wall * 1000))))
        return self.label

    def _render(self, clock: str) -> np.ndarray:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QColor, QFont, QImage, QPainter

        image = QImage(LABEL_W, LABEL_H, QImage.Format.Format_RGB888)
        image.fill(QColor(12, 16, 22))
        painter = QPainter(image)
        font = QFont("Noto Sans CJK SC")
        font.setPixelSize(22)
        painter.setFont(font)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(10, 4, LABEL_W - 20, 28, Qt.AlignmentFlag.AlignLeft, f"{self.name}  {self.worker_id}")
        font.setPixelSize(18)
        painter.setFont(font)
        painter.setPen(QColor(255, 214, 120))
        painter.drawText(10, 34, LABEL_W - 20, 26, Qt.AlignmentFlag.AlignLeft, clock)
        painter.end()
        stride = image.bytesPerLine()
        raw = np.frombuffer(image.constBits(), np.uint8, count=stride * LABEL_H).reshape(LABEL_H, stride)
        return raw[:, : LABEL_W * 3].reshape(LABEL_H, LABEL_W, 3)


def _paste(planes: list[np.ndarray], patch, x: int, y: int) -> None:
    py, pu, pv = patch
    planes[0][y:y + py.shape[0], x:x + py.shape[1]] = py
    planes[1][y // 2:y // 2 + pu.shape[0], x // 2:x // 2 + pu.shape[1]] = pu
    planes[2][y // 2:y // 2 + pv.shape[0], x // 2:x // 2 + pv.shape[1]] = pv


class SyntheticCamera(MediaStreamTrack):
    """A worker's camera: the street scrolls by, a car drives past, the clock runs."""

    kind = "video"

    def __init__(self, worker_id: str, name: str, *, width: int = 640, height: int = 360, fps: float = 15.0,
                 wall=now_s) -> None:
        super().__init__()
        self.width, self.height, self.fps = width - width % 2, height - height % 2, fps
        self.wall = wall
        rng = random.Random(zlib.crc32(worker_id.encode()))
        self._period = 2 * self.width
        scene = _street(self._period, self.height, rng)
        self._scene = _rgb_to_planes(np.concatenate([scene, scene[:, : self.width]], axis=1))
        self._car = _rgb_to_planes(np.full((40, 96, 3), (rng.randrange(120, 255), 40, 40), np.uint8))
        self._overlay = _Overlay(name, worker_id)
        self._code = id_code(worker_id)
        self._start: float | None = None
        self.frames = 0

    async def recv(self) -> av.VideoFrame:
        if self._start is None:
            self._start = time.monotonic()
        else:
            wait = self._start + self.frames / self.fps - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        frame = self.draw(self.frames / self.fps)
        frame.pts = round(self.frames * VIDEO_CLOCK / self.fps)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.frames += 1
        return frame

    def draw(self, t: float) -> av.VideoFrame:
        """The frame at ``t`` seconds into the call."""
        w, h = self.width, self.height
        x = int(t * 60) % self._period & ~1
        out = np.empty((h * 3 // 2, w), np.uint8)
        planes = [out[:h], out[h:h + h // 4].reshape(h // 2, w // 2), out[h + h // 4:].reshape(h // 2, w // 2)]
        planes[0][:] = self._scene[0][:, x:x + w]
        planes[1][:] = self._scene[1][:, x // 2:x // 2 + w // 2]
        planes[2][:] = self._scene[2][:, x // 2:x // 2 + w // 2]
        car_x = int((t * 140) % (w + 96)) - 96
        if 0 <= car_x <= w - 96:
            _paste(planes, self._car, car_x & ~1, int(h * 0.8) & ~1)
        wall = self.wall()
        _paste(planes, self._overlay.label_planes(wall), 16, 16)
        _draw_blocks(planes, self._code, CODE_BITS, CODE_BLOCK, 0)
        _draw_blocks(planes, int(wall * 1000) & ((1 << TIME_BITS) - 1), TIME_BITS, CODE_BLOCK // 2, 1)
        return av.VideoFrame.from_ndarray(out, format="yuv420p")


class SyntheticMicrophone(MediaStreamTrack):
    """A worker's microphone: a soft two-tone hum over quiet noise, 48 kHz mono in 20 ms frames."""

    kind = "audio"

    def __init__(self, seed: str = "") -> None:
        super().__init__()
        rng = np.random.default_rng(zlib.crc32(seed.encode()))
        t = np.arange(AUDIO_RATE) / AUDIO_RATE  # one second, looped (both tones complete whole cycles)
        wave = 900 * np.sin(2 * math.pi * 220 * t) + 500 * np.sin(2 * math.pi * 330 * t)
        self._loop = (wave + rng.normal(0, 120, t.size)).astype(np.int16)
        self._start: float | None = None
        self._pts = 0

    async def recv(self) -> av.AudioFrame:
        if self._start is None:
            self._start = time.monotonic()
        else:
            self._pts += AUDIO_SAMPLES
            wait = self._start + self._pts / AUDIO_RATE - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        offset = self._pts % AUDIO_RATE
        frame = av.AudioFrame.from_ndarray(self._loop[None, offset:offset + AUDIO_SAMPLES], format="s16",
                                           layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        return frame
