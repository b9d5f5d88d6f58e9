"""Places and their codes: 街道, 社区, 网格, 警格, standard addresses, streets.

Coordinates are WGS-84 ``(lng, lat)`` tuples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from console.domain.errors import DomainError

Point = tuple[float, float]

_COMMUNITY_CODE = re.compile(r"^\d{12}$")
_GRID_CODE = re.compile(r"^\d{15}$")


def check_community_code(code: str) -> str:
    """Return ``code`` if it is a 12-digit 统计用区划代码, else raise E_FIELD."""
    if not _COMMUNITY_CODE.match(code):
        raise DomainError("E_FIELD", f"社区代码应为12位数字 / community code must be 12 digits: {code!r}")
    return code


def check_grid_code(code: str, community_code: str | None = None) -> str:
    """Return ``code`` if it is 15 digits (community code + 3-digit sequence) under ``community_code``."""
    if not _GRID_CODE.match(code):
        raise DomainError("E_FIELD", f"网格编码应为15位数字 / grid code must be 15 digits: {code!r}")
    if community_code is not None and not code.startswith(community_code):
        raise DomainError("E_FIELD", f"网格 {code} 不属于社区 {community_code}")
    return code


@dataclass(frozen=True, slots=True)
class Station:
    """A police station (派出所) identified by its 12-digit unit code."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Community:
    """A 社区/村 with its 12-digit statistical division code."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Grid:
    """A community grid (网格): 15-digit code = community code + sequence."""

    code: str
    name: str
    community_code: str
    polygon: tuple[Point, ...]

    @property
    def sequence(self) -> int:
        return int(self.code[12:])


@dataclass(frozen=True, slots=True)
class PoliceGrid:
    """A police grid (警格 / 警务责任区) owned by a station, covering one or more grids."""

    code: str
    name: str
    station_code: str
    grid_codes: tuple[str, ...]
    polygon: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Street:
    """A named road (街路巷) as a polyline."""

    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Address:
    """A standard address (标准地址, 一标) carrying its 三码: address, grid and police-grid codes.

    ``building`` (楼/幢), ``unit`` (单元), ``floor`` (层) and ``room`` (室) are empty for a door plate
    that names a whole building or a shop."""

    code: str
    text: str
    road: str
    door: str
    lng: float
    lat: float
    grid_code: str
    police_grid_code: str
    station_code: str
    compound: str = ""
    building: str = ""
    unit: str = ""
    floor: str = ""
    room: str = ""


@dataclass(slots=True)
class District:
    """A 街道 (township) and everything inside it: the reference data a console loads once."""

    name: str
    township_code: str
    stations: list[Station] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    police_grids: list[PoliceGrid] = field(default_factory=list)
    streets: list[Street] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)

    def to_dict(self) -> dict:
        """A JSON-ready dict (tuples become lists)."""
        from dataclasses import asdict

        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> District:
        """Inverse of :meth:`to_dict`."""

        def pts(seq: list) -> tuple[Point, ...]:
            return tuple((float(x), float(y)) for x, y in seq)

        return cls(
            name=data["name"],
            township_code=data["township_code"],
            stations=[Station(**s) for s in data.get("stations", [])],
            communities=[Community(**c) for c in data.get("communities", [])],
            grids=[Grid(g["code"], g["name"], g["community_code"], pts(g["polygon"])) for g in data.get("grids", [])],
            police_grids=[
                PoliceGrid(p["code"], p["name"], p["station_code"], tuple(p["grid_codes"]), pts(p["polygon"]))
                for p in data.get("police_grids", [])
            ],
            streets=[Street(s["name"], pts(s["points"])) for s in data.get("streets", [])],
            addresses=[Address(**a) for a in data.get("addresses", [])],
        )
