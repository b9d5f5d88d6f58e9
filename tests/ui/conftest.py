"""UI test fixtures: offscreen Qt, isolated settings, a hand-made district and event stream."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from console.domain import events as ev
from console.domain.decide_field import MAX_FIX_AHEAD_MS
from console.domain.state import State, apply
from console.testing.factory import EventFactory, advance
from console.testing.sample_state import build_addresses, build_district, build_roster, grid_center
from console.ui import theme
from console.ui.demo_session import DemoSession

NOW_MS = 1_763_700_000_000  # fixed "now" for every clock in these tests


class FakeSession(DemoSession):
    """The session the UI sees in tests: same signals as ConsoleSession, records commands."""


def pytest_collection_modifyitems(items):
    # The offscreen platform warns that it cannot propagate size hints, raise a window or grab the
    # keyboard (completion popups); that is not our bug.
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore(
            "This plugin does not support propagateSizeHints",
            r"This plugin does not support (raise|grabbing)",
        ))


@pytest.fixture(scope="session", autouse=True)
def _themed_app(qapp):
    QCoreApplication.setOrganizationName("JingWangTest")
    QCoreApplication.setApplicationName("jingwang-console-test")
    theme.apply_theme(qapp)
    return qapp


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path):
    """Keep QSettings away from the developer's own configuration."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "settings"))
    yield


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """Collect a test's cyclic garbage here, on the GUI thread, once its widgets are closed.

    Otherwise the collector may run later in whatever thread allocates next (a relay's writer, a
    thread pool) and delete Qt objects with timers there ("Timers cannot be stopped from another
    thread"), which crashes a later test."""
    yield
    gc.collect()


@pytest.fixture
def clock():
    return lambda: NOW_MS


class Scenario:
    """The made-up district (2 communities, 4 grids, 1 警格, 2 streets, 6 workers) and its history.

    After :meth:`base_events` the picture is:

    - W001..W006 in grids 1,2,3,4,1,2; W001–W005 on duty, W006 off duty; W005's fix is stale.
    - I1 grid 1 priority 1 新建; I2 grid 2 priority 2 受理; I3 grid 3 priority 3 已派遣 (W003);
      I4 grid 4 priority 4 已反馈 (W004); I5 grid 1 priority 2 已办结 (W001).

    :attr:`f` decides every event against its own copy of that history; change :attr:`workers` or the
    district before first using it (or any state).
    """

    def __init__(self) -> None:
        self.district = build_district(2, 2)
        self.workers = build_roster(self.district, 6)
        self.grids = self.district.grids
        self.ids: dict[str, str] = {}
        self._f: EventFactory | None = None
        self._base: list[ev.Event] | None = None

    @property
    def f(self) -> EventFactory:
        if self._f is None:
            self._f = EventFactory(self.empty_state(), NOW_MS - 600_000)
        return self._f

    def empty_state(self) -> State:
        return State(self.district, dict(self.workers))

    def with_addresses(self) -> Scenario:
        """Give the district standard addresses (3 per grid); call before building any state."""
        assert self._f is None, "the factory's state has no addresses"
        self.district.addresses = build_addresses(self.district)
        return self

    def base_events(self) -> list[ev.Event]:
        """The history above (made once: the factory has it)."""
        if self._base is None:
            self._base = self._make_base()
        return list(self._base)

    def _make_base(self) -> list[ev.Event]:
        f, g = self.f, self.grids
        out = [f.duty(w) for w in ("W001", "W002", "W003", "W004", "W005")]
        for i, (inc, grid, prio, stage, worker) in enumerate(
            (
                ("I1", g[0], 1, 0, None),
                ("I2", g[1], 2, 1, None),
                ("I3", g[2], 3, 2, "W003"),
                ("I4", g[3], 4, 5, "W004"),
                ("I5", g[0], 2, 7, "W001"),
            )
        ):
            report = f.report(
                grid,
                grid_center(grid, 0.1 * i - 0.2, 0.1),
                category="200200",
                priority=prio,
                address=f"平江路{i + 1}号",
                narrative=f"测试警情{i + 1}",
                caller=f"1390000000{i + 1}",
            )
            self.ids[inc] = report.data["incident"]
            out.append(report)
            out.extend(advance(report.data["incident"], f, worker or "W002", stage))
        f.at = NOW_MS - MAX_FIX_AHEAD_MS  # the relay's clock when the phones' fixes (up to now) reach it
        for k, wid in enumerate(self.workers):
            grid = next(gr for gr in self.grids if gr.code == self.workers[wid].grid_code)
            lng, lat = grid_center(grid, 0.3, -0.3 + 0.1 * k)
            at = NOW_MS - (60_000 if wid == "W005" else 2_000)
            out.append(f.position(wid, lng, lat, at))
        return out

    def state(self) -> State:
        state = self.empty_state()
        for e in self.base_events():
            apply(state, e)
        return state


@pytest.fixture
def scenario():
    return Scenario()


@pytest.fixture
def session(scenario):
    return FakeSession(scenario.state())


@pytest.fixture
def empty_session(scenario):
    return FakeSession(scenario.empty_state())
