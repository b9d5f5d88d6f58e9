"""``DistrictMap``: pyqtgraph view of the district, its workers and incidents.

Events only mark layers dirty; a ~4 Hz timer repaints (Friture's pattern), so hundreds of
position events per second cost one ``setData`` per layer per tick.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QToolButton, QVBoxLayout, QWidget

from console.domain import events as ev
from console.domain.incidents import PRIORITY_LABELS
from console.domain.workers import WorkerStatus
from console.ui import theme
from console.ui.map.layers import IncidentLayer, StaticLayer, WorkerLayer
from console.ui.map.projection import LocalFrame

REPAINT_MS = 250
STATUS_EVERY_TICKS = 4  # worker status (stale) is time-derived: recompute at least once a second


def _now_ms() -> int:
    return int(time.time() * 1000)


def legend_html() -> str:
    """The legend text: every colour is paired with a shape and a word."""
    tr = QCoreApplication.translate
    shapes = {
        WorkerStatus.ON_DUTY: "●",
        WorkerStatus.ON_ORDER: "■",
        WorkerStatus.STALE: "▲",
        WorkerStatus.OFF_DUTY: "✚",
    }
    workers = " ".join(
        f'<span style="color:{theme.WORKER_COLORS[s]}">{shapes[s]}</span> {s.label}' for s in shapes
    )
    prios = " ".join(
        f'<span style="color:{theme.priority_color(p)}">◆</span> {PRIORITY_LABELS[p]}' for p in (1, 2, 3, 4)
    )
    return (
        f"<b>{tr('Map', '警情')}</b> {prios}<br>"
        f"◆ {tr('Map', '未办结')} &nbsp; ✕ {tr('Map', '已办结')}<br>"
        f"<b>{tr('Map', '人员')}</b> {workers}<br>"
        f'<span style="color:{theme.GRID_COLOR}">━</span> {tr("Map", "网格")} &nbsp; '
        f'<span style="color:{theme.POLICE_GRID_COLOR}">┅</span> {tr("Map", "警格")} &nbsp; '
        f'<span style="color:{theme.STREET_COLOR}">━</span> {tr("Map", "道路")}'
    )


class DistrictMap(QWidget):
    """Map of the session's district. Emits :attr:`incident_clicked` with an incident id."""

    incident_clicked = Signal(str)

    def __init__(
        self,
        session,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], int] = _now_ms,
        stale_after_ms: int = 15_000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("districtMap")
        self._session = session
        self._clock = clock
        self._stale_after_ms = stale_after_ms
        self._frame = LocalFrame(0.0, 0.0)
        self._selected: str | None = None
        self._workers_dirty = self._incidents_dirty = True
        self._tick = 0

        self.plot_widget = pg.PlotWidget(background=theme.MAP_BACKGROUND)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setAspectLocked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)

        self.static = StaticLayer(self.plot, theme.cjk_font_family())
        self.workers = WorkerLayer(self.plot)
        self.incidents = IncidentLayer(self.plot, tip=self._incident_tip)
        for item in self.incidents.items.values():
            item.sigClicked.connect(self._on_points_clicked)

        self.legend = QLabel(legend_html(), self)
        self.legend.setObjectName("mapLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setStyleSheet(
            "QLabel#mapLegend { background: rgba(20,24,29,215); border: 1px solid #2c343e;"
            " border-radius: 4px; padding: 6px 8px; color: #d8dee6; }"
        )
        self.legend.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.home_button = QToolButton(self)
        self.home_button.setText(self.tr("全图"))
        self.home_button.setToolTip(self.tr("缩放到全辖区 (Home)"))
        self.home_button.clicked.connect(self.zoom_to_district)

        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()

        session.state_reset.connect(self._on_state_reset)
        session.events_applied.connect(self._on_events)
        if session.state is not None:
            self._on_state_reset(session.state)

    # --- public API -------------------------------------------------------------------
    def select_incident(self, incident_id: str | None) -> None:
        """Highlight one incident (``None`` clears); takes effect at the next repaint."""
        self._selected = incident_id or None
        self._incidents_dirty = True
        self.refresh_now()

    def selected_incident(self) -> str | None:
        return self._selected

    def zoom_to_district(self) -> None:
        state = self._session.state
        pts = [p for g in state.district.grids for p in g.polygon] if state is not None else []
        pts += [p for s in state.district.streets for p in s.points] if state is not None else []
        if not pts:
            return
        x, y = self._frame.to_xy([p[0] for p in pts], [p[1] for p in pts])
        self.plot.getViewBox().setRange(
            xRange=(float(x.min()), float(x.max())), yRange=(float(y.min()), float(y.max())), padding=0.04
        )

    def refresh_now(self) -> None:
        """Repaint dirty layers immediately (the timer does this ~4 times a second)."""
        state = self._session.state
        if self._workers_dirty:
            self.workers.update(state, self._frame, self._clock(), self._stale_after_ms)
            self._workers_dirty = False
        if self._incidents_dirty:
            self.incidents.update(state, self._frame, self._selected)
            self._incidents_dirty = False

    def worker_counts(self) -> dict[WorkerStatus, int]:
        return self.workers.counts()

    def incident_counts(self) -> dict[int, int]:
        return self.incidents.counts()

    # --- slots ------------------------------------------------------------------------
    def _on_state_reset(self, state) -> None:
        self._frame = LocalFrame.around(
            [p for g in state.district.grids for p in g.polygon]
            or [(i.lng, i.lat) for i in state.incidents.values()]
        )
        self.static.rebuild(state, self._frame)
        self._workers_dirty = self._incidents_dirty = True
        self.refresh_now()
        self.zoom_to_district()

    def _on_events(self, events: list) -> None:
        for e in events:
            if e.type.startswith("incident."):
                self._incidents_dirty = True
                if e.type != ev.INCIDENT_REPORTED:
                    self._workers_dirty = True  # dispatch / close change a worker's status
            else:
                self._workers_dirty = True
            if self._workers_dirty and self._incidents_dirty:
                break

    def _on_tick(self) -> None:
        self._tick += 1
        if self._tick % STATUS_EVERY_TICKS == 0:
            self._workers_dirty = True
        self.refresh_now()

    def _on_points_clicked(self, item, points, event) -> None:
        if len(points):
            incident_id = str(points[0].data())
            self.select_incident(incident_id)
            self.incident_clicked.emit(incident_id)

    def _incident_tip(self, x=None, y=None, data=None) -> str:
        state = self._session.state
        inc = state.incidents.get(data) if state is not None else None
        if inc is None:
            return str(data)
        return f"{inc.id}\n{PRIORITY_LABELS.get(inc.priority, '')} · {inc.status.label}\n{inc.address}"

    # --- overlay placement ---------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.legend.adjustSize()
        self.legend.move(10, self.height() - self.legend.height() - 10)
        self.legend.raise_()
        self.home_button.adjustSize()
        self.home_button.move(self.width() - self.home_button.width() - 10, 10)
        self.home_button.raise_()
