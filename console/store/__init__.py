"""Persistence: the append-only event log, its projections and the reference data (SQLAlchemy Core)."""

from console.store.store import AccountRow, Store, StoreLocked

__all__ = ["AccountRow", "Store", "StoreLocked"]
