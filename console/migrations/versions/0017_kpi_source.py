"""``kpi_incidents.source``: where an incident came from, so 平均响应时长 can leave out 巡逻发现 (a unit that reports
what it comes across has no response time). Backfilled from the ``incidents`` projection's ``source``.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kpi_incidents") as batch:
        batch.add_column(sa.Column("source", sa.String(16), nullable=False, server_default=""))
    op.execute("UPDATE kpi_incidents SET source = COALESCE("
               "(SELECT i.source FROM incidents i WHERE i.id = kpi_incidents.id), '')")


def downgrade() -> None:
    with op.batch_alter_table("kpi_incidents") as batch:
        batch.drop_column("source")
