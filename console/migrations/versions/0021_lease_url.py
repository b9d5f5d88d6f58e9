"""The writer lease names where its holder serves clients (``url``): a standby redirects clients there.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("writer_lease") as batch:
        batch.add_column(sa.Column("url", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("writer_lease") as batch:
        batch.drop_column("url")
