"""Where the console's history views (日报/考核, 回放, 警情报告) read: through the console's relay session,
or, when the console was started with ``--db`` (on the server), from that database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


def _ask(session):
    from console.services.relay_history import BlockingQueries

    return BlockingQueries(session.client, asyncio.get_event_loop())


def summary_factory(session, db_url: str | None = None) -> Callable:
    """Makes the summary view's source: a ``RelaySummarySource`` over the session, or the database at ``db_url``."""
    if db_url:
        from console.services.summary_source import StoreSummarySource

        return lambda: StoreSummarySource(db_url)
    from console.services.relay_history import RelaySummarySource

    return lambda: RelaySummarySource(_ask(session))


def history_factory(session, db_url: str | None = None) -> Callable:
    """Makes the replay's history source: a ``RelayHistory`` over the session, or the database at ``db_url``."""
    if db_url:
        from console.services.history import StoreHistory

        return lambda: StoreHistory.open(db_url)
    from console.services.relay_history import RelayHistory

    return lambda: RelayHistory(_ask(session))
