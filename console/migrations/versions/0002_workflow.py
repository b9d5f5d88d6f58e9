"""Incident workflow: orders, submissions, records; live values; SOS on duty rows; liaison departments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WORK_TABLES = ("orders", "submissions", "records")


def upgrade() -> None:
    for name in WORK_TABLES:
        op.create_table(
            name,
            sa.Column("id", sa.String(32), primary_key=True),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("status", sa.String(16), nullable=False),
            sa.Column("grid_code", sa.String(15), nullable=False),
            sa.Column("worker_id", sa.String(32), nullable=True),
            sa.Column("updated_at", sa.BigInteger, nullable=False),
            sa.Column("version", sa.BigInteger, nullable=False),
            sa.Column("body", sa.Text, nullable=False),
        )
        op.create_index(f"ix_{name}_status", name, ["status"])
        op.create_index(f"ix_{name}_grid_code", name, ["grid_code"])
    op.create_table(
        "live_values",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    with op.batch_alter_table("worker_duty") as batch:
        batch.add_column(sa.Column("sos_at", sa.BigInteger, nullable=True))
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("department", sa.String(8), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("department")
    with op.batch_alter_table("worker_duty") as batch:
        batch.drop_column("sos_at")
    op.drop_table("live_values")
    for name in reversed(WORK_TABLES):
        op.drop_table(name)
