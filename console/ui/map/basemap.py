"""Put the configured tile source under the map as its 底图 (basemap) layer."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication

from console.geo.tile_source import source_from_setting
from console.ui.map.district_map import DistrictMap
from console.ui.map.tile_layer import TileLayer
from console.ui.map.tile_loader import TileLoader

log = logging.getLogger(__name__)


def install_basemap(map_widget: DistrictMap, setting: str, cache_dir=None, *, light: bool = True) -> TileLayer | None:
    """Load tiles from ``setting`` (see ``JINGWANG_TILE_SOURCE``) under ``map_widget``'s overlays.

    Returns the layer, or None (and a warning; the district's own streets stay the basemap) when the
    source cannot be opened. Overlays switch to the tiles' datum, so GCJ-02/BD-09 tiles line up.
    """
    try:
        loader = TileLoader(source_from_setting(setting), cache_dir=cache_dir, parent=map_widget)
    except (OSError, ValueError) as exc:
        log.warning("no basemap tiles (%s): %s", setting, exc)
        return None
    layer = TileLayer(loader)
    map_widget.view_box.addItem(layer, ignoreBounds=True)
    map_widget.set_basemap(layer, layer.datum, light=light)  # rebuilds the frame in the tiles' datum first
    layer.set_frame(map_widget.frame)
    map_widget.frame_changed.connect(layer.set_frame)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(loader.close)
    return layer
