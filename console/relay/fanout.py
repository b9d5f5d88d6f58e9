"""Fan-out of committed events to subscribed connections, and catch-up buffering for resumes.

Consoles get every event in one frame per batch, serialised once and pushed with
``websockets.broadcast``. A grid worker gets only events that name it, a department liaison
only its referrals. A connection whose
write buffer grows past ``max_buffer`` is closed (code 1013): it reconnects and resumes from its
last seq, so it loses nothing and cannot make the relay hoard memory for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from websockets.asyncio.server import ServerConnection, broadcast

from console.domain.decide import Actor
from console.domain.events import POSITION_REPORTED, Event
from console.domain.permissions import WATCH_ALL_ROLES
from console.domain.workers import Role
from console.protocol.messages import encode, events_frame

log = logging.getLogger(__name__)


def audience_of(actor: Actor) -> str | None:
    """The filter a connection gets: None (everything), a worker id, or ``dept:CODE`` for a liaison."""
    if actor.role in WATCH_ALL_ROLES:
        return None
    if actor.role is Role.LIAISON:
        return f"dept:{actor.department or '-'}"
    return actor.worker_id or ""


def audiences(event: Event) -> set[str]:
    """The narrow audiences an event concerns: workers it names, and the department it is for."""
    if event.type == POSITION_REPORTED:
        return set()
    data = event.data
    keys = {data.get("worker"), data.get("reporter_worker"), *data.get("workers", ())} - {None}
    if "department" in data:
        keys |= {f"dept:{data['department']}", "dept:*"}
    return keys


def concerns(event: Event, audience: str) -> bool:
    """Whether a narrowed connection (see :func:`audience_of`) should receive ``event``."""
    return audience in audiences(event)


def _index_by_audience(events: list[Event], wire: list[dict]) -> dict[str, list[dict]]:
    """Wire events grouped by the narrow audiences they concern (one pass over the batch)."""
    index: dict[str, list[dict]] = {}
    for event, frame in zip(events, wire, strict=True):
        for key in audiences(event):
            index.setdefault(key, []).append(frame)
    return index


class Fanout:
    """Tracks who listens to what and pushes each committed batch to them."""

    def __init__(self, max_buffer: int = 8 * 1024 * 1024) -> None:
        self.max_buffer = max_buffer
        self.watchers: set[ServerConnection] = set()
        self.workers: dict[ServerConnection, str] = {}
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

    def go_live(self, conn: ServerConnection, worker_id: str | None, after_seq: int) -> list[Event]:
        """Make ``conn`` live; return buffered events newer than ``after_seq`` for it to send first."""
        buffered = self.catching_up.pop(conn, [])
        if worker_id is None:
            self.watchers.add(conn)
        else:
            self.workers[conn] = worker_id
        if after_seq > self.published_seq:
            self.floors[conn] = after_seq
        return [e for e in buffered if e.seq > after_seq and (worker_id is None or concerns(e, worker_id))]

    def remove(self, conn: ServerConnection) -> None:
        self.watchers.discard(conn)
        self.workers.pop(conn, None)
        self.catching_up.pop(conn, None)
        self.floors.pop(conn, None)

    @property
    def connection_count(self) -> int:
        return len(self.watchers) + len(self.workers) + len(self.catching_up)

    def publish(self, events: list[Event]) -> None:
        """Push one committed batch (in seq order) to everyone who should see it, once."""
        for buffer in self.catching_up.values():
            buffer.extend(events)
        wire = [e.to_wire() for e in events]
        floors = self._take_floors(events[-1].seq)
        if self.watchers:
            targets = self._healthy(c for c in self.watchers if c not in floors)
            broadcast(targets, encode(events_frame(wire)))
            self.delivered_frames += len(targets)
        if self.workers:
            by_worker = _index_by_audience(events, wire)
            for conn, worker_id in list(self.workers.items()):
                mine = by_worker.get(worker_id)
                if mine and conn not in floors:
                    broadcast(self._healthy([conn]), encode(events_frame(mine)))
        for conn, floor in floors.items():
            self._send_above(conn, floor, wire)
        self.published_seq = events[-1].seq

    def _take_floors(self, last_seq: int) -> dict[ServerConnection, int]:
        """The floors this batch reaches; those reached entirely are dropped from now on."""
        if not self.floors:
            return {}
        floors = dict(self.floors)
        for conn, floor in floors.items():
            if floor <= last_seq:
                del self.floors[conn]
        return floors

    def _send_above(self, conn: ServerConnection, floor: int, wire: list[dict]) -> None:
        """Send ``conn`` the part of a batch it has not had yet (it went live at ``floor``)."""
        worker_id = self.workers.get(conn)
        if worker_id is None and conn not in self.watchers:
            return
        fresh = [w for w in wire if w["seq"] > floor]
        if worker_id is not None:
            fresh = [w for w in fresh if concerns(Event.from_wire(w), worker_id)]
        if fresh:
            broadcast(self._healthy([conn]), encode(events_frame(fresh)))

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
