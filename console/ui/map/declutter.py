"""Greedy label placement in screen space: keep the most important labels whose boxes do not overlap."""

from __future__ import annotations

import numpy as np

CELL = 64.0  # px; boxes are bucketed in a uniform grid so each test only looks at its neighbours


def declutter(
    rects: np.ndarray,
    order: np.ndarray,
    groups: np.ndarray | None = None,
    obstacles: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean mask of the boxes to keep.

    ``rects`` is n×4 ``(left, top, right, bottom)`` in pixels; ``order`` lists box indices most
    important first. A box is kept when it overlaps no box kept before it and no ``obstacles``
    box (e.g. the labels of a more important layer); with ``groups``, at most one box per group
    is kept (the first that fits), so a label can offer a shorter fallback.
    """
    keep = np.zeros(len(rects), dtype=bool)
    blocked = np.zeros((0, 4)) if obstacles is None else np.asarray(obstacles, dtype=float).reshape(-1, 4)
    boxes = np.concatenate([np.asarray(rects, dtype=float).reshape(-1, 4), blocked])
    cells = np.floor(boxes / CELL).astype(np.int64)  # cell range of every box: c0, r0, c1, r1
    r = boxes.tolist()
    c = cells.tolist()
    buckets: dict[tuple[int, int], list[int]] = {}

    def occupy(i: int) -> None:
        c0, r0, c1, r1 = c[i]
        for cx in range(c0, c1 + 1):
            for cy in range(r0, r1 + 1):
                buckets.setdefault((cx, cy), []).append(i)

    for i in range(len(rects), len(boxes)):
        occupy(i)
    group_of = groups.tolist() if groups is not None else None
    taken: set[int] = set()
    for i in order.tolist():
        if group_of is not None and group_of[i] in taken:
            continue
        left, top, right, bottom = r[i]
        c0, r0, c1, r1 = c[i]
        clash = False
        for cx in range(c0, c1 + 1):
            for cy in range(r0, r1 + 1):
                for j in buckets.get((cx, cy), ()):
                    o = r[j]
                    if left < o[2] and o[0] < right and top < o[3] and o[1] < bottom:
                        clash = True
                        break
                if clash:
                    break
            if clash:
                break
        if clash:
            continue
        keep[i] = True
        if group_of is not None:
            taken.add(group_of[i])
        occupy(i)
    return keep
