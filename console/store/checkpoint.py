"""WAL checkpoints of a SQLite database off the writer's path.

By default SQLite checkpoints inside the commit that fills the write-ahead log past 1,000 pages: that
commit copies the log into the database file and syncs both (three fdatasyncs, 5–20 ms, far more while
the disk is busy). The relay commits several hundred small batches a second, so every half second or so
one batch — and every position queued behind it — waited for a checkpoint, and the more pages a batch
writes (an incident report writes its row, indexes and facts) the more often.

:class:`Checkpointer` takes that work to a thread of its own with its own connection: the writer's
connections turn automatic checkpoints off, and every ``interval_s`` the thread runs a PASSIVE
checkpoint, which neither waits for nor blocks the writer (it copies what no reader still needs; the
next one copies the rest). The sqlite3 module releases the GIL while it runs.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger(__name__)
INTERVAL_S = 0.5


class Checkpointer:
    """Runs ``PRAGMA wal_checkpoint(PASSIVE)`` on ``path`` every ``interval_s`` until :meth:`stop`."""

    def __init__(self, path: str, interval_s: float = INTERVAL_S) -> None:
        self.path, self.interval_s = path, interval_s
        self.runs = 0
        self.last: tuple[int, int, int] | None = None  # (busy, frames in the log, frames checkpointed)
        self._stop = threading.Event()
        self._ran = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop after the checkpoint under way, if any (the database's last connection checkpoints on close)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait_for_run(self, after: int, timeout: float) -> bool:
        """Block until more than ``after`` checkpoints have run (tests); False on timeout."""
        with self._ran:
            return self._ran.wait_for(lambda: self.runs > after, timeout)

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")  # as the writer's connections: sync at checkpoints
            while not self._stop.wait(self.interval_s):
                try:
                    last = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as exc:  # the next interval tries again; the log just grows meanwhile
                    log.warning("WAL checkpoint failed: %s", exc)
                    continue
                with self._ran:
                    self.last = tuple(last)
                    self.runs += 1
                    self._ran.notify_all()
        finally:
            conn.close()
