"""人流热力: on-duty person-minutes and e码 page views per clock hour and ~100 m cell (console/domain/heat.py).

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "heat_cells",
        sa.Column("hour_at", sa.BigInteger, primary_key=True),
        sa.Column("source", sa.String(10), primary_key=True),
        sa.Column("x", sa.Integer, primary_key=True),
        sa.Column("y", sa.Integer, primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("heat_cells")
