"""``jingwang demo``: a relay and a simulated district in child processes, the console in this one."""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from console import config
from console.geo.basemap import GENERATOR
from console.geo.mbtiles import MBTilesReader
from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT, LIAISON_ACCOUNT, demo_is_current, seed_demo
from console.store.store import Store

log = logging.getLogger(__name__)


def demo_port(preferred: int) -> int:
    """``preferred`` when nothing listens there on loopback, else 0 (a free port), saying so."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the relay binds: TIME_WAIT is no conflict
        try:
            probe.bind(("127.0.0.1", preferred))
        except OSError:
            print(f"演示：端口 {preferred} 已被占用，改用一个空闲端口（见下方地址）", flush=True)
            return 0
    return preferred


def second_console_hint(url: str) -> str:
    """The exact command that opens a second console on the demo's relay."""
    return f"演示中继 {url}；再开一个指挥台：jingwang console --relay {url} --user d02（密码 {DEMO_PASSWORD}）"


def start_relay(db_url: str, port: int = 0) -> tuple[subprocess.Popen, str]:
    """Start ``jingwang relay`` on loopback as a child process; return it and the URL it listens on."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", "relay", "--db", db_url, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, text=True,
    )
    for line in proc.stdout:
        if line.startswith("READY "):
            return proc, line.split()[1]
    proc.wait()
    raise RuntimeError(f"relay exited with code {proc.returncode} before it was ready")


def stop_child(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it does not exit in time."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def basemap_is_current(path: Path, seed: int) -> bool:
    """True when ``path`` is a basemap of district ``seed`` made by this generator version."""
    try:
        reader = MBTilesReader(path)
    except (OSError, sqlite3.Error):
        return False
    try:
        return reader.metadata.get("seed") == str(seed) and reader.metadata.get("generator") == GENERATOR
    finally:
        reader.close()


def start_basemap(path: Path, seed: int) -> subprocess.Popen | None:
    """Render the demo basemap in a child process unless an up-to-date one is there; None when it is."""
    if basemap_is_current(path, seed):
        return None
    log.info("demo: rendering the basemap to %s", path)
    return subprocess.Popen([sys.executable, "-m", "console", "basemap", "--out", str(path), "--seed", str(seed)])


def run_demo(db_url: str, seed: int, workers: int, report_interval_s: float) -> int:
    """Seed if needed, start relay and simulator, run the console; stop everything on exit."""
    basemap = None if config.TILE_SOURCE.get() else start_basemap(config.data_dir() / config.DEMO_BASEMAP, seed)
    if db_url.startswith("sqlite:///") and Path(db_url.removeprefix("sqlite:///")).name == "jingwang.db":
        db_url = db_url.replace("jingwang.db", f"demo-s{seed}-w{workers}.db")
    store = Store(db_url)
    store.upgrade()
    if not demo_is_current(store, seed, workers):  # new, or seeded before the liaison or the police units
        seed_demo(store, seed, workers)
    store.dispose()
    with ExitStack() as stack:
        relay, url = start_relay(db_url, demo_port(config.RELAY_PORT.get()))
        print(second_console_hint(url), flush=True)
        stack.callback(stop_child, relay)
        sim = subprocess.Popen([
            sys.executable, "-m", "console", "fieldsim", "--relay", url, "--user", GATEWAY_ACCOUNT[0],
            "--password", GATEWAY_ACCOUNT[1], "--seed", str(seed), "--workers", str(workers),
            "--report-interval", str(report_interval_s), "--liaison-user", LIAISON_ACCOUNT[0],
            "--liaison-password", LIAISON_ACCOUNT[1],
        ])
        stack.callback(stop_child, sim)
        log.info("demo: relay %s, database %s", url, db_url)
        if basemap is not None and basemap.wait() != 0:
            log.warning("demo: the basemap could not be rendered; the map shows no basemap")
        from console.ui.launch import KEEP_RELAY, run_console

        os.environ[config.DB_URL.env] = db_url  # the summary and replay windows read the demo's database
        if run_console(url, "d01", DEMO_PASSWORD, owns_relay=True) == KEEP_RELAY:
            serve_others(relay)
        return 0


def serve_others(relay: subprocess.Popen) -> None:
    """Only the demo window was closed: keep relay and simulator running for the other desks until
    the relay stops or Ctrl+C (then the caller stops both)."""
    print(f"演示窗口已关闭；中继与模拟器继续运行（中继 PID {relay.pid}）。按 Ctrl+C 结束。", flush=True)
    try:
        relay.wait()
    except KeyboardInterrupt:
        print("演示：正在停止中继与模拟器…", flush=True)
