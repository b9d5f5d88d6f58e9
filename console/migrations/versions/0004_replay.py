"""Replay: a lean position log and trainer bookmarks.

Position events move from ``events`` (JSON rows) to ``position_log`` (narrow rows, see
console/store/positions.py); the log stays one sequence, read through both tables.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from console.domain.events import POSITION_REPORTED, Event
from console.store import positions
from console.store import tables as t

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.String(32)
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
PAGE = 20_000


def upgrade() -> None:
    op.create_table(
        "position_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("worker", ID, nullable=False),
    )
    op.create_index("ux_position_sources_actor_worker", "position_sources", ["actor", "worker"], unique=True)
    op.create_table(
        "position_log",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("src", sa.Integer, nullable=False),
        sa.Column("lng", sa.Integer, nullable=False),
        sa.Column("lat", sa.Integer, nullable=False),
        sa.Column("fix_lag", sa.BigInteger, nullable=False),
        sa.Column("speed", sa.Integer, nullable=True),
        sa.Column("heading", sa.Integer, nullable=True),
        sa.Column("key_hash", sa.BigInteger, nullable=True),
        sa.Column("extra", sa.Text, nullable=True),
    )
    op.create_index("ix_position_log_src_at", "position_log", ["src", "at"])
    op.create_index("ux_position_log_key_hash", "position_log", ["key_hash"], unique=True)
    op.create_table(
        "bookmarks",
        sa.Column("id", ID, primary_key=True),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_bookmarks_at", "bookmarks", ["at"])
    _move_positions_out_of_events(op.get_bind())


def downgrade() -> None:
    conn = op.get_bind()
    sources = positions.Sources(None)
    last = 0
    while page := positions.after(conn, sources, last, PAGE):
        conn.execute(sa.insert(t.events), [
            {"seq": e.seq, "at": e.at, "type": e.type, "actor": e.actor, "idem_key": None,
             "data": json.dumps(e.data, ensure_ascii=False, separators=(",", ":"))} for e in page])
        last = page[-1].seq
    for name in ("bookmarks", "position_log", "position_sources"):
        op.drop_table(name)


def _move_positions_out_of_events(conn: sa.Connection) -> None:
    """Re-encode existing position events page by page (keys become hashes), then delete them from ``events``."""
    e = t.events.c
    ids: dict[tuple[str, str], int] = {}
    last = 0
    while True:
        q = (sa.select(e.seq, e.at, e.actor, e.idem_key, e.data).where(e.type == POSITION_REPORTED, e.seq > last)
             .order_by(e.seq).limit(PAGE))
        rows = conn.execute(q).all()
        if not rows:
            break
        events = [(Event(r.seq, r.at, POSITION_REPORTED, r.actor, json.loads(r.data)), r.idem_key) for r in rows]
        for ev, _ in events:
            pair = (ev.actor, ev.data["worker"])
            if pair not in ids:
                ids[pair] = conn.execute(sa.insert(t.position_sources).values(actor=pair[0], worker=pair[1])
                                         .returning(t.position_sources.c.id)).scalar_one()
        conn.execute(sa.insert(t.position_log),
                     [positions.encode(ev, key, ids[(ev.actor, ev.data["worker"])]) for ev, key in events])
        last = rows[-1].seq
    conn.execute(sa.delete(t.events).where(e.type == POSITION_REPORTED))
