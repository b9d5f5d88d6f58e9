"""Checks of imported reference rows against the state, and against the rows checked before them.

A :class:`Checker` takes one row at a time (a file's, or a relay command's chunk) in its wire form and
returns it completed (an address with the grid, 警格 and 派出所 its point falls in; a record with its
key and grid), or the problems of its fields, each naming the field. It also finds a code given twice,
one place or phone under two codes, and a row that would change nothing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from console.domain import grid_profiles as gp
from console.domain.geo import bbox, point_in_polygon
from console.domain.places import District
from console.domain.records import field_specs, record_key
from console.domain.reference import ADDRESS_PARTS, ROSTER_KINDS, RefKind, address_of, place_of, worker_of
from console.domain.text import is_blank, text_problem
from console.domain.units import Capability, TravelMode
from console.domain.workers import KIND_DEFAULTS, WorkerKind

if TYPE_CHECKING:
    from console.domain.state import State

Problem = tuple[str, str]  # (field, why)

_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_ADDRESS_CODE = re.compile(r"^[0-9A-Za-z]{6,32}$")
_STATION = re.compile(r"^\d{12}$")
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{3,8})$")  # mobile, landline, or an internal 短号
UNIT_KINDS = frozenset({WorkerKind.OFFICER, WorkerKind.PATROL, WorkerKind.AUXILIARY})
# field -> longest value the store keeps (console/store/tables.py)
_LENGTHS = {"name": 64, "text": 256, "road": 128, "door": 32, "compound": 128, "building": 32, "unit": 16,
            "floor": 16, "room": 16, "police_grid": 32}


@dataclass(slots=True)
class Checked:
    """One row's outcome: the completed row (None when it has problems) and whether it changes anything."""

    row: dict | None
    problems: list[Problem] = field(default_factory=list)
    changed: bool = False


def check_digit_text(why: str) -> str:
    """``校验位应为 X`` from the records' checks, as an import report says it."""
    return f"校验位错误（应为 {why[6:]}）" if why.startswith("校验位应为 ") else why


