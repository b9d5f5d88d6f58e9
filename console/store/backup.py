"""``jingwang db backup`` / ``db restore``: SQLite through the online backup API, PostgreSQL through
``pg_dump -Fc`` / ``pg_restore``.

A backup is consistent while a relay writes (one read snapshot). A restore holds the writer lock
the relay takes, so no relay can start meanwhile and none may be running; it checks the backup
before touching the database and leaves the database at the migrations' head.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy import inspect, select, table, text
from sqlalchemy.engine import make_url

from console.store import tables as t
from console.store.integrity import known_revision, open_readonly, sqlite_path, sqlite_problem
from console.store.store import Store, StoreLocked


class BackupRefused(Exception):
    """Bad arguments, a bad backup file, a running relay or a database holding data (exit 2)."""


class BackupFailed(Exception):
    """An I/O or database error, or a missing PostgreSQL tool (exit 1)."""


def backup(url: str, dest: Path) -> Path:
    """Write a backup of the database at ``url`` to ``dest`` (replaced atomically); returns ``dest``."""
    dest = Path(dest)
    path = sqlite_path(url)
    partial = dest.with_name(f".{dest.name}.partial")
    try:
        if path is not None:
            _backup_sqlite(path, dest, partial)
        else:
            _run_pg("pg_dump", "-Fc", "--file", str(partial), "--dbname", _libpq_url(url), password=_password(url))
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest


def restore(url: str, source: Path, *, force: bool = False) -> int:
    """Replace the database at ``url`` with the backup ``source``, upgrade it to head; returns its head seq."""
    source = Path(source)
    if not source.is_file():
        raise BackupRefused(f"备份文件不存在：{source}")
    path = sqlite_path(url)
    dumped = _check_pg_dump(url, source) if path is None else set()
    store = Store(url)
    try:
        try:
            store.acquire_writer_lock()  # held until done: no relay may run now, nor start meanwhile
        except StoreLocked:
            raise BackupRefused("中继正在使用该数据库，请先停止中继再恢复") from None
        if not force and _holds_data(store):
            raise BackupRefused("目标数据库已有数据；确认覆盖请加 --force")
        if path is not None:
            store.engine.dispose()
            _restore_sqlite(url, source, path)
        else:
            _run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                    "--dbname", _libpq_url(url), str(source), password=_password(url))
            _drop_tables_not_in(store, dumped)
        store.upgrade()
        return store.head()
    finally:
        store.dispose()


# -- SQLite -------------------------------------------------------------------------------------


def _backup_sqlite(path: Path, dest: Path, partial: Path) -> None:
    if not path.is_file():
        raise BackupRefused(f"数据库文件不存在：{path}")
    if dest.resolve() == path.resolve():
        raise BackupRefused("备份文件不能是数据库本身")
    _copy_sqlite(open_readonly(path), partial)
    with closing(sqlite3.connect(partial)) as copy:
        problem = sqlite_problem(copy)
    if problem:
        raise BackupFailed(f"数据库已损坏，备份无效（{problem}）；请从更早的备份恢复")


def _copy_sqlite(source: sqlite3.Connection, target: Path) -> None:
    """Copy an open database into a new rollback-journal file ``target`` in one step (one snapshot)."""
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: one step under one read transaction
        copy.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()


def _restore_sqlite(url: str, source: Path, path: Path) -> None:
    """Verify a copy of ``source`` next to ``path``, then swap it in (the relay's lock is held)."""
    staged = path.with_name(f".{path.name}.restoring")
    try:
        try:
            _copy_sqlite(open_readonly(source), staged)
        except sqlite3.DatabaseError as exc:
            raise BackupRefused(f"不是有效的 SQLite 备份文件：{source}（{exc}）") from None
        with closing(sqlite3.connect(staged)) as conn:
            problem = sqlite_problem(conn, full=True)
            has_schema = not problem and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
            revision = has_schema and conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if problem:
            raise BackupRefused(f"备份文件已损坏：{source}（{problem}）")
        if not revision:
            raise BackupRefused(f"不是本系统的数据库备份（没有迁移版本）：{source}")
        if not known_revision(url, revision[0]):
            raise BackupRefused(f"备份的版本 {revision[0]} 比本程序新，请先升级程序")
        for side in ("-wal", "-shm"):  # the old database's log must never be replayed onto the new file
            Path(f"{path}{side}").unlink(missing_ok=True)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


# -- PostgreSQL ---------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: the newest /usr/lib/postgresql/*/bin one (it reads older servers), else PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_pg_version)
    tool = found[-1] if found else shutil.which(name)
    if tool is None:
        raise BackupFailed(f"找不到 {name}，请安装 PostgreSQL 客户端（apt-get install postgresql-client）")
    return tool


def _pg_version(path: str) -> int:
    version = Path(path).parents[1].name
    return int(version) if version.isdigit() else 0


def _libpq_url(url: str) -> str:
    """``url`` as libpq reads it: no SQLAlchemy driver, no password (that goes in PGPASSWORD, not argv)."""
    parsed = make_url(url).set(drivername="postgresql", password=None)
    return parsed.render_as_string(hide_password=False)


def _password(url: str) -> str | None:
    password = make_url(url).password
    return None if password is None else str(password)


def _run_pg(name: str, *args: str, password: str | None = None) -> str:
    env = dict(os.environ, PGPASSWORD=password) if password is not None else None
    try:
        proc = subprocess.run([_pg_tool(name), *args], capture_output=True, text=True, env=env)
    except OSError as exc:
        raise BackupFailed(f"无法运行 {name}：{exc}") from None
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"]
        reason = next((line for line in lines if "error:" in line), lines[-1])
        raise BackupFailed(f"{name} 失败：{reason.strip()}")
    return proc.stdout


def _check_pg_dump(url: str, source: Path) -> set[str]:
    """The tables of a ``pg_dump -Fc`` file of our schema at a migration this program knows; else refused."""
    try:
        listing = _run_pg("pg_restore", "--list", str(source))
    except BackupFailed as exc:
        raise BackupRefused(f"不是有效的 pg_dump -Fc 备份：{source}（{exc}）") from None
    tables = set(re.findall(r"^\d+; \d+ \d+ TABLE (?!DATA )\S+ (\S+)", listing, flags=re.M))
    if "alembic_version" not in tables:
        raise BackupRefused(f"不是本系统的数据库备份（没有迁移版本）：{source}")
    data = _run_pg("pg_restore", "--data-only", "--table", "alembic_version", "--file", "-", str(source))
    revision = re.search(r"^COPY \S*alembic_version .*\n(\S+)$", data, flags=re.M)
    if revision is None or not known_revision(url, revision[1]):
        raise BackupRefused(f"备份的迁移版本未知或比本程序新，请先升级程序：{source}")
    return tables


def _drop_tables_not_in(store: Store, kept: set[str]) -> None:
    """Drop our tables the backup did not have (made by a later migration), so upgrade can make them anew."""
    with store.engine.begin() as conn:
        present = set(inspect(conn).get_table_names())
        for name in sorted((present & {*t.metadata.tables, "alembic_version"}) - kept):
            conn.execute(text(f'DROP TABLE "{name}" CASCADE'))


# -- both ---------------------------------------------------------------------------------------


def _holds_data(store: Store) -> bool:
    """True when any table has a row; a SQLite file that fails quick_check counts as holding data."""
    path = sqlite_path(store.url)
    if path is not None:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        with closing(open_readonly(path)) as conn:
            if sqlite_problem(conn):
                return True
    with store.engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
        return any(conn.execute(select(text("1")).select_from(table(n)).limit(1)).first() for n in names)
