"""``AlertSound``: plays an alert tone with QtMultimedia's QSoundEffect, or beeps, or stays silent.

QtMultimedia ships in PySide6-Addons; without it, or without an audio output (CI, a headless relay
host), it falls back to ``QApplication.beep()``, which is silent where there is nothing to beep on.
The backend is chosen at the first play, so constructing an ``AlertSound`` never touches audio.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

from console.ui.alerts.tones import SOUND_DIR, TONES

VOLUME = 0.8


class AlertSound(QObject):
    """``play("sos" | "incident" | "overdue" | "ring")``, ``stop(tone)``; never blocks."""

    def __init__(self, parent: QObject | None = None, directory: Path = SOUND_DIR) -> None:
        super().__init__(parent)
        self._directory = directory
        self._effects: dict | None = None  # tone -> QSoundEffect; {} means beep

    @property
    def backend(self) -> str:
        """``"effects"``, ``"beep"`` or ``"undecided"`` (before the first play)."""
        if self._effects is None:
            return "undecided"
        return "effects" if self._effects else "beep"

    def play(self, tone: str) -> None:
        if self._effects is None:
            self._effects = self._load()
        effect = self._effects.get(tone)
        if effect is None or effect.status() == effect.Status.Error:
            QApplication.beep()
            return
        effect.play()  # queued until loaded if it is still loading

    def stop(self, tone: str) -> None:
        """Cut ``tone`` short if it is playing (a beep cannot be stopped, and needs not)."""
        effect = (self._effects or {}).get(tone)
        if effect is not None:
            effect.stop()

    def _load(self) -> dict:
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError:
            return {}
        if not QMediaDevices.audioOutputs():
            return {}
        effects = {}
        for tone in TONES:
            path = self._directory / f"{tone}.wav"
            if path.exists():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                effect.setVolume(VOLUME)
                effects[tone] = effect
        return effects
