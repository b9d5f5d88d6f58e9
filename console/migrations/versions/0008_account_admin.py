"""Account administration: an initial password to be changed at first login, and the last login.

``must_change`` is set when an administrator creates an account or resets its password and cleared
when the account sets its own; ``last_login`` (ms) is kept from ``account.login`` events.

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("must_change", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("last_login", sa.BigInteger, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("last_login")
        batch.drop_column("must_change")
