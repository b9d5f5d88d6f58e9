"""Each worker's track over the last N minutes: per-worker ring buffers and one line item.

The buffers are three 2-D arrays (worker × slot) written with vectorised index arithmetic; the
line for all workers is one ``PlotCurveItem`` whose tracks are separated by NaN breaks.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from console.ui.map.style import TRACK_COLOR
from console.ui.theme import qcolor

DEFAULT_WINDOW_MS = 15 * 60_000
MIN_INTERVAL_MS = 5_000  # the fastest position rate (DOMAIN.md: AVL at least every 5 s)
EMPTY = np.iinfo(np.int64).min // 2
MAX_TRACKS = 400


def rows_to_draw(table, rect, wanted_ids) -> np.ndarray:
    """Rows of ``table`` whose tracks to draw: ``wanted_ids`` (followed, selected) first, then those
    in the view ``rect`` by distance from its centre."""
    x, y = table.x, table.y
    cx, cy = rect.center().x(), rect.center().y()
    wanted = [table.index[w] for w in wanted_ids if w in table.index]
    in_view = np.flatnonzero((np.abs(x - cx) <= rect.width() * 0.6) & (np.abs(y - cy) <= rect.height() * 0.6))
    in_view = in_view[np.argsort((x[in_view] - cx) ** 2 + (y[in_view] - cy) ** 2)]
    return np.concatenate([np.array(wanted, dtype=np.intp), np.setdiff1d(in_view, wanted, assume_unique=True)])


class TrackBuffer:
    """Recent fixes per worker index; only fixes younger than :attr:`window_ms` are ever read."""

    def __init__(self, window_ms: int = DEFAULT_WINDOW_MS, workers: int = 0) -> None:
        self.window_ms = int(window_ms)
        self.capacity = self._capacity_for(self.window_ms)
        self.reset(workers)

    @staticmethod
    def _capacity_for(window_ms: int) -> int:
        return int(np.ceil(window_ms / MIN_INTERVAL_MS)) + 8

    def reset(self, workers: int) -> None:
        """Empty buffers for ``workers`` workers."""
        shape = (workers, self.capacity)
        self.x = np.full(shape, np.nan, dtype=np.float32)
        self.y = np.full(shape, np.nan, dtype=np.float32)
        self.t = np.full(shape, EMPTY, dtype=np.int64)
        self.head = np.zeros(workers, dtype=np.intp)  # next slot to write = oldest slot when full

    def set_window(self, window_ms: int) -> None:
        """Change N (the buffers grow or shrink; fixes still inside the new window are kept)."""
        rows, x, y, t = self._chronological()
        self.window_ms = int(window_ms)
        self.capacity = self._capacity_for(self.window_ms)
        self.reset(len(self.head))
        keep = t != EMPTY
        idx = np.broadcast_to(rows[:, None], t.shape)[keep]
        self.append(idx, x[keep], y[keep], t[keep])

    def append(self, idx, x, y, at) -> None:
        """Add fixes for worker indices ``idx`` (several per worker allowed, oldest first)."""
        idx = np.asarray(idx, dtype=np.intp)
        if not len(idx):
            return
        order = np.argsort(idx, kind="stable")
        sorted_idx = idx[order]
        starts = np.r_[True, sorted_idx[1:] != sorted_idx[:-1]]
        run_start = np.flatnonzero(starts)
        rank = np.empty(len(idx), dtype=np.intp)
        rank[order] = np.arange(len(idx)) - run_start[np.cumsum(starts) - 1]
        slot = (self.head[idx] + rank) % self.capacity
        self.x[idx, slot] = x
        self.y[idx, slot] = y
        self.t[idx, slot] = at
        counts = np.bincount(idx, minlength=len(self.head))
        self.head = (self.head + counts) % self.capacity

    def _chronological(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        rows = np.arange(len(self.head)) if rows is None else np.asarray(rows, dtype=np.intp)
        cols = (self.head[rows, None] + np.arange(self.capacity)[None, :]) % self.capacity
        return rows, self.x[rows[:, None], cols], self.y[rows[:, None], cols], self.t[rows[:, None], cols]

    def track(self, k: int, now_ms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One worker's fixes inside the window, oldest first: ``x``, ``y``, ``at``."""
        cols = (self.head[k] + np.arange(self.capacity)) % self.capacity
        t = self.t[k, cols]
        inside = t >= now_ms - self.window_ms
        return self.x[k, cols][inside].astype(float), self.y[k, cols][inside].astype(float), t[inside]

    def lines(self, now_ms: int, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The tracks of workers ``rows`` (default all) inside the window as one polyline, with a
        NaN after each worker's track."""
        if not len(self.head):
            return np.zeros(0), np.zeros(0)
        _, x, y, t = self._chronological(rows)
        inside = t >= now_ms - self.window_ms
        moving = inside.sum(axis=1) >= 2
        inside, x, y = inside[moving], x[moving], y[moving]
        keep = np.concatenate([inside, np.ones((len(inside), 1), dtype=bool)], axis=1)
        gap = np.full((len(inside), 1), np.nan, dtype=np.float32)
        xs = np.concatenate([x, gap], axis=1)[keep]
        ys = np.concatenate([y, gap], axis=1)[keep]
        return xs.astype(float), ys.astype(float)


class TrackLayer:
    """The 轨迹 layer: one connected line item for the recent tracks of the workers in view.

    At most :data:`MAX_TRACKS` are drawn (followed and selected workers first, then those nearest
    the centre of the view): 10,000 tracks of 15 minutes would be two million vertices.
    """

    name = "tracks"
    title = "轨迹"

    def __init__(self, view) -> None:
        self.buffer = TrackBuffer()
        self.curve = pg.PlotCurveItem(pen=pg.mkPen(qcolor(TRACK_COLOR, 170), width=1.0), connect="finite",
                                      antialias=True)
        view.addItem(self.curve, ignoreBounds=True)
        self._visible = True

    def set_visible(self, visible: bool) -> None:
        self._visible = visible
        self.curve.setVisible(visible)

    def set_opacity(self, opacity: float) -> None:
        self.curve.setOpacity(opacity)

    def set_z(self, z: float) -> None:
        self.curve.setZValue(z)

    @property
    def visible(self) -> bool:
        return self._visible

    def redraw(self, now_ms: int, rows: np.ndarray) -> None:
        """Rebuild the line for workers ``rows`` (skipped while the layer is hidden)."""
        if not self._visible:
            return
        x, y = self.buffer.lines(now_ms, rows[:MAX_TRACKS])
        self.curve.setData(x=x, y=y, connect="finite")
