"""Read access to the shared database for history views (replay, reports), so the UI never builds a ``Store``.

The relay is the only writer of live data; what :func:`open_history` returns is only read.
:class:`StoreHistory` is the history source of a replay window on the server (``--db``); a workstation
uses :class:`console.services.relay_history.RelayHistory`, which has the same methods.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError as DatabaseError  # what a failed read raises

from console.store.store import Store

__all__ = ["DatabaseError", "StoreHistory", "open_history"]


def open_history(db_url: str) -> Store:
    """The database at ``db_url``; the caller disposes of it (``dispose()``) when done."""
    return Store(db_url)


class StoreHistory:
    """Replay ranges and incident ranges read from ``store`` (disposed of with :meth:`dispose`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, db_url: str) -> StoreHistory:
        return cls(open_history(db_url))

    def incident_range(self, incident_id: str) -> tuple[int, int]:
        from console.replay import incident_range

        return incident_range(self.store, incident_id)

    def replay(self, start_ms: int, end_ms: int, incident: str | None = None):
        from console.replay import Replay

        return Replay(self.store, start_ms, end_ms, incident=incident)

    def dispose(self) -> None:
        self.store.dispose()
