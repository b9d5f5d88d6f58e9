"""Exercise an installed ``jingwang`` program from an empty folder, the way a station PC first runs it.

``--version``; ``db upgrade`` and ``db seed`` on a new SQLite file; the relay on a free port answering
``/healthz`` and serving the phone and department pages; the console offscreen until it logs that it is
ready, then SIGTERM; once more in English, which needs the compiled catalogue (.qm) inside. Any
traceback, import error or non-zero exit fails the check. Standard library only, so any ``python3`` runs
it: ``tests/integration/test_install.py`` (a wheel in a fresh venv) and ``installer/smoke.sh`` (the frozen
bundle from the .deb).

    python3 installer/check.py /opt/jingwang/jingwang
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DEMO_PASSWORD = "jingwang"  # console.services.demo_seed.DEMO_PASSWORD, which `db seed` writes
BAD_OUTPUT = re.compile(r"Traceback \(most recent call last\)|ModuleNotFoundError|ImportError|No module named")
WAIT_S = 90.0


class CheckFailed(AssertionError):
    """The installed program misbehaved; the message says how."""


@dataclass(frozen=True, slots=True)
class Timings:
    """Seconds from starting a process to its answer (the first ones are cold starts)."""

    version_s: float
    relay_ready_s: float
    console_ready_s: float

    def __str__(self) -> str:
        return (f"--version {self.version_s:.2f} s · 中继就绪 relay ready {self.relay_ready_s:.2f} s · "
                f"指挥台就绪 console ready {self.console_ready_s:.2f} s")


def clean_env(workdir: Path) -> dict[str, str]:
    """The environment of a fresh user: data, settings and home below ``workdir``, no display, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "JINGWANG_", "QT_"))}
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), JINGWANG_DATA_DIR=str(workdir / "data"), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(home / ".config"), XDG_RUNTIME_DIR=str(home))
    os.chmod(home, 0o700)  # Qt wants a private runtime folder
    return env


def run_once(program: list[str], args: list[str], workdir: Path, env: dict[str, str]) -> str:
    """Run ``program args`` to completion; its stdout, or CheckFailed with both streams."""
    done = subprocess.run([*program, *args], cwd=workdir, env=env, capture_output=True, text=True, timeout=WAIT_S)
    if done.returncode != 0 or BAD_OUTPUT.search(done.stderr):
        raise CheckFailed(f"{' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Running:
    """A started process whose chosen stream is read line by line on a thread (so waits can time out)."""

    def __init__(self, program: list[str], args: list[str], workdir: Path, env: dict[str, str], watch: str) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([*program, *args], cwd=workdir, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        watched, other = (self.proc.stdout, self.proc.stderr) if watch == "stdout" else (self.proc.stderr,
                                                                                         self.proc.stdout)
        threading.Thread(target=self._pump, args=(watched, self.lines), daemon=True).start()
        threading.Thread(target=self._pump, args=(other, None), daemon=True).start()

    def _pump(self, stream, lines: queue.Queue | None) -> None:
        for line in stream:
            self.seen.append(line)
            if lines is not None:
                lines.put(line)
        if lines is not None:
            lines.put(None)

    def wait_for(self, pattern: str) -> tuple[re.Match, float]:
        """The first watched line matching ``pattern`` and the seconds since the start."""
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise CheckFailed(f"no {pattern!r} within {WAIT_S:.0f} s:\n{self.output()}") from None
            if line is None:
                raise CheckFailed(f"exited {self.proc.wait()} before {pattern!r}:\n{self.output()}")
            if BAD_OUTPUT.search(line):
                raise CheckFailed(f"error before {pattern!r}:\n{self.output()}")
            found = re.search(pattern, line)
            if found:
                return found, time.perf_counter() - self.started

    def stop(self) -> None:
        """SIGTERM, then a clean exit (0) and no traceback, or CheckFailed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(WAIT_S)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise CheckFailed(f"did not stop on SIGTERM:\n{self.output()}") from None
        if code != 0 or BAD_OUTPUT.search(self.output()):
            raise CheckFailed(f"exited {code}:\n{self.output()}")

    def output(self) -> str:
        return "".join(self.seen)[-6000:]


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def check(program: list[str], workdir: Path) -> Timings:
    """Run every step against ``program`` (``[".../jingwang"]``) inside ``workdir``; CheckFailed on any fault."""
    env = clean_env(workdir)
    db = f"sqlite:///{workdir / 'station.db'}"
    started = time.perf_counter()
    if "jingwang" not in run_once(program, ["--version"], workdir, env):
        raise CheckFailed("--version does not name jingwang")
    version_s = time.perf_counter() - started
    if "database at head" not in run_once(program, ["db", "upgrade", "--db", db], workdir, env):
        raise CheckFailed("db upgrade did not reach head")
    if "seeded" not in run_once(program, ["db", "seed", "--db", db], workdir, env):
        raise CheckFailed("db seed wrote nothing")

    relay = Running(program, ["relay", "--db", db, "--port", "0"], workdir, env, watch="stdout")
    try:
        ready, relay_ready_s = relay.wait_for(r"^READY (ws://\S+:(\d+))")
        http = f"http://127.0.0.1:{ready.group(2)}"
        status, body = fetch(f"{http}/healthz")
        if status != 200 or json.loads(body).get("status") != "ok":
            raise CheckFailed(f"/healthz answered {status}: {body[:200]!r}")
        for page in ("/field/", "/dept/"):  # the phone page and the department page
            status, body = fetch(f"{http}{page}")
            if status != 200 or b"<html" not in body.lower():
                raise CheckFailed(f"{page} answered {status}: {body[:200]!r}")
        status, body = fetch(f"{http}/field/categories.json")
        if status != 200 or not json.loads(body):
            raise CheckFailed(f"/field/categories.json answered {status}")

        console_ready_s = start_console(program, ready.group(1), workdir, env)
        # the English catalogue (.qm) is inside: the console says it loaded it
        start_console(program, ready.group(1), workdir, {**env, "JINGWANG_LANGUAGE": "en"}, r"UI language en")
    except CheckFailed:
        relay.proc.kill()
        raise
    relay.stop()
    return Timings(version_s, relay_ready_s, console_ready_s)


def start_console(program: list[str], relay_url: str, workdir: Path, env: dict[str, str], *first: str) -> float:
    """Start the console offscreen against ``relay_url`` until it logs the ``first`` patterns (in order) and
    then that it is ready; the seconds to ready."""
    console = Running(program, ["console", "--relay", relay_url, "--password", DEMO_PASSWORD], workdir, env,
                      watch="stderr")
    try:
        for pattern in first:
            console.wait_for(pattern)
        _, seconds = console.wait_for(r"console ready")
    except CheckFailed:
        console.proc.kill()
        raise
    console.stop()
    return seconds


def main(argv: list[str]) -> int:
    if len(argv) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="jingwang-check-") as tmp:
        try:
            timings = check(argv, Path(tmp))
        except CheckFailed as exc:
            print(f"检查失败 check failed: {exc}", file=sys.stderr)
            return 1
    print(f"检查通过 check passed: {timings}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
