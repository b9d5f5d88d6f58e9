"""Initial schema: event log, projections, reference data.

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(32)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("idem_key", sa.String(64), nullable=True),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ux_events_actor_idem_key", "events", ["actor", "idem_key"], unique=True)
    op.create_index("ix_events_at", "events", ["at"])

    op.create_table(
        "incidents",
        sa.Column("id", ID, primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("priority", sa.Integer, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("grid_code", sa.String(15), nullable=False),
        sa.Column("lng", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("reported_at", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.BigInteger, nullable=False),
        sa.Column("worker_id", ID, nullable=True),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_incidents_status", "incidents", ["status"])
    op.create_index("ix_incidents_grid_code", "incidents", ["grid_code"])
    op.create_index("ix_incidents_reported_at", "incidents", ["reported_at"])

    op.create_table(
        "worker_positions",
        sa.Column("worker_id", ID, primary_key=True),
        sa.Column("lng", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("speed", sa.Float, nullable=False),
        sa.Column("heading", sa.Float, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "worker_duty",
        sa.Column("worker_id", ID, primary_key=True),
        sa.Column("on_duty", sa.Boolean, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )

    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "stations",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
    )
    op.create_table(
        "communities",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
    )
    op.create_table(
        "grids",
        sa.Column("code", sa.String(15), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("community_code", sa.String(12), nullable=False),
        sa.Column("polygon", sa.Text, nullable=False),
    )
    op.create_table(
        "police_grids",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("grid_codes", sa.Text, nullable=False),
        sa.Column("polygon", sa.Text, nullable=False),
    )
    op.create_table(
        "streets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("points", sa.Text, nullable=False),
    )
    op.create_table(
        "addresses",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("text", sa.String(256), nullable=False),
        sa.Column("road", sa.String(128), nullable=False),
        sa.Column("door", sa.String(32), nullable=False),
        sa.Column("compound", sa.String(128), nullable=False),
        sa.Column("building", sa.String(32), nullable=False),
        sa.Column("lng", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("grid_code", sa.String(15), nullable=False),
        sa.Column("police_grid_code", sa.String(32), nullable=False),
        sa.Column("station_code", sa.String(12), nullable=False),
    )
    op.create_table(
        "workers",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("grid_code", sa.String(15), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
    )
    op.create_table(
        "accounts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("worker_id", ID, nullable=True),
        sa.Column("display_name", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for name in (
        "accounts", "workers", "addresses", "streets", "police_grids", "grids", "communities", "stations",
        "meta", "worker_duty", "worker_positions", "incidents", "events",
    ):
        op.drop_table(name)
