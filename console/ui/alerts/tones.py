"""The alert tones, generated with the ``wave`` module: ``python -m console.ui.alerts.tones`` rewrites
console/resources/sounds/*.wav. Deterministic, so the committed files can be checked against this recipe.

- ``sos``: a fast two-tone warble (880/1320 Hz), three times — unmistakable, urgent.
- ``incident``: a rising two-note chime (660 → 990 Hz) — something new to look at.
- ``overdue``: one low, soft tone (523 Hz) — a deadline has passed.
- ``ring``: two bursts of a 1047/1319 Hz trill, like a phone — a worker calls the desk (repeated until answered).
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

from console.resources import resource_path

SOUND_DIR = resource_path("sounds")
RATE = 16_000
AMPLITUDE = 0.45
FADE_S = 0.008

# tone -> [(frequency Hz, seconds)], 0 Hz is silence
TONES: dict[str, list[tuple[float, float]]] = {
    "sos": [(880, 0.11), (0, 0.025), (1320, 0.11), (0, 0.025)] * 3,
    "incident": [(660, 0.15), (0, 0.04), (990, 0.24)],
    "overdue": [(523.25, 0.34)],
    "ring": [(1046.5, 0.05), (1318.5, 0.05)] * 4 + [(0, 0.1)] + [(1046.5, 0.05), (1318.5, 0.05)] * 4,
}


def pcm(notes: list[tuple[float, float]]) -> bytes:
    """16-bit mono samples of ``notes``, each faded in and out so it does not click."""
    frames = bytearray()
    fade = int(FADE_S * RATE)
    for freq, seconds in notes:
        n = int(seconds * RATE)
        for i in range(n):
            envelope = min(1.0, i / fade, (n - 1 - i) / fade) if freq else 0.0
            value = AMPLITUDE * envelope * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", round(value * 32767))
    return bytes(frames)


def write_tones(directory: Path = SOUND_DIR) -> list[Path]:
    """Write every tone as ``<name>.wav`` into ``directory``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, notes in TONES.items():
        path = directory / f"{name}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(pcm(notes))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for p in write_tones():
        print(p)
