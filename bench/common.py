"""Shared benchmark plumbing: a seeded temporary database, child processes, percentiles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from console.services.demo_seed import seed_demo
from console.store.store import Store


def seeded_postgres(cluster, name: str, workers: int, seed: int = 7):
    """A fresh database ``name`` in a running PgCluster (tests/integration/pg.py), seeded with the demo
    district; returns (url, demo)."""
    import psycopg

    with psycopg.connect(cluster.admin_url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = cluster.url.rsplit("/", 1)[0] + "/" + name
    store = Store(url)
    demo = seed_demo(store, seed, workers)
    store.dispose()
    return url, demo


def seeded_sqlite(workers: int, seed: int = 7) -> str:
    """A fresh SQLite database in a temp folder, seeded with the demo district."""
    folder = Path(tempfile.mkdtemp(prefix="jingwang-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    store = Store(url)
    seed_demo(store, seed, workers)
    store.dispose()
    return url


def start_child(args: list[str]) -> tuple[subprocess.Popen, str]:
    """Start ``python -m <args>``; wait for its ``READY <url>`` line."""
    proc = subprocess.Popen([sys.executable, "-m", *args], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("READY "):
        proc.kill()
        raise RuntimeError(f"{args[0]} did not start: {line!r}")
    return proc, line.split()[1]


def stop_child(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def health(url: str) -> dict:
    """A relay's ``/healthz`` at its websocket ``url``."""
    with urllib.request.urlopen(url.replace("ws://", "http://") + "/healthz", timeout=10) as reply:
        return json.load(reply)


def cpu_s(pid: int, thread: int | None = None) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far, every thread or only ``thread`` (Linux)."""
    with open(f"/proc/{pid}/stat" if thread is None else f"/proc/{pid}/task/{thread}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q / 100 * len(sorted_values)) - 1))
    return sorted_values[index]
