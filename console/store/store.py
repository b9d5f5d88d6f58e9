"""The Store: event log, projections and reference data on SQLite or PostgreSQL.

One writer thread (the relay's group commit) calls :meth:`Store.commit`; any thread may read.
"""

from __future__ import annotations

import fcntl
import json
import operator
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Boolean,
    Connection,
    Float,
    Integer,
    String,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

from console.domain import events as ev
from console.domain.bookmarks import Bookmark
from console.domain.changes import Changes, changes_of
from console.domain.events import Event
from console.domain.grid_profiles import GridProfile
from console.domain.notices import Notice
from console.domain.places import Address, Community, District, Grid, PoliceGrid, Station, Street
from console.domain.records import Submission
from console.domain.risk.model import KeyPerson, Warning
from console.domain.state import Rules, State
from console.domain.workers import Position, Worker, worker_from_row
from console.store import migrate, trimmed
from console.store import positions as plog
from console.store import rows as projection
from console.store import tables as t
from console.store.accounts import AccountRow, account_row, load_accounts, scope_columns, write_accounts
from console.store.checkpoint import INTERVAL_S, Checkpointer
from console.store.driver_sql import driver_rows, placeholders
from console.store.kpi_rows import KpiProjection, facts_upsert, heat_add, presence_add, record_shifts
from console.store.lease import WriterLease, writer_url_in
from console.store.partition import CODE, MAIN, partition_of, schema_of

TOOL_LEASE_MS = 10 * 60_000  # a command-line tool's writer lease: one operation, released when done
IN_CHUNK = 500  # keys per IN (...) query; 2 bind parameters each


class StoreLocked(Exception):
    """Another relay holds the writer lock on this database."""


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # compact, keeps Chinese


def _points(raw: str) -> tuple[tuple[float, float], ...]:
    return tuple((float(x), float(y)) for x, y in json.loads(raw))


