"""受理所选: several queue rows, one key, one ordinary incident.accept per acceptable incident."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt

from console.testing.sample_state import grid_center
from console.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, empty_session, scenario, tmp_path, clock):
    win = MainWindow(empty_session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat), clock=clock)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    empty_session.reset(scenario.empty_state())
    empty_session.feed(scenario.base_events())
    return win


def _select(window, ids: list[str]) -> None:
    model, sel = window.queue.model, window.queue.table.selectionModel()
    sel.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for incident_id in ids:
        sel.select(model.index(model.row_of(incident_id), 0), flags)


def test_shift_f2_accepts_each_selected_new_incident_and_skips_the_rest(qtbot, window, scenario, empty_session):
    grid = scenario.grids[0]
    extra = [scenario.f.report(grid, grid_center(grid), priority=3, actor="d02") for _ in range(2)]
    empty_session.feed(extra)
    news = [scenario.ids["I1"], *(e.data["incident"] for e in extra)]
    accepted_already = scenario.ids["I2"]
    _select(window, [*news, accepted_already])
    assert len(window.queue.table.selectionModel().selectedRows()) == 4
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    empty_session.calls.clear()
    qtbot.keyClick(window.queue.table, Qt.Key.Key_F2, Qt.KeyboardModifier.ShiftModifier)
    sent = [c for c in empty_session.calls if c[1] == "incident.accept"]
    assert sorted(c[2]["incident"] for c in sent) == sorted(news)  # 受理 already: not sent again
    assert all(set(c[2]) == {"incident"} for c in sent)  # each a normal accept; the session adds the version


def test_nothing_selected_sends_nothing(window, empty_session):
    window.queue.table.selectionModel().clearSelection()
    empty_session.calls.clear()
    assert window.bulk_accept.trigger() == 0 and empty_session.calls == []
