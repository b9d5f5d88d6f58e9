"""``MapPanel``: the map with its toolbar — search, heat-map window, layers, legend, zone drawing, zoom buttons.

The main window only needs this widget; it forwards the map's signals and public calls.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QMenu,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from console.domain.workers import WorkerStatus
from console.ui.map.district_map import DistrictMap
from console.ui.map.heatmap import HEAT_WINDOWS
from console.ui.map.layer_panel import LayerPanel
from console.ui.map.people_heat import PeopleHeatLayer
from console.ui.map.people_heat_bar import PeopleHeatBar
from console.ui.map.search import MapSearchBox, build_entries
from console.ui.texts import tr

HEAT_OFF = ""
LEGEND_KEY = "map/legend_visible"
TRACK_MINUTES = (5, 15, 30, 60)
SEARCH_WIDTH = 120  # the placeholder's first words; what is typed scrolls (the tools must fit a 1920 px screen)


SEARCH_REFRESH_MS = 1000


class MapPanel(QWidget):
    """Toolbar + :class:`DistrictMap`. Signals mirror the map's."""

    incident_clicked = Signal(str)
    dispatch_requested = Signal(str)
    call_requested = Signal(str)
    selection_changed = Signal(list, list)

    def __init__(
        self,
        session,
        parent: QWidget | None = None,
        *,
        stale_after_ms: int = 15_000,
        settings: QSettings | None = None,
        clock: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapPanel")
        self._session = session
        self._settings = settings if settings is not None else QSettings()
        clock_kw = {"clock": clock} if clock is not None else {}
        self.map = DistrictMap(session, stale_after_ms=stale_after_ms, settings=self._settings, **clock_kw)
        self.registry = self.map.registry

        self.search = MapSearchBox()
        self._search_due = QTimer(self)  # imports arrive as bursts of events: rebuild the completions once after
        self._search_due.setSingleShot(True)
        self._search_due.setInterval(SEARCH_REFRESH_MS)
        self._search_due.timeout.connect(self._refresh_search)
        self.heat_combo = QComboBox()
        self.heat_combo.setToolTip(tr("警情热力图的时间窗", "MapPanel"))
        self.heat_combo.addItem(tr("热力图：关", "MapPanel"), HEAT_OFF)
        for key, (label, _ms) in HEAT_WINDOWS.items():
            self.heat_combo.addItem(tr("热力图：", "MapPanel") + tr(label, "MapPanel"), key)
        # 人流热力: a layer of its own with its bar (days, hour slider, sources, legend) shown while it is on
        self.people_heat = self.registry.add(PeopleHeatLayer(self.map.view_box))
        self.people_bar = PeopleHeatBar(self.people_heat, lambda: (self.map.frame, self.map.heat.extent), self,
                                        **clock_kw)
        self.people_button = self._button(tr("人流热力", "MapPanel"),
                                          tr("按时段查看在岗人员、扫码与警情的分布", "MapPanel"))
        self.people_button.setCheckable(True)
        self.track_combo = QComboBox()
        self.track_combo.setToolTip(tr("轨迹显示最近多长时间", "MapPanel"))
        for minutes in TRACK_MINUTES:
            self.track_combo.addItem(tr("轨迹{n}分", "MapPanel").format(n=minutes), minutes)
        current = self.map.tracks.buffer.window_ms // 60_000
        self.track_combo.setCurrentIndex(max(0, self.track_combo.findData(current)))
        self.layer_panel = LayerPanel(self.registry)
        self.layer_panel.setMinimumSize(260, 330)
        self.layers_button = QToolButton()
        self.layers_button.setText(tr("图层", "MapPanel"))
        self.layers_button.setToolTip(tr("显示/隐藏、透明度与顺序", "MapPanel"))
        self.layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.layers_button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.layer_panel)
        menu.addAction(holder)
        self.layers_button.setMenu(menu)
        self.legend_button = self._button(tr("图例", "MapPanel"), tr("显示或隐藏图例", "MapPanel"))
        self.legend_button.setCheckable(True)
        self.legend_button.setChecked(str(self._settings.value(LEGEND_KEY, "false")).lower() == "true")
        self.map.legend.setVisible(self.legend_button.isChecked())
        self.draw_zone_action = QAction(tr("画区域", "MapPanel"), self)
        self.draw_zone_action.setCheckable(True)
        self.draw_zone_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        self.draw_zone_action.setToolTip(
            tr("画关注区域 (Ctrl+Shift+Z)：单击加点，双击或回车完成，Esc 取消；右键区域可删除", "MapPanel")
        )
        self.addAction(self.draw_zone_action)
        self.draw_zone_button = QToolButton()
        self.draw_zone_button.setDefaultAction(self.draw_zone_action)
        self.selection_button = self._button(
            tr("选区", "MapPanel"), tr("缩放到所选 (Shift+拖动框选网格员和警情)", "MapPanel")
        )

        # a toolbar, not a row of widgets: when the map is narrow the last tools go behind its » button
        # instead of making the map (and the window) wider than the screen
        bar = QToolBar()
        bar.setObjectName("mapBar")
        bar.setContentsMargins(6, 0, 6, 0)
        self.search.setFixedWidth(SEARCH_WIDTH)
        bar.addWidget(self.search)
        bar.addWidget(self.heat_combo)
        bar.addWidget(self.people_button)
        bar.addWidget(self.track_combo)
        # (全图 is the main toolbar's, with Home: not repeated here)
        for button in (self.layers_button, self.legend_button, self.draw_zone_button, self.selection_button):
            bar.addWidget(button)
        self.bar = bar
        overflow = bar.findChild(QToolButton, "qt_toolbar_ext_button")  # Qt's, its arrow dark on the dark theme
        if overflow is not None:  # a » in the theme's text colour instead
            overflow.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            overflow.setText("»")
            overflow.setToolTip(tr("更多地图工具", "MapPanel"))
            overflow.setStyleSheet("padding: 0px; min-width: 18px; font-size: 16px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(self.people_bar)
        layout.addWidget(self.map, 1)

        m = self.map
        m.incident_clicked.connect(self.incident_clicked)
        m.dispatch_requested.connect(self.dispatch_requested)
        m.call_requested.connect(self.call_requested)
        m.selection_changed.connect(self.selection_changed)
        self.search.chosen.connect(m.go_to)
        self.heat_combo.currentIndexChanged.connect(self._on_heat_choice)
        self.track_combo.currentIndexChanged.connect(lambda i: m.set_track_minutes(self.track_combo.itemData(i)))
        self.registry.changed.connect(self._sync_heat_combo)
        self.registry.changed.connect(self._sync_people_heat)
        self.people_button.toggled.connect(lambda on: self.registry.set_visible("people_heat", on))
        m.frame_changed.connect(lambda _f: self.people_bar.day is not None and self.people_bar.redraw())
        self.legend_button.toggled.connect(self._on_legend)
        self.selection_button.clicked.connect(lambda: m.zoom_to_selection())
        self.draw_zone_action.triggered.connect(self._on_draw_zone)
        m.zone_tool.active_changed.connect(self.draw_zone_action.setChecked)
        session.state_reset.connect(self._on_state_reset)
        session.changed.connect(self._on_changed)
        if session.state is not None:
            self._on_state_reset(session.state)
        self._sync_heat_combo()
        self._sync_people_heat()

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        return button

    # --- what the main window calls ------------------------------------------------------------
    def select_incident(self, incident_id: str | None) -> None:
        self.map.select_incident(incident_id)

    def selected_incident(self) -> str | None:
        return self.map.selected_incident()

    def zoom_to_district(self) -> None:
        self.map.zoom_to_district()

    def refresh_now(self) -> None:
        self.map.refresh_now()

    def incident_counts(self) -> dict[int, int]:
        return self.map.incident_counts()

    def worker_counts(self) -> dict[WorkerStatus, int]:
        return self.map.worker_counts()

    # --- slots ---------------------------------------------------------------------------------
    def _on_state_reset(self, state) -> None:
        self.search.set_entries(build_entries(state))

    def _on_changed(self, changes) -> None:
        """Workers or addresses imported: the search box finds them (once per burst of import events). New e码
        counts (once a minute): a 人流热力 showing today reads it again, with the positions and incidents since."""
        if (changes.roster or changes.district) and not changes.reset and not self._search_due.isActive():
            self._search_due.start()
        if changes.scans and self.people_bar.isVisibleTo(self):
            self.people_bar.refresh_today()

    def _refresh_search(self) -> None:
        if self._session.state is not None:
            self.search.set_entries(build_entries(self._session.state))

    def _on_heat_choice(self, index: int) -> None:
        key = self.heat_combo.itemData(index)
        if key == HEAT_OFF:
            if self.registry.is_visible("heatmap"):
                self.registry.set_visible("heatmap", False)
            return
        self.map.set_heat_window(key)
        if not self.registry.is_visible("heatmap"):
            self.registry.set_visible("heatmap", True)

    def _sync_heat_combo(self) -> None:
        key = self.map.heat.window_key if self.registry.is_visible("heatmap") else HEAT_OFF
        self.heat_combo.blockSignals(True)
        self.heat_combo.setCurrentIndex(self.heat_combo.findData(key))
        self.heat_combo.blockSignals(False)

    def set_history_source(self, factory) -> None:
        """Where 人流热力 reads its days: a factory of the console's history source (database or relay)."""
        self.people_bar.set_source_factory(factory)

    def _sync_people_heat(self) -> None:
        """The bar is shown with the layer; the first showing reads the chosen days."""
        on = self.registry.is_visible("people_heat")
        self.people_button.blockSignals(True)
        self.people_button.setChecked(on)
        self.people_button.blockSignals(False)
        if self.people_bar.isHidden() == on:
            self.people_bar.setVisible(on)
            if on and self.people_bar.day is None:
                self.people_bar.load()

    def _on_draw_zone(self) -> None:
        tool = self.map.zone_tool
        if tool.active:
            tool.cancel()
        else:
            tool.start()
        self.draw_zone_action.setChecked(tool.active)

    def _on_legend(self, on: bool) -> None:
        self.map.legend.setVisible(on)
        self._settings.setValue(LEGEND_KEY, on)

