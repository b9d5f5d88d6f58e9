"""Reference data imported while the console runs (``reference.upserted``): the units board, the worker list,
the map's workers and address layer and the search box pick it up without a restart."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtTest import QAbstractItemModelTester

from console.domain.decide import Actor, decide
from console.domain.events import Event
from console.domain.geo import bbox
from console.domain.workers import Role
from console.testing.sample_state import grid_center
from console.ui.map.map_panel import MapPanel
from console.ui.units.board import UnitBoard
from console.ui.workers.model import WorkerTableModel

ADMIN = Actor("a01", Role.ADMIN)


def imported(session, kind: str, rows: list[dict]) -> Event:
    state = session.state
    event_type, data = decide(state, ADMIN, "reference.upsert", {"kind": kind, "rows": rows}, 1, state.seq + 1)
    return Event(state.seq + 1, state.seq + 1, event_type, "a01", data)


def test_import_refreshes_units_workers_map_and_search(qtbot, session, clock, tmp_path):
    panel = MapPanel(session, clock=clock, settings=QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    board = UnitBoard(session, clock=clock)
    workers = WorkerTableModel(session, clock=clock)
    QAbstractItemModelTester(workers, QAbstractItemModelTester.FailureReportingMode.Warning)
    for w in (panel, board):
        qtbot.addWidget(w)
    grid = session.state.district.grids[1]
    station = session.state.district.stations[0].code
    rows_before = workers.rowCount()
    session.feed([imported(session, "unit", [{"id": "X77", "name": "巡逻七组(车)", "kind": "patrol", "mode": "car",
                                              "grid": grid.code, "station": station, "phone": "13900000077"}])])
    session.feed([imported(session, "worker", [{"id": "W077", "name": "新来的网格员", "phone": "13900000078",
                                                "grid": grid.code}])])
    lng, lat = grid_center(grid)
    session.feed([imported(session, "address", [{"code": f"{grid.code}7777", "road": "新建路", "door": "7",
                                                 "lng": lng, "lat": lat}])])
    assert board.row_of("X77") is not None and board.group_of("巡逻车").childCount() >= 1
    assert workers.rowCount() == rows_before + 2 and workers.row_of("W077") >= 0
    assert "W077" in panel.map.table.index and "X77" in panel.map.table.index
    qtbot.waitUntil(lambda: "新建路7号" in panel.map.addresses.texts, timeout=5000)
    qtbot.waitUntil(lambda: any(e.key == "W077" for e in panel.search.matches("新来的")), timeout=5000)
    assert [e.key for e in panel.search.matches("新建路7号")] == [f"{grid.code}7777"]


def test_grids_imported_through_the_relay_redraw_the_map(qtbot, session, clock, tmp_path):
    panel = MapPanel(session, clock=clock, settings=QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(panel)
    grid = session.state.district.grids[1]
    x0, y0, x1, y1 = bbox(grid.polygon)
    east = [[x1, y0], [x1 + (x1 - x0), y0], [x1 + (x1 - x0), y1], [x1, y1]]  # beside the district's grid
    code = f"{grid.community_code}{999:03d}"
    drawn = len(panel.map.grids.curve.getData()[0])
    state = session.state
    event_type, data = decide(state, ADMIN, "grids.upsert", {"grids": [
        {"code": code, "name": "新划分网格", "community": grid.community_code, "polygon": east}]}, 1, state.seq + 1)
    session.feed([Event(state.seq + 1, state.seq + 1, event_type, "a01", data)])
    middle = (x1 + (x1 - x0) / 2, (y0 + y1) / 2)
    assert panel.map.picker.grids.grid_at(*middle).code == code
    assert len(panel.map.grids.curve.getData()[0]) == drawn + len(east) + 1, "the new outline is drawn, closed"
