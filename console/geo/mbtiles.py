"""MBTiles (SQLite) raster tiles: a thread-safe reader and the writer the basemap generator uses.

MBTiles stores rows in TMS order (south → north); both classes take and give XYZ rows and
flip inside. Spec: ``metadata(name, value)`` and ``tiles(zoom_level, tile_column, tile_row,
tile_data)``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from console.geo.tiles import tms_flip


class MBTilesReader:
    """Read-only access from any thread: one SQLite connection per thread, opened on first use."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"no MBTiles file at {self.path}")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.metadata: dict[str, str] = dict(self._conn().execute("SELECT name, value FROM metadata").fetchall())

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The encoded image of XYZ tile ``(z, x, y)``, or None when the file has no such tile."""
        if z < 0 or not (0 <= x < 1 << z and 0 <= y < 1 << z):
            return None
        row = self._conn().execute(
            "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
            (z, x, tms_flip(z, y)),
        ).fetchone()
        return bytes(row[0]) if row else None

    def zoom_range(self) -> tuple[int, int]:
        """``(minzoom, maxzoom)`` from the metadata, else from the tiles table."""
        if "minzoom" in self.metadata and "maxzoom" in self.metadata:
            return int(self.metadata["minzoom"]), int(self.metadata["maxzoom"])
        lo, hi = self._conn().execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        return (int(lo), int(hi)) if lo is not None else (0, 0)

    def close(self) -> None:
        """Close every thread's connection (call when no thread reads any more)."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()


class MBTilesWriter:
    """Writes a new MBTiles file atomically: into ``path.tmp``, renamed over ``path`` on close.

    Use as a context manager; an exception inside the block leaves ``path`` untouched.
    """

    def __init__(self, path: str | os.PathLike, metadata: dict[str, object]) -> None:
        self.path = Path(path)
        self._tmp = self.path.with_name(self.path.name + ".tmp")
        self._tmp.unlink(missing_ok=True)
        self._conn = sqlite3.connect(self._tmp)
        self._conn.executescript(
            "CREATE TABLE metadata (name TEXT, value TEXT);"
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
        )
        self._conn.executemany("INSERT INTO metadata VALUES (?, ?)", [(k, str(v)) for k, v in metadata.items()])

    def put(self, z: int, x: int, y: int, data: bytes) -> None:
        """Store the encoded image of XYZ tile ``(z, x, y)``."""
        self._conn.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, tms_flip(z, y), sqlite3.Binary(data)))

    def close(self) -> None:
        """Index, commit and move the file into place."""
        self._conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        self._conn.commit()
        self._conn.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        """Discard everything written."""
        self._conn.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> MBTilesWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
