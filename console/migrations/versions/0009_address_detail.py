"""Standard addresses down to the room (一标: 单元, 层, 室), for addresses a station imports.

Empty values for the addresses written before this revision: a door plate or a building.

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("addresses") as batch:
        batch.add_column(sa.Column("unit", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("floor", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("room", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("addresses") as batch:
        batch.drop_column("room")
        batch.drop_column("floor")
        batch.drop_column("unit")
