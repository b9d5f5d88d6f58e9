"""What the queue shows and in which order: :class:`QueueFilter` and :class:`SortSpec` over a RowStore.

Both work on whole slot arrays (numpy masks, one or two stable ``argsort``s) for rebuilds, and
on single slots (:func:`sort_key`) for the bisect that places one changed row. The order is
the column's value, then the default key, then arrival order; descending is its exact reverse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP

from console.domain.incidents import Source, Status
from console.domain.sla import SlaLevel
from console.ui.queue.columns import Col
from console.ui.queue.rows import SOURCE_CODE, STATUSES, RowStore

GROUP_LABELS = {  # translated where shown, under Queue
    "open": QT_TRANSLATE_NOOP("Queue", "仅未结"),
    "all": QT_TRANSLATE_NOOP("Queue", "全部"),
    "new": QT_TRANSLATE_NOOP("Queue", "待受理"),
    "handling": QT_TRANSLATE_NOOP("Queue", "处置中"),
    "verify": QT_TRANSLATE_NOOP("Queue", "待核查"),
    "referred": QT_TRANSLATE_NOOP("Queue", "转办"),
    "overdue": QT_TRANSLATE_NOOP("Queue", "超时"),
    "supervised": QT_TRANSLATE_NOOP("Queue", "督办"),
}
GROUP_STATUSES = {
    "new": {Status.NEW},
    "handling": {Status.ACCEPTED, Status.DISPATCHED, Status.SIGNED, Status.ON_SCENE, Status.RETURNED},
    "verify": {Status.FEEDBACK, Status.VERIFYING},
    "referred": {Status.REFERRED},
}
_GROUP_LUTS = {
    group: np.array([s in statuses for s in STATUSES], bool) for group, statuses in GROUP_STATUSES.items()
}


COUNTED_GROUPS = ("new", "handling", "verify", "overdue")  # the counters above the queue, in this order


def group_mask(store: RowStore, group: str, slots: np.ndarray) -> np.ndarray:
    """Which of ``slots`` are in ``group``: the one definition the queue's filter and every counter use."""
    if group == "all":
        return np.ones(len(slots), bool)
    if group in _GROUP_LUTS:
        return _GROUP_LUTS[group][store.status[slots]]
    is_open = store.open[slots].astype(bool)
    if group == "open":
        return is_open
    if group == "overdue":
        return is_open & (store.level[slots] >= SlaLevel.YELLOW.rank)
    if group == "supervised":
        return is_open & (store.supervision[slots] > 0)
    raise ValueError(group)


def group_count(store: RowStore, group: str) -> int:
    """How many incidents are in ``group``: the number of rows the filter ``QueueFilter(group)`` shows."""
    return int(np.count_nonzero(group_mask(store, group, np.arange(store.n))))


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """A status group (:data:`GROUP_LABELS`), optional source and priority, and search words."""

    group: str = "open"
    source: Source | None = None
    priority: int | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if self.group not in GROUP_LABELS:
            raise ValueError(f"unknown queue filter group: {self.group}")

    def mask(self, store: RowStore, slots: np.ndarray) -> np.ndarray:
        """Which of ``slots`` pass; every word of :attr:`text` must occur in the incident's search text."""
        keep = group_mask(store, self.group, slots)
        if self.source is not None:
            keep &= store.source[slots] == SOURCE_CODE[self.source]
        if self.priority is not None:
            keep &= store.priority[slots] == self.priority
        hay = store.hay
        for word in self.text.lower().split():
            keep &= np.fromiter((word in hay[s] for s in slots.tolist()), bool, len(slots))
        return keep

    def visible(self, store: RowStore) -> np.ndarray:
        """The slots that pass, in arrival order."""
        slots = np.arange(store.n)
        return slots[self.mask(store, slots)]


@dataclass(frozen=True, slots=True)
class SortSpec:
    """Sort by ``column`` (a :class:`Col`, or -1 for the default order); descending reverses it."""

    column: int = -1
    descending: bool = False


_NUMERIC = {
    Col.SOURCE: "source", Col.PRIORITY: "priority", Col.STATUS: "status", Col.SLA: "target",
    Col.SUPERVISION: "supervision", Col.MARKS: "marks", Col.REPORTED: "reported",
}
_TEXT = {Col.ID: "id", Col.CATEGORY: "category", Col.GRID: "grid", Col.ADDRESS: "address", Col.WORKER: "lead"}


def sort_slots(store: RowStore, slots: np.ndarray, spec: SortSpec) -> np.ndarray:
    """``slots`` (in arrival order) in the order of ``spec``."""
    out = slots[np.argsort(store.prim[slots], kind="stable")]  # the default order, ties in arrival order
    if spec.column in _NUMERIC:
        out = out[np.argsort(getattr(store, _NUMERIC[spec.column])[out], kind="stable")]
    elif spec.column in _TEXT:
        out = out[np.argsort(store.text[_TEXT[spec.column]].values[out], kind="stable")]
    return out[::-1] if spec.descending else out


def sort_key(store: RowStore, spec: SortSpec) -> Callable[[int], tuple]:
    """The comparable key of one slot under ``spec`` (ascending), matching :func:`sort_slots`."""
    if spec.column in _NUMERIC:
        name = _NUMERIC[spec.column]
        return lambda s: (getattr(store, name).item(s), store.prim.item(s), s)
    if spec.column in _TEXT:
        column = store.text[_TEXT[spec.column]]
        return lambda s: (column.values.item(s), store.prim.item(s), s)
    return lambda s: (store.prim.item(s), s)
