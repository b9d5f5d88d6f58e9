"""``DistrictMap``: the live map of the district — layers, cards, follow mode, box select and drawn zones.

Events only write arrays and mark layers dirty; a ~4 Hz timer repaints (Friture's pattern), so a
flood of positions costs one array update per event batch and one redraw per tick.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QGraphicsItem, QWidget

from console.domain.changes import Changes
from console.domain.clock import now_ms
from console.domain.places import Point
from console.domain.workers import WorkerStatus
from console.ui import theme
from console.ui.map.card_info import grid_info, hover_text, worker_info
from console.ui.map.cards import GridCard, WorkerCard
from console.ui.map.framing import bounds, marker_bounds, padded
from console.ui.map.heatmap import HEAT_WINDOWS, Extent, HeatLayer
from console.ui.map.hit_test import GridIndex, MapHit, MapPicker
from console.ui.map.incident_layer import IncidentLayer
from console.ui.map.layer_registry import ItemLayer
from console.ui.map.layers import (
    AddressLayer,
    GridLayer,
    LabelsLayer,
    PolygonLayer,
    StreetBasemap,
    ZoneLayer,
    grid_labels,
)
from console.ui.map.legend import MapLegend
from console.ui.map.map_view import FLY_MS, MapView
from console.ui.map.model import MapModel
from console.ui.map.overlays import CoordinateReadout, FollowBanner, ScaleBar
from console.ui.map.points import SymbolCloud
from console.ui.map.projection import LocalFrame
from console.ui.map.risk_layer import RiskLayer
from console.ui.map.route_line import RouteLine
from console.ui.map.style import BOX_RING, FOLLOW_RING, POLICE_LINE, SEARCH_PIN
from console.ui.map.tracks import TrackLayer, rows_to_draw
from console.ui.map.worker_layer import WorkerLayer
from console.ui.map.zone_draw import ZoneTool
from console.ui.plain import plain_tip

REPAINT_MS = 250
FLASH_MS = 500
STATUS_EVERY_TICKS = 4  # staleness and the track window move with the clock: redraw at least once a second
HEAT_EVERY_TICKS = 240  # the heat window slides: recompute once a minute even without new incidents
HIT_PX = 10  # click tolerance
FOLLOW_MS = 250
WORKER_ZOOM_M, ADDRESS_ZOOM_M = 700.0, 600.0  # view widths when flying to a worker / an address
MARKER_Z = 1e6
PIXMAP_CACHE_KB = 96 * 1024


class DistrictMap(QWidget):
    """Map of the session's district, drawing its :class:`MapModel` (selection, follow, seen, columns).

    Signals: :attr:`incident_clicked` (incident id), :attr:`dispatch_requested` and
    :attr:`call_requested` (worker id, from the worker card), :attr:`selection_changed`
    (worker ids, incident ids of a box select), :attr:`follow_changed` (worker id, "" when
    stopped), :attr:`frame_changed` (the new :class:`LocalFrame`, e.g. for a tile basemap).
    """

    incident_clicked = Signal(str)
    dispatch_requested = Signal(str)
    call_requested = Signal(str)
    selection_changed = Signal(list, list)
    follow_changed = Signal(str)
    frame_changed = Signal(object)

    def __init__(
        self,
        session,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], int] = now_ms,
        stale_after_ms: int = 15_000,
        settings: QSettings | None = None,
        model: MapModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("districtMap")
        # device-coordinate caches (basemap tiles, grid tints) are viewport-sized pixmaps
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), PIXMAP_CACHE_KB))
        self._session = session
        self._clock = clock
        self._stale_after_ms = stale_after_ms
        self._settings = settings if settings is not None else QSettings()
        self._datum = "wgs84"
        self._light = False  # the basemap's tone: labels are dark on a light one
        self.frame = LocalFrame(0.0, 0.0)
        self.model = model if model is not None else MapModel(self, self._settings)
        self._follow_at: tuple[float, float] | None = None  # where the view was last centred on them
        self._tick = 0

        self.view = MapView(theme.MAP_BACKGROUND)
        self.view_box = self.view.box
        self.view.setParent(self)
        font = theme.cjk_font_family()
        vb = self.view_box
        self.registry = self.model.layers
        self.basemap = StreetBasemap(vb, font)
        self.heat = HeatLayer(vb)
        self.grids = GridLayer(vb)
        self.police_grids = PolygonLayer(
            "police_grids", "警格", vb, pg.mkPen(POLICE_LINE[False], width=1.0, style=Qt.PenStyle.DashLine)
        )
        self.zones = ZoneLayer(vb, font)
        self.grid_labels = LabelsLayer("grid_labels", "网格标签", vb, font)
        self.addresses = AddressLayer(vb)
        self.tracks = TrackLayer(vb)
        self.table = self.model.table
        self.workers = WorkerLayer(vb, self.table)
        self.incidents = IncidentLayer(vb)
        self.risk = RiskLayer(vb)
        self.picker = MapPicker(self.registry, self.table, self.workers, self.model.incidents)
        for layer in (self.basemap, self.heat, self.grids, self.police_grids, self.zones, self.grid_labels,
                      self.addresses, self.tracks, self.workers, self.risk, self.incidents):
            self.registry.add(layer)
        self.heat.window_key = str(self._settings.value("map/heat_window", self.heat.window_key))
        if self.heat.window_key not in HEAT_WINDOWS:
            self.heat.window_key = "24h"
        self.tracks.buffer.set_window(int(self._settings.value("map/track_minutes", 15)) * 60_000)
        self.basemap.labels.avoid(self.grid_labels.item)
        self.grid_labels.item.avoid(self.zones.labels)  # the dispatcher's own zone names win
        self.markers = SymbolCloud([BOX_RING, FOLLOW_RING, SEARCH_PIN])
        self.markers.setZValue(MARKER_Z)
        vb.addItem(self.markers, ignoreBounds=True)
        self._pin: QPointF | None = None
        self.route = RouteLine(vb)

        self.scale_bar = ScaleBar(self)
        self.coords = CoordinateReadout(self)
        self.follow_banner = FollowBanner(self)
        self.legend = MapLegend(self)
        self.worker_card = WorkerCard(self)
        self.grid_card = GridCard(self)
        self.worker_card.dispatch_requested.connect(self.dispatch_requested)
        self.worker_card.call_requested.connect(self.call_requested)
        self.worker_card.follow_toggled.connect(lambda wid, on: self.follow(wid if on else None))
        self.grid_card.close_button.clicked.connect(lambda: self.grids.highlight_grid(None, self.frame))
        self.grid_card.zoom_requested.connect(self.zoom_to_grid)

        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()
        self.flash_timer = QTimer(self)  # new P1/P2 incidents and SOS workers blink with it
        self.flash_timer.setInterval(FLASH_MS)
        self.flash_timer.timeout.connect(self.incidents.blink)
        self.flash_timer.timeout.connect(self.workers.blink)
        self.flash_timer.start()
        self.zone_tool = ZoneTool(self, session)
        self._places = None  # the district the place layers were laid out for
        self._needs_home = True

        self.registry.changed.connect(self._on_layers_changed)
        vb.sigClicked.connect(lambda p: self.zone_tool.add_point(p) or self.click_at(p.x(), p.y()))
        vb.sigDoubleClicked.connect(lambda _p: self.zone_tool.finish())
        vb.sigContextClicked.connect(self.zone_tool.context_menu)
        vb.sigBoxSelected.connect(self.box_select)
        vb.sigUserPanned.connect(lambda: self.follow(None))
        vb.sigRangeChanged.connect(self._on_view_changed)
        self.view.sigHome.connect(self.zoom_to_district)
        self.view.sigEscape.connect(self.escape)
        self.view.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.model.moved.connect(self.tracks.buffer.append)
        self.model.zones_changed.connect(lambda: self._show_zones(self._session.state))
        self.model.risk_changed.connect(lambda: self.risk.set_risk(self._session.state, self.frame))
        session.state_reset.connect(self._on_state_reset)
        session.changed.connect(self.model.apply)
        session.changed.connect(self._on_reference)
        self._addresses_dirty = False  # an address import: the address layer is laid out again on the next tick
        if session.state is not None:
            self._on_state_reset(session.state)

    def show_route(self, start: Point, end: Point, label: str) -> None:
        """A dashed line from a unit to an incident, labelled (the dispatch dialog's current choice)."""
        self.route.show(self.frame, start, end, label)

    def clear_route(self) -> None:
        self.route.clear()

    # --- selection and seen (held by the model) ----------------------------------------------
    @property
    def seen(self) -> set[str]:
        """Incidents the dispatcher has seen: they no longer flash."""
        return self.model.seen

    @property
    def selected_workers(self) -> list[str]:
        return self.model.selected_workers

    @selected_workers.setter
    def selected_workers(self, ids: list[str]) -> None:
        self.model.selected_workers = list(ids)

    @property
    def selected_incidents(self) -> list[str]:
        return self.model.selected_incidents

    def select_incident(self, incident_id: str | None) -> None:
        """Highlight one incident (``None`` clears); a selected incident counts as seen."""
        fresh = bool(incident_id) and incident_id not in self.seen
        self.model.select_incident(incident_id)
        self.incidents.set_selected(self.model.selected_incident)
        if fresh:
            self.refresh_now()

    def selected_incident(self) -> str | None:
        return self.model.selected_incident

    def acknowledge(self, incident_id: str) -> None:
        """Mark an incident seen: it stops flashing."""
        if incident_id not in self.seen:
            self.model.acknowledge(incident_id)
            self.refresh_now()

    def flashing(self) -> list[str]:
        """Incidents flashing now (new priority 1/2, not yet seen)."""
        return list(self.model.incidents.flashing)

    # --- view ----------------------------------------------------------------------------------
    def district_rect(self) -> QRectF:
        state = self._session.state
        return bounds(self.frame, [p for g in state.district.grids for p in g.polygon] if state is not None else [])

    def zoom_to_district(self, duration_ms: int = FLY_MS) -> None:
        rect = self.district_rect()
        if not rect.isNull():
            self.view_box.fly_to(padded(rect, 0.04), duration_ms)

    def zoom_to_grid(self, grid_code: str, duration_ms: int = FLY_MS) -> None:
        grid = next((g for g in self.picker.grids.grids if g.code == grid_code), None)
        if grid is not None:
            self.view_box.fly_to(padded(bounds(self.frame, grid.polygon), 0.3), duration_ms)

    def zoom_to_selection(self, duration_ms: int = FLY_MS) -> None:
        """Fit the box-selected workers and incidents (or the selected incident)."""
        xs, ys = self.model.selection_xy()
        if len(xs):
            self.view_box.fly_to(marker_bounds(xs, ys), duration_ms)

    def ground_metres_per_px(self) -> float:
        """Metres on the ground per screen pixel at the view centre (Mercator stretch removed)."""
        c = self.view_box.centre()
        _, lat = self.frame.to_lnglat(c.x(), c.y())
        return self.view_box.metres_per_px() * math.cos(math.radians(float(lat)))

    def pixel_of(self, lng: float, lat: float) -> QPointF:
        """Where a WGS-84 point is, in this widget's pixels."""
        x, y = self.frame.to_xy(lng, lat)
        scene = self.view_box.mapViewToScene(QPointF(float(x), float(y)))
        return QPointF(self.view.mapFromScene(scene)) + QPointF(self.view.pos())

    # --- layers --------------------------------------------------------------------------------
    def set_basemap(self, item: QGraphicsItem, datum: str = "wgs84", light: bool = False) -> None:
        """Use ``item`` (e.g. a tile layer already added to :attr:`view_box`) as the 底图 instead of the
        street drawing; overlays are then drawn in ``datum``, labels and lines styled for a ``light``
        or dark basemap. Connect :attr:`frame_changed` to the item if it needs the frame."""
        self.basemap.remove(self.view_box)
        self.registry.add(ItemLayer("basemap", "底图", item))
        self._datum = datum
        self._light = light
        self.police_grids.curve.setPen(pg.mkPen(POLICE_LINE[light], width=1.0, style=Qt.PenStyle.DashLine))
        self._places = None  # a new datum and style: lay the places out again
        if self._session.state is not None:
            self._on_state_reset(self._session.state)

    def set_heat_window(self, key: str) -> None:
        """Heat map over the last hour / day / week (``"1h"``, ``"24h"``, ``"7d"``)."""
        self.heat.window_key = key
        self._settings.setValue("map/heat_window", key)
        self.model.heat_dirty = True
        self.refresh_now()

    def set_track_minutes(self, minutes: int) -> None:
        """Keep and draw each worker's track over the last ``minutes``."""
        self.tracks.buffer.set_window(int(minutes) * 60_000)
        self._settings.setValue("map/track_minutes", int(minutes))
        self.model.workers_dirty = True
        self.refresh_now()

    def refresh_now(self) -> None:
        """Redraw dirty layers immediately (the timer does this ~4 times a second)."""
        state = self._session.state
        if state is None:
            return
        now = self._clock()
        m = self.model
        if m.base_dirty:
            self.table.refresh_base(state, self._stale_after_ms)
            m.base_dirty = False
            m.workers_dirty = True
        if m.workers_dirty:
            m.workers_dirty = False
            self.workers.update(now, self._stale_after_ms, m.link_lost)
            self.tracks.redraw(now, self._track_rows())
            self._update_markers()
            self._keep_following()
        if m.refresh_incidents(state):
            self.incidents.draw(m.incidents, m.selected_incident)
        if m.heat_dirty and self.heat.visible:
            m.heat_dirty = False
            self.heat.update(m.incidents.x, m.incidents.y, m.incidents.reported_at, now)
        self._refresh_cards(now)

    def worker_counts(self) -> dict[WorkerStatus, int]:
        return self.workers.counts()

    def incident_counts(self) -> dict[int, int]:
        return self.model.incidents.counts()

    # --- picking -------------------------------------------------------------------------------
    def hit_test(self, x: float, y: float) -> MapHit | None:
        """The topmost visible thing at view point ``(x, y)``: incident, worker or grid."""
        return self.picker.at(x, y, HIT_PX * self.view_box.metres_per_px())

    def click_at(self, x: float, y: float) -> MapHit | None:
        """Act on a click at view point ``(x, y)``: select an incident, or open a worker's or grid's card."""
        self.refresh_now()  # pick from what the events say now, not from the last tick
        hit = self.hit_test(x, y)
        self._pin = None
        self._update_markers()
        if hit is None or hit.kind != "grid":
            self.grids.highlight_grid(None, self.frame)
            self.grid_card.hide()
        if hit is None or hit.kind != "worker":
            self.worker_card.hide()
        if hit is None:
            return None
        if hit.kind == "incident":
            self.select_incident(hit.key)
            self.incident_clicked.emit(hit.key)
        elif hit.kind == "worker":
            self.show_worker_card(hit.key)
        else:
            self.show_grid_card(hit.key)
        return hit

    def show_worker_card(self, worker_id: str) -> None:
        self.worker_card.worker_id = worker_id
        self._refresh_cards(self._clock())
        self.worker_card.show()
        self.worker_card.raise_()

    def show_grid_card(self, grid_code: str) -> None:
        grid = next((g for g in self.picker.grids.grids if g.code == grid_code), None)
        self.grids.highlight_grid(grid, self.frame)
        self.grid_card.grid_code = grid_code
        self.grid_card.show()
        self._refresh_cards(self._clock())
        self.grid_card.raise_()

    def _refresh_cards(self, now: int) -> None:
        state = self._session.state
        card = self.worker_card
        if card.worker_id and card.worker_id in self.table.index and state is not None:
            status = self.table.status(card.worker_id, now, self._stale_after_ms, self.model.link_lost)
            card.show_worker(worker_info(state, card.worker_id, status), now, self.model.followed == card.worker_id)
        if self.grid_card.grid_code and state is not None and self.grid_card.isVisible():
            self.grid_card.show_grid(grid_info(state, self.grid_card.grid_code, now))

    def box_select(self, rect: QRectF) -> tuple[list[str], list[str]]:
        """Select the visible workers and incidents inside ``rect`` (view coordinates)."""
        self.refresh_now()
        workers, incidents = self.picker.inside(rect)
        self.model.select_box(workers, incidents)
        self._update_markers()
        self.selection_changed.emit(list(workers), list(incidents))
        return workers, incidents

    # --- search and follow -----------------------------------------------------------------------
    def go_to(self, kind: str, key: str) -> None:
        """Fly to a search result (``worker`` / ``grid`` / ``address``) and show what it is."""
        state = self._session.state
        if state is None:
            return
        self.refresh_now()
        if kind == "worker" and key in self.table.index:
            k = self.table.index[key]
            if math.isfinite(self.table.x[k]):
                self.view_box.fly_to_centre(QPointF(self.table.x[k], self.table.y[k]), WORKER_ZOOM_M)
            else:
                self.zoom_to_grid(state.workers[key].grid_code)
            self.show_worker_card(key)
        elif kind == "grid":
            self.zoom_to_grid(key)
            self.show_grid_card(key)
        elif kind == "address":
            address = next((a for a in state.district.addresses if a.code == key), None)
            if address is not None:
                x, y = self.frame.to_xy(address.lng, address.lat)
                self._pin = QPointF(float(x), float(y))
                self._update_markers()
                self.view_box.fly_to_centre(self._pin, ADDRESS_ZOOM_M)

    def follow(self, worker_id: str | None) -> None:
        """Keep ``worker_id`` centred as their positions arrive (``None`` stops)."""
        if not self.model.follow(worker_id):
            return
        self._follow_at = None
        state = self._session.state
        followed = self.model.followed
        name = state.workers[followed].name if followed and state is not None else None
        self.follow_banner.set_name(name)
        self._place_overlays()
        self._update_markers()
        self._keep_following()
        self._refresh_cards(self._clock())
        self.follow_changed.emit(followed or "")

    def followed(self) -> str | None:
        return self.model.followed

    def _track_rows(self) -> np.ndarray:
        wanted = (self.model.followed, *self.selected_workers)
        return rows_to_draw(self.table, self.view_box.viewRect(), wanted)

    def _keep_following(self) -> None:
        """Glide to the followed worker when they have moved since the last time."""
        if self.model.followed is None:
            return
        k = self.table.index[self.model.followed]
        at = (float(self.table.x[k]), float(self.table.y[k]))
        if math.isfinite(at[0]) and at != self._follow_at:
            self._follow_at = at
            self.view_box.fly_to_centre(QPointF(*at), None, FOLLOW_MS)

    def escape(self) -> None:
        """Esc: stop following, close the cards, drop the box selection."""
        self.follow(None)
        self.worker_card.hide()
        self.grid_card.hide()
        self.grids.highlight_grid(None, self.frame)
        if self.selected_workers or self.selected_incidents:
            self.box_select(QRectF())

    def _update_markers(self) -> None:
        """Rings on box-selected workers and incidents, the followed worker, and the search pin."""
        w = [self.table.index[i] for i in self.selected_workers if i in self.table.index]
        inc = self.model.incidents
        k = inc.rows(self.selected_incidents)
        xs = [self.table.x[w], inc.x[k]]
        ys = [self.table.y[w], inc.y[k]]
        codes = [np.zeros(len(w) + len(k), dtype=np.intp)]
        if self.model.followed is not None:
            f = self.table.index[self.model.followed]
            xs.append(self.table.x[f : f + 1])
            ys.append(self.table.y[f : f + 1])
            codes.append(np.ones(1, dtype=np.intp))
        if self._pin is not None:
            xs.append(np.array([self._pin.x()]))
            ys.append(np.array([self._pin.y()]))
            codes.append(np.full(1, 2, dtype=np.intp))
        self.markers.set_points(np.concatenate(xs), np.concatenate(ys), np.concatenate(codes))

    # --- slots ---------------------------------------------------------------------------------
    def _on_state_reset(self, state) -> None:
        # A reconnect or replay seek keeps its places: keep the view and layout (labels take ~300 ms).
        if self._places is None or (state.district is not self._places and state.district != self._places):
            self._set_places(state)
        self._show_zones(state)
        self.risk.set_risk(state, self.frame)
        self.grids.highlight_grid(None, self.frame)
        self._reset_workers(state)
        rect = self.district_rect()
        if rect.width() > 0:
            self.heat.set_extent(Extent.around(rect.left(), rect.top(), rect.right(), rect.bottom()))
        self._pin = None
        self.worker_card.hide()
        self.grid_card.hide()
        self.refresh_now()
        if self._needs_home:
            self.zoom_to_district(0)
            self._needs_home = not self.isVisible()  # a hidden view has no size yet: home again when shown

    def _reset_workers(self, state) -> None:
        """New worker columns (a new state, or workers imported), their tracks started from the last fixes."""
        self.model.reset(state, self.frame)
        if self.model.followed not in self.table.index:
            self.follow(None)
        self.tracks.buffer.reset(len(self.table))
        has = np.flatnonzero(self.table.has_fix())
        self.tracks.buffer.append(has, self.table.x[has], self.table.y[has], self.table.fix_at[has])

    def _on_reference(self, changes: Changes) -> None:
        """Imported reference data (``jingwang import``): new workers get columns now, addresses on the next tick;
        imported grids (``jingwang import-grids --relay``) lay the places out again."""
        if changes.reset or self._session.state is None:
            return
        if changes.grids:
            self._on_state_reset(self._session.state)
            return
        if changes.roster:
            self._reset_workers(self._session.state)
        self._addresses_dirty |= changes.district

    def _set_places(self, state) -> None:
        """Lay out the district's places (grids, police grids, labels, addresses, basemap) in a new frame."""
        district = self._places = state.district
        self._needs_home = True
        self.frame = LocalFrame.around(
            [p for g in district.grids for p in g.polygon] or [(i.lng, i.lat) for i in state.incidents.values()],
            self._datum,
        )
        self.frame_changed.emit(self.frame)
        if "basemap" in self.registry and self.registry.layer("basemap") is self.basemap:
            self.basemap.rebuild(district, self.frame)
        self.grids.set_grids(district.grids, self.frame)
        self.police_grids.set_polygons([p.polygon for p in district.police_grids], self.frame)
        self.grid_labels.item.set_labels(grid_labels(district, self.frame, self._light))
        self.addresses.rebuild(district, self.frame)
        self.picker.grids = GridIndex(district.grids)
        self.picker.frame = self.frame

    def apply_changes(self, changes: Changes) -> None:
        """Take one batch's change set (what the session's ``changed`` signal carries) now."""
        self.model.apply(changes)

    def ingest_fixes(self, workers, lngs, lats, ats) -> None:
        """Positions as columns (worker ids, WGS-84 degrees, fix times in ms)."""
        self.model.ingest(workers, lngs, lats, ats)

    def _show_zones(self, state) -> None:
        self.zones.set_zones({k: (z["name"], [tuple(p) for p in z["polygon"]]) for k, z in state.zones.items()},
                             self.frame)

    def _on_tick(self) -> None:
        self._tick += 1
        if self._addresses_dirty and self._session.state is not None:
            self._addresses_dirty = False
            self.addresses.rebuild(self._session.state.district, self.frame)
        if self._tick % STATUS_EVERY_TICKS == 0:
            self.model.workers_dirty = True
        if self._tick % HEAT_EVERY_TICKS == 0:
            self.model.heat_dirty = True
        self.refresh_now()

    def _on_layers_changed(self) -> None:
        self.model.workers_dirty = self.model.heat_dirty = True  # a layer shown again must catch up
        self.addresses.on_scale(self.ground_metres_per_px())

    def _on_view_changed(self, *_args) -> None:
        self.model.workers_dirty = True  # the tracks drawn are those of the workers in view
        mpp = self.ground_metres_per_px()
        self.scale_bar.set_metres_per_px(mpp)
        self.addresses.on_scale(mpp)

    def _on_mouse_moved(self, scene_pos) -> None:
        p = self.view_box.mapSceneToView(scene_pos)
        lng, lat = self.frame.to_lnglat(p.x(), p.y())
        self.coords.set_lnglat((float(lng), float(lat)))
        hit = self.hit_test(p.x(), p.y())
        if hit is not None and hit.kind != "grid":
            self.view.setToolTip(plain_tip(self._tip(hit)))
        else:
            radius = HIT_PX * self.view_box.metres_per_px()
            self.view.setToolTip(plain_tip(self.addresses.text_at(p.x(), p.y(), radius) or ""))

    def _tip(self, hit: MapHit) -> str:
        state = self._session.state
        if state is None:
            return ""
        status = (self.table.status(hit.key, self._clock(), self._stale_after_ms, self.model.link_lost)
                  if hit.kind == "worker" else None)
        return hover_text(state, hit.kind, hit.key, status)

    # --- overlay placement -------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.view.setGeometry(self.rect())
        self._place_overlays()

    def _place_overlays(self) -> None:
        w, h, m = self.width(), self.height(), 10
        self.scale_bar.move(m, h - self.scale_bar.height() - m)
        self.legend.adjustSize()
        self.legend.move(m, h - self.scale_bar.height() - self.legend.height() - 2 * m)
        self.coords.adjustSize()
        self.coords.move(w - self.coords.width() - m, h - self.coords.height() - m)
        self.follow_banner.move((w - self.follow_banner.width()) // 2, m)
        for card in (self.worker_card, self.grid_card):
            card.move(m, m)
        for overlay in (self.legend, self.scale_bar, self.coords, self.follow_banner, self.worker_card,
                        self.grid_card):
            overlay.raise_()

