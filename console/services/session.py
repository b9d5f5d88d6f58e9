"""ConsoleSession: the console's connection to the relay, turned into Qt signals.

Network callbacks arrive on the asyncio loop, which under qasync is the GUI thread, so the
session folds events into its State with the shared reducer and emits signals directly.
The UI only reads ``state`` and calls the command methods; it never guesses an outcome.
"""

from __future__ import annotations

import asyncio
import gc
import logging

from PySide6.QtCore import QObject, Signal

from console.domain.events import Event
from console.domain.state import State, apply
from console.net.client import CommandRefused, RelayClient

log = logging.getLogger(__name__)


class ConsoleSession(QObject):
    """Holds the console's live State and sends the dispatcher's commands."""

    state_reset = Signal(object)
    events_applied = Signal(list)
    connection_changed = Signal(str, str)
    command_failed = Signal(str, dict)
    signal_received = Signal(dict)  # a WebRTC signal frame for one of our calls: {call, from, kind, sdp|candidate}

    def __init__(self, url: str, user: str, password: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.account = user
        self.role = ""
        self.state: State | None = None
        self.client = RelayClient(
            url, user, password,
            on_snapshot=self._on_snapshot, on_events=self._on_events, on_status=self._on_status,
            on_signal=self.signal_received.emit,
        )

    def start(self) -> None:
        """Connect in the background (needs a running asyncio loop, e.g. qasync)."""
        self.client.start()

    async def async_close(self) -> None:
        await self.client.close()

    # -- commands -------------------------------------------------------------------------------

    def command(self, op: str, args: dict) -> asyncio.Future:
        """Send any command (see docs/PROTOCOL.md). Commands on an incident carry the version this
        console saw, so a concurrent change by another desk is refused with the fresh state, not lost.
        Refusals are reported through :attr:`command_failed`; the future resolves with the ack."""
        if "incident" in args and "version" not in args and not op.startswith(("order.", "replay.")):
            inc = self.state.incidents.get(args["incident"]) if self.state else None
            if inc is not None:
                args = {**args, "version": inc.version}
        future = self.client.send_command(op, args)
        future.add_done_callback(lambda f: self._command_done(op, args, f))
        return future

    def accept(self, incident_id: str) -> None:
        """受理: accept a new incident."""
        self.command("incident.accept", {"incident": incident_id})

    def dispatch(self, incident_id: str, worker_id: str, *, force: bool = False) -> None:
        """派遣: give the incident to a worker (``force`` after the dispatcher confirmed a busy one)."""
        self.command("incident.dispatch", {"incident": incident_id, "worker": worker_id,
                                           **({"force": True} if force else {})})

    def close_incident(self, incident_id: str) -> None:
        """办结: close an incident that has been verified."""
        self.command("incident.close", {"incident": incident_id})

    def report(self, args: dict) -> None:
        """接警: enter a new incident (110 intake)."""
        self.command("incident.report", args)

    def send_signal(self, call: str, to: str, kind: str, **payload) -> asyncio.Future:
        """Relay a WebRTC offer/answer (``sdp=``) or ICE candidate (``candidate=``) to ``to`` in ``call``;
        the future resolves on the relay's ``signal.ok`` (see :meth:`RelayClient.send_signal`)."""
        return self.client.send_signal(call, to, kind, **payload)

    def _command_done(self, op: str, args: dict, future: asyncio.Future) -> None:
        """Report a refusal with the arguments that were refused (``request``), so the UI can offer a retry."""
        if future.cancelled():
            return
        err = future.exception()
        if isinstance(err, CommandRefused):
            self.command_failed.emit(op, {**err.error, "request": args})
        elif err is not None:
            self.command_failed.emit(op, {"code": "E_NETWORK", "zh": f"网络错误：{err}", "en": str(err),
                                          "request": args})

    # -- relay callbacks ------------------------------------------------------------------------

    def _on_snapshot(self, snapshot: dict) -> None:
        self.state = State.from_snapshot(snapshot)
        # A big snapshot is ~10^6 long-lived objects: move them out of the collector's way, or a full
        # collection (300-500 ms at 100k incidents) lands in the middle of an event burst.
        gc.collect()
        gc.freeze()
        self.state_reset.emit(self.state)

    def _on_events(self, events: list[Event]) -> None:
        if self.state is None:
            log.warning("events before snapshot ignored")
            return
        for event in events:
            apply(self.state, event)
        self.events_applied.emit(events)

    def _on_status(self, status: str, detail: str) -> None:
        if status == "connected" and self.client.account:
            self.role = self.client.account.get("role", "")
        self.connection_changed.emit(status, detail)
