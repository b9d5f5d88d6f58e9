"""The lean position log: ``position.reported`` events as narrow rows instead of JSON in ``events``.

A fix is stored as scaled integers (1e-7 degree, cm/s, 0.1 degree) under a small source number
(``position_sources``: one per reporting account and worker), the device fix time as a lag behind
the relay's clock, and a 64-bit hash of the idempotency key instead of the key itself. Whatever
does not round-trip exactly (a float with more than 7 decimals, an int, an unknown key) is kept in
the nullable ``extra`` JSON, so a decoded event always equals the committed one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from sqlalchemy import Connection, func, select, tuple_

from console.domain.events import POSITION_REPORTED, Event
from console.store import tables as t
from console.store.driver_sql import driver_rows, placeholders

DEG = 10_000_000  # 1e-7 degree, about 1 cm
SPEED = 100  # cm/s
HEADING = 10  # 0.1 degree
_COMPACT = frozenset({"worker", "lng", "lat", "at", "speed", "heading"})
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def key_hash(actor: str, key: str | None) -> int | None:
    """A signed 64-bit hash of ``(actor, idempotency key)``, or None without a key."""
    if key is None:
        return None
    digest = hashlib.blake2b(f"{actor}\x1f{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _scaled(value: object, scale: int) -> int | None:
    """``value * scale`` as an int when dividing it back gives exactly ``value``; else None."""
    if type(value) is not float:
        return None
    n = round(value * scale)
    return n if n / scale == value else None


def encode(event: Event, key: str | None, src: int) -> dict:
    """The ``position_log`` row of one position event reported through source ``src``."""
    d = event.data
    extra = {k: d[k] for k in d.keys() - _COMPACT}
    row = {"seq": event.seq, "at": event.at, "src": src, "key_hash": key_hash(event.actor, key)}
    for name, scale in (("lng", DEG), ("lat", DEG), ("speed", SPEED), ("heading", HEADING)):
        value = d.get(name)
        n = None if value is None else _scaled(value, scale)
        if n is None and value is not None:
            extra[name] = value
            n = round(float(value) * scale)
        row[name] = n
    fix = d.get("at")
    row["fix_lag"] = event.at - fix if type(fix) is int else 0
    if type(fix) is not int:
        extra["at"] = fix
    row["extra"] = _dumps(extra) if extra else None
    return row


def decode(row, source: tuple[str, str]) -> Event:
    """Inverse of :func:`encode` for a row selected with :data:`COLUMNS`; ``source`` is its ``(actor, worker)``."""
    seq, at, _, lng, lat, fix_lag, speed, heading, extra = row  # unpacking: Row attribute access costs ~2 µs each
    actor, worker = source
    data = {"worker": worker, "lng": lng / DEG, "lat": lat / DEG, "at": at - fix_lag}
    if speed is not None:
        data["speed"] = speed / SPEED
    if heading is not None:
        data["heading"] = heading / HEADING
    if extra is not None:
        data.update(json.loads(extra))
    return Event(seq, at, POSITION_REPORTED, actor, data)


COLUMNS = (t.position_log.c.seq, t.position_log.c.at, t.position_log.c.src, t.position_log.c.lng,
           t.position_log.c.lat, t.position_log.c.fix_lag, t.position_log.c.speed, t.position_log.c.heading,
           t.position_log.c.extra)


class Sources:
    """The ``position_sources`` numbering, cached; only the writer adds to it (inside its transaction)."""

    def __init__(self, upsert) -> None:
        self._upsert = upsert  # the dialect's insert() with on_conflict_do_nothing
        self.ids: dict[tuple[str, str], int] = {}
        self.names: dict[int, tuple[str, str]] = {}

    def ids_for(self, conn: Connection, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Numbers for ``(actor, worker)`` pairs, adding new ones in ``conn``'s transaction.

        New numbers are returned but not cached: call :meth:`remember` once the transaction commits.
        """
        pairs = set(pairs)
        found = {p: self.ids[p] for p in pairs if p in self.ids}
        missing = sorted(pairs - found.keys())
        if missing:
            c = t.position_sources.c
            stmt = self._upsert(t.position_sources).on_conflict_do_nothing(index_elements=["actor", "worker"])
            conn.execute(stmt, [{"actor": a, "worker": w} for a, w in missing])
            for i in range(0, len(missing), 500):
                q = select(c.id, c.actor, c.worker).where(tuple_(c.actor, c.worker).in_(missing[i:i + 500]))
                found.update({(r.actor, r.worker): r.id for r in conn.execute(q)})
        return found

    def remember(self, ids: dict[tuple[str, str], int]) -> None:
        """Cache numbers whose rows are committed."""
        for pair, n in ids.items():
            self.ids[pair] = n
            self.names[n] = pair

    def name(self, conn: Connection, src: int) -> tuple[str, str]:
        """``(actor, worker)`` of source ``src``, reloading the table when it is new to this process."""
        if src not in self.names:
            c = t.position_sources.c
            self.remember({(r.actor, r.worker): r.id for r in conn.execute(select(c.id, c.actor, c.worker))})
        return self.names[src]

    def decode_rows(self, conn: Connection, rows) -> list[Event]:
        """Events of ``position_log`` rows selected with :data:`COLUMNS`."""
        names, name = self.names, self.name
        return [decode(r, names[r[2]] if r[2] in names else name(conn, r[2])) for r in rows]


def after(conn: Connection, sources: Sources, seq: int, limit: int) -> list[Event]:
    """Up to ``limit`` position events with seq > ``seq``, in seq order."""
    p = t.position_log.c
    rows = conn.execute(select(*COLUMNS).where(p.seq > seq).order_by(p.seq).limit(limit)).all()
    return sources.decode_rows(conn, rows)


def committed(conn: Connection, sources: Sources, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """``(actor, key) -> seq`` for keys of position events already in the log."""
    by_hash = {key_hash(actor, key): (actor, key) for actor, key in keys}
    hashes = list(by_hash)
    found: dict[tuple[str, str], int] = {}
    for i in range(0, len(hashes), 1000):
        chunk = hashes[i:i + 1000]
        sql = f"SELECT key_hash, seq, src FROM position_log WHERE key_hash IN ({placeholders(len(chunk))})"
        for hashed, seq, src in driver_rows(conn, sql, chunk):
            actor, key = by_hash[hashed]
            if sources.name(conn, src)[0] == actor:  # a hash collision across accounts is not a match
                found[(actor, key)] = seq
    return found


def head(conn: Connection) -> int:
    """The highest seq in the position log, or 0."""
    return int(conn.scalar(select(func.coalesce(func.max(t.position_log.c.seq), 0))))
