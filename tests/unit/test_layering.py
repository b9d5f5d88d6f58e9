"""Dependencies point one way (docs/ARCHITECTURE.md): import-linter checks every import statically, and the
headless layers are imported in a fresh interpreter to show they really run without Qt, SQL or sockets."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECKS = [
    ("console.domain.decide, console.domain.state, console.domain.incident_sla, console.domain.suggest, "
     "console.domain.geofence, console.domain.calls, console.domain.clock, console.domain.kpi_facts, "
     "console.domain.presence, console.domain.summary, console.protocol.messages, console.geo.tile_source, "
     "console.geo_import.importer, console.data_import.check, console.data_import.template, console.kpi.grading",
     ("PySide6", "sqlalchemy", "websockets", "pyqtgraph")),
    ("console.store.store, console.replay.engine, console.kpi.engine, console.services.summary, "
     "console.services.summary_source, console.services.history, console.reports.summary_xlsx, "
     "console.reports.incident_report", ("PySide6", "websockets", "pyqtgraph")),
    ("console.services.session, console.relay.server, console.net.client, console.field.simulator",
     ("PySide6", "pyqtgraph")),
    ("console.media.engine", ("sqlalchemy", "websockets", "pyqtgraph")),
]


def lint_imports() -> str:
    """The ``lint-imports`` next to this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("lint-imports")
    return str(beside) if beside.exists() else (shutil.which("lint-imports") or "lint-imports")


def test_import_linter_contracts_are_kept():
    done = subprocess.run([lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


@pytest.mark.parametrize(("modules", "forbidden"), CHECKS,
                         ids=["domain+protocol+geo+kpi", "store+replay+summary+reports", "session+relay+net+field",
                              "media"])
def test_lower_layers_do_not_load_upper_ones(modules, forbidden):
    code = f"import sys; import {modules}; print(' '.join(m for m in {forbidden!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout.split()
    assert loaded == [], f"{modules} pulled in {loaded}"
