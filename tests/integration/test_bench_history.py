"""``python -m bench.history`` at a thousandth of its size: it builds, starts a relay and a console, loads replay
ranges and prints its RESULT line."""

from __future__ import annotations

import os
import re
import subprocess
import sys


def test_the_history_bench_runs_small_and_reports_every_figure(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "bench.history", "--scale", "0.001", "--cache", str(tmp_path)],
                         env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    result = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    figures = dict(re.findall(r"(\w+)=([\d.]+)", result))
    assert set(figures) == {"console_start_s", "console_rss_mb", "relay_start_s", "replay_range_load_s"}
    assert all(float(v) > 0 for v in figures.values())
    assert (tmp_path / "history-0.001.db").exists()  # kept: a rerun measures without building again
