"""``AlertCenter``: the session's alerts, re-derived on relevant events and on a 1 s timer.

Cheap by construction: it keeps an index of open incident ids (rebuilt only on a snapshot, then kept
current from events) and caches each incident's SLA clock by version, so a tick looks at open
incidents, open orders and SOS only — never at the closed history.

A condition that is still true keeps its alert (and its acknowledged flag); when it ends the alert
goes. A new incident alert also goes once acknowledged ("until accepted or acknowledged"). New
unacknowledged alerts of severity 重要 or 紧急 sound once, unless muted; an SOS repeats until acknowledged.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from console.domain.clock import now_ms
from console.domain.incident_sla import Clock, incident_clock
from console.domain.sla import LimitTable
from console.ui.alerts.alert import Alert, AlertKind, Severity
from console.ui.alerts.derive import (
    clock_alert,
    geofence_alerts,
    new_incident_alert,
    overdue_order_alerts,
    sos_alerts,
)
from console.ui.alerts.sound import AlertSound
from console.ui.review.access import may

MUTED_KEY = "alerts/muted"
SOS_REPEAT_MS = 10_000
class AlertCenter(QObject):
    """Derives, holds and acknowledges alerts; plays their sound through ``player.play(tone)``."""

    changed = Signal()  # the list or an acknowledged flag changed
    alerts_changed = Signal(int, str)  # unacknowledged count, worst unacknowledged severity ("" if none)
    muted_changed = Signal(bool)

    def __init__(self, session, parent: QObject | None = None, *, clock: Callable[[], int] = now_ms,
                 player=None, settings: QSettings | None = None, tick_ms: int = 1000,
                 limits: LimitTable | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._clock = clock
        self._player = player if player is not None else AlertSound(self)
        self._settings = settings if settings is not None else QSettings()
        self._limits = limits
        self._muted = self._settings.value(MUTED_KEY, False, type=bool)
        self._alerts: dict[str, Alert] = {}
        self._open: set[str] = set()
        self._clocks: dict[str, tuple[int, Clock | None]] = {}
        self._last_sos_sound = 0
        self._summary: tuple[int, str] = (0, "")
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.evaluate)
        self._timer.start()
        session.state_reset.connect(self._on_reset)
        session.changed.connect(self._on_changes)
        if session.state is not None:
            self._on_reset(session.state)

    # --- public API -------------------------------------------------------------------
    def alerts(self) -> list[Alert]:
        """Shown alerts, unacknowledged first, most severe first, newest first."""
        shown = (a for a in self._alerts.values() if not (a.acknowledged and a.kind is AlertKind.NEW_INCIDENT))
        return sorted(shown, key=Alert.sort_key)

    def alert(self, key: str) -> Alert | None:
        return self._alerts.get(key)

    def unacknowledged(self) -> list[Alert]:
        return [a for a in self._alerts.values() if not a.acknowledged]

    def open_incident_ids(self) -> frozenset[str]:
        return frozenset(self._open)

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        if muted != self._muted:
            self._muted = muted
            self._settings.setValue(MUTED_KEY, muted)
            self.muted_changed.emit(muted)

    def acknowledge(self, key: str) -> None:
        """Acknowledge one alert; an SOS is also cleared on the relay (worker.sos_clear) if the role may."""
        alert = self._alerts.get(key)
        if alert is None or alert.acknowledged:
            return
        self._ack(alert)
        self._announce()

    def acknowledge_all(self) -> None:
        for alert in self.unacknowledged():
            self._ack(alert)
        self._announce()

    def evaluate(self) -> None:
        """Re-derive every alert now; sound the new severe ones."""
        state = self._session.state
        if state is None:
            return
        now = self._clock()
        fresh: dict[str, Alert] = {}
        me = getattr(self._session, "account", "")
        for iid in self._open:
            inc = state.incidents[iid]
            for alert in (new_incident_alert(inc, me), clock_alert(inc, self._clock_of(inc), now)):
                if alert is not None:
                    fresh[alert.key] = alert
        for alert in (*sos_alerts(state), *overdue_order_alerts(state, now), *geofence_alerts(state)):
            fresh[alert.key] = alert
        raised = [a for k, a in fresh.items() if k not in self._alerts]
        for key, alert in fresh.items():
            known = self._alerts.get(key)
            if known is not None:
                alert.acknowledged = known.acknowledged
        structural = raised or fresh.keys() != self._alerts.keys()
        self._alerts = fresh
        self._sound(raised, now)
        if structural:
            self._announce()

    # --- internals --------------------------------------------------------------------
    def _ack(self, alert: Alert) -> None:
        alert.acknowledged = True
        if alert.kind is AlertKind.SOS and may(self._session, "worker.sos_clear"):
            self._session.command("worker.sos_clear", {"worker": alert.subject, "note": "指挥台已确认"})

    def _clock_of(self, inc) -> Clock | None:
        cached = self._clocks.get(inc.id)
        if cached is None or cached[0] != inc.version:
            cached = (inc.version, incident_clock(inc, self._limits))
            self._clocks[inc.id] = cached
        return cached[1]

    def _sound(self, raised: list[Alert], now: int) -> None:
        if self._muted:
            return
        loud = [a for a in raised if a.severity.rank >= Severity.MAJOR.rank]
        sos_waiting = any(a.kind is AlertKind.SOS and not a.acknowledged for a in self._alerts.values())
        if loud:
            worst = min(loud, key=Alert.sort_key)
            self._player.play(worst.kind.tone)
            if worst.kind is AlertKind.SOS:
                self._last_sos_sound = now
        elif sos_waiting and now - self._last_sos_sound >= SOS_REPEAT_MS:
            self._player.play(AlertKind.SOS.tone)
            self._last_sos_sound = now

    def _announce(self) -> None:
        waiting = self.unacknowledged()
        worst = max((a.severity for a in waiting), key=lambda s: s.rank, default=None)
        self._summary = (len(waiting), worst.value if worst is not None else "")
        self.changed.emit()
        self.alerts_changed.emit(*self._summary)

    def _on_reset(self, state) -> None:
        self._open = {i.id for i in state.incidents.values() if i.is_open} if state is not None else set()
        self._clocks.clear()
        self._alerts = {}
        self.evaluate()
        self._announce()

    def _on_changes(self, changes) -> None:
        state = self._session.state
        for iid in changes.incidents:
            inc = state.incidents.get(iid)
            if inc is not None and inc.is_open:
                self._open.add(iid)
            else:
                self._open.discard(iid)
                self._clocks.pop(iid, None)
        if changes.incidents or changes.orders or changes.workers or changes.alerts:  # SOS is a worker change
            self.evaluate()
