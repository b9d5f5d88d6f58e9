"""Read access to the shared database for history views (replay, reports), so the UI never builds a ``Store``.

The relay is the only writer of live data; what :func:`open_history` returns is only read.
"""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError as DatabaseError  # what a failed read raises

from console.store.store import Store

__all__ = ["DatabaseError", "open_history"]


def open_history(db_url: str) -> Store:
    """The database at ``db_url``; the caller disposes of it (``dispose()``) when done."""
    return Store(db_url)
