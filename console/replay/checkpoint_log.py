"""Persisted replay checkpoints: the reducer's state after every :data:`EVERY` non-position events, stored in
``replay_checkpoints``, so loading a range folds only the events after the nearest checkpoint before it.

A checkpoint at ``seq`` is the fold of every non-position event up to ``seq`` (a true prefix of the log) and
``at`` is the latest event time among them; positions are not in it (replay adds each worker's last fix at
the moment it shows, :mod:`console.replay.engine`). Its body is :func:`console.replay.checkpoints.freeze`
(a pickle of the state's own fields, written and read only by this module on the station's own database),
zlib-compressed; ``format`` names the state's layout, and a checkpoint of another layout (an upgrade changed
the domain's types) is ignored, so replay falls back to folding from the start until :func:`extend` has
written new ones. :func:`extend` runs where a writable connection is: the relay's read service calls it
before it loads a range (at most once a minute).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import zlib
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from console import config
from console.domain.events import POSITION_REPORTED, Event
from console.domain.state import DAY_MS, State, fold, trim_closed
from console.replay import checkpoints
from console.store import tables as t
from console.store.store import Store

log = logging.getLogger(__name__)

EVERY = 10_000  # non-position events between persisted checkpoints (a replay folds at most this many)
PAGE = 5_000  # events read at a time while extending
LAYOUT_VERSION = 1  # bump when a domain type held in the state changes its fields
FORMAT = zlib.crc32(f"{LAYOUT_VERSION}:{','.join(f.name for f in dataclasses.fields(State))}".encode()) & 0x7FFF_FFFF


@dataclass(frozen=True, slots=True)
class Checkpoint:
    seq: int  # the last event folded
    at: int  # the latest event time folded
    events: int  # how many non-position events are folded
    body: bytes

    def state(self, reference: State) -> State:
        """The checkpoint's state, sharing ``reference``'s fixed data."""
        return checkpoints.thaw(zlib.decompress(self.body), reference)


def nearest_before(store: Store, t_ms: int) -> Checkpoint | None:
    """The latest checkpoint whose events all came before ``t_ms`` (``at < t_ms``), or None."""
    c = t.replay_checkpoints.c
    q = (select(c.seq, c.at, c.events, c.body).where(c.at < t_ms, c.format == FORMAT)
         .order_by(c.seq.desc()).limit(1))
    return _one(store, q)


def latest(store: Store) -> Checkpoint | None:
    c = t.replay_checkpoints.c
    return _one(store, select(c.seq, c.at, c.events, c.body).where(c.format == FORMAT).order_by(c.seq.desc()).limit(1))


def extend(store: Store, *, every: int = EVERY, limit: int | None = None, closed_days: float | None = None,
           from_start: bool = False) -> int:
    """Fold the log past the latest checkpoint and save one after every ``every`` more non-position events;
    returns how many were saved. ``from_start``: fold from the log's start instead, saving the checkpoints
    missing between those stored (after ``every`` got smaller; one already stored at a seq is kept).
    ``limit``: fold at most about that many events this time (the next call goes on from the last checkpoint
    saved). A checkpoint keeps of closed work only that changed in the last ``closed_days`` (default
    ``JINGWANG_SNAPSHOT_CLOSED_DAYS``) before it, as a snapshot then would (:func:`trim_closed`): years of history
    make no checkpoint bigger. Needs a writable ``store``."""
    keep_ms = int((config.SNAPSHOT_CLOSED_DAYS.get() if closed_days is None else closed_days) * DAY_MS)
    last = None if from_start else latest(store)
    if _events_after(store, 0 if last is None else last.seq, every) < every:
        return 0  # not enough for one more checkpoint: folding them would save nothing
    reference = store.load_reference()
    if last is None:
        state, at, count = State(reference.district, reference.workers, rules=reference.rules), 0, 0
    else:
        state, at, count = last.state(reference), last.at, last.events
    since, saved, folded = 0, 0, 0
    e = t.events.c
    while True:
        q = (select(e.seq, e.at, e.type, e.actor, e.data).where(e.seq > state.seq, e.type != POSITION_REPORTED)
             .order_by(e.seq).limit(PAGE))
        with store.engine.connect() as conn:
            page = [Event(r.seq, r.at, r.type, r.actor, json.loads(r.data)) for r in conn.execute(q)]
        for event in page:
            fold(state, event)
            at, count, since = max(at, event.at), count + 1, since + 1
            if since >= every:
                trim_closed(state, at - keep_ms)
                since = 0
                saved += _save(store, Checkpoint(state.seq, at, count, zlib.compress(checkpoints.freeze(state), 1)))
        folded += len(page)
        if len(page) < PAGE or (limit is not None and folded >= limit):
            return saved


def _events_after(store: Store, seq: int, at_most: int) -> int:
    """How many non-position events follow ``seq`` (counted up to ``at_most``)."""
    e = t.events.c
    q = select(func.count()).select_from(select(e.seq).where(e.seq > seq, e.type != POSITION_REPORTED)
                                         .limit(at_most).subquery())
    with store.engine.connect() as conn:
        return int(conn.scalar(q))


def count(store: Store) -> int:
    """How many checkpoints of this layout are stored."""
    c = t.replay_checkpoints.c
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).where(c.format == FORMAT)))


def _save(store: Store, cp: Checkpoint) -> bool:
    """Store ``cp``; False when one of this layout is stored at its seq already."""
    c = t.replay_checkpoints.c
    try:
        with store.engine.begin() as conn:
            # one of an older layout at this seq (saved before an upgrade) is ignored by every read: replace it
            conn.execute(delete(t.replay_checkpoints).where(c.seq == cp.seq, c.format != FORMAT))
            conn.execute(insert(t.replay_checkpoints).values(seq=cp.seq, at=cp.at, format=FORMAT, events=cp.events,
                                                             body=cp.body))
    except IntegrityError:  # saved before (or by another process meanwhile): the same prefix, the same state
        return False
    log.info("replay checkpoint at seq %d (%d events, %d KiB)", cp.seq, cp.events, len(cp.body) // 1024)
    return True


def _one(store: Store, q) -> Checkpoint | None:
    with store.engine.connect() as conn:
        row = conn.execute(q).first()
    return None if row is None else Checkpoint(int(row.seq), int(row.at), int(row.events), bytes(row.body))
