"""Statements the writer runs for every batch, sent to the database driver as they are.

SQLAlchemy compiles an expanding ``IN`` anew for each call (~60–90 µs each on this machine, more than the
lookup itself): the writer's idempotency lookups run here instead, as plain SQL written once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from sqlalchemy import Connection


def driver_rows(conn: Connection, sql: str, params: Sequence[object]) -> list[tuple]:
    """Rows of ``sql`` (``?`` placeholders, tables by their plain names) on ``conn``'s driver connection."""
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):  # psycopg's placeholders
        sql = sql.replace("?", "%s")
    cursor = raw.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def placeholders(count: int, width: int = 1) -> str:
    """``?, ?`` for ``count`` values, or ``(?, ?), (?, ?)`` for ``count`` rows of ``width`` values."""
    one = "?" if width == 1 else "(" + ", ".join("?" * width) + ")"
    return ", ".join([one] * count)
