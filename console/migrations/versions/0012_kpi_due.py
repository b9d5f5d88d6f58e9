"""Assessment from what is due: ``kpi_duty`` (grid workers' duty shifts, for 巡查覆盖率 in duty hours),
``kpi_sites`` (households and hazard sites in force, for 入户走访率 and 隐患排查率) and ``kpi_work.target``
(the address an order was for).

Grid workers on duty at the upgrade get a shift opened at the upgrade time; sites and targets are projected
from the stored records, orders and submissions.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
import time

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kpi_duty",
        sa.Column("worker_id", sa.String(32), primary_key=True),
        sa.Column("on_at", sa.BigInteger, primary_key=True),
        sa.Column("grid_code", sa.String(15), nullable=False),
        sa.Column("off_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_kpi_duty_grid_code", "kpi_duty", ["grid_code", "on_at"])
    now = int(time.time() * 1000)
    op.execute(sa.text(
        "INSERT INTO kpi_duty (worker_id, on_at, grid_code, off_at) "
        "SELECT d.worker_id, :now, w.grid_code, NULL FROM worker_duty d JOIN workers w ON w.id = d.worker_id "
        "WHERE d.on_duty AND w.kind = 'grid_worker'").bindparams(now=now))
    op.create_table(
        "kpi_sites",
        sa.Column("record_id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("address_code", sa.String(64), nullable=False),
        sa.Column("grid_code", sa.String(15), nullable=False),
        sa.Column("community_code", sa.String(12), nullable=False),
        sa.Column("police_grid_code", sa.String(32), nullable=False),
        sa.Column("station_code", sa.String(12), nullable=False),
        sa.Column("title", sa.String(256), nullable=False),
        sa.Column("since_at", sa.BigInteger, nullable=False),
        sa.Column("until_at", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_kpi_sites_grid_code", "kpi_sites", ["grid_code", "kind"])
    with op.batch_alter_table("kpi_work") as batch:
        batch.add_column(sa.Column("target", sa.String(64), nullable=False, server_default=""))
    op.create_index("ix_kpi_work_target", "kpi_work", ["target", "done_at"])
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    """Sites from the records; targets from the orders and submissions (keyset pages, memory stays flat)."""
    from console.domain.kpi_facts import site_facts
    from console.domain.records import Record

    community = dict(conn.execute(sa.text("SELECT code, community_code FROM grids")).all())
    police = {g: (code, station) for code, station, grid_codes in
              conn.execute(sa.text("SELECT code, station_code, grid_codes FROM police_grids"))
              for g in json.loads(grid_codes)}
    places = {g: (c, *police.get(g, ("", ""))) for g, c in community.items()}
    sites = sa.table("kpi_sites", *(sa.column(c) for c in (
        "record_id", "kind", "address_code", "grid_code", "community_code", "police_grid_code", "station_code",
        "title", "since_at", "until_at")))
    for _, body in _pages(conn, "records", "kind IN ('house', 'hazard')"):
        row = site_facts(Record.from_dict(json.loads(body)), places)
        if row is not None:
            conn.execute(sa.insert(sites), [row])
    set_target = sa.text("UPDATE kpi_work SET target = :target WHERE entity = :entity AND id = :id")
    picks = (("order", "orders", lambda d: d.get("target") or ""),
             ("submission", "submissions", lambda d: d.get("fields", {}).get("address_code") or ""))
    for entity, source, pick in picks:
        for key, body in _pages(conn, source, "1 = 1"):
            target = str(pick(json.loads(body)))[:64]
            if target:
                conn.execute(set_target, {"target": target, "entity": entity, "id": key})


def _pages(conn: sa.Connection, table: str, where: str):
    page = sa.text(f"SELECT id, body FROM {table} WHERE {where} AND id > :last ORDER BY id LIMIT 1000")
    last = ""
    while chunk := conn.execute(page, {"last": last}).all():
        yield from chunk
        last = chunk[-1][0]


def downgrade() -> None:
    op.drop_index("ix_kpi_work_target", table_name="kpi_work")
    with op.batch_alter_table("kpi_work") as batch:
        batch.drop_column("target")
    op.drop_index("ix_kpi_sites_grid_code", table_name="kpi_sites")
    op.drop_table("kpi_sites")
    op.drop_index("ix_kpi_duty_grid_code", table_name="kpi_duty")
    op.drop_table("kpi_duty")
