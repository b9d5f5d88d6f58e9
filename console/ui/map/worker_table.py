"""``WorkerTable``: every roster worker's last fix and map status as numpy arrays.

Position events only write array slots. The status rules stay in the domain: a worker's *base*
status is ``state.worker_status`` asked at the moment of their own fix (so never stale), and is
recomputed only after non-position events. Staleness, the one rule that changes with the clock
alone, is then applied to all workers at once with numpy. While the console has lost the relay
(``link_lost``), every on-duty worker is 未知 rather than 失联: the field may be fine, we cannot tell.
"""

from __future__ import annotations

import numpy as np

from console.domain.state import State
from console.domain.workers import WorkerStatus
from console.ui.map.projection import LocalFrame
from console.ui.map.style import worker_statuses

NO_FIX = np.iinfo(np.int64).min // 2
FRESH_STATUSES = (WorkerStatus.ON_DUTY, WorkerStatus.ON_ORDER)  # these turn stale when the fix ages


class WorkerTable:
    """Arrays indexed like :attr:`ids` (the roster order): ``x``, ``y`` (frame metres), ``fix_at`` (ms)."""

    def __init__(self) -> None:
        self.statuses: list[WorkerStatus] = worker_statuses()  # code k = statuses[k], drawing order
        self._code = {s: k for k, s in enumerate(self.statuses)}
        self._stale_code = self._code[WorkerStatus.STALE]
        self._unknown_code = self._code[WorkerStatus.UNKNOWN]
        self._fresh_codes = np.array([self._code[s] for s in FRESH_STATUSES])
        self._blind_codes = np.array([*self._fresh_codes, self._stale_code])  # unknown while the link is lost
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.x = np.zeros(0)
        self.y = np.zeros(0)
        self.fix_at = np.zeros(0, dtype=np.int64)
        self.base = np.zeros(0, dtype=np.intp)

    def __len__(self) -> int:
        return len(self.ids)

    def reset(self, state: State, frame: LocalFrame) -> None:
        """Rebuild from a fresh State (roster order)."""
        self.ids = list(state.workers)
        self.index = {wid: k for k, wid in enumerate(self.ids)}
        n = len(self.ids)
        self.x = np.full(n, np.nan)
        self.y = np.full(n, np.nan)
        self.fix_at = np.full(n, NO_FIX, dtype=np.int64)
        self.base = np.zeros(n, dtype=np.intp)
        known = [(k, state.positions[w]) for k, w in enumerate(self.ids) if w in state.positions]
        if known:
            x, y = frame.to_xy([p.lng for _, p in known], [p.lat for _, p in known])
            self.ingest(np.array([k for k, _ in known]), x, y, np.array([p.at for _, p in known]))

    def ingest(self, idx: np.ndarray, x: np.ndarray, y: np.ndarray, at: np.ndarray) -> int:
        """Store fixes for table indices ``idx`` at frame ``x``, ``y`` (in order: a worker's last fix wins).

        Returns how many workers got their first fix: their base status must be asked again.
        """
        idx = np.asarray(idx, dtype=np.intp)
        if not len(idx):
            return 0
        _, last = np.unique(idx[::-1], return_index=True)  # each worker's last fix of the batch
        pick = len(idx) - 1 - last
        rows = idx[pick]
        first = int((self.fix_at[rows] == NO_FIX).sum())
        self.x[rows] = np.asarray(x, dtype=float)[pick]
        self.y[rows] = np.asarray(y, dtype=float)[pick]
        self.fix_at[rows] = np.asarray(at, dtype=np.int64)[pick]
        return first

    def refresh_base(self, state: State, stale_after_ms: int) -> None:
        """Ask the domain for every worker's status at the time of their own fix."""
        self.base = np.array(
            [
                self._code.get(state.worker_status(w, int(at), stale_after_ms), 0)
                for w, at in zip(self.ids, self.fix_at.tolist(), strict=True)
            ],
            dtype=np.intp,
        )

    def codes(self, now_ms: int, stale_after_ms: int, link_lost: bool = False) -> np.ndarray:
        """Status codes now: the base status, turned stale where the fix is too old (未知 if ``link_lost``)."""
        codes = self.base.copy()
        if link_lost:
            codes[np.isin(codes, self._blind_codes)] = self._unknown_code
            return codes
        aged = (now_ms - self.fix_at > stale_after_ms) & np.isin(codes, self._fresh_codes)
        codes[aged] = self._stale_code
        return codes

    def status(self, worker_id: str, now_ms: int, stale_after_ms: int, link_lost: bool = False) -> WorkerStatus:
        """One worker's status now (same rule as :meth:`codes`)."""
        k = self.index[worker_id]
        code = int(self.base[k])
        if link_lost and code in self._blind_codes:
            code = self._unknown_code
        elif code in self._fresh_codes and now_ms - int(self.fix_at[k]) > stale_after_ms:
            code = self._stale_code
        return self.statuses[code]

    def rows(self, worker_ids) -> np.ndarray:
        """Table rows of the known ones among ``worker_ids``."""
        return np.array([self.index[w] for w in worker_ids if w in self.index], dtype=np.intp)

    def has_fix(self) -> np.ndarray:
        return self.fix_at != NO_FIX
