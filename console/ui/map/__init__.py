"""The district map: projection and the pyqtgraph widget."""

from console.ui.map.district_map import DistrictMap

__all__ = ["DistrictMap"]
