"""``DemoSession``: an offline stand-in for ``ConsoleSession`` (same signals and methods).

It records every command in :attr:`calls` instead of sending it, and lets a test or demo push
state and events in as the real session would after a snapshot or an event batch.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from console.domain.state import State, apply_all


class DemoSession(QObject):
    state_reset = Signal(object)
    events_applied = Signal(list)
    changed = Signal(object)  # the batch's Changes
    connection_changed = Signal(str, str)
    command_failed = Signal(str, dict)

    def __init__(
        self,
        state: State | None = None,
        account: str = "ddy01",
        role: str = "dispatcher",
        parent: QObject | None = None,
        worker: str = "",
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.account = account
        self.role = role
        self.worker = worker
        self.calls: list[tuple] = []

    # --- commands (recorded, never sent) -------------------------------------------
    def command(self, op: str, args: dict) -> None:
        self.calls.append(("command", op, dict(args)))

    def accept(self, incident_id: str) -> None:
        self.calls.append(("accept", incident_id))

    def dispatch(self, incident_id: str, worker_id: str, *, force: bool = False) -> None:
        call = ("dispatch", incident_id, worker_id)
        self.calls.append((*call, "force") if force else call)

    def close_incident(self, incident_id: str) -> None:
        self.calls.append(("close_incident", incident_id))

    # --- feeding ---------------------------------------------------------------------
    def reset(self, state: State) -> None:
        """Replace the state and announce it, like a fresh snapshot."""
        self.state = state
        self.state_reset.emit(state)

    def feed(self, events: list) -> None:
        """Fold events into the state, then announce them as one batch and one change set."""
        changes = apply_all(self.state, events)
        self.events_applied.emit(list(events))
        self.changed.emit(changes)