class Checker:
    """Checks rows of one kind against ``state``; remembers each row's code, place and phone under ``label``
    (e.g. 第12行) so that a later row repeating one is refused, naming the first."""

    def __init__(self, state: State, kind: RefKind) -> None:
        self.state, self.kind = state, kind
        self._codes: dict[str, str] = {}
        self._places: dict[tuple[str, ...], str] = {}
        self._phones: dict[str, str] = {}
        self._phone_owner: dict[str, str] | None = None
        self._geo = _GridLookup.of(state.district)

    def check(self, raw: object, label: str) -> Checked:
        """Check one row (a dict in its wire form)."""
        if not isinstance(raw, dict):
            return Checked(None, [("", "应为对象")])
        if self.kind in ROSTER_KINDS:
            checked = self._roster(raw)
        elif self.kind is RefKind.ADDRESS:
            checked = self._address(raw)
        elif self.kind is RefKind.GRID:
            checked = self._grid(raw)
        elif self.kind is RefKind.GRID_ROLE:
            checked = self._grid_role(raw)
        else:
            checked = self._record(raw)
        if checked.row is not None:
            self._repeats(checked, label)
        if checked.problems:
            checked.row, checked.changed = None, False
        return checked

    # -- the roster -------------------------------------------------------------------------------

    def _roster(self, raw: dict) -> Checked:
        p: list[Problem] = []
        wid = _code(raw, "id", _ID, "应为1-32位字母、数字、-或_", p)
        name = _text(raw, "name", True, p)
        phone = _text(raw, "phone", self.kind is RefKind.WORKER, p)
        if phone and not _PHONE.match(phone):
            p.append(("phone", "应为手机号、座机号或短号"))
        grid = _text(raw, "grid", True, p)
        if grid and not self._geo.has_grid(grid):
            p.append(("grid", f"辖区内没有网格 {grid}"))
        existing = self.state.workers.get(wid) if wid else None
        if self.kind is RefKind.WORKER:
            kind, mode, caps, station = WorkerKind.GRID_WORKER, None, None, ""
            if existing is not None and existing.kind is not kind:
                p.append(("id", f"{wid} 是{existing.kind.label}，不能作为网格员导入"))
        else:
            kind, mode, caps, station = self._unit_parts(raw, p)
            if existing is not None and kind is not None and (existing.kind is WorkerKind.GRID_WORKER) != (
                    kind is WorkerKind.GRID_WORKER):
                p.append(("id", f"{wid} 是{existing.kind.label}，不能作为警力导入"))
        if p:
            return Checked(None, p)
        base = existing if existing is not None and existing.kind is kind else None
        default_mode, default_caps = KIND_DEFAULTS[kind]
        row = {"id": wid, "name": name, "kind": kind.value, "grid": grid, "phone": phone,
               "mode": (mode or (base.mode if base else default_mode)).value,
               "capabilities": sorted(c.value for c in (caps if caps is not None else
                                                         base.capabilities if base else default_caps)),
               "station": station or (base.station_code if base else "")}
        return Checked(row, changed=existing is None or worker_of(row) != existing)

    def _unit_parts(self, raw: dict, p: list[Problem]):
        mode = caps = None
        kind = next((k for k in UNIT_KINDS if k.value == raw.get("kind")), None)
        if kind is None:
            p.append(("kind", "应为社区民警、巡逻警组或辅警"))
        if raw.get("mode", "") != "":
            try:
                mode = TravelMode(raw["mode"])
            except ValueError:
                p.append(("mode", "应为步行、电动车或警车"))
        if raw.get("capabilities") is not None:
            values = raw["capabilities"]
            known = {c.value for c in Capability}
            if not isinstance(values, list) or any(v not in known for v in values):
                p.append(("capabilities", "含有未知能力，可选：" + "、".join(c.label for c in Capability)))
            else:
                caps = frozenset(Capability(v) for v in values)
        station = _code(raw, "station", _STATION, "应为12位派出所代码", p)
        if station and station not in {s.code for s in self.state.district.stations}:
            p.append(("station", f"辖区内没有派出所 {station}"))
        return kind, mode, caps, station

    # -- standard addresses ---------------------------------------------------------------------

    def _address(self, raw: dict) -> Checked:
        p: list[Problem] = []
        code = _code(raw, "code", _ADDRESS_CODE, "应为6-32位字母或数字", p)
        parts = {name: _text(raw, name, name in ("road", "door"), p) for name in ADDRESS_PARTS}
        text = _text(raw, "text", False, p) or compose_text(parts)
        lng, lat = _number(raw, "lng", -180, 180, p), _number(raw, "lat", -90, 90, p)
        grid = police = station = ""
        if lng is not None and lat is not None:
            grid = self._geo.grid_at(lng, lat)
            if not grid:
                p.append(("lng", f"坐标 ({lng:.6f}, {lat:.6f}) 不在辖区任何网格内"))
            else:
                police, station = self._geo.police_of(grid)
                for name, derived, what in (("grid", grid, "网格"), ("police_grid", police, "警格"),
                                            ("station", station, "派出所")):
                    given = _text(raw, name, False, p)
                    if given and given != derived:
                        p.append((name, f"坐标落在{what} {derived or '（无）'}，与所填 {given} 不符"))
        if p:
            return Checked(None, p)
        row = {"code": code, "text": text, **parts, "lng": lng, "lat": lat, "grid": grid, "police_grid": police,
               "station": station}
        existing = self.state.address_index.get(code)
        return Checked(row, changed=existing is None or address_of(row) != existing)

    # -- 三实 records ----------------------------------------------------------------------------

    def _record(self, raw: dict) -> Checked:
        kind = self.kind.record_kind
        fields = raw.get("fields")
        if not isinstance(fields, dict):
            return Checked(None, [("", "应有 fields 对象")])
        specs = field_specs(kind)
        p: list[Problem] = [(name, "不是该类档案的字段") for name in fields if name not in specs]
        for name, (required, check, _type) in specs.items():
            if name not in fields:
                if required:
                    p.append((name, "必填"))
                continue
            why = check(fields[name])
            if why:
                p.append((name, check_digit_text(why)))
        address = self.state.address_index.get(fields.get("address_code", "")) if isinstance(
            fields.get("address_code"), str) else None
        if "address_code" in fields and address is None and not any(n == "address_code" for n, _ in p):
            p.append(("address_code", f"标准地址 {fields['address_code']} 不存在（先导入标准地址）"))
        if p:
            return Checked(None, p)
        key = record_key(kind, fields, "")
        existing = self.state.records.get(self.state.records_by_key.get(key, ""))
        current = existing.current() if existing else None
        row = {"record": existing.id if existing else "", "key": key, "grid": address.grid_code, "fields": fields}
        return Checked(row, changed=current is None or current.fields != fields or existing.grid_code != row["grid"])

    # -- grid attributes and posts (console.domain.grid_profiles) ---------------------------------

    def _grid_of(self, raw: dict, p: list[Problem]) -> str:
        grid = _text(raw, "grid", True, p)
        if grid and not self._geo.has_grid(grid):
            p.append(("grid", f"辖区内没有网格 {grid}"))
        return grid

    def _grid(self, raw: dict) -> Checked:
        p: list[Problem] = []
        grid = self._grid_of(raw, p)
        kind = raw.get("grid_kind") or gp.ORDINARY
        if kind not in gp.KIND_LABELS:
            p.append(("grid_kind", "应为 普通 或 专属"))
        site_type, site_name = _text(raw, "site_type", False, p), _text(raw, "site_name", False, p)
        site = _text(raw, "site_address", False, p)
        if kind == gp.DEDICATED:
            if not site_type:
                p.append(("site_type", "专属网格须填场所类型"))
            if not site:
                p.append(("site_address", "专属网格须填场所地址编码"))
        if site and self.state.address_index.get(site) is None:
            p.append(("site_address", f"没有标准地址 {site}"))
        elif site and grid and self.state.address_index[site].grid_code != grid:
            p.append(("site_address", f"地址 {site} 不在网格 {grid} 内"))
        if p:
            return Checked(None, p)
        row = {"code": grid, "grid": grid, "grid_kind": kind, "site_type": site_type, "site_name": site_name,
               "site_address": site}
        old = self.state.grid_profiles.get(grid)
        return Checked(row, changed=old is None or (old.kind, old.site_type, old.site_name, old.site_address) != (
            kind, site_type, site_name, site))

    def _grid_role(self, raw: dict) -> Checked:
        p: list[Problem] = []
        grid = self._grid_of(raw, p)
        role = _text(raw, "role", True, p)
        if role and role not in gp.ROLES:
            p.append(("role", f"应为 {'、'.join(gp.ROLES)}"))
        compound, building = _text(raw, "compound", False, p), _text(raw, "building", False, p)
        if role == gp.COMPOUND_HEAD and not compound:
            p.append(("compound", "小区长须填小区"))
        if role == gp.BUILDING_HEAD and not building:
            p.append(("building", "楼栋长须填楼栋"))
        if role == gp.HEAD:
            compound = building = ""
        elif role == gp.COMPOUND_HEAD:
            building = ""
        name, phone, worker = _text(raw, "name", True, p), _text(raw, "phone", False, p), _text(raw, "worker", False, p)
        if phone and not _PHONE.match(phone):
            p.append(("phone", "应为手机号、座机号或短号"))
        if worker and worker not in self.state.workers:
            p.append(("worker", f"没有人员 {worker}"))
        if p:
            return Checked(None, p)
        row = {"grid": grid, "role": role, "compound": compound, "building": building, "name": name,
               "phone": phone, "worker": worker}
        row["key"] = gp.role_key(row)
        old = self.state.grid_profiles.get(grid)
        held = next((r for r in old.roles if r.key == (role, compound, building)), None) if old else None
        return Checked(row, changed=held != gp.GridRole(role, name, compound, building, phone, worker))

    # -- repeats within the rows, and conflicts with the state by another code ------------------

    def _repeats(self, checked: Checked, label: str) -> None:
        row, p = checked.row, checked.problems
        ident = row.get("id") or row.get("code") or row["key"]
        first = self._codes.setdefault(ident, label)
        if first != label:
            p.append(("id" if "id" in row else "code" if "code" in row else "", f"与{first}重复"))
            return
        if self.kind is RefKind.ADDRESS:
            place = place_of(address_of(row))
            owner = self.state.address_places.get(place)
            if owner is not None and owner != row["code"]:
                p.append(("code", f"该地址已有编码 {owner}（{row['text']}）"))
            elif self._places.setdefault(place, label) != label:
                p.append(("code", f"与{self._places[place]}是同一地址（{row['text']}）"))
        elif self.kind in ROSTER_KINDS and row["phone"]:
            owner = self._phone_owners().get(row["phone"])
            if owner is not None and owner != row["id"]:
                p.append(("phone", f"手机号已属于 {owner}"))
            elif self._phones.setdefault(row["phone"], label) != label:
                p.append(("phone", f"与{self._phones[row['phone']]}手机号重复"))

    def _phone_owners(self) -> dict[str, str]:
        if self._phone_owner is None:
            self._phone_owner = {w.phone: w.id for w in self.state.workers.values() if w.phone}
        return self._phone_owner


