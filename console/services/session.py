"""Session: the console's connection to the relay, without Qt.

Network callbacks arrive on the asyncio loop; the session folds events into its State with the
shared reducer and reports what happened through its ``on_…`` hooks (one change set per batch), which do nothing here.
:class:`console.ui.session.ConsoleSession` overrides them to emit Qt signals (under qasync the
loop is the GUI thread). The UI only reads ``state`` and calls the command methods; it never
guesses an outcome.
"""

from __future__ import annotations

import asyncio
import gc
import logging

from console.domain.changes import Changes
from console.domain.events import Event
from console.domain.state import State, apply_all
from console.net.client import CommandRefused, RelayClient
from console.services.desk_presence import DeskPresence

log = logging.getLogger(__name__)

FOCUS_ROLES = frozenset({"dispatcher", "officer", "chief"})  # the desks that share presence marks


class Session:
    """Holds the console's live State and sends the dispatcher's commands."""

    def __init__(self, url: str, user: str, password: str) -> None:
        self.account = user
        self.role = ""
        self.worker = ""  # the roster entry a grid worker's or an officer's account is (from auth.ok)
        self.state: State | None = None
        self.status = ("connecting", url)  # the last (status, detail) reported
        self._catching_up: int | None = None  # events received since a reconnect, until live again
        self.desks = DeskPresence(user)  # which incident the other desks have open
        self.client = RelayClient(
            url, user, password,
            on_snapshot=self._on_snapshot, on_events=self._on_events, on_status=self._on_status,
            on_signal=self.on_signal, on_live=self._on_live, on_focus=self._on_focus,
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
        Refusals are reported through :meth:`on_command_failed`; the future resolves with the ack."""
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

    def close_incident(self, incident_id: str, outcome: str, note: str) -> None:
        """办结: close an incident that has been verified, with its 处理结果 (console.domain.outcomes) and a note."""
        self.command("incident.close", {"incident": incident_id, "outcome": outcome, "note": note})

    def report(self, args: dict) -> None:
        """接警: enter a new incident (110 intake)."""
        self.command("incident.report", args)

    def change_password(self, old: str, new: str) -> asyncio.Future:
        """修改本人密码; after an initial password (status ``must_change``) the session then goes live.
        The future raises :class:`CommandRefused` with the relay's reason."""
        return asyncio.ensure_future(self.client.change_password(old, new))

    def focus(self, incident_id: str | None) -> None:
        """Tell the other desks this one has ``incident_id`` open (None: none); only dispatch desks do."""
        if self.role in FOCUS_ROLES:
            self.client.send_focus(incident_id)

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
            self.on_command_failed(op, {**err.error, "request": args})
        elif err is not None:
            self.on_command_failed(op, {"code": "E_NETWORK", "zh": f"网络错误：{err}", "en": str(err),
                                          "request": args})

    # -- relay callbacks ------------------------------------------------------------------------

    def _on_snapshot(self, snapshot: dict) -> None:
        self.state = State.from_snapshot(snapshot)
        # A big snapshot is ~10^6 long-lived objects: move them out of the collector's way, or a full
        # collection (300-500 ms at 100k incidents) lands in the middle of an event burst.
        gc.collect()
        gc.freeze()
        self.on_state_reset(self.state)

    def _on_events(self, events: list[Event]) -> None:
        if self.state is None:
            log.warning("events before snapshot ignored")
            return
        changes = apply_all(self.state, events)
        if self._catching_up is not None:
            self._catching_up += len(events)
        self.on_events_applied(events)
        self.on_changed(changes)

    def _on_status(self, status: str, detail: str) -> None:
        if status in ("connected", "must_change") and self.client.account:
            self.role = self.client.account.get("role", "")
            self.worker = self.client.account.get("worker") or ""
        if status == "disconnected" and self.state is not None:
            self._catching_up = 0  # counts what the relay resends after the reconnect
        if status == "disconnected":
            self._desks_changed(self.desks.clear())
        self.status = (status, detail)
        self.on_connection_changed(status, detail)

    def _on_live(self) -> None:
        caught_up, self._catching_up = self._catching_up, None
        if caught_up is not None:
            self.on_caught_up(caught_up)

    def _on_focus(self, frame: dict) -> None:
        self._desks_changed(self.desks.apply(frame))

    def _desks_changed(self, incidents: set[str]) -> None:
        if incidents:
            self.on_desks_changed(incidents)

    # -- what happened (override to observe) ----------------------------------------------------

    def on_desks_changed(self, incidents: set[str]) -> None:
        """Another desk opened or left these incidents (see :attr:`desks`)."""

    def on_state_reset(self, state: State) -> None:
        """A snapshot replaced the state."""

    def on_events_applied(self, events: list[Event]) -> None:
        """Events were folded into the state."""

    def on_changed(self, changes: Changes) -> None:
        """What one batch of events changed (one change set per batch): panels refresh from it."""

    def on_connection_changed(self, status: str, detail: str) -> None:
        """The relay connection is ``connecting``, ``connected``, ``must_change`` (logged in with an initial
        password: :meth:`change_password` first) or ``disconnected`` (``detail`` says why)."""

    def on_caught_up(self, count: int) -> None:
        """Live again after a reconnect; ``count`` events missed while away were received and applied."""

    def on_command_failed(self, op: str, error: dict) -> None:
        """A command was refused or lost; ``error["request"]`` holds its arguments."""

    def on_signal(self, frame: dict) -> None:
        """A WebRTC signal frame for one of our calls: ``{call, from, kind, sdp|candidate}``."""
