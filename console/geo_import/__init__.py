"""Import community grids (网格) and police grids (警格) from GeoJSON or Shapefile, with validation.

Nothing is imported when any check fails. Property names accepted per field are listed in
:mod:`console.geo_import.properties`; code rules in :mod:`console.geo_import.codes`.
"""

from console.geo_import.checks import Tolerances
from console.geo_import.codes import CodeRules
from console.geo_import.export import district_to_geojson, write_district_geojson
from console.geo_import.importer import PlacesStore, check_layers, import_collections, import_files, import_grids
from console.geo_import.report import ImportReport, Issue

__all__ = [
    "CodeRules",
    "ImportReport",
    "Issue",
    "PlacesStore",
    "Tolerances",
    "check_layers",
    "district_to_geojson",
    "import_collections",
    "import_files",
    "import_grids",
    "write_district_geojson",
]
