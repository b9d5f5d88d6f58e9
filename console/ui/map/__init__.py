"""The district map: canvas, layers, layer panel, cards, search and the panel combining them."""

from console.ui.map.district_map import DistrictMap
from console.ui.map.map_panel import MapPanel

__all__ = ["DistrictMap", "MapPanel"]
