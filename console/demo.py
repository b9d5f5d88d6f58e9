"""``jingwang demo``: a relay and a simulated district in child processes, the console in this one."""

from __future__ import annotations

import logging
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from console.services.demo_seed import DEMO_PASSWORD, GATEWAY_ACCOUNT, seed_demo
from console.store.store import Store

log = logging.getLogger(__name__)


def start_relay(db_url: str, port: int = 0) -> tuple[subprocess.Popen, str]:
    """Start ``jingwang relay`` as a child process; return it and the URL it listens on."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "console", "relay", "--db", db_url, "--port", str(port)],
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


def run_demo(db_url: str, seed: int, workers: int, report_interval_s: float) -> int:
    """Seed if needed, start relay and simulator, run the console; stop everything on exit."""
    if db_url.startswith("sqlite:///") and Path(db_url.removeprefix("sqlite:///")).name == "jingwang.db":
        db_url = db_url.replace("jingwang.db", f"demo-s{seed}-w{workers}.db")
    store = Store(db_url)
    store.upgrade()
    if not store.is_seeded():
        seed_demo(store, seed, workers)
    store.dispose()
    with ExitStack() as stack:
        relay, url = start_relay(db_url)
        stack.callback(stop_child, relay)
        sim = subprocess.Popen([
            sys.executable, "-m", "console", "fieldsim", "--relay", url, "--user", GATEWAY_ACCOUNT[0],
            "--password", GATEWAY_ACCOUNT[1], "--seed", str(seed), "--workers", str(workers),
            "--report-interval", str(report_interval_s),
        ])
        stack.callback(stop_child, sim)
        log.info("demo: relay %s, database %s", url, db_url)
        from console.ui.launch import run_console

        return run_console(url, "d01", DEMO_PASSWORD)
