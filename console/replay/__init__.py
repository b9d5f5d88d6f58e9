"""Replay: the state of the district at any moment of a recorded range, from the one event log.

:class:`Replay` (which reads the store) is imported on first use, so a console that only needs the
columnar fixes or the ranges does not load SQLAlchemy and the store at start.
"""

from console.domain.bookmarks import Bookmark
from console.replay.ranges import SHIFTS, day_range, incident_range, shift_range

__all__ = ["SHIFTS", "Bookmark", "Replay", "day_range", "incident_range", "shift_range"]


def __getattr__(name: str):
    if name == "Replay":
        from console.replay.engine import Replay

        return Replay
    raise AttributeError(f"module 'console.replay' has no attribute {name!r}")
