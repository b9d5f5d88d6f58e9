"""A throwaway PostgreSQL cluster for tests: ``with PgCluster() as url: ...``.

Uses the server binaries under /usr/lib/postgresql/<version>/bin (the newest). PostgreSQL refuses
to run as root, so as root the cluster belongs to the ``postgres`` user and runs via ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

INSTALL_HINT = "install the server: `apt-get install postgresql` (or run `make test`, which installs it)"


class PgUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path:
    """The newest /usr/lib/postgresql/*/bin holding initdb and pg_ctl."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [d for d in found if (d / "pg_ctl").exists()]
    if not found:
        raise PgUnavailable(f"no PostgreSQL binaries under /usr/lib/postgresql/*/bin; {INSTALL_HINT}")
    return max(found, key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    """Start on enter (yielding a psycopg URL to database ``dbname``), stop and delete on exit."""

    def __init__(self, dbname: str = "jingwang", *, durable: bool = False) -> None:
        self.bindir = find_bindir()
        self.dbname = dbname
        self.root: Path | None = None
        self.port = 0
        self._opts = ""
        # fast by default; ``durable``: every acknowledged commit survives a server crash (crash/restart tests)
        self.durable = durable

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.dbname}"

    def admin_url(self, dbname: str = "postgres") -> str:
        """A libpq URL (for psycopg.connect) to ``dbname`` in this cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        proc = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True)
        if proc.returncode != 0:
            log = self.root / "server.log" if self.root else None
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}{tail}")

    def start(self) -> str:
        self.root = Path(tempfile.mkdtemp(prefix="jingwang-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        data = self.root / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C")
        self.port = free_port()
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c full_page_writes=off"
            + ("" if self.durable else " -c synchronous_commit=off")
        )
        self._opts = opts
        self._run("pg_ctl", "-D", str(data), "-w", "-l", str(self.root / "server.log"), "-o", opts, "start")
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.dbname}"')
        return self.url

    def crash(self) -> None:
        """Stop the server at once (``immediate``: no checkpoint, every session dropped), keeping its data."""
        self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")

    def restart(self) -> None:
        """Start the server again on the same port after :meth:`crash` (it recovers from its WAL)."""
        self._run("pg_ctl", "-D", str(self.root / "data"), "-w", "-l", str(self.root / "server.log"),
                  "-o", self._opts, "start")

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            if (self.root / "data" / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> str:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()
