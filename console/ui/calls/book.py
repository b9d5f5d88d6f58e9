"""``CallBook``: which calls this desk shows, and in what state — plain Python over ``State.calls``.

A call is this desk's when its caller is this desk's account, or when this desk answered it. A call
is shown from the moment it is dialled (before the relay's ``call.ringing`` arrives) until a few
seconds after it ended, so the dispatcher reads 对方拒绝 / 对方忙 / 已结束 before the tile frees up.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.domain.calls import DESK, LIVE
from console.ui.calls.status import CallLook, call_look, refusal_look

LINGER_MS = 6_000


@dataclass(slots=True)
class WallEntry:
    """One call on the wall: the other party (a worker id, or every member of a group call)."""

    call_id: str
    worker: str
    media: str
    dialled_at: int
    group: str | None = None
    members: tuple[str, ...] = ()
    refusal: CallLook | None = None
    over_at: int | None = None


def on_duty_members(state, grid_code: str) -> list[str]:
    """Every on-duty worker (grid workers and officers) whose grid is ``grid_code``, by name."""
    return [w.id for w in sorted(state.workers.values(), key=lambda w: (w.name, w.id))
            if w.grid_code == grid_code and w.id in state.on_duty]


def calls_of(state) -> dict:
    """``State.calls`` (empty when there is no state yet)."""
    return state.calls if state is not None else {}


class CallBook:
    """The desk's calls in the order they came; :meth:`sync` follows ``State.calls``."""

    def __init__(self, account: str, linger_ms: int = LINGER_MS) -> None:
        self.account = account
        self.linger_ms = linger_ms
        self.entries: dict[str, WallEntry] = {}
        self._answered: set[str] = set()

    # --- what the desk did ---------------------------------------------------------------------
    def dialled(self, call_id: str, workers: list[str], media: str, now: int, group: str | None = None) -> WallEntry:
        entry = WallEntry(call_id, workers[0] if workers else "", media, now, group, tuple(workers))
        self.entries[call_id] = entry
        return entry

    def refused(self, call_id: str, code: str, reason: str, now: int) -> bool:
        """The relay refused our ``call.dial``: show why. False when the call is not ours."""
        entry = self.entries.get(call_id)
        if entry is None:
            return False
        entry.refusal = refusal_look(code, reason)
        entry.over_at = now
        return True

    def answered(self, call: dict, now: int) -> WallEntry:
        """This desk accepted a worker's call."""
        self._answered.add(call["id"])
        entry = WallEntry(call["id"], call["caller_party"], call["media"], now)
        self.entries[call["id"]] = entry
        return entry

    def forget(self, call_id: str) -> None:
        self.entries.pop(call_id, None)

    # --- following the state -------------------------------------------------------------------
    def sync(self, calls: dict, now: int) -> None:
        """Pick up live calls of ours we have not seen (another window, a reconnect), note ends, drop old ones."""
        for call_id, call in calls.items():
            if call_id in self.entries or call["status"] not in LIVE:
                continue
            if call["caller"] == self.account:
                self.dialled(call_id, list(call["parties"]), call["media"], now, call["group"] or None)
            elif call["answered_by"] == self.account:
                self.answered(call, now)
        for call_id, entry in list(self.entries.items()):
            if entry.over_at is None and not self.look(entry, calls, now).live:
                entry.over_at = now
            if entry.over_at is not None and now - entry.over_at >= self.linger_ms:
                del self.entries[call_id]

    def look(self, entry: WallEntry, calls: dict, now: int) -> CallLook:
        """The entry's state text: a refusal, the call's events, or 呼叫中 while the dial is on its way."""
        if entry.refusal is not None:
            return entry.refusal
        call = calls.get(entry.call_id)
        if call is None:
            return call_look({"status": "ringing", "started_at": entry.dialled_at}, None, now)
        return call_look(call, None if entry.group is not None else entry.worker, now)

    def incoming(self, calls: dict) -> list[dict]:
        """Calls ringing at the desk (a worker dialled ``desk``) that this desk has not answered."""
        return [c for c in calls.values() if c["status"] == "ringing" and c["id"] not in self._answered
                and c["parties"].get(DESK) == "ringing"]

    def tiles(self) -> list[WallEntry]:
        """Entries that take a tile: every one-to-one call (video or voice)."""
        return [e for e in self.entries.values() if e.group is None]

    def group_entry(self) -> WallEntry | None:
        """The newest group call on the desk."""
        groups = [e for e in self.entries.values() if e.group is not None]
        return groups[-1] if groups else None

    def live_tiles(self, calls: dict, now: int) -> int:
        return sum(1 for e in self.tiles() if self.look(e, calls, now).live)
