"""风险预警: warnings raised by the relay's risk rules and the key-person registry, projected from their events
(body: the warning with its progress; the person). A dispute record's 调处分级 rides in the record body.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warnings",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_warnings_at", "warnings", ["at"])
    op.create_table(
        "key_persons",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("key_persons")
    op.drop_table("warnings")
