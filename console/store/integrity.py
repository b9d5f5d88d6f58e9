"""Is a database fit to serve? The relay asks before it starts; ``db restore`` asks of a backup.

A corrupt SQLite file, an empty or unmigrated database, or one written by a newer program is refused
with one line and its own exit code; a database at an older migration is upgraded (the upgrade path).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, func, select
from sqlalchemy.engine import make_url

from console.store import migrate
from console.store import tables as t
from console.store.store import Store

log = logging.getLogger(__name__)

EXIT_CORRUPT = 4  # ``jingwang relay`` exit code: the SQLite file fails its integrity check
EXIT_EMPTY = 5  # empty, unmigrated or without accounts
EXIT_NEWER = 6  # migrated by a newer version of the program
# checked after the relay is up (a full read of years of them would hold up its start): see prepare_for_relay
HISTORY_TABLES = frozenset({"events", "position_log", "incidents", "replay_checkpoints"})


class DatabaseUnfit(Exception):
    """The database must not be served; ``exit_code`` is what ``jingwang relay`` returns."""

    exit_code = 1


class DatabaseCorrupt(DatabaseUnfit):
    exit_code = EXIT_CORRUPT


class DatabaseEmpty(DatabaseUnfit):
    exit_code = EXIT_EMPTY


class DatabaseNewer(DatabaseUnfit):
    exit_code = EXIT_NEWER


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///FILE`` URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path`` (never creates it)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


def sqlite_problem(conn: sqlite3.Connection, *, full: bool = False) -> str | None:
    """The first problem ``PRAGMA quick_check`` (``integrity_check`` when ``full``) reports, or None."""
    pragma = "integrity_check(1)" if full else "quick_check(1)"
    try:
        first = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
    except sqlite3.DatabaseError as exc:  # "file is not a database", "database disk image is malformed"
        return str(exc)
    return None if first == "ok" else " ".join(first.split())


def check_sqlite_file(path: Path, tables: Callable[[list[str]], list[str]] | None = None) -> None:
    """Raise :class:`DatabaseEmpty` for a missing or 0-byte file, :class:`DatabaseCorrupt` when quick_check fails:
    of the whole file, or with ``tables`` of the tables it picks from the file's (each with its indexes)."""
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseEmpty(f"数据库为空或未初始化（{path}），请先运行 jingwang db upgrade / db seed")
    try:
        conn = open_readonly(path)
    except sqlite3.Error as exc:  # permissions, a folder: I/O, not corruption
        raise DatabaseUnfit(f"无法打开数据库 {path}：{exc}") from None
    try:
        problem = sqlite_problem(conn) if tables is None else _tables_problem(conn, tables)
    finally:
        conn.close()
    if problem:
        raise DatabaseCorrupt(f"数据库已损坏（{path}：{problem}），拒绝启动；"
                              "请从备份恢复：jingwang db restore 备份文件 --force")


def history_tables(names: list[str]) -> list[str]:
    """The tables of years of history (the log, its projections of every incident, KPI facts, checkpoints)."""
    return [n for n in names if n in HISTORY_TABLES or n.startswith("kpi_")]


def live_tables(names: list[str]) -> list[str]:
    """Every other table: reference data, accounts, what the relay holds in memory."""
    history = set(history_tables(names))
    return [n for n in names if n not in history]


def _tables_problem(conn: sqlite3.Connection, pick: Callable[[list[str]], list[str]]) -> str | None:
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for name in pick(names):
            first = conn.execute(f'PRAGMA quick_check("{name}")').fetchone()[0]
            if first != "ok":
                return " ".join(first.split())
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


def head_revision(url: str) -> str:
    """The newest migration this program knows."""
    return ScriptDirectory.from_config(migrate.config(url)).get_current_head()


def known_revision(url: str, revision: str) -> bool:
    """True when ``revision`` is one of this program's migrations."""
    try:
        return ScriptDirectory.from_config(migrate.config(url)).get_revision(revision) is not None
    except CommandError:
        return False


def check_history(store: Store) -> bool:
    """quick_check the history tables of a SQLite store (:class:`DatabaseCorrupt`); False for PostgreSQL (nothing
    to check)."""
    path = sqlite_path(store.url)
    if path is not None:
        check_sqlite_file(path, history_tables)
    return path is not None


def current_revision(conn: Connection) -> str | None:
    """The migration the database is at, or None when it was never migrated."""
    return MigrationContext.configure(conn).get_current_revision()


def prepare_for_relay(store: Store) -> None:
    """Refuse a database the relay must not serve; upgrade one at an older migration to head.

    Raises :class:`DatabaseCorrupt`, :class:`DatabaseEmpty` or :class:`DatabaseNewer`. Creating a
    database is ``jingwang db upgrade``'s job, never the relay's. A SQLite file's history tables (years of log)
    are left to :func:`check_history`, which the relay runs once it serves.
    """
    label = make_url(store.url).render_as_string(hide_password=True)
    path = sqlite_path(store.url)
    if path is not None:  # before the engine connects: connecting would create or convert the file
        check_sqlite_file(path, live_tables)  # the history tables: check_history, once the relay is up
    with store.engine.connect() as conn:
        revision = current_revision(conn)
    if revision is None:
        raise DatabaseEmpty(f"数据库为空或未初始化（{label}），请先运行 jingwang db upgrade / db seed")
    if not known_revision(store.url, revision):
        raise DatabaseNewer(f"数据库（{label}）的版本 {revision} 比本程序新，请先升级程序")
    head = head_revision(store.url)
    if revision != head:
        log.warning("数据库从迁移版本 %s 升级到 %s / upgrading the database", revision, head)
        store.upgrade()
    with store.engine.connect() as conn:
        accounts = conn.scalar(select(func.count()).select_from(t.accounts))
    if not accounts:
        raise DatabaseEmpty(f"数据库没有任何账户（{label}），请先运行 jingwang db seed 或从备份恢复")
