"""专属网格数 and 楼栋长覆盖率 per period: ``grid_profile_history`` holds every state a grid's profile had (kind, site
and posts; body: console.domain.grid_profiles.GridProfile) from the seq that made it, so a past period's assessment
reads the grids as they stood at its end.

Backfilled by folding the log's 网格属性 / 网格职务 imports (``reference.upserted`` of kind grid / grid_role) in
order, as the relay did (one row per grid and event).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

PAGE = 500


def upgrade() -> None:
    op.create_table(
        "grid_profile_history",
        sa.Column("grid", sa.String(32), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_grid_profile_history_at", "grid_profile_history", ["at"])
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    """Fold the grid imports of the log (keyset pages of ``reference.upserted``, memory stays flat)."""
    from console.domain.grid_profiles import GridProfile, put_grids, put_roles

    fold = {"grid": put_grids, "grid_role": put_roles}
    history = sa.table("grid_profile_history", *(sa.column(c) for c in ("grid", "seq", "at", "body")))
    profiles: dict[str, GridProfile] = {}
    after = 0
    while True:
        page = conn.execute(sa.text(
            "SELECT seq, at, data FROM events WHERE type = 'reference.upserted' AND seq > :after "
            "ORDER BY seq LIMIT :n").bindparams(after=after, n=PAGE)).all()
        if not page:
            return
        for seq, at, data in page:
            d = json.loads(data)
            if d.get("kind") in fold:
                fold[d["kind"]](profiles, d["rows"], at)
                grids = sorted({row["grid"] for row in d["rows"]})
                conn.execute(sa.insert(history), [
                    {"grid": g, "seq": seq, "at": at,
                     "body": json.dumps(profiles[g].to_dict(), ensure_ascii=False, separators=(",", ":"))}
                    for g in grids])
        after = page[-1][0]


def downgrade() -> None:
    op.drop_index("ix_grid_profile_history_at", "grid_profile_history")
    op.drop_table("grid_profile_history")
