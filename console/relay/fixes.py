"""Positions in bulk: a field gateway's frame of many fixes (``position.batch``) and its one answer.

A gateway speaks for many workers; a frame per fix costs the relay a frame's reading, parsing, task step
and ack each. ``position.batch`` carries up to ``MAX_FIXES`` fixes (:mod:`console.domain.decide_field`).
Each is checked and decided on its own as a ``position.report`` (its own event and seq, its own
idempotency key ``<id>#<index>``, queued, coalesced and shed as any position), and the frame gets one
``ack``: ``seq`` the highest seq of its accepted fixes (0 when none was), ``duplicate`` when every
accepted fix had been committed before, and ``refused`` the fixes that were not accepted, each as ``i``
(its index), ``worker`` and the error's code and reasons. A bad fix is refused alone; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable

from console.domain.errors import DomainError
from console.relay.reply import Reply
from console.relay.writer import POSITION_OP

__all__ = ["BATCH_OP", "POSITION_OP", "FixBatch", "fix_key"]

BATCH_OP = "position.batch"


def fix_key(key: str, index: int) -> str:
    """The idempotency key of fix ``index`` of the batch sent as ``key`` (a resent batch finds its fixes)."""
    return f"{key}#{index}"


class FixBatch:
    """Gathers the answers of one frame's fixes; ``on_done`` gets the frame's ack once all are in."""

    __slots__ = ("_left", "duplicate", "key", "on_done", "refused", "seq")

    def __init__(self, key: str, count: int, on_done: Callable[[dict], None]) -> None:
        self.key = key
        self._left = count + 1  # the fixes, and the sender's end of submitting them (close)
        self.seq = 0
        self.duplicate = True
        self.refused: list[dict] = []
        self.on_done = on_done

    def refuse(self, index: int, worker: object, err: DomainError) -> None:
        """Fix ``index`` is not accepted, for ``err``."""
        self.refused.append({"i": index, "worker": worker if isinstance(worker, str) else None, **err.to_dict()})
        self._one_less()

    def answered(self, index: int, worker: object, reply: Reply) -> None:
        """The writer answered fix ``index``."""
        err = reply.exception()
        if err is not None:
            self.refuse(index, worker, err if isinstance(err, DomainError)
                        else DomainError("E_INTERNAL", type(err).__name__))
            return
        seq, duplicate = reply.result()
        self.seq = max(self.seq, seq)
        self.duplicate = self.duplicate and duplicate
        self._one_less()

    def close(self) -> None:
        """Every fix has been submitted or refused."""
        self._one_less()

    def _one_less(self) -> None:
        self._left -= 1
        if self._left == 0:
            self.refused.sort(key=lambda r: r["i"])
            self.on_done({"t": "ack", "id": self.key, "seq": self.seq, "duplicate": self.duplicate and self.seq > 0,
                          "refused": self.refused})
