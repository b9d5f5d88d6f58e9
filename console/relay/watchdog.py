"""The relay's own rules: geofence alerts, automatic 督办 on time-limit breaches, call timeouts.

Runs inside the writer thread, on the same State as the commands: after each committed event
it asks the geofence monitor what follows; every ``sweep_interval_ms`` it ticks the monitor and
checks the open incidents' clocks and the live calls (ringing too long, a party without a
connection too long, per ``absent_since``). What it finds becomes events in the log like anything else,
from the ``system`` actor, so consoles see them live and replay sees them later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from console.domain import calls
from console.domain import events as ev
from console.domain.decide import SYSTEM_ACTOR, decide
from console.domain.decide_calls import drop
from console.domain.errors import DomainError
from console.domain.geofence import GeofenceConfig, GeofenceMonitor
from console.domain.incident_sla import auto_supervision_due
from console.domain.sla import LimitTable
from console.domain.state import State

SWEEP_INTERVAL_MS = 5_000


class Watchdog:
    """Turns what happened (and the passing of time) into system events."""

    def __init__(self, state: State, now_ms: int, *, geofence: GeofenceConfig | None = None,
                 limits: LimitTable | None = None, sweep_interval_ms: int = SWEEP_INTERVAL_MS,
                 absent_since: Callable[[str], int | None] | None = None) -> None:
        zones = [(z, zone["name"], [tuple(p) for p in zone["polygon"]]) for z, zone in state.zones.items()]
        self.monitor = GeofenceMonitor.from_state(state, now_ms, geofence,
                                                  open_alerts=state.geofence_alerts.values(), zones=zones)
        self.limits = limits
        self.absent_since = absent_since or (lambda party: None)
        self.sweep_interval_ms = sweep_interval_ms
        self.open_incidents = {i.id for i in state.incidents.values() if i.is_open}
        self._last_sweep = now_ms

    def after(self, event: ev.Event) -> list[tuple[str, dict]]:
        """Events that follow from a committed ``event`` (geofence alerts)."""
        d = event.data
        if event.type == ev.POSITION_REPORTED:
            alerts = self.monitor.on_position(d["worker"], d["lng"], d["lat"], event.at)
        elif event.type == ev.DUTY_SET:
            alerts = self.monitor.on_duty(d["worker"], d["on"], event.at)
        elif event.type == ev.INCIDENT_REPORTED:
            self.open_incidents.add(d["incident"])
            alerts = self.monitor.on_incident(d["incident"], d["lng"], d["lat"], event.at)
        elif event.type in (ev.INCIDENT_CLOSED, ev.INCIDENT_VOIDED):
            self.open_incidents.discard(d["incident"])
            return []
        elif event.type == ev.ZONE_SET:
            self.monitor.add_zone(d["zone"], d["name"], [tuple(p) for p in d["polygon"]])
            return []
        elif event.type == ev.ZONE_REMOVED:
            self.monitor.remove_zone(d["zone"])
            return []
        else:
            return []
        return [(ev.GEOFENCE_ALERT, a.to_event_data()) for a in alerts]

    def due(self, now_ms: int) -> bool:
        """Whether a sweep is due."""
        return now_ms - self._last_sweep >= self.sweep_interval_ms

    def sweep(self, state: State, now_ms: int, next_seq: Callable[[], int]) -> Iterator[tuple[str, dict]]:
        """Time-based events: geofence ticks, then one automatic 督办 per breached incident stage.

        The caller applies each yielded event before asking for the next; ``next_seq()`` is the seq
        the next event will get.
        """
        self._last_sweep = now_ms
        for alert in self.monitor.tick(now_ms):
            yield ev.GEOFENCE_ALERT, alert.to_event_data()
        for incident_id in sorted(self.open_incidents):
            inc = state.incidents.get(incident_id)
            due = auto_supervision_due(inc, now_ms, self.limits) if inc is not None else None
            if due is None:
                continue
            level, key = due
            args = {"incident": incident_id, "level": level, "auto": key,
                    "note": f"超过{'红' if level == 'red' else '黄'}牌时限，系统自动督办"}
            try:
                yield decide(state, SYSTEM_ACTOR, "incident.supervise", args, now_ms, next_seq())
            except DomainError:
                continue
        for call_id in sorted(set(state.call_of.values())):  # every live call keeps a worker busy
            call = state.calls[call_id]
            for _ in range(len(call["parties"]) + 1):  # each drop is applied before the next look
                found = calls.overdue(call, now_ms, self.absent_since)
                if not found:
                    break
                yield drop(call, *found[0])
