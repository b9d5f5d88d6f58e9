"""Police units on the roster: each worker row says how it travels, what it may do and its 派出所.

Empty values mean the kind's usual ones (see ``console.domain.workers.KIND_DEFAULTS``), so rows
written before this revision keep working unchanged.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-14
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.add_column(sa.Column("mode", sa.String(8), nullable=False, server_default=""))
        batch.add_column(sa.Column("capabilities", sa.String(120), nullable=False, server_default=""))
        batch.add_column(sa.Column("station_code", sa.String(12), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("workers") as batch:
        batch.drop_column("station_code")
        batch.drop_column("capabilities")
        batch.drop_column("mode")
