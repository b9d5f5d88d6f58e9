"""Typed settings in one place: key, default, type and meaning; overridable by JINGWANG_* variables.

Window geometry and dock layout are not here: the UI keeps those in QSettings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Setting:
    """One configuration value; ``env`` overrides ``default``."""

    key: str
    default: object
    kind: type
    description: str

    @property
    def env(self) -> str:
        return "JINGWANG_" + self.key.upper().replace(".", "_")

    def is_set(self) -> bool:
        return self.env in os.environ

    def get(self):
        raw = os.environ.get(self.env)
        if raw is None:
            return self.default
        return self.kind(raw)


STATION_TZ = Setting("station.tz", "Asia/Shanghai", str,
                     "派出所所在时区(IANA)，日报、回放、时间轴等一律按此时区 / the station's time zone")
LANGUAGE = Setting("language", "zh_CN", str,
                   "界面语言 zh_CN 或 en(优先于 设置 → 语言 的选择) / UI language, over the one chosen in the menu")
DATA_DIR = Setting("data_dir", str(Path.home() / ".local" / "share" / "jingwang"), str, "数据目录 / data folder")
DB_URL = Setting("db.url", "", str, "共享数据库 / shared database URL (empty: SQLite in the data folder)")
PARTITION = Setting("db.partition", "", str,
                    "辖区分区代码(PostgreSQL 模式 jw_<代码>；空：public 模式) / partition code")
RELAY_HOST = Setting("relay.host", "127.0.0.1", str, "中继监听地址 / relay listen address")
RELAY_PORT = Setting("relay.port", 8765, int, "中继端口 / relay port")
LEASE_MS = Setting("relay.lease_ms", 3000, int,
                   "写入租约(毫秒，PostgreSQL)：主中继失联这么久后备用中继接管 / writer lease (ms) before a takeover")
POSITION_INTERVAL_S = Setting("field.position_interval", 5.0, float, "定位上报间隔(秒) / position interval (s)")
REPORT_INTERVAL_S = Setting("field.report_interval", 30.0, float, "模拟上报平均间隔(秒) / mean report interval (s)")
DISTRICT_SEED = Setting("district.seed", 7, int, "演示辖区随机种子 / demo district seed")
DISTRICT_WORKERS = Setting("district.workers", 200, int, "演示网格员人数 / demo grid workers")
STALE_AFTER_MS = Setting("field.stale_after_ms", 15_000, int, "失联判定(毫秒) / stale after (ms)")
TILE_SOURCE = Setting(
    "tile_source", "", str,
    "底图瓦片源 / basemap tiles: mbtiles:PATH, folder:PATH or url:http://host/{z}/{x}/{y}.png, each optionally"
    " ;datum=gcj02 (empty: the demo basemap generated in the data folder)",
)
DEMO_BASEMAP = "basemap.mbtiles"
DISPATCH_NEEDS = Setting("dispatch_needs", "", str,
                         "派遣能力需求表 / category → needed capabilities JSON"
                         " (empty: the shipped console/resources/data/dispatch_needs.json)")
SLA_LIMITS = Setting("sla_limits", "", str,
                     "时限配置文件 / time-limit JSON (empty: the shipped console/resources/data/sla_limits.json)")
RISK_RULES = Setting("risk_rules", "", str,
                     "风险预警规则文件 / risk rules JSON (empty: the shipped console/resources/data/risk_rules.json)")
RISK_ENABLED = Setting("risk.enabled", 1, int, "风险预警规则开关(1 开, 0 关) / evaluate the risk rules on the relay")
SNAPSHOT_CLOSED_DAYS = Setting("snapshot.closed_days", 3.0, float,
                               "快照只带未办结警情和最近几天办结的警情(天)，更早的在警情查询中按需调取"
                               " / days of closed incidents in a snapshot (older ones: the queue's search)")
VERIFY_WINDOW_DAYS = Setting("rules.verify_window_days", 30.0, float, "重复核查提醒窗口(天) / duplicate-check window")
LEFT_GRID_GRACE_MIN = Setting("geofence.left_grid_grace_min", 3.0, float, "离开网格告警延时(分) / out-of-grid grace")
DUTY_HOURS = Setting("duty.hours", "8-18", str,
                     "值守时段(时-时，派出所时区)：网格无人告警与巡查覆盖率只计此时段 / duty hours, e.g. 8-18")
UNCOVERED_GRACE_MIN = Setting("geofence.uncovered_grace_min", 10.0, float, "网格无人告警延时(分) / uncovered grace")
AUTH_LOCK_AFTER = Setting("auth.lock_after", 5, int, "连续登录失败几次后锁定账户 / failed logins before a lock")
AUTH_LOCK_MIN = Setting("auth.lock_min", 15.0, float, "账户锁定时长(分) / how long a lock lasts (min)")
AUTH_ADDR_FREE_FAILURES = Setting("auth.addr_free_failures", 10, int,
                                  "同一地址登录失败几次后开始限速 / failures from one address before it is slowed")
SESSION_MAX_HOURS = Setting("auth.session_max_hours", 12.0, float,
                            "登录会话最长时长(小时)，到期须重新登录 / session lifetime (h)")
RESUME_TICKET_MIN = Setting("auth.resume_ticket_min", 10.0, float,
                            "续连凭证有效期(分钟)，连接期间自动续期；0 不发放 / resume ticket lifetime (min), 0: none")
PASSWORD_MIN_LENGTH = Setting("password.min_length", 8, int, "密码最短长度 / minimum password length")
PASSWORD_MIN_CLASSES = Setting("password.min_classes", 3, int,
                               "密码至少含几类字符(大小写字母、数字、符号) / character classes needed (1-4)")
RECORDING_RETENTION_DAYS = Setting("recording.retention_days", 90.0, float,
                                   "通话录像保留天数 / days to keep call recordings (0: forever)")
RECORDING_STORE = Setting("recording.store", "", str,
                          "中继的录音存储目录 / where the relay keeps uploaded recordings"
                          " (empty: relay-recordings in the data folder)")
RECORDING_MAX_MB = Setting("recording.max_mb", 2048.0, float,
                           "单个录音上传大小上限(MB) / largest recording upload (MB)")
ATTACHMENT_STORE = Setting("notice.attachment_store", "", str,
                           "中继的通知附件(研判报告 PDF)目录 / where the relay keeps notices' PDFs"
                           " (empty: relay-attachments in the data folder)")
ATTACHMENT_MAX_MB = Setting("notice.attachment_max_mb", 20.0, float,
                            "单个通知附件大小上限(MB) / largest notice attachment (MB)")
IMPORT_MAX_MB = Setting("import.max_mb", 20.0, float,
                        "导入文件大小上限(MB)，超过则不解析直接拒绝 / largest table jingwang import reads (MB)")
LIMIT_AUTH_DEADLINE_S = Setting("limits.auth_deadline_s", 10.0, float, "登录时限(秒) / seconds to authenticate")
LIMIT_MAX_CONNECTIONS = Setting("limits.max_connections", 4000, int, "中继最大连接数 / relay connection cap")
LIMIT_MAX_PER_ADDRESS = Setting("limits.max_per_address", 256, int, "每个地址最大连接数 / connections per address")
LIMIT_COMMANDS_PER_S = Setting("limits.commands_per_s", 50.0, float, "每连接每秒命令数 / commands per connection/s")
LIMIT_GATEWAY_COMMANDS_PER_S = Setting("limits.gateway_commands_per_s", 5000.0, float,
                                       "外勤网关每秒命令数 / field gateway commands/s")
LIMIT_QUEUE_BUDGET_MS = Setting("limits.queue_budget_ms", 500.0, float,
                                "命令排队时限(毫秒)，超过即拒绝 / longest a command may wait for the writer (ms)")
LIMIT_MAX_POSITIONS_EVERY_S = Setting("limits.max_positions_every_s", 300.0, float,
                                      "订阅定位抽稀间隔上限(秒) / longest positions_every_s a subscription may ask for")
LIMIT_SIGNALS_PER_S = Setting("limits.signals_per_s", 50.0, float, "每连接每秒信令数 / signals per connection/s")
LIMIT_QUERIES_PER_S = Setting("limits.queries_per_s", 5.0, float, "每连接每秒查询数 / read queries per connection/s")
ECODE_SECRET = Setting("ecode.secret", "", str,
                       "e码门牌签名密钥 / door-plate signing secret"
                       " (empty: ecode.secret in the data folder, created once)")
ECODE_EPOCH = Setting("ecode.epoch", 1, int,
                      "e码门牌版本，加一即作废全部旧门牌 / plate epoch: raise it to revoke all plates")
ECODE_BASE_URL = Setting("ecode.base_url", "", str,
                         "e码公开地址 / public base URL printed on plates (empty: http://relay host:relay port + 1)")
ECODE_PER_ADDRESS = Setting("ecode.per_address", 5, int, "同一来源地址上报次数上限 / reports per client address")
ECODE_ADDRESS_WINDOW_MIN = Setting("ecode.address_window_min", 10.0, float, "来源地址限流窗口(分) / window (min)")
ECODE_PER_PLATE = Setting("ecode.per_plate", 30, int, "同一门牌上报次数上限 / reports per door plate")
ECODE_PLATE_WINDOW_MIN = Setting("ecode.plate_window_min", 60.0, float, "门牌限流窗口(分) / window (min)")
ECODE_TOTAL_PER_MIN = Setting("ecode.total_per_min", 120, int, "全部扫码上报每分钟上限 / all public reports per minute")
ECODE_BLOCK_HOURS = Setting("ecode.block_hours", 24.0, float,
                            "标记恶意后暂停该设备和地址上报(小时) / how long an abusive sender is refused (h)")


def data_dir() -> Path:
    """The data folder, created if missing."""
    path = Path(DATA_DIR.get())
    path.mkdir(parents=True, exist_ok=True)
    return path


def recordings_dir() -> Path:
    """Where call recordings go: one folder per day below it."""
    return data_dir() / "recordings"


def relay_attachments_dir() -> Path:
    """Where the relay keeps the PDFs notices name (the 研判 reports)."""
    return Path(ATTACHMENT_STORE.get()) if ATTACHMENT_STORE.get() else data_dir() / "relay-attachments"


def relay_recordings_dir() -> Path:
    """Where the relay keeps uploaded call recordings (one folder per day)."""
    return Path(RECORDING_STORE.get()) if RECORDING_STORE.get() else data_dir() / "relay-recordings"


def pending_uploads_file() -> Path:
    """The desk's list of recordings still to upload to the relay (kept across restarts)."""
    return data_dir() / "pending-uploads.json"


