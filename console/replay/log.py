"""Read-only queries of the recorded log for replay: non-position events, positions by time, bookmarks."""

from __future__ import annotations

import json
import operator

import numpy as np
from sqlalchemy import Connection, func, select, true, tuple_

from console.domain.bookmarks import Bookmark
from console.domain.events import POSITION_REPORTED, Event
from console.replay.fixes import Fixes, as_column
from console.store import positions as plog
from console.store import tables as t
from console.store.store import Store

SEQ_MAX = 2**63 - 1  # past every seq


def events_until(store: Store, end_ms: int, after: int = 0) -> list[Event]:
    """The non-position events after seq ``after`` up to the first event of the log later than ``end_ms``, in seq
    order (the part of the log replay folds onto the checkpoint at ``after``).

    The log is in time order, so the scan stops there instead of reading the rest of the log for ``at``: were the
    relay's clock ever stepped back, an event after that first later one would count as later too (replay orders
    by the running maximum of ``at``, :mod:`console.replay.engine`)."""
    e = t.events.c
    beyond = select(e.seq).where(e.seq > after, e.at > end_ms).order_by(e.seq).limit(1).scalar_subquery()
    q = (select(e.seq, e.at, e.type, e.actor, e.data)
         .where(e.seq > after, e.seq < func.coalesce(beyond, SEQ_MAX), e.type != POSITION_REPORTED).order_by(e.seq))
    with store.engine.connect() as conn:
        return [Event(r.seq, r.at, r.type, r.actor, json.loads(r.data)) for r in conn.execute(q)]


def latest_stmt(t_ms: int, columns=plog.COLUMNS):
    """Each source's fixes at its latest ``at <= t_ms``: two probes per source of the ``(src, at)`` index.

    Written as ``(src, at) IN (...)`` so that SQLite, without statistics, still drives it from the sources.
    """
    p, s = t.position_log.c, t.position_sources.c
    q = t.position_log.alias("q")
    last_at = select(func.max(q.c.at)).where(q.c.src == s.id, q.c.at <= t_ms).scalar_subquery()
    return select(*columns).where(tuple_(p.src, p.at).in_(select(s.id, last_at)))


def latest_fixes(store: Store, t_ms: int) -> Fixes:
    """Each source's latest fixes at or before ``t_ms`` (any age), as columns in seq order."""
    with store.engine.connect() as conn:
        return fixes_of_rows(store, conn, conn.execute(latest_stmt(t_ms)).cursor.fetchall())


def window_stmt(t0_ms: int, t1_ms: int, dialect: str, columns=plog.COLUMNS):
    """Positions with ``t0_ms < at <= t1_ms``: one range of the ``(src, at)`` index per source.

    SQLite walks ``src IN (...)`` through the index; PostgreSQL needs a LATERAL join for that
    (it would scan the whole table for an ``at`` range otherwise).
    """
    if dialect == "postgresql":
        q = t.position_log.alias("q")
        per_source = (select(*(q.c[c.name] for c in columns))
                      .where(q.c.src == t.position_sources.c.id, q.c.at > t0_ms, q.c.at <= t1_ms)
                      .offset(0).lateral("p"))  # OFFSET 0: keeps the planner from flattening it
        return select(*per_source.c).select_from(t.position_sources).join(per_source, true())
    p = t.position_log.c
    return select(*columns).where(p.src.in_(select(t.position_sources.c.id)), p.at > t0_ms, p.at <= t1_ms)


def positions_between(store: Store, t0_ms: int, t1_ms: int) -> list[Event]:
    """Position events with ``t0_ms < at <= t1_ms``, in seq order."""
    with store.engine.connect() as conn:
        rows = sorted(conn.execute(window_stmt(t0_ms, t1_ms, store.dialect)).all(), key=operator.itemgetter(0))
        return store.sources.decode_rows(conn, rows)


def fixes_between(store: Store, t0_ms: int, t1_ms: int) -> Fixes:
    """Positions with ``t0_ms < at <= t1_ms`` as columns, in seq order (no Event per fix: ~10x cheaper)."""
    with store.engine.connect() as conn:
        rows = conn.execute(window_stmt(t0_ms, t1_ms, store.dialect)).cursor.fetchall()  # plain tuples: no Row
        return fixes_of_rows(store, conn, rows)


def fixes_of_rows(store: Store, conn: Connection, rows: list[tuple]) -> Fixes:
    """:class:`Fixes` of ``position_log`` rows selected with ``positions.COLUMNS``, decoded as
    :func:`console.store.positions.decode` would (a row with ``extra`` is decoded by it)."""
    if not rows:
        return Fixes.empty()
    rows.sort(key=operator.itemgetter(0))
    seq, at, src, lng, lat, fix_lag, speed, heading, extra = zip(*rows, strict=True)
    sources = {s: store.sources.name(conn, s) for s in set(src)}
    worker = {s: pair[1] for s, pair in sources.items()}
    at = np.array(at, dtype=np.int64)

    def scaled(values, scale) -> np.ndarray:
        n = np.array(values, dtype=float)  # NULL -> NaN: not reported, which the reducer reads as 0.0
        return np.where(np.isnan(n), 0.0, n / scale)

    fixes = Fixes(np.array(seq, dtype=np.int64), at, np.array([worker[s] for s in src], dtype=object),
                  np.array(lng, dtype=float) / plog.DEG, np.array(lat, dtype=float) / plog.DEG,
                  at - np.array(fix_lag, dtype=np.int64), scaled(speed, plog.SPEED), scaled(heading, plog.HEADING))
    for k in (k for k, x in enumerate(extra) if x is not None):
        event = fixes.odd[k] = plog.decode(rows[k], sources[src[k]])
        d = event.data
        values = (d["lng"], d["lat"], d["at"], d.get("speed", 0.0), d.get("heading", 0.0))
        for column, value in zip((fixes.lng, fixes.lat, fixes.fix_at, fixes.speed, fixes.heading), values,
                                 strict=True):
            column[k] = as_column(value, column.dtype.type)
    return fixes


def bookmarks_between(store: Store, start_ms: int, end_ms: int) -> list[Bookmark]:
    """Bookmarks marking a moment in ``[start_ms, end_ms]``, in time order."""
    b = t.bookmarks.c
    q = select(b.body).where(b.at >= start_ms, b.at <= end_ms).order_by(b.at, b.id)
    with store.engine.connect() as conn:
        return [Bookmark.from_dict(json.loads(body)) for body in conn.scalars(q)]
