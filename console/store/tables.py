"""SQLAlchemy Core tables, all on one :data:`metadata`. Migrations create them; nothing calls create_all."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    false,
    text,
)

metadata = MetaData()

ID = String(32)

# The log. seq is assigned by the relay (the single writer), never by the database.
events = Table(
    "events", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", BigInteger, nullable=False),
    Column("type", String(40), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("idem_key", String(64), nullable=True),
    Column("data", Text, nullable=False),
    Index("ux_events_actor_idem_key", "actor", "idem_key", unique=True),
    Index("ix_events_at", "at"),
)

# The log's position events, kept lean (see console/store/positions.py). seq is the rowid on SQLite.
SEQ = BigInteger().with_variant(Integer(), "sqlite")
position_sources = Table(
    "position_sources", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("actor", String(64), nullable=False),
    Column("worker", ID, nullable=False),
    Index("ux_position_sources_actor_worker", "actor", "worker", unique=True),
)

position_log = Table(
    "position_log", metadata,
    Column("seq", SEQ, primary_key=True, autoincrement=False),
    Column("at", BigInteger, nullable=False),
    Column("src", Integer, nullable=False),
    Column("lng", Integer, nullable=False),
    Column("lat", Integer, nullable=False),
    Column("fix_lag", BigInteger, nullable=False),
    Column("speed", Integer, nullable=True),
    Column("heading", Integer, nullable=True),
    Column("key_hash", BigInteger, nullable=True),
    Column("extra", Text, nullable=True),
    Index("ix_position_log_src_at", "src", "at"),
    Index("ux_position_log_key_hash", "key_hash", unique=True),
)

# Projections of the log.
incidents = Table(
    "incidents", metadata,
    Column("id", ID, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("category", String(8), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("source", String(16), nullable=False),
    Column("grid_code", String(15), nullable=False),
    Column("lng", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("reported_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("worker_id", ID, nullable=True),
    Column("version", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
    Column("address", Text, nullable=False, server_default=""),  # searched (警情查询), as are id and caller
    Column("caller", String(32), nullable=False, server_default=""),
    Column("address_code", String(32), nullable=False, server_default=""),  # the risk rules' index (relay start)
    Column("receipt", String(20), nullable=False, server_default=""),  # a public report's e码 回执号
    Index("ix_incidents_status", "status"),
    Index("ix_incidents_grid_code", "grid_code"),
    Index("ix_incidents_reported_at", "reported_at"),
    Index("ix_incidents_updated_at", "updated_at"),
    Index("ix_incidents_caller", "caller"),
    Index("ix_incidents_receipt", "receipt"),
)

worker_positions = Table(
    "worker_positions", metadata,
    Column("worker_id", ID, primary_key=True),
    Column("lng", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("at", BigInteger, nullable=False),
    Column("speed", Float, nullable=False),
    Column("heading", Float, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

worker_duty = Table(
    "worker_duty", metadata,
    Column("worker_id", ID, primary_key=True),
    Column("on_duty", Boolean, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("sos_at", BigInteger, nullable=True),
)


def _work_table(name: str, *extra) -> Table:
    """Orders, submissions and records share one shape: a few query columns plus the JSON body (and ``extra``)."""
    return Table(
        name, metadata,
        Column("id", ID, primary_key=True),
        Column("kind", String(16), nullable=False),
        Column("status", String(16), nullable=False),
        Column("grid_code", String(15), nullable=False),
        Column("worker_id", ID, nullable=True),
        Column("updated_at", BigInteger, nullable=False),
        Column("version", BigInteger, nullable=False),
        Column("body", Text, nullable=False),
        Index(f"ix_{name}_status", "status"),
        Index(f"ix_{name}_grid_code", "grid_code"),
        *extra,
    )


# Small live values that are neither entities nor reference data (watched zones, raised geofence alerts).
live_values = Table(
    "live_values", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("seq", BigInteger, nullable=False),
)

# The writer lease (PostgreSQL; console.store.lease): who writes partition ``part``, fenced by ``epoch``,
# until ``expires_at`` (the database's clock, ms); ``url``: where the holder serves clients (a standby redirects).
writer_lease = Table(
    "writer_lease", metadata,
    Column("part", String(32), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("epoch", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("url", String(200), nullable=False, server_default=""),
)

# Secrets every relay of a cluster shares (console.store.secrets): ``resume`` signs resume tickets.
relay_secrets = Table(
    "relay_secrets", metadata,
    Column("name", String(32), primary_key=True),
    Column("value", String(128), nullable=False),
)

# Trainers' bookmarks on the replay timeline (at = the moment marked), projected from replay.bookmark_* events.
bookmarks = Table(
    "bookmarks", metadata,
    Column("id", ID, primary_key=True),
    Column("at", BigInteger, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_bookmarks_at", "at"),
)

# Replay checkpoints (console/replay/checkpoint_log.py): the state after the non-position events up to seq,
# ``at`` the latest event time among them, ``events`` how many they are, body zlib-compressed snapshot JSON.
replay_checkpoints = Table(
    "replay_checkpoints", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", BigInteger, nullable=False),
    Column("format", Integer, nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Index("ix_replay_checkpoints_at", "at"),
)

# 信息推送 to grid workers (at = when sent), projected from notice.* events; body holds the read-by set.
notices = Table(
    "notices", metadata,
    Column("id", ID, primary_key=True),
    Column("at", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_notices_at", "at"),
)

# 预警 raised by the relay's risk rules (at = raised), projected from warning.* events; body holds its progress.
warnings = Table(
    "warnings", metadata,
    Column("id", ID, primary_key=True),
    Column("at", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_warnings_at", "at"),
)

# 重点人员 (restricted: only officers and chiefs of the station see them), projected from keyperson.* events.
key_persons = Table(
    "key_persons", metadata,
    Column("id", ID, primary_key=True),
    Column("at", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
)

# grid kind (普通 / 专属) and posts (网格长, 小区长, 楼栋长), projected from the grid imports
# (console.domain.grid_profiles)
grid_profiles = Table(
    "grid_profiles", metadata,
    Column("id", ID, primary_key=True),
    Column("at", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
)

# every state a grid's profile had, from the seq that made it: 专属网格数 and 楼栋长覆盖率 as of a period's end
grid_profile_history = Table(
    "grid_profile_history", metadata,
    Column("grid", ID, primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", BigInteger, nullable=False),
    Column("body", Text, nullable=False),
    Index("ix_grid_profile_history_at", "at"),
)

orders = _work_table("orders",  # a 核查's 居住登记 (submission id): its e码 receipt finds it after it left the state
                     Column("declaration", ID, nullable=False, server_default=""),
                     Index("ix_orders_declaration", "declaration"))
submissions = _work_table("submissions")
records = _work_table("records")

# Assessment projections (console.kpi): narrow facts the KPI engine aggregates in SQL, kept by Store.commit.
_SCOPE_COLUMNS = ("station_code", "police_grid_code", "community_code", "grid_code", "worker_id")
_OPEN = text("due_at IS NOT NULL")

# Clustered by (station, report time) (WITHOUT ROWID on SQLite): a station's year is one contiguous range.
kpi_incidents = Table(
    "kpi_incidents", metadata,
    Column("id", ID, nullable=False),
    Column("category", String(8), nullable=False),
    Column("family", String(2), nullable=False),
    Column("status", String(16), nullable=False),
    Column("void", Boolean, nullable=False),
    Column("grid_code", String(15), nullable=False),
    Column("community_code", String(12), nullable=False),
    Column("police_grid_code", String(32), nullable=False),
    Column("station_code", String(12), nullable=False),
    Column("worker_id", ID, nullable=True),
    Column("address", String(256), nullable=False),
    Column("reported_at", BigInteger, nullable=False),
    Column("accepted_at", BigInteger, nullable=False),
    Column("dispatched_at", BigInteger, nullable=False),
    Column("signed_at", BigInteger, nullable=False),
    Column("arrived_at", BigInteger, nullable=False),
    Column("feedback_at", BigInteger, nullable=False),
    Column("closed_at", BigInteger, nullable=False),
    Column("due_at", BigInteger, nullable=True),
    Column("overdue_at", BigInteger, nullable=True),
    Column("rework_count", Integer, nullable=False),
    Column("callback_at", BigInteger, nullable=False),
    Column("satisfaction", Integer, nullable=False),
    Column("referral_dept", String(8), nullable=False),
    Column("referred_at", BigInteger, nullable=False),
    Column("referral_done_at", BigInteger, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("source", String(16), nullable=False, server_default=""),  # 巡逻发现 has no response time
    PrimaryKeyConstraint("station_code", "reported_at", "id"),
    Index("ux_kpi_incidents_id", "id", unique=True),
    Index("ix_kpi_incidents_reported_at", "reported_at"),
    # open incidents only (closed and void ones have no running deadline): overdue and waiting lists
    Index("ix_kpi_incidents_open", "station_code", "due_at", sqlite_where=_OPEN, postgresql_where=_OPEN),
    *(Index(f"ix_kpi_incidents_{c}", c, "reported_at") for c in _SCOPE_COLUMNS[1:]),
    sqlite_with_rowid=False,
)

# Orders (anchor = due time) and submissions (anchor = submission time) as facts.
kpi_work = Table(
    "kpi_work", metadata,
    Column("entity", String(12), primary_key=True),
    Column("id", ID, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("grid_code", String(15), nullable=False),
    Column("community_code", String(12), nullable=False),
    Column("police_grid_code", String(32), nullable=False),
    Column("station_code", String(12), nullable=False),
    Column("worker_id", ID, nullable=True),
    Column("title", String(256), nullable=False),
    Column("anchor_at", BigInteger, nullable=False),
    Column("issued_at", BigInteger, nullable=False),
    Column("due_at", BigInteger, nullable=False),
    Column("done_at", BigInteger, nullable=False),
    Column("resolved", Boolean, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("target", String(64), nullable=False, server_default=""),  # an order's address, a submission's
    Index("ix_kpi_work_anchor_at", "anchor_at"),
    Index("ix_kpi_work_target", "target", "done_at"),
    *(Index(f"ix_kpi_work_{c}", c, "anchor_at") for c in _SCOPE_COLUMNS),
)

# Seconds of each clock hour (hour_at = its start, epoch ms) in which an on-duty grid worker was in the grid.
kpi_presence = Table(
    "kpi_presence", metadata,
    Column("grid_code", String(15), primary_key=True),
    Column("hour_at", BigInteger, primary_key=True),
    Column("seconds", Float, nullable=False),
)

# 人流热力 (console/domain/heat.py): per clock hour (its start, epoch ms) and ~100 m cell, on-duty person-minutes
# (source "people") and e码 page views (source "scans"), added as positions and scan counts are committed.
heat_cells = Table(
    "heat_cells", metadata,
    Column("hour_at", BigInteger, primary_key=True),
    Column("source", String(10), primary_key=True),
    Column("x", Integer, primary_key=True),
    Column("y", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
)

# Households (实有房屋) and hazard sites (隐患) in force: what 入户走访率 and 隐患排查率 count as due.
kpi_sites = Table(
    "kpi_sites", metadata,
    Column("record_id", ID, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("address_code", String(64), nullable=False),
    Column("grid_code", String(15), nullable=False),
    Column("community_code", String(12), nullable=False),
    Column("police_grid_code", String(32), nullable=False),
    Column("station_code", String(12), nullable=False),
    Column("title", String(256), nullable=False),
    Column("since_at", BigInteger, nullable=False),
    Column("until_at", BigInteger, nullable=True),
    Index("ix_kpi_sites_grid_code", "grid_code", "kind"),
)

# Duty shifts of grid workers (上岗 → 下岗; off_at NULL while on duty), in the grid they were assigned then:
# 巡查覆盖率 counts a grid only while one of its own workers was on duty.
kpi_duty = Table(
    "kpi_duty", metadata,
    Column("worker_id", ID, primary_key=True),
    Column("on_at", BigInteger, primary_key=True),
    Column("grid_code", String(15), nullable=False),
    Column("off_at", BigInteger, nullable=True),
    Index("ix_kpi_duty_grid_code", "grid_code", "on_at"),
)

# Reference data, replaced as a whole by Store.seed().
meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

stations = Table(
    "stations", metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(128), nullable=False),
)

communities = Table(
    "communities", metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(128), nullable=False),
)

grids = Table(
    "grids", metadata,
    Column("code", String(15), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("community_code", String(12), nullable=False),
    Column("polygon", Text, nullable=False),
)

police_grids = Table(
    "police_grids", metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("station_code", String(12), nullable=False),
    Column("grid_codes", Text, nullable=False),
    Column("polygon", Text, nullable=False),
)

streets = Table(
    "streets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("points", Text, nullable=False),
)

addresses = Table(
    "addresses", metadata,
    Column("code", String(32), primary_key=True),
    Column("text", String(256), nullable=False),
    Column("road", String(128), nullable=False),
    Column("door", String(32), nullable=False),
    Column("compound", String(128), nullable=False),
    Column("building", String(32), nullable=False),
    Column("unit", String(16), nullable=False, server_default=""),  # 单元, 层, 室: see migration 0008
    Column("floor", String(16), nullable=False, server_default=""),
    Column("room", String(16), nullable=False, server_default=""),
    Column("lng", Float, nullable=False),
    Column("lat", Float, nullable=False),
    Column("grid_code", String(15), nullable=False),
    Column("police_grid_code", String(32), nullable=False),
    Column("station_code", String(12), nullable=False),
)

workers = Table(
    "workers", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("grid_code", String(15), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("mode", String(8), nullable=False, server_default=""),  # empty: the kind's usual travel mode
    Column("capabilities", String(120), nullable=False, server_default=""),  # comma-separated; empty: kind's
    Column("station_code", String(12), nullable=False, server_default=""),
)

accounts = Table(
    "accounts", metadata,
    Column("name", String(64), primary_key=True),
    Column("password_hash", String(256), nullable=False),
    Column("role", String(16), nullable=False),
    Column("worker_id", ID, nullable=True),
    Column("display_name", String(64), nullable=False),
    Column("department", String(8), nullable=False, server_default=""),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    Column("scope", Text, nullable=False, server_default="{}"),  # JSON, see migration 0005; department aside
    Column("must_change", Boolean, nullable=False, server_default=false()),  # migration 0008
    Column("last_login", BigInteger, nullable=True),
)

REFERENCE_TABLES = (meta, stations, communities, grids, police_grids, streets, addresses, workers, accounts)
