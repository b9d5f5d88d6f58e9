"""Fan-out of committed events to subscribed connections, and catch-up buffering for resumes.

Consoles get every event in one frame per batch, serialised once and pushed with
``websockets.broadcast``; a batch holding a resident's 居住登记 goes out hidden once for all of them,
and in full to the few a :class:`~console.domain.privacy.Clearance` lets read it (its officer). A
narrowed connection (grid worker, police unit, field gateway, liaison) gets only what its
:class:`~console.domain.visibility.View` sees, redacted for it. A desk subscribed to some stations or
to decimated positions (:class:`~console.domain.subscription.Subscription`) gets what its subscription
picks, one frame per group of desks with the same subscription and clearance. A connection whose write buffer grows
past ``max_buffer`` is closed (code 1013): it reconnects and resumes from its last seq, so it loses
nothing and cannot make the relay hoard memory for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from websockets.asyncio.server import ServerConnection, broadcast

from console.domain import privacy
from console.domain.audience import station_keys
from console.domain.changes import Changes
from console.domain.events import Event
from console.domain.privacy import Clearance
from console.domain.state import State
from console.domain.subscription import Picker, Subscription
from console.domain.visibility import View
from console.protocol.messages import encode_utf8, events_frame

log = logging.getLogger(__name__)


def _index_by_audience(events: list[Event], changes: Changes) -> dict[str, list[Event]]:
    """Events grouped by the narrow audiences the change set says they concern (one pass)."""
    index: dict[str, list[Event]] = {}
    for event in events:
        for key in changes.audiences.get(event.seq, ()):
            index.setdefault(key, []).append(event)
    return index


class Fanout:
    """Tracks who listens to what and pushes each committed batch to them."""

    def __init__(self, live_state: Callable[[], State], max_buffer: int = 8 * 1024 * 1024) -> None:
        self.live_state = live_state  # the writer's state, for what a view adds to an event (a dispatch brief)
        self.max_buffer = max_buffer
        self.watchers: dict[ServerConnection, Clearance] = {}  # whole-stream connections and what they may read
        self.views: dict[ServerConnection, View] = {}
        self.subscriptions: dict[ServerConnection, Subscription] = {}  # whole-stream connections narrowed
        self._pickers: dict[tuple[Clearance, Subscription], Picker] = {}  # one per group of alike desks
        self.catching_up: dict[ServerConnection, list[Event]] = {}
        # connections that went live at a seq the database had reached before the fan-out did: the
        # batches up to that seq are still to be published here, and must not reach them twice
        self.floors: dict[ServerConnection, int] = {}
        self.published_seq = 0
        self.delivered_frames = 0
        self.dropped_slow = 0

    def begin_catch_up(self, conn: ServerConnection) -> None:
        """From now on buffer live events for ``conn`` while its history is read and sent."""
        self.catching_up[conn] = []

    def go_live(self, conn: ServerConnection, view: View | None, after_seq: int,
                clearance: Clearance = privacy.NOBODY, subscription: Subscription | None = None) -> list[dict]:
        """Make ``conn`` live; return the wire form of buffered events newer than ``after_seq`` for it."""
        buffered = [e for e in self.catching_up.pop(conn, []) if e.seq > after_seq]
        if after_seq > self.published_seq:
            self.floors[conn] = after_seq
        if view is None:
            self.watchers[conn] = clearance
            if subscription is not None and subscription.narrowed:
                self.subscriptions[conn] = subscription
                buffered = self.pick_for(Picker(subscription), buffered)
            return privacy.wire_all(buffered, clearance)
        self.views[conn] = view
        return self.wire_for(view, buffered)

    def wire_for(self, view: View, events: list[Event]) -> list[dict]:
        """What ``view`` gets of ``events``: the ones it sees, redacted."""
        return view.wire(events, self.live_state())

    def pick_for(self, picker: Picker, events: list[Event]) -> list[Event]:
        """What ``picker``'s subscription gets of ``events`` read back (history, catch-up): each event's
        stations by the live state."""
        state = self.live_state()
        return picker.pick(events, lambda e: station_keys(state, e))

    def remove(self, conn: ServerConnection) -> None:
        self.watchers.pop(conn, None)
        self.subscriptions.pop(conn, None)
        self.views.pop(conn, None)
        self.catching_up.pop(conn, None)
        self.floors.pop(conn, None)

    @property
    def connection_count(self) -> int:
        return len(self.watchers) + len(self.views) + len(self.catching_up)

    def publish(self, events: list[Event], changes: Changes) -> None:
        """Push one committed batch (in seq order, with its change set) to everyone who should see it, once."""
        for buffer in self.catching_up.values():
            buffer.extend(events)
        floors = self._take_floors(events[-1].seq)
        if self.watchers:
            self._to_watchers([c for c in self.watchers if c not in floors and c not in self.subscriptions], events)
        if self.subscriptions:
            self._to_subscribers([c for c in self.subscriptions if c not in floors], events, changes)
        if self.views:
            by_audience = _index_by_audience(events, changes)
            for conn, view in list(self.views.items()):
                keys = [k for k in view.keys if k in by_audience]
                if not keys:
                    continue
                named = by_audience[keys[0]] if len(keys) == 1 else \
                    sorted({e.seq: e for k in keys for e in by_audience[k]}.values(), key=lambda e: e.seq)
                if conn in floors:
                    named = [e for e in named if e.seq > floors[conn]]
                mine = self.wire_for(view, named)
                if mine:
                    broadcast(self._healthy([conn]), encode_utf8(events_frame(mine)), text=True)
        for conn, floor in floors.items():
            later = [e for e in events if e.seq > floor]
            if conn in self.subscriptions:
                later = self._picker(conn).pick(later, lambda e: changes.audiences.get(e.seq, frozenset()))
            fresh = privacy.wire_all(later, self.watchers.get(conn, privacy.NOBODY))
            if conn in self.watchers and fresh:
                broadcast(self._healthy([conn]), encode_utf8(events_frame(fresh)), text=True)
        self.published_seq = events[-1].seq

    def _to_watchers(self, conns: list[ServerConnection], events: list[Event]) -> None:
        """One frame for every whole-stream connection; when the batch holds restricted events (a
        居住登记, a key person: rare, a batch of positions never does), one frame per clearance."""
        if not any(privacy.is_restricted(e) for e in events):
            targets = self._healthy(conns)
            broadcast(targets, encode_utf8(events_frame([e.to_wire() for e in events])), text=True)
            self.delivered_frames += len(targets)
            return
        by_clearance: dict[Clearance, list[ServerConnection]] = {}
        for conn in conns:
            by_clearance.setdefault(self.watchers[conn], []).append(conn)
        for clearance, group in by_clearance.items():
            wire = privacy.wire_all(events, clearance)
            targets = self._healthy(group)
            if wire:
                broadcast(targets, encode_utf8(events_frame(wire)), text=True)
                self.delivered_frames += len(targets)

    def _picker(self, conn: ServerConnection) -> Picker:
        group = (self.watchers[conn], self.subscriptions[conn])
        picker = self._pickers.get(group)
        if picker is None:
            picker = self._pickers[group] = Picker(group[1])
        return picker

    def _to_subscribers(self, conns: list[ServerConnection], events: list[Event], changes: Changes) -> None:
        """One frame per group of desks with the same subscription and clearance: what it picks."""
        groups: dict[Picker, list[ServerConnection]] = {}
        for conn in conns:
            groups.setdefault(self._picker(conn), []).append(conn)
        for picker, group in groups.items():
            picked = picker.pick(events, lambda e: changes.audiences.get(e.seq, frozenset()))
            wire = privacy.wire_all(picked, self.watchers[group[0]])
            targets = self._healthy(group)
            if wire and targets:
                broadcast(targets, encode_utf8(events_frame(wire)), text=True)
                self.delivered_frames += len(targets)
        live = {(self.watchers[c], s) for c, s in self.subscriptions.items()}
        for group in [g for g in self._pickers if g not in live]:  # nobody left with that subscription
            del self._pickers[group]

    def _take_floors(self, last_seq: int) -> dict[ServerConnection, int]:
        """The floors this batch reaches; those reached entirely are dropped from now on."""
        if not self.floors:
            return {}
        floors = dict(self.floors)
        for conn, floor in floors.items():
            if floor <= last_seq:
                del self.floors[conn]
        return floors

    def _healthy(self, conns: Iterable[ServerConnection]) -> list[ServerConnection]:
        healthy = []
        for conn in conns:
            transport = conn.transport
            if transport is not None and transport.get_write_buffer_size() > self.max_buffer:
                log.warning("closing slow consumer %s (%d bytes queued)", conn.remote_address,
                            transport.get_write_buffer_size())
                self.dropped_slow += 1
                self.remove(conn)
                transport.abort()
                continue
            healthy.append(conn)
        return healthy
