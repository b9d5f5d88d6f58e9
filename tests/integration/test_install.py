"""A plain (non-editable) install works from any folder: the wheel carries the resources, the Alembic
migrations and the phone page, and finds them with importlib.resources.

The wheel is built offline from a copy of the sources (so the checkout gains no build/ folder) and
installed with ``--no-deps --no-index`` into a fresh venv that borrows this interpreter's site-packages
for the dependencies. Then ``installer/check.py`` runs the installed ``jingwang`` from an empty folder.
About ten seconds; deselect with ``-m "not install"``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installer.check import check

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.install, pytest.mark.timeout(300)]


def _run(*args: object, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh venv with the wheel of this checkout installed (and the test interpreter's packages beside it)."""
    root = tmp_path_factory.mktemp("install")
    src = root / "src"
    shutil.copytree(ROOT / "console", src / "console", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", root / "wheel", src,
         cwd=root)
    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=root)
    purelib = _run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                   cwd=root).strip()
    # dependencies (and pip) from this interpreter; its own .pth files, like an editable install's, stay inactive
    borrowed = [p for p in sys.path if p.endswith("site-packages")]
    (Path(purelib) / "_jingwang_deps.pth").write_text("\n".join(borrowed) + "\n")
    wheel = next((root / "wheel").glob("jingwang_console-*.whl"))
    _run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=root)
    return venv


def test_installed_package_is_the_wheel_not_the_checkout(venv, tmp_path):
    code = ("import console, console.resources as r, console.store.migrate as m, console.relay.static as s; "
            "print(console.__file__); print(r.resource_path('data', 'sla_limits.json').is_file()); "
            "print(sorted(p.name for p in (m.MIGRATIONS / 'versions').glob('0001_*.py'))); "
            "print('index.html' in s.load_assets())")
    out = _run(venv / "bin" / "python", "-c", code, cwd=tmp_path).splitlines()
    assert Path(out[0]).is_relative_to(venv), f"console imported from {out[0]}, not the installed wheel"
    assert out[1:] == ["True", "['0001_initial.py']", "True"]


def test_installed_program_migrates_seeds_serves_and_opens_the_console(venv, tmp_path):
    timings = check([str(venv / "bin" / "jingwang")], tmp_path)
    assert timings.console_ready_s > 0
