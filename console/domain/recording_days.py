"""Call recording files: one folder per station day (on the desk and in the relay's store alike), their checksum."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from console.domain import station_time


def day_folder(at_ms: int) -> str:
    """The folder name (``YYYY-MM-DD``, station time) of a recording starting at ``at_ms``."""
    return station_time.fmt(at_ms, "%Y-%m-%d")


def prune_recordings(root: Path, retention_days: float, today: dt.date | None = None) -> list[Path]:
    """Delete the day folders of ``root`` older than ``retention_days``; returns what was removed."""
    if not root.is_dir() or retention_days <= 0:
        return []
    cutoff = (today or station_time.today()) - dt.timedelta(days=retention_days)
    removed = []
    for folder in sorted(root.iterdir()):
        try:
            day = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue  # not ours
        if folder.is_dir() and day < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def sha256_of(path: Path) -> str:
    """The file's SHA-256, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
