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

    def get(self):
        raw = os.environ.get(self.env)
        if raw is None:
            return self.default
        return self.kind(raw)


DATA_DIR = Setting("data_dir", str(Path.home() / ".local" / "share" / "jingwang"), str, "数据目录 / data folder")
RELAY_HOST = Setting("relay.host", "127.0.0.1", str, "中继监听地址 / relay listen address")
RELAY_PORT = Setting("relay.port", 8765, int, "中继端口 / relay port")
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


def data_dir() -> Path:
    """The data folder, created if missing."""
    path = Path(DATA_DIR.get())
    path.mkdir(parents=True, exist_ok=True)
    return path


def tile_source() -> str:
    """The basemap tile source setting, defaulting to the generated demo MBTiles in the data folder."""
    return TILE_SOURCE.get() or f"mbtiles:{data_dir() / DEMO_BASEMAP}"


def tile_cache_dir() -> Path:
    """Where tiles fetched from a URL source are kept on disk."""
    return data_dir() / "tile-cache"


def default_db_url() -> str:
    """The embedded SQLite database in the data folder."""
    return f"sqlite:///{data_dir() / 'jingwang.db'}"
