"""Accounts: a disabled flag and a scope (JSON) the relay enforces.

``scope`` narrows what an account may see and act for, e.g. ``{"workers": ["W01", …]}`` for a
field gateway bound to some workers, ``{"grids": […]}`` or ``{"police_grids": […]}``; empty
means the role's default.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("scope", sa.Text, nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("scope")
        batch.drop_column("disabled")
