"""What an account is bound to (its ``scope``): a station, 警格, grids, workers, a department.

One value for every kind of narrowing, stored with the account and enforced by the relay:

- a **field gateway** acts only for the workers it covers (``workers``, or every worker whose own grid
  is covered); empty binds nobody;
- a **liaison** serves its ``department`` (60xxxx, ``*`` = the 12345 platform: all of them);
- a **desk** (dispatcher, officer, chief, trainer) with a place (``station``, ``police_grids`` or
  ``grids``) acts only on work inside it — ``station`` is one 派出所 or, for a 分局 or city centre desk,
  a list of them (:mod:`console.domain.scope_check`); without one, the whole
  district — except that an officer linked to the roster reviews submissions of their own 警格.

:meth:`Scope.resolved` expands a station and 警格 into the grids they cover, once, at login.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from console.domain.errors import DomainError
from console.domain.workers import Worker

if TYPE_CHECKING:
    from console.domain.places import District

ALL_DEPARTMENTS = "*"  # the 12345 platform: every department's referrals
_LISTS = ("police_grids", "grids", "workers")
_TEXTS = ("department",)
KEYS = ("station", *_TEXTS, *_LISTS)
MAX_CODES = 500


@dataclass(frozen=True, slots=True)
class Scope:
    """Places (派出所 ``stations``, ``police_grids``, ``grids``), ``workers`` and a ``department``."""

    stations: frozenset[str] = frozenset()
    police_grids: frozenset[str] = frozenset()
    grids: frozenset[str] = frozenset()
    workers: frozenset[str] = frozenset()
    department: str = ""

    @classmethod
    def parse(cls, raw: dict) -> Scope:
        """From a stored scope, e.g. ``{"workers": ["W0001"]}``, ``{"station": "…"}`` or ``{"station": ["…", "…"]}``."""
        station = raw.get("station", ())
        stations = frozenset([station] if isinstance(station, str) else map(str, station)) - {""}
        return cls(stations, *(frozenset(map(str, raw.get(k, ()))) for k in _LISTS),
                   department=str(raw.get("department", "")))

    @classmethod
    def from_arg(cls, raw: object) -> Scope:
        """From a command's ``scope`` argument: only the known keys, texts and lists of texts (E_FIELD)."""
        if not isinstance(raw, dict):
            raise DomainError("E_FIELD", "scope 应为对象 / scope must be an object")
        unknown = set(raw) - set(KEYS)
        if unknown:
            raise DomainError("E_FIELD", f"未知的范围类型 {sorted(unknown)}（可用：{'、'.join(KEYS)}）")
        for key in _TEXTS:
            if not isinstance(raw.get(key, ""), str):
                raise DomainError("E_FIELD", f"scope.{key} 应为文本")
        station = raw.get("station", "")
        if not isinstance(station, str) and not (
                isinstance(station, list) and all(isinstance(c, str) for c in station) and len(station) <= MAX_CODES):
            raise DomainError("E_FIELD", f"scope.station 应为派出所代码或代码列表（至多 {MAX_CODES} 个）")
        for key in _LISTS:
            codes = raw.get(key, [])
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes) or len(codes) > MAX_CODES:
                raise DomainError("E_FIELD", f"scope.{key} 应为代码列表（至多 {MAX_CODES} 个）")
        return cls.parse(raw)

    def to_dict(self) -> dict:
        """The stored and wire form: only what is set, lists sorted, one station as a plain code."""
        d: dict = {}
        if self.stations:
            d["station"] = next(iter(self.stations)) if len(self.stations) == 1 else sorted(self.stations)
        d.update({k: getattr(self, k) for k in _TEXTS if getattr(self, k)})
        d.update({k: sorted(getattr(self, k)) for k in _LISTS if getattr(self, k)})
        return d

    @property
    def has_places(self) -> bool:
        """Whether a station, 警格 or grids narrow where a desk may act."""
        return bool(self.stations or self.police_grids or self.grids)

    def resolved(self, district: District) -> Scope:
        """This scope with ``grids`` holding every grid its stations and 警格 cover too."""
        grids = set(self.grids)
        for pg in district.police_grids:
            if pg.code in self.police_grids or pg.station_code in self.stations:
                grids.update(pg.grid_codes)
        return replace(self, grids=frozenset(grids))

    def covers(self, worker: Worker | None) -> bool:
        """A worker bound to a gateway: listed, or its own grid is (resolve first for station and 警格)."""
        return worker is not None and (worker.id in self.workers or worker.grid_code in self.grids)

    def problems(self, district: District, workers: dict, departments: dict[str, str]) -> list[str]:
        """What names a code that does not exist, in Chinese (empty when everything does)."""
        known = {
            "stations": {s.code for s in district.stations},
            "police_grids": {p.code for p in district.police_grids},
            "grids": {g.code for g in district.grids},
            "workers": set(workers),
            "department": {*departments, ALL_DEPARTMENTS},
        }
        label = {"stations": "派出所", "police_grids": "警格", "grids": "网格", "workers": "人员",
                 "department": "职能部门"}
        found = []
        for key in ("stations", *_TEXTS, *_LISTS):
            value = getattr(self, key)
            codes = ({value} if value else set()) if isinstance(value, str) else value
            missing = sorted(codes - known[key])
            if missing:
                found.append(f"{label[key]} {'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''} 不存在")
        return found

    def describe(self) -> str:
        """In Chinese for a table cell: 派出所 … · 警格 2 个 · 部门 600600; 全辖区 when nothing narrows."""
        parts = []
        for key, label in (("stations", "派出所"), ("police_grids", "警格"), ("grids", "网格"), ("workers", "人员")):
            codes = sorted(getattr(self, key))
            if codes:
                parts.append(f"{label} {codes[0]}" if len(codes) == 1 else f"{label} {len(codes)} 个")
        if self.department:
            parts.append("全部部门" if self.department == ALL_DEPARTMENTS else f"部门 {self.department}")
        return " · ".join(parts) or "全辖区"
