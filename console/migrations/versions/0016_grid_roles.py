"""Grid attributes: a grid's kind (普通 / 专属网格 at a key site) and its 网格长 — 小区长 — 楼栋长 posts, projected
from ``reference.upserted`` of the 网格属性 and 网格职务 imports (body: console.domain.grid_profiles.GridProfile).
A 专属网格's key site is due a 隐患排查 through ``kpi_sites`` (record id ``site:<grid>``); nothing to backfill.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grid_profiles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("grid_profiles")
