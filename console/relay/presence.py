"""Presence: which live connections serve a call party, and since when a party has had none.

Not in the log (a connection is not a fact worth replaying): the relay uses it to refuse calls to
workers nobody can reach (E_UNREACHABLE), to route signal frames, and — read from the writer
thread — to end calls whose party has been gone too long. A connection serves its account; a
grid worker's also serves its worker id; a dispatcher's, officer's or station chief's serves the
``desk`` (the command centre a worker calls); a field gateway's serves every worker it has
reported a position for on that connection.

A grid worker or a police unit has at most one personal connection (its own phone): a newer login takes over
(:meth:`Presence.claim_personal`), and a gateway may not act for a worker while it has one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from console.domain.calls import DESK
from console.domain.decide import Actor
from console.domain.decide_calls import CONSOLE_ROLES


class Presence:
    """Party id -> serving connections. Mutated on the event loop only; :meth:`absent_since` may be
    read from another thread (single dict lookups)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.started_at = int(clock() * 1000)
        self._by_party: dict[str, set[Hashable]] = {}
        self._by_conn: dict[Hashable, set[str]] = {}
        self._gone_at: dict[str, int] = {}
        self._personal: dict[str, Hashable] = {}  # worker id -> its own (phone) connection

    def join(self, conn: Hashable, actor: Actor) -> None:
        """An authenticated connection serves its account, its worker and, for consoles, the desk."""
        self.serve(conn, actor.account)
        if actor.worker_id:
            self.serve(conn, actor.worker_id)
        if actor.role in CONSOLE_ROLES:
            self.serve(conn, DESK)

    def serve(self, conn: Hashable, party: str) -> None:
        """``conn`` can reach ``party`` from now on (a gateway after a position for that worker)."""
        parties = self._by_conn.setdefault(conn, set())
        if party in parties:
            return
        parties.add(party)
        self._by_party.setdefault(party, set()).add(conn)
        self._gone_at.pop(party, None)

    def leave(self, conn: Hashable) -> None:
        """``conn`` closed: the parties it alone served are gone from now."""
        now = int(self._clock() * 1000)
        for worker in [w for w, c in self._personal.items() if c is conn]:
            del self._personal[worker]
        for party in self._by_conn.pop(conn, ()):
            conns = self._by_party.get(party)
            if conns is None:
                continue
            conns.discard(conn)
            if not conns:
                del self._by_party[party]
                self._gone_at[party] = now

    def claim_personal(self, conn: Hashable, worker: str) -> Hashable | None:
        """``conn`` is now ``worker``'s own session: every other connection stops serving the worker (a
        gateway's too). Returns the worker's earlier personal connection, which the caller closes."""
        for other in self.connections(worker):
            if other is not conn:
                self._unserve(other, worker)
        earlier = self._personal.get(worker)
        self._personal[worker] = conn
        return earlier if earlier is not conn else None

    def personal(self, worker: str) -> Hashable | None:
        """The live personal connection of ``worker``, if any."""
        return self._personal.get(worker)

    def _unserve(self, conn: Hashable, party: str) -> None:
        self._by_conn.get(conn, set()).discard(party)
        conns = self._by_party.get(party)
        if conns is not None:
            conns.discard(conn)

    def serves(self, conn: Hashable, party: str) -> bool:
        return party in self._by_conn.get(conn, ())

    def served_by(self, conn: Hashable) -> frozenset[str]:
        return frozenset(self._by_conn.get(conn, ()))

    def connections(self, party: str) -> list[Hashable]:
        """Every live connection serving ``party``."""
        return list(self._by_party.get(party, ()))

    def is_present(self, party: str) -> bool:
        return bool(self._by_party.get(party))

    def absent_since(self, party: str) -> int | None:
        """None while a connection serves ``party``; else when the last one went (the relay's start
        for a party not seen since, e.g. after a restart)."""
        if self._by_party.get(party):
            return None
        return self._gone_at.get(party, self.started_at)
