"""Replay: the state of the district at any moment of a recorded range, from the one event log."""

from console.domain.bookmarks import Bookmark
from console.replay.engine import Replay
from console.replay.ranges import SHIFTS, day_range, incident_range, shift_range

__all__ = ["SHIFTS", "Bookmark", "Replay", "day_range", "incident_range", "shift_range"]