def recording_cache_dir() -> Path:
    """Recordings a workstation fetched from the relay for replay."""
    return data_dir() / "recording-cache"


def tile_source() -> str:
    """The basemap tile source setting, defaulting to the generated demo MBTiles in the data folder."""
    return TILE_SOURCE.get() or f"mbtiles:{data_dir() / DEMO_BASEMAP}"


def tile_cache_dir() -> Path:
    """Where tiles fetched from a URL source are kept on disk."""
    return data_dir() / "tile-cache"


def default_db_url() -> str:
    """The configured shared database, else the embedded SQLite database in the data folder."""
    return DB_URL.get() or f"sqlite:///{data_dir() / 'jingwang.db'}"


def apply_station_zone() -> None:
    """Use the configured station time zone in this process (every date and time shown or cut by day)."""
    from console.domain.station_time import use_zone

    use_zone(STATION_TZ.get())


def apply_sla_limits() -> None:
    """Use the configured time-limit file in this process (relay and consoles must agree on it)."""
    from console.domain.sla import load_limits, use_limits

    if SLA_LIMITS.get():
        use_limits(load_limits(SLA_LIMITS.get()))


def duty_hours() -> tuple[int, int]:
    """``JINGWANG_DUTY_HOURS`` ("8-18") as ``(8, 18)``; ValueError for anything but whole hours 0 ≤ a < b ≤ 24."""
    text = str(DUTY_HOURS.get())
    start, sep, end = text.partition("-")
    if not sep or not start.strip().isdigit() or not end.strip().isdigit() or not 0 <= int(start) < int(end) <= 24:
        raise ValueError(f"值守时段无效 {text!r}，应如 8-18 / bad {DUTY_HOURS.env}: {text!r}")
    return int(start), int(end)


