"""Feature property names: the spellings accepted for each field (matched case-insensitively).

| field | accepted names |
| --- | --- |
| grid code | code, grid_code, gridcode, wgbm, wgdm, wgbh |
| grid name | name, grid_name, gridname, wgmc |
| community code | community_code, communitycode, comm_code, sqbm, sqdm, cjbm, cjdm |
| community name | community_name, communityname, comm_name, sqmc, cjmc |
| police grid code | code, police_grid_code, pgrid_code, jgbm, jgdm, zrqbm, zrqdm, jwzrqdm, jwqbm |
| police grid name | name, police_grid_name, jgmc, zrqmc, jwzrqmc, jwqmc |
| station code | station_code, stationcode, pcsdm, pcsbm, sspcsdm, sspcsbm, jgjgdm |
| station name | station_name, stationname, pcsmc, sspcsmc |
| grids a police grid covers | grid_codes, gridcodes, wgbms, fgwg, fgwgbm (a list, or codes split by , ; 、 or space) |
| township name (district) | township, township_name, jdmc, street_name |

``GRID_CODE``, ``WGBM`` and ``wgbm`` are therefore all the same field. A code given as a JSON number
(or a Shapefile numeric field) is read as its integer digits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FIELDS: dict[str, tuple[str, ...]] = {
    "grid_code": ("code", "grid_code", "gridcode", "wgbm", "wgdm", "wgbh"),
    "grid_name": ("name", "grid_name", "gridname", "wgmc"),
    "community_code": ("community_code", "communitycode", "comm_code", "sqbm", "sqdm", "cjbm", "cjdm"),
    "community_name": ("community_name", "communityname", "comm_name", "sqmc", "cjmc"),
    "police_code": ("code", "police_grid_code", "pgrid_code", "jgbm", "jgdm", "zrqbm", "zrqdm", "jwzrqdm", "jwqbm"),
    "police_name": ("name", "police_grid_name", "jgmc", "zrqmc", "jwzrqmc", "jwqmc"),
    "station_code": ("station_code", "stationcode", "pcsdm", "pcsbm", "sspcsdm", "sspcsbm", "jgjgdm"),
    "station_name": ("station_name", "stationname", "pcsmc", "sspcsmc"),
    "grid_codes": ("grid_codes", "gridcodes", "wgbms", "fgwg", "fgwgbm"),
    "township_name": ("township", "township_name", "jdmc", "street_name"),
}
# Community layer: a community's own code and name.
FIELDS["community_own_code"] = ("code", *FIELDS["community_code"])
FIELDS["community_own_name"] = ("name", *FIELDS["community_name"])

_SPLIT = re.compile(r"[,;，；、\s]+")


def text(props: Mapping[str, object], field: str) -> str:
    """The first non-empty value among the field's accepted names, as stripped text ("" if none)."""
    lowered = {str(k).lower(): v for k, v in props.items()}
    for name in FIELDS[field]:
        value = _as_text(lowered.get(name))
        if value:
            return value
    return ""


def code_list(props: Mapping[str, object], field: str) -> tuple[str, ...] | None:
    """A list field (JSON array or delimited text) as a tuple of codes; None when absent or empty."""
    lowered = {str(k).lower(): v for k, v in props.items()}
    for name in FIELDS[field]:
        value = lowered.get(name)
        if isinstance(value, list | tuple):
            codes = tuple(c for c in (_as_text(v) for v in value) if c)
        else:
            codes = tuple(c for c in _SPLIT.split(_as_text(value)) if c)
        if codes:
            return codes
    return None


def _as_text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
