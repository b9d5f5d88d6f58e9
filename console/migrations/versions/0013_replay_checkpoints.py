"""回放检查点: the reducer's state after every N non-position events, so a replay starts from the nearest
checkpoint before its range instead of folding the log from its start (console/replay/checkpoint_log.py).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "replay_checkpoints",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("format", sa.Integer, nullable=False),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_replay_checkpoints_at", "replay_checkpoints", ["at"])


def downgrade() -> None:
    op.drop_table("replay_checkpoints")