def relay_options() -> dict:
    """Keyword arguments for :class:`console.relay.server.Relay` from the settings above."""
    from console.domain.geofence import GeofenceConfig

    apply_sla_limits()
    return {
        "geofence": GeofenceConfig(left_grace_ms=int(LEFT_GRID_GRACE_MIN.get() * 60_000),
                                   uncovered_grace_ms=int(UNCOVERED_GRACE_MIN.get() * 60_000),
                                   stale_after_ms=STALE_AFTER_MS.get(), duty_hours=duty_hours()),
        "risk": bool(RISK_ENABLED.get()),
        "lease_ms": LEASE_MS.get(),
        "closed_days": SNAPSHOT_CLOSED_DAYS.get(),
    }


def password_policy():
    """The password policy (:class:`console.domain.password_policy.PasswordPolicy`) from the settings."""
    from console.domain.password_policy import PasswordPolicy

    return PasswordPolicy(PASSWORD_MIN_LENGTH.get(), PASSWORD_MIN_CLASSES.get())


def rules():
    """The business rules the relay enforces (:class:`console.domain.state.Rules`)."""
    from console.domain.risk.config import load_risk_config
    from console.domain.state import DAY_MS, Rules

    return Rules(verify_window_ms=int(VERIFY_WINDOW_DAYS.get() * DAY_MS), risk=load_risk_config(RISK_RULES.get()))
