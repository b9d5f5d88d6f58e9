"""警情查询: the incidents projection gets ``address`` and ``caller`` columns (searched by the queue's 警情查询 over
years of history), ``address_code`` (the relay's risk rules index months of incidents from the columns alone) and
an index on ``updated_at`` (a snapshot loads open work plus work closed in the last days).

Existing rows are filled from their JSON bodies.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("address", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("caller", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("address_code", sa.String(32), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE incidents SET address = body::json->>'address', caller = body::json->>'caller', "
                   "address_code = coalesce(body::json->>'address_code', '')")
    else:
        op.execute("UPDATE incidents SET address = json_extract(body, '$.address'), caller = json_extract(body, "
                   "'$.caller'), address_code = coalesce(json_extract(body, '$.address_code'), '')")
    op.create_index("ix_incidents_updated_at", "incidents", ["updated_at"])
    op.create_index("ix_incidents_caller", "incidents", ["caller"])


def downgrade() -> None:
    op.drop_index("ix_incidents_caller", "incidents")
    op.drop_index("ix_incidents_updated_at", "incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("address_code")
        batch.drop_column("caller")
        batch.drop_column("address")
