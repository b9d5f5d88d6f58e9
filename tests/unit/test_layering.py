"""Dependencies point one way: domain and protocol import no Qt, SQL or sockets; only ui imports Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECKS = [
    ("console.domain.decide, console.domain.state, console.domain.incident_sla, console.domain.suggest, "
     "console.domain.geofence, console.domain.calls, console.protocol.messages, console.geo.tile_source, "
     "console.geo_import.importer, console.domain.kpi_facts, console.domain.presence, console.kpi.grading",
     ("PySide6", "sqlalchemy", "websockets", "pyqtgraph")),
    ("console.store.store, console.replay.engine, console.services.summary", ("PySide6", "websockets", "pyqtgraph")),
    ("console.relay.server, console.net.client, console.field.simulator", ("PySide6", "pyqtgraph")),
    ("console.media.engine", ("sqlalchemy", "websockets", "pyqtgraph")),
]


@pytest.mark.parametrize(("modules", "forbidden"), CHECKS,
                         ids=["domain+protocol+geo+kpi", "store+replay+summary", "relay+net+field", "media"])
def test_lower_layers_do_not_import_upper_ones(modules, forbidden):
    code = f"import sys; import {modules}; print(' '.join(m for m in {forbidden!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == [], f"{modules} pulled in {loaded}"