def normalize_url(url: str) -> str:
    """Rewrite ``postgresql://`` to the psycopg 3 driver; anything else unchanged."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    """Database access for the relay. Thread-safe through the engine's connection pool."""

    def __init__(self, url: str, *, echo: bool = False, read_only: bool = False) -> None:
        """``read_only``: every connection refuses writes (the relay's query threads use one such store)."""
        self.url = normalize_url(url)
        self.rules = Rules()  # business rules handed to every State this store loads
        parsed = make_url(self.url)
        self.dialect = parsed.get_backend_name()
        self.partition = partition_of(self.url)  # the jurisdiction whose log this store holds (console.store.partition)
        self._label = parsed.render_as_string(hide_password=True)
        self._lock_file: int | None = None
        self._lease: WriterLease | None = None
        self.checkpointer: Checkpointer | None = None  # SQLite: WAL checkpoints on their own thread (the relay)
        if self.dialect == "sqlite":
            self._db_file = parsed.database if parsed.database not in (None, "", ":memory:") else None
            kw: dict = {"connect_args": {"check_same_thread": False}}
            if self._db_file is None:
                kw["poolclass"] = StaticPool
            self.engine = create_engine(self.url, echo=echo, **kw)
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "connect", self._sqlite_checkpoints)
            event.listen(self.engine, "begin", _sqlite_on_begin)
            self._upsert = sqlite.insert
        elif self.dialect == "postgresql":
            self._db_file = None
            self.engine = create_engine(self.url, echo=echo, pool_pre_ping=True)
            self._upsert = postgresql.insert
        else:
            raise ValueError(f"unsupported database {self._label!r}: use sqlite:///FILE or postgresql://...")
        if read_only:
            event.listen(self.engine, "connect", _read_only_on_connect)
        dialect = self.engine.dialect
        self._insert_events = _Many(insert(t.events), t.events, dialect)
        self._insert_positions = _Many(insert(t.position_log), t.position_log, dialect)
        self.sources = plog.Sources(self._upsert)
        self._upsert_positions = _Many(self._upsert_stmt(t.worker_positions), t.worker_positions, dialect)
        self._upsert_duty = _Many(self._upsert_stmt(t.worker_duty), t.worker_duty, dialect)
        self._upsert_live = _Many(self._upsert_stmt(t.live_values), t.live_values, dialect)
        self._upsert_roster = _Many(self._upsert_stmt(t.workers), t.workers, dialect)
        self._upsert_addresses = _Many(self._upsert_stmt(t.addresses), t.addresses, dialect)
        self._upsert_work = {
            entity: _Many(self._upsert_stmt(table), table, dialect)
            for entity, table in (("incident", t.incidents), ("order", t.orders), ("submission", t.submissions),
                                  ("record", t.records), ("bookmark", t.bookmarks), ("notice", t.notices),
                                  ("warning", t.warnings), ("key_person", t.key_persons),
                                  ("grid_profile", t.grid_profiles))
        }
        self._kpi = KpiProjection()
        self._upsert_kpi = {
            tbl.name: _Many(stmt, tbl, dialect)
            for tbl, stmt in ((t.kpi_incidents, facts_upsert(self._upsert, t.kpi_incidents, ["id"])),
                              (t.kpi_work, self._upsert_stmt(t.kpi_work)), (t.kpi_presence, presence_add(self._upsert)),
                              (t.kpi_sites, self._upsert_stmt(t.kpi_sites)), (t.heat_cells, heat_add(self._upsert)))
        }

    # -- schema and reference data ------------------------------------------------------------

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (``alembic upgrade head``)."""
        with self.engine.begin() as conn:
            if self.partition != MAIN:  # a new partition: its schema first (the URL's search_path names it)
                conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema_of(self.partition)}"')
            migrate.upgrade(self.url, conn)

    def is_seeded(self) -> bool:
        """True when reference data (the district) is present."""
        with self.engine.connect() as conn:
            return conn.scalar(select(t.meta.c.value).where(t.meta.c.key == "district_name")) is not None

    def seed(
        self, district: District, workers: list[Worker],
        accounts: list[tuple[str, ...]],
    ) -> None:
        """Replace all reference data in one transaction; events and projections are untouched.

        ``accounts`` are ``(name, password_hash, role, worker_id, display_name[, department[, scope]])``.
        """
        d = district
        rows = {
            t.meta: [
                {"key": "district_name", "value": d.name}, {"key": "township_code", "value": d.township_code},
            ],
            **projection.place_rows(d),
            t.streets: [{"name": s.name, "points": _dumps(s.points)} for s in d.streets],
            t.addresses: [projection.address_row(a) for a in d.addresses],
            t.workers: [projection.roster_row(w) for w in workers],
            t.accounts: [
                {"name": n, "password_hash": h, "role": str(r), "worker_id": wid, "display_name": dn,
                 **scope_columns({**(rest[1] if len(rest) > 1 else {}), "department": rest[0] if rest else ""})}
                for n, h, r, wid, dn, *rest in accounts
            ],
        }
        with self.engine.begin() as conn:
            for tbl in reversed(t.REFERENCE_TABLES):
                conn.execute(delete(tbl))
            for tbl in t.REFERENCE_TABLES:
                if rows[tbl]:
                    conn.execute(insert(tbl), rows[tbl])

    def replace_places(self, district: District) -> None:
        """Rewrite stations, communities, grids and police grids (an import); everything else stays."""
        with self.engine.begin() as conn:
            for tbl, table_rows in projection.place_rows(district).items():
                conn.execute(delete(tbl))
                if table_rows:
                    conn.execute(insert(tbl), table_rows)

    # -- reads --------------------------------------------------------------------------------

    def load_reference(self) -> State:
        """Reference data only (district, roster): the empty :class:`State` at seq 0 that replay folds into."""
        with self._read() as conn:
            return State(_load_district(conn), _load_workers(conn), rules=self.rules)

    def load_state(self, closed_since: int | None = None) -> State:
        """Reference data plus projections as one consistent :class:`State` (``seq`` = head). ``closed_since``
        (ms): of closed work only that changed since then (open work however old; :mod:`console.store.trimmed`)."""
        with self._read() as conn:
            district = _load_district(conn)
            workers = _load_workers(conn)
            positions = {
                r.worker_id: Position(r.worker_id, r.lng, r.lat, r.at, r.speed, r.heading)
                for r in conn.execute(select(t.worker_positions).order_by(t.worker_positions.c.worker_id))
            }
            duty = conn.execute(select(t.worker_duty)).all()
            live = {r.key: json.loads(r.value) for r in conn.execute(select(t.live_values))}
            seq = _head(conn)
            return State(
                district, workers, seq, positions,
                on_duty={r.worker_id for r in duty if r.on_duty},
                incidents=trimmed.incidents(conn, closed_since),
                orders=trimmed.orders(conn, closed_since, self.rules.verify_window_ms),
                submissions=_bodies(conn, t.submissions, Submission.from_dict),
                records=trimmed.records(conn, closed_since),
                bookmarks=_bodies(conn, t.bookmarks, Bookmark.from_dict),
                notices=_bodies(conn, t.notices, Notice.from_dict),
                warnings=_bodies(conn, t.warnings, Warning.from_dict),
                key_persons=_bodies(conn, t.key_persons, KeyPerson.from_dict),
                grid_profiles=_bodies(conn, t.grid_profiles, GridProfile.from_dict),
                sos={r.worker_id: r.sos_at for r in duty if r.sos_at is not None},
                rules=self.rules,
                zones=live.get(ZONES_KEY, {}),
                geofence_alerts={(a["kind"], a["subject"]): a for a in live.get(ALERTS_KEY, [])},
                calls={c["id"]: c for c in live.get(CALLS_KEY, [])},
                accounts=load_accounts(conn),
            )

    def head(self) -> int:
        """The highest committed seq, or 0 for an empty log."""
        with self.engine.connect() as conn:
            return _head(conn)

    def find_committed(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """``(actor, idem_key) -> seq`` for those ``keys`` that are already in the log."""
        found: dict[tuple[str, str], int] = {}
        unique = list(dict.fromkeys(keys))
        with self.engine.connect() as conn:
            for i in range(0, len(unique), IN_CHUNK):
                chunk = unique[i:i + IN_CHUNK]
                sql = ("SELECT actor, idem_key, seq FROM events WHERE (actor, idem_key) IN "
                       f"(VALUES {placeholders(len(chunk), 2)})")
                found.update({(actor, key): seq for actor, key, seq in
                              driver_rows(conn, sql, [v for pair in chunk for v in pair])})
            if unique:
                found.update(plog.committed(conn, self.sources, [k for k in unique if k not in found]))
        return found

    def events_after(self, seq: int, limit: int = 1000) -> list[Event]:
        """Up to ``limit`` events with seq > ``seq``, in seq order (the events table and the position log merged)."""
        e = t.events.c
        q = select(e.seq, e.at, e.type, e.actor, e.data).where(e.seq > seq).order_by(e.seq).limit(limit)
        with self._read() as conn:  # one snapshot of both tables
            found = [Event(r.seq, r.at, r.type, r.actor, json.loads(r.data)) for r in conn.execute(q)]
            found += plog.after(conn, self.sources, seq, limit)
        found.sort(key=operator.attrgetter("seq"))
        return found[:limit]

    def account(self, name: str) -> AccountRow | None:
        """The account called ``name``, if any."""
        with self.engine.connect() as conn:
            r = conn.execute(select(t.accounts).where(t.accounts.c.name == name)).first()
        return None if r is None else account_row(r)

    def accounts(self) -> list[AccountRow]:
        """Every account, by name."""
        with self.engine.connect() as conn:
            return [account_row(r) for r in conn.execute(select(t.accounts).order_by(t.accounts.c.name))]

    # -- the write path -----------------------------------------------------------------------

    def commit(self, batch: Sequence[tuple[Event, str | None]], state: State, changes: Changes | None = None,
               secrets: Mapping[int, str] | None = None) -> None:
        """Append ``batch`` (events with their idempotency keys) and upsert the projections it touched.

        ``state`` must already have the batch applied and ``changes`` be what applying it changed (the
        same change set the consoles refresh from; worked out from the batch if not given): projection
        rows are taken from the state for the ids it names. ``secrets`` are the password hashes of
        account events (seq -> hash), written to the accounts table only. One transaction: on any
        error nothing is written and the exception propagates.
        """
        if not batch:
            return
        if changes is None:
            changes = changes_of(state, [e for e, _ in batch])
        last_seq = batch[-1][0].seq
        event_rows = []
        fixes: list[tuple[Event, str | None]] = []
        positions: dict[str, int] = {}
        account_events: list[Event] = []  # the accounts table, not the State
        for e, key in batch:
            if e.type == ev.POSITION_REPORTED:
                fixes.append((e, key))
                positions[e.payload.worker_id] = e.seq
                continue
            event_rows.append(
                {"seq": e.seq, "at": e.at, "type": e.type, "actor": e.actor, "idem_key": key,
                 "data": _dumps(e.data)}
            )
            if e.type in ev.ACCOUNT_ROW_EVENTS:
                account_events.append(e)
        touched = {entity: getattr(changes, collection) for entity, (collection, _) in _PROJECTED.items()}
        new_sources: dict[tuple[str, str], int] = {}
        with self.engine.begin() as conn:
            if self._lease is not None:  # the fence: a relay whose lease was taken over writes nothing
                self._lease.renew(conn)
            if event_rows:
                self._insert_events.run(conn, event_rows)
            if fixes:
                new_sources = self.sources.ids_for(conn, {(e.actor, e.data["worker"]) for e, _ in fixes})
                self._insert_positions.run(conn, [plog.encode(e, key, new_sources[(e.actor, e.data["worker"])])
                                                  for e, key in fixes])
            if positions:
                self._upsert_positions.run(conn, list(_position_rows(state, positions)))
            if changes.duty:
                rows = [{"worker_id": w, "on_duty": w in state.on_duty, "seq": last_seq, "sos_at": state.sos.get(w)}
                        for w in sorted(changes.duty)]
                self._upsert_duty.run(conn, rows)
            if changes.zones or changes.alerts:
                rows = [{"key": ZONES_KEY, "value": _dumps(state.zones), "seq": last_seq},
                        {"key": ALERTS_KEY, "value": _dumps(list(state.geofence_alerts.values())), "seq": last_seq}]
                self._upsert_live.run(conn, rows)
            if changes.calls:
                self._upsert_live.run(conn, [{"key": CALLS_KEY, "value": _dumps(list(state.calls.values())),
                                              "seq": last_seq}])
            if account_events:
                write_accounts(conn, account_events, state, secrets or {})
            if changes.roster:  # imported workers and units
                self._upsert_roster.run(conn, [projection.roster_row(state.workers[w])
                                               for w in sorted(changes.workers) if w in state.workers])
            if changes.places:  # imported standard addresses
                self._upsert_addresses.run(conn, [projection.address_row(state.address_index[c])
                                                  for c in sorted(changes.places)])
            if changes.grids:  # imported 派出所, 社区, 网格 and 警格
                for tbl, rows in projection.place_rows(state.district, changes.grids).items():
                    if rows:
                        conn.execute(self._upsert_stmt(tbl), rows)
            for entity, ids in touched.items():
                collection, to_row = _PROJECTED[entity]
                live = getattr(state, collection)
                upserts = [to_row(live[i]) for i in sorted(ids) if i in live]
                if upserts:
                    self._upsert_work[entity].run(conn, upserts)
                gone = [i for i in ids if i not in live]
                if gone:
                    table = self._upsert_work[entity].table
                    conn.execute(delete(table).where(table.c.id.in_(gone)))
            if changes.grid_profiles:  # as each grid stands after this batch, for the KPIs of past periods
                conn.execute(self._upsert_stmt(t.grid_profile_history),
                             [projection.grid_history_row(state.grid_profiles[g], last_seq)
                              for g in sorted(changes.grid_profiles) if g in state.grid_profiles])
            for name, rows in self._kpi.rows([e for e, _ in batch], state, changes):
                if rows:
                    self._upsert_kpi[name].run(conn, rows)
            if changes.duty:
                record_shifts(conn, (e for e, _ in batch), state, self._upsert)
        self.sources.remember(new_sources)

    # -- the writer lock ----------------------------------------------------------------------

    def acquire_writer_lock(self, lease_ms: int = TOOL_LEASE_MS) -> None:
        """Become the only writer of this database, or raise :class:`StoreLocked`. Idempotent.

        PostgreSQL: the writer lease (:mod:`console.store.lease`), valid ``lease_ms`` and renewed by every
        commit (a relay also renews it between commits); SQLite: an exclusive lock on a file beside the
        database (one machine, released by the kernel when the process dies)."""
        if self._lock_file is not None or self._lease is not None:
            return
        if self.dialect == "postgresql":
            if not inspect(self.engine).has_table("writer_lease"):
                return  # not migrated: no relay can be writing to it (a restore into an empty database)
            lease = WriterLease(self.engine, lease_ms, self.partition)
            held_by = lease.try_acquire()
            if held_by:
                raise StoreLocked(f"another relay is already writing to {self._label} "
                                  f"(writer lock: lease held by {held_by})")
            self._lease = lease
        elif self._db_file is not None:
            path = Path(self._db_file + ".writer.lock")
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                msg = f"another relay is already writing to {self._label} (lock file {path})"
                raise StoreLocked(msg) from None
            self._lock_file = fd

    def renew_writer_lock(self) -> None:
        """Keep the writer lease (PostgreSQL; nothing to do on SQLite); :class:`Fenced` if it was taken over."""
        if self._lease is not None:
            self._lease.renew()

    def advertise_writer(self, url: str) -> None:
        """Name where this writer serves clients in its lease (PostgreSQL; nothing to do on SQLite)."""
        if self._lease is not None:
            self._lease.advertise(url)

    def writer_url(self) -> str:
        """Where the live writer serves clients, for a standby to redirect them ("" unknown: SQLite, no writer)."""
        if self.dialect != "postgresql" or not inspect(self.engine).has_table("writer_lease"):
            return ""
        return WriterLease(self.engine, 0, self.partition).holder_url()

    def partition_writer_url(self, code: str) -> str | None:
        """Where the live writer of partition ``code`` of this database serves clients ("" none live now),
        None when this database has no such partition."""
        if code == self.partition:
            return self.writer_url()
        if self.dialect != "postgresql" or not CODE.fullmatch(code):
            return None
        return writer_url_in(self.engine, "public" if code == MAIN else schema_of(code), code)

    def checkpoint_in_background(self, interval_s: float = INTERVAL_S) -> None:
        """SQLite file: no WAL checkpoint inside a commit any more, a thread runs them instead (the relay's writer,
        once it holds the writer lock: :mod:`console.store.checkpoint`), until :meth:`release_writer_lock`.
        No-op on PostgreSQL, in memory or when already on."""
        if self._db_file is None or self.checkpointer is not None:
            return
        self.checkpointer = Checkpointer(self._db_file, interval_s)
        self.engine.dispose()  # the pooled connections come back without automatic checkpoints
        self.checkpointer.start()

    def _sqlite_checkpoints(self, dbapi_conn, _record) -> None:
        if self.checkpointer is not None:
            dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

    def release_writer_lock(self) -> None:
        """Give up the writer lock (no-op if not held); background checkpoints stop."""
        if self.checkpointer is not None:
            checkpointer, self.checkpointer = self.checkpointer, None
            checkpointer.stop()
        if self._lease is not None:
            lease, self._lease = self._lease, None
            lease.release()
        if self._lock_file is not None:
            fd, self._lock_file = self._lock_file, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def dispose(self) -> None:
        """Release the writer lock and close every pooled connection."""
        try:
            self.release_writer_lock()
        finally:
            self.engine.dispose()

    # -- helpers ------------------------------------------------------------------------------

    def _read(self) -> Connection:
        """A connection whose transaction sees one snapshot (REPEATABLE READ on PostgreSQL)."""
        conn = self.engine.connect()
        if self.dialect == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        return conn

    def _upsert_stmt(self, tbl):
        pk = [c.name for c in tbl.primary_key.columns]
        stmt = self._upsert(tbl)
        return stmt.on_conflict_do_update(
            index_elements=pk, set_={c.name: stmt.excluded[c.name] for c in tbl.columns if c.name not in pk}
        )


class _Many:
    """A multi-row INSERT (or upsert), built once and run without SQLAlchemy's per-row parameter work.

    SQLite: the dialect's ``insert().on_conflict_do_update`` compiled to driver SQL and run with
    the driver's executemany. PostgreSQL: one ``INSERT ... SELECT * FROM unnest(<column arrays>)``
    with the same ON CONFLICT clause, one round trip (psycopg's executemany costs ~30 µs a row).
    Rows must not repeat a primary key (callers deduplicate) and need no type conversion.
    """

    def __init__(self, stmt, table, dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.table = table
        self._cols = [c.name for c in table.columns]
        self._floats = {c.name for c in table.columns if isinstance(c.type, Float)}
        self._pg = dialect.name == "postgresql"
        if self._pg:
            _, sep, conflict = str(compiled).partition(" ON CONFLICT ")
            arrays = ", ".join(f"%b::{_pg_array(c.type)}" for c in table.columns)  # %b: binary, no escaping
            names = ", ".join(f'"{c}"' for c in self._cols)
            self.sql = f'INSERT INTO "{table.name}" ({names}) SELECT * FROM unnest({arrays}){sep}{conflict}'
        else:
            self.sql = str(compiled)
            self._order = operator.itemgetter(*compiled.positiontup)

    def run(self, conn: Connection, rows: list[dict]) -> None:
        if self._pg:
            arrays = tuple(
                [float(r[c]) for r in rows] if c in self._floats else [r[c] for r in rows] for c in self._cols
            )
            conn.exec_driver_sql(self.sql, arrays)
        else:
            conn.exec_driver_sql(self.sql, [self._order(r) for r in rows])


def _pg_array(type_) -> str:
    for cls, name in ((BigInteger, "int8[]"), (Integer, "int4[]"), (Float, "float8[]"), (Boolean, "bool[]")):
        if isinstance(type_, cls):
            return name
    assert isinstance(type_, String), type_  # Text is a String
    return "text[]"


def _sqlite_on_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_on_begin)
    cur = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=5000", "foreign_keys=ON"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _read_only_on_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    if isinstance(dbapi_conn, sqlite3.Connection):
        cur.execute("PRAGMA query_only=ON")
    else:
        cur.execute("SET default_transaction_read_only = on")
        dbapi_conn.commit()
    cur.close()


def _sqlite_on_begin(conn) -> None:
    # A real BEGIN, so reads inside one transaction see one snapshot (pysqlite skips it for SELECT).
    conn.exec_driver_sql("BEGIN")


def _head(conn: Connection) -> int:
    return max(int(conn.scalar(select(func.coalesce(func.max(t.events.c.seq), 0)))), plog.head(conn))


def _position_rows(state: State, touched: dict[str, int]) -> Iterable[dict]:
    for worker_id, seq in touched.items():
        p = state.positions[worker_id]
        yield {"worker_id": worker_id, "lng": p.lng, "lat": p.lat, "at": p.at, "speed": p.speed,
               "heading": p.heading, "seq": seq}


def _bodies(conn: Connection, table, from_dict) -> dict:
    """A projection table's JSON bodies, decoded, by id."""
    items = (from_dict(json.loads(body)) for body in conn.scalars(select(table.c.body).order_by(table.c.id)))
    return {item.id: item for item in items}


def _rows(conn: Connection, tbl, order_by: str):
    return conn.execute(select(tbl).order_by(tbl.c[order_by]))


def _load_workers(conn: Connection) -> dict[str, Worker]:
    return {r.id: worker_from_row([r.id, r.name, r.kind, r.grid_code, r.phone, r.mode, r.capabilities,
                                   r.station_code])
            for r in conn.execute(select(t.workers).order_by(t.workers.c.id))}


def _load_district(conn: Connection) -> District:
    meta = {k: v for k, v in conn.execute(select(t.meta.c.key, t.meta.c.value))}
    return District(
        name=meta.get("district_name", ""),
        township_code=meta.get("township_code", ""),
        stations=[Station(r.code, r.name) for r in _rows(conn, t.stations, "code")],
        communities=[Community(r.code, r.name) for r in _rows(conn, t.communities, "code")],
        grids=[
            Grid(r.code, r.name, r.community_code, _points(r.polygon)) for r in _rows(conn, t.grids, "code")
        ],
        police_grids=[
            PoliceGrid(r.code, r.name, r.station_code, tuple(json.loads(r.grid_codes)), _points(r.polygon))
            for r in _rows(conn, t.police_grids, "code")
        ],
        streets=[Street(r.name, _points(r.points)) for r in _rows(conn, t.streets, "id")],
        addresses=[
            Address(r.code, r.text, r.road, r.door, r.lng, r.lat, r.grid_code, r.police_grid_code,
                    r.station_code, r.compound, r.building, r.unit, r.floor, r.room)
            for r in _rows(conn, t.addresses, "code")
        ],
    )


ZONES_KEY = "geofence_zones"
ALERTS_KEY = "geofence_open_alerts"
CALLS_KEY = "calls"  # State.calls: live calls and those ended within a day
# projection table -> (the State attribute and Changes field it mirrors, row builder); ids gone from
# the state are deleted
_PROJECTED = {
    "incident": ("incidents", projection.incident_row),
    "order": ("orders", projection.order_row),
    "submission": ("submissions", projection.work_row),
    "record": ("records", projection.work_row),
    "bookmark": ("bookmarks", lambda b: {"id": b.id, "at": b.at, "version": b.version, "body": _dumps(b.to_dict())}),
    "notice": ("notices", lambda n: {"id": n.id, "at": n.at, "body": _dumps(n.to_dict())}),
    "warning": ("warnings", lambda w: {"id": w.id, "at": w.raised_at, "body": _dumps(w.to_dict())}),
    "key_person": ("key_persons", lambda p: {"id": p.id, "at": p.added_at, "body": _dumps(p.to_dict())}),
    "grid_profile": ("grid_profiles", lambda p: {"id": p.id, "at": p.updated_at, "body": _dumps(p.to_dict())}),
}