def compose_text(parts: dict[str, str]) -> str:
    """The address as one line (路名 门牌 小区 楼 单元 层 室), numbers given their usual suffix."""
    suffix = {"door": "号", "building": "幢", "unit": "单元", "floor": "层", "room": "室"}
    return "".join(v + suffix[k] if k in suffix and v.isdigit() else v for k, v in parts.items() if v)


@dataclass(frozen=True, slots=True)
class _GridLookup:
    """The district's grids by bounding box, and the 警格 and 派出所 of each grid (built once per district)."""

    district: District
    boxes: tuple
    police: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, district: District) -> _GridLookup:
        global _lookup
        if _lookup is None or _lookup.district is not district or len(_lookup.boxes) != len(district.grids):
            boxes = tuple((bbox(g.polygon), g.polygon, g.code) for g in district.grids)
            police = {c: (pg.code, pg.station_code) for pg in district.police_grids for c in pg.grid_codes}
            _lookup = cls(district, boxes, police)
        return _lookup

    def has_grid(self, code: str) -> bool:
        return any(c == code for _, _, c in self.boxes)

    def grid_at(self, lng: float, lat: float) -> str:
        """The grid strictly containing the point, or ""."""
        for (x0, y0, x1, y1), polygon, code in self.boxes:
            if x0 <= lng <= x1 and y0 <= lat <= y1 and point_in_polygon((lng, lat), polygon):
                return code
        return ""

    def police_of(self, grid: str) -> tuple[str, str]:
        return self.police.get(grid, ("", ""))


_lookup: _GridLookup | None = None  # the last district looked at (the relay's, or a file check's)


def _text(raw: dict, name: str, required: bool, p: list[Problem]) -> str:
    value = raw.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        p.append((name, "应为文本"))
        return ""
    value = value.strip()
    why = text_problem(value)
    if why:
        p.append((name, why))
    elif required and is_blank(value):
        p.append((name, "必填"))
    elif len(value) > _LENGTHS.get(name, 64):
        p.append((name, f"过长（最多{_LENGTHS.get(name, 64)}字）"))
    return value


def _code(raw: dict, name: str, pattern: re.Pattern, why: str, p: list[Problem]) -> str:
    value = _text(raw, name, True, p)
    if value and not pattern.match(value):
        p.append((name, why))
    return value


def _number(raw: dict, name: str, low: float, high: float, p: list[Problem]) -> float | None:
    value = raw.get(name)
    if value is None or value == "":
        p.append((name, "必填"))
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        p.append((name, "应为数字"))
        return None
    if not low <= value <= high:
        p.append((name, f"应在 {low} 到 {high} 之间"))
        return None
    return float(value)
