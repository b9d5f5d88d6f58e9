"""e码 receipts over years: the incidents projection gets a ``receipt`` column (a public report's 回执号, "" for
every other incident) and the orders projection a ``declaration`` column (the 居住登记 a 核查 checks), both indexed,
so a receipt whose work no snapshot carries any more is found in the database.

Existing rows are filled from their JSON bodies.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("receipt", sa.String(20), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE incidents SET receipt = coalesce(body::json->'public'->>'receipt', '') "
                   "WHERE source = 'ecode'")
    else:
        op.execute("UPDATE incidents SET receipt = coalesce(json_extract(body, '$.public.receipt'), '') "
                   "WHERE source = 'ecode'")
    op.create_index("ix_incidents_receipt", "incidents", ["receipt"])
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("declaration", sa.String(32), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE orders SET declaration = coalesce(body::json->>'declaration', '') "
                   "WHERE kind = 'verify_person'")
    else:
        op.execute("UPDATE orders SET declaration = coalesce(json_extract(body, '$.declaration'), '') "
                   "WHERE kind = 'verify_person'")
    op.create_index("ix_orders_declaration", "orders", ["declaration"])


def downgrade() -> None:
    op.drop_index("ix_orders_declaration", "orders")
    with op.batch_alter_table("orders") as batch:
        batch.drop_column("declaration")
    op.drop_index("ix_incidents_receipt", "incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("receipt")
