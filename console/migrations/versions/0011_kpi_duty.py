"""巡查覆盖率 in duty hours: ``kpi_duty`` holds grid workers' duty shifts (on_at, off_at) per grid.

Grid workers on duty at the upgrade get a shift opened at the upgrade time.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_duty",
        sa.Column("worker_id", sa.String(32), primary_key=True),
        sa.Column("on_at", sa.BigInteger, primary_key=True),
        sa.Column("grid_code", sa.String(15), nullable=False),
        sa.Column("off_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_kpi_duty_grid_code", "kpi_duty", ["grid_code", "on_at"])
    now = int(time.time() * 1000)
    op.execute(sa.text(
        "INSERT INTO kpi_duty (worker_id, on_at, grid_code, off_at) "
        "SELECT d.worker_id, :now, w.grid_code, NULL FROM worker_duty d JOIN workers w ON w.id = d.worker_id "
        "WHERE d.on_duty AND w.kind = 'grid_worker'").bindparams(now=now))


def downgrade() -> None:
    op.drop_index("ix_kpi_duty_grid_code", table_name="kpi_duty")
    op.drop_table("kpi_duty")
