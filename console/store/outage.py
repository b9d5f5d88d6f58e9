"""Telling a database that cannot be reached (stopped, restarting, a dropped connection) from a bug: the
relay logs the first as one line per change of state and the second with its traceback."""

from __future__ import annotations

from sqlalchemy import exc as sa


def unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` says the database cannot be reached now (it may be back later)."""
    if isinstance(exc, sa.DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, sa.OperationalError | sa.InterfaceError | sa.DisconnectionError)


def describe(exc: BaseException) -> str:
    """The exception's type and the first line of its message (a driver's message runs on with SQL)."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
