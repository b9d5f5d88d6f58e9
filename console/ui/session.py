"""ConsoleSession: the Qt face of :class:`console.services.session.Session`, one signal per hook.

Network callbacks arrive on the asyncio loop, which under qasync is the GUI thread, so the
signals are emitted directly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.domain.changes import Changes
from console.domain.events import Event
from console.domain.state import State
from console.services.session import Session


class ConsoleSession(QObject, Session):
    """The live session the widgets subscribe to."""

    state_reset = Signal(object)
    events_applied = Signal(list)
    changed = Signal(object)  # the batch's Changes, emitted after events_applied
    connection_changed = Signal(str, str)
    caught_up = Signal(int)  # live again after a reconnect: how many missed events were applied
    command_failed = Signal(str, dict)
    desks_changed = Signal(object)  # set of incident ids another desk opened or left
    signal_received = Signal(dict)  # a WebRTC signal frame for one of our calls: {call, from, kind, sdp|candidate}

    def __init__(self, url: str, user: str, password: str, parent: QObject | None = None) -> None:
        super().__init__(parent, url=url, user=user, password=password)  # QObject passes the rest on to Session

    def on_state_reset(self, state: State) -> None:
        self.state_reset.emit(state)

    def on_events_applied(self, events: list[Event]) -> None:
        self.events_applied.emit(events)

    def on_changed(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def on_connection_changed(self, status: str, detail: str) -> None:
        self.connection_changed.emit(status, detail)

    def on_caught_up(self, count: int) -> None:
        self.caught_up.emit(count)

    def announce(self) -> None:
        """Tell widgets built after the session started (behind a login dialog) its status and state."""
        self.connection_changed.emit(*self.status)
        if self.state is not None:
            self.state_reset.emit(self.state)

    def on_command_failed(self, op: str, error: dict) -> None:
        self.command_failed.emit(op, error)

    def on_signal(self, frame: dict) -> None:
        self.signal_received.emit(frame)

    def on_desks_changed(self, incidents: set[str]) -> None:
        self.desks_changed.emit(incidents)
