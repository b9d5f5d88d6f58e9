"""``CallRinger``: the console rings while a worker's call to the desk waits to be answered."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from console.ui.alerts.sound import AlertSound

TONE = "ring"
RING_REPEAT_MS = 2_000  # the tone lasts 0.9 s: ring, pause, ring …


class CallRinger(QObject):
    """Plays the ``ring`` tone at once and every ``repeat_ms`` while the wall shows an incoming call,
    stops (cutting the tone short) when none is left — answered, declined or ended — and stays silent
    while ``muted()`` (the console's alert mute, Ctrl+M). ``player`` has ``play(tone)`` and ``stop(tone)``.
    """

    def __init__(self, wall, *, muted: Callable[[], bool] = lambda: False, player=None,
                 repeat_ms: int = RING_REPEAT_MS, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else wall)
        self._muted = muted
        self._player = player if player is not None else AlertSound(self)
        self._timer = QTimer(self)
        self._timer.setInterval(repeat_ms)
        self._timer.timeout.connect(self._ring)
        wall.incoming_changed.connect(self._on_incoming)

    @property
    def ringing(self) -> bool:
        """Whether a call is waiting (the tone repeats, unless muted)."""
        return self._timer.isActive()

    def _on_incoming(self, count: int) -> None:
        if count and not self._timer.isActive():
            self._ring()
            self._timer.start()
        elif not count and self._timer.isActive():
            self._timer.stop()
            self._player.stop(TONE)

    def _ring(self) -> None:
        if self._muted():
            self._player.stop(TONE)
        else:
            self._player.play(TONE)
