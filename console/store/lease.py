"""The writer lease on PostgreSQL: one relay writes the log at a time, fenced by an epoch.

One row per partition (in the partition's own schema: :mod:`console.store.partition`) names the holder, an
epoch and an expiry in the database's own clock. A relay takes the lease when it is free or expired, bumping
the epoch; it keeps it by renewing before it expires, and every commit renews it *inside the commit's
transaction*, matching the epoch: a relay whose lease was taken over (it stalled, or the database restarted
while it could not renew) finds the epoch moved and its commit refused (:class:`Fenced`), so two relays never
both write, even across a database restart that drops every session lock. A standby polls until the lease is
free.
"""

from __future__ import annotations

import os
import socket
import uuid

from sqlalchemy import Connection, Engine, text

DB_NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint"  # the database's clock, in ms


class Fenced(Exception):
    """Another relay took the writer lease: this one may not write any more."""


class WriterLease:
    """The lease of ``partition`` for one holder (host, pid and a tag of this object), valid ``ttl_ms``."""

    def __init__(self, engine: Engine, ttl_ms: int, partition: str = "main", holder: str | None = None) -> None:
        self.engine = engine
        self.ttl_ms = ttl_ms
        self.partition = partition
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.epoch: int | None = None

    def try_acquire(self) -> str:
        """Take the lease if it is free, expired or ours; return "" then, else who holds it and until when."""
        with self.engine.begin() as conn:
            conn.execute(text("INSERT INTO writer_lease (part, holder, epoch, expires_at) VALUES (:p, '', 0, 0) "
                              "ON CONFLICT (part) DO NOTHING"), {"p": self.partition})
            row = conn.execute(text(f"SELECT holder, epoch, expires_at, {DB_NOW_MS} AS now FROM writer_lease "
                                    "WHERE part = :p FOR UPDATE"), {"p": self.partition}).one()
            if row.holder != self.holder and row.expires_at > row.now:
                return f"{row.holder}（租约第 {row.epoch} 代，{(row.expires_at - row.now) / 1000:.1f} 秒后到期）"
            epoch = row.epoch + 1
            conn.execute(text(f"UPDATE writer_lease SET holder = :h, epoch = :e, expires_at = {DB_NOW_MS} + :ttl "
                              "WHERE part = :p"),
                         {"h": self.holder, "e": epoch, "ttl": self.ttl_ms, "p": self.partition})
        self.epoch = epoch
        return ""

    def renew(self, conn: Connection | None = None) -> None:
        """Extend the lease (in ``conn``'s transaction when given: a commit's fence); :class:`Fenced` if lost."""
        if self.epoch is None:
            raise Fenced("未持有写入租约 / the writer lease is not held")
        if conn is None:
            with self.engine.begin() as own:
                return self.renew(own)
        done = conn.execute(text(f"UPDATE writer_lease SET expires_at = {DB_NOW_MS} + :ttl "
                                 "WHERE part = :p AND epoch = :e AND holder = :h"),
                            {"ttl": self.ttl_ms, "p": self.partition, "e": self.epoch, "h": self.holder})
        if done.rowcount != 1:
            epoch, self.epoch = self.epoch, None
            raise Fenced(f"写入租约已被其他中继接管（本中继第 {epoch} 代）/ the writer lease was taken over")
        return None

    def advertise(self, url: str) -> None:
        """Name where this holder serves clients, for standbys to redirect them (no-op if not held)."""
        if self.epoch is None:
            return
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE writer_lease SET url = :u WHERE part = :p AND epoch = :e AND holder = :h"),
                         {"u": url, "p": self.partition, "e": self.epoch, "h": self.holder})

    def holder_url(self) -> str:
        """Where the live holder of the lease serves clients ("" when nobody holds it, or it lapsed)."""
        with self.engine.connect() as conn:
            row = conn.execute(text(f"SELECT url FROM writer_lease WHERE part = :p AND expires_at > {DB_NOW_MS}"),
                               {"p": self.partition}).first()
        return row.url if row is not None else ""

    def release(self) -> None:
        """Give the lease up at once (a standby takes it on its next poll); no-op if not held."""
        if self.epoch is None:
            return
        epoch, self.epoch = self.epoch, None
        with self.engine.begin() as conn:
            conn.execute(text("UPDATE writer_lease SET expires_at = 0 WHERE part = :p AND epoch = :e AND holder = :h"),
                         {"p": self.partition, "e": epoch, "h": self.holder})


def writer_url_in(engine: Engine, schema: str, part: str) -> str | None:
    """Where the live holder of partition ``part``'s lease (in ``schema``) serves clients: "" when none holds
    it now, None when the database has no such partition (no schema or no lease table)."""
    table = f'"{schema}".writer_lease'
    with engine.connect() as conn:
        if conn.scalar(text("SELECT to_regclass(:t)"), {"t": table}) is None:
            return None
        row = conn.execute(text(f"SELECT url FROM {table} WHERE part = :p AND expires_at > {DB_NOW_MS}"),
                           {"p": part}).first()
    return row.url if row is not None else ""
