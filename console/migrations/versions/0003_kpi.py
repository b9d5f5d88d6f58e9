"""Assessment: the KPI engine's fact tables (incidents, orders/submissions) and grid presence per hour.

Existing incidents, orders and submissions are projected from their stored bodies; presence starts empty
(positions before this revision are not replayed).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SCOPE_COLUMNS = ("station_code", "police_grid_code", "community_code", "grid_code", "worker_id")


def _places_columns() -> list[sa.Column]:
    return [
        sa.Column("grid_code", sa.String(15), nullable=False),
        sa.Column("community_code", sa.String(12), nullable=False),
        sa.Column("police_grid_code", sa.String(32), nullable=False),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("worker_id", sa.String(32), nullable=True),
    ]


def upgrade() -> None:
    big = sa.BigInteger
    op.create_table(
        "kpi_incidents",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("category", sa.String(8), nullable=False),
        sa.Column("family", sa.String(2), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("void", sa.Boolean, nullable=False),
        *_places_columns(),
        sa.Column("address", sa.String(256), nullable=False),
        *(sa.Column(name, big, nullable=False) for name in (
            "reported_at", "accepted_at", "dispatched_at", "signed_at", "arrived_at", "feedback_at", "closed_at")),
        sa.Column("due_at", big, nullable=True),
        sa.Column("overdue_at", big, nullable=True),
        sa.Column("rework_count", sa.Integer, nullable=False),
        sa.Column("callback_at", big, nullable=False),
        sa.Column("satisfaction", sa.Integer, nullable=False),
        sa.Column("referral_dept", sa.String(8), nullable=False),
        sa.Column("referred_at", big, nullable=False),
        sa.Column("referral_done_at", big, nullable=False),
        sa.Column("version", big, nullable=False),
        sa.PrimaryKeyConstraint("station_code", "reported_at", "id"),
        sqlite_with_rowid=False,  # clustered: a station's year is one contiguous range
    )
    op.create_index("ux_kpi_incidents_id", "kpi_incidents", ["id"], unique=True)
    op.create_index("ix_kpi_incidents_reported_at", "kpi_incidents", ["reported_at"])
    open_only = sa.text("due_at IS NOT NULL")
    op.create_index("ix_kpi_incidents_open", "kpi_incidents", ["station_code", "due_at"], sqlite_where=open_only,
                    postgresql_where=open_only)
    op.create_table(
        "kpi_work",
        sa.Column("entity", sa.String(12), primary_key=True),
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        *_places_columns(),
        sa.Column("title", sa.String(256), nullable=False),
        *(sa.Column(name, big, nullable=False) for name in ("anchor_at", "issued_at", "due_at", "done_at")),
        sa.Column("resolved", sa.Boolean, nullable=False),
        sa.Column("version", big, nullable=False),
    )
    op.create_index("ix_kpi_work_anchor_at", "kpi_work", ["anchor_at"])
    for table, time_column, columns in (("kpi_incidents", "reported_at", SCOPE_COLUMNS[1:]),
                                        ("kpi_work", "anchor_at", SCOPE_COLUMNS)):
        for column in columns:
            op.create_index(f"ix_{table}_{column}", table, [column, time_column])
    op.create_table(
        "kpi_presence",
        sa.Column("grid_code", sa.String(15), primary_key=True),
        sa.Column("hour_at", big, primary_key=True),
        sa.Column("seconds", sa.Float, nullable=False),
    )
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    """Project the incidents, orders and submissions already in the database."""
    from console.domain.incidents import Incident
    from console.domain.kpi_facts import incident_facts, order_facts, submission_facts
    from console.domain.orders import Order
    from console.domain.records import Submission

    community = dict(conn.execute(sa.text("SELECT code, community_code FROM grids")).all())
    police = {g: (code, station) for code, station, grid_codes in
              conn.execute(sa.text("SELECT code, station_code, grid_codes FROM police_grids"))
              for g in json.loads(grid_codes)}
    places = {g: (c, *police.get(g, ("", ""))) for g, c in community.items()}
    for source, target, build in (
        ("incidents", "kpi_incidents", lambda d: incident_facts(Incident.from_dict(d), places)),
        ("orders", "kpi_work", lambda d: order_facts(Order.from_dict(d), places)),
        ("submissions", "kpi_work", lambda d: submission_facts(Submission.from_dict(d), places)),
    ):
        columns = _columns(conn, target)
        table = sa.table(target, *(sa.column(c) for c in columns))
        page = sa.text(f"SELECT id, body FROM {source} WHERE id > :last ORDER BY id LIMIT 1000")
        last = ""
        while chunk := conn.execute(page, {"last": last}).all():  # keyset pages: memory stays flat
            # today's facts may carry columns a later revision adds: keep this revision's
            rows = [build(json.loads(body)) for _, body in chunk]
            conn.execute(sa.insert(table), [{c: row[c] for c in columns} for row in rows])
            last = chunk[-1][0]


def _columns(conn: sa.Connection, table: str) -> list[str]:
    return [c["name"] for c in sa.inspect(conn).get_columns(table)]


def downgrade() -> None:
    op.drop_table("kpi_presence")
    op.drop_table("kpi_work")
    op.drop_table("kpi_incidents")
