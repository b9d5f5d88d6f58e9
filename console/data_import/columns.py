"""The columns of each import kind: Chinese header, the row field it fills, how a cell becomes a value.

A cell reads as what Excel or a CSV gives (text, a number, a date, a boolean, nothing); :func:`convert`
turns it into the field's wire value or says why it cannot. Record kinds (三实) fill ``fields`` with the
names of :mod:`console.domain.records`; their choices accept the code or its name (男 or 1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from console.domain.grid_profiles import KIND_LABELS, ROLES, SITE_TYPES
from console.domain.record_form import ETHNICITY_NAMES
from console.domain.records import HOUSE_USES, RELATIONS, SEX_CODES
from console.domain.reference import RefKind
from console.domain.units import Capability, TravelMode
from console.domain.workers import WorkerKind

MAX_EXACT = 10**15  # a number cell above this has lost digits (Excel keeps 15 significant digits)


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``header`` (Chinese), the row ``field`` it fills (``fields.NAME`` for a record field),
    its ``type`` (text, code, number, count, flag, date, caps or ``choice:TABLE``), whether it is required,
    other headers that mean the same, and the template's example value."""

    header: str
    field: str
    type: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: object = ""
    note: str = ""  # the template's comment on the header (else one from the type)


_C = Column
COLUMNS: dict[RefKind, tuple[Column, ...]] = {
    RefKind.WORKER: (
        _C("人员编号", "id", "code", True, ("编号", "网格员编号"), "W0901"),
        _C("姓名", "name", required=True, example="王晓红"),
        _C("手机号", "phone", "code", True, ("手机号码", "联系电话", "电话"), "13912340901"),
        _C("所属网格编码", "grid", "code", True, ("网格编码", "责任网格编码"), "{grid}"),
    ),
    RefKind.UNIT: (
        _C("警力编号", "id", "code", True, ("编号",), "X31"),
        _C("名称", "name", required=True, aliases=("姓名", "警组名称"), example="巡逻九组(车)"),
        _C("类型", "kind", "choice:unit_kind", True, ("警力类型",), "巡逻车"),
        _C("派出所代码", "station", "code", True, ("所属派出所代码",), "{station}"),
        _C("责任网格编码", "grid", "code", True, ("网格编码", "所在网格编码"), "{grid}"),
        _C("联系电话", "phone", "code", False, ("手机号", "电话"), "13912340931"),
        _C("出行方式", "mode", "choice:mode", example=""),
        _C("能力", "capabilities", "caps", example="执法、警械、交通管制"),
    ),
    RefKind.ADDRESS: (
        _C("地址编码", "code", "code", True, ("标准地址编码",), "{grid}9001"),
        _C("街路巷", "road", required=True, aliases=("街路巷名称", "道路"), example="{road}"),
        _C("门牌号", "door", "code", True, ("门牌",), "901号"),
        _C("小区", "compound", aliases=("小区名称",), example=""),
        _C("楼栋", "building", "code", aliases=("楼号", "幢"), example="1"),
        _C("单元", "unit", "code", example="2"),
        _C("楼层", "floor", "code", aliases=("层",), example="3"),
        _C("室", "room", "code", aliases=("室号", "房间号"), example="302"),
        _C("经度", "lng", "number", True, example="{lng}"),
        _C("纬度", "lat", "number", True, example="{lat}"),
        _C("网格编码", "grid", "code", example=""),
        _C("警格编码", "police_grid", "code", aliases=("警务责任区编码",), example=""),
        _C("派出所代码", "station", "code", example=""),
        _C("标准地址", "text", aliases=("地址全称", "地址"), example=""),
    ),
    RefKind.PERSON: (
        _C("身份证号", "fields.id_number", "code", True, ("公民身份号码", "身份证号码"), "11010519491231002X"),
        _C("姓名", "fields.name", required=True, example="李建国"),
        _C("性别", "fields.sex", "choice:sex", True, example="男"),
        _C("民族", "fields.ethnicity", "choice:ethnicity", example="汉族"),
        _C("居住地址编码", "fields.address_code", "code", True, ("地址编码", "标准地址编码"), "{address}"),
        _C("流动人口", "fields.floating", "flag", example="否"),
        _C("联系电话", "fields.phone", "code", aliases=("手机号",), example="13812345678"),
        _C("迁入日期", "fields.move_in", "date", example="2024-03-01"),
        _C("与房屋关系", "fields.relation", "choice:relation", example="自有"),
        _C("工作单位", "fields.workplace", example=""),
    ),
    RefKind.HOUSE: (
        _C("房屋地址编码", "fields.address_code", "code", True, ("地址编码", "标准地址编码"), "{address}"),
        _C("房屋用途", "fields.use", "choice:use", True, ("用途",), "出租"),
        _C("居住人数", "fields.occupants", "count", example=3),
        _C("房主", "fields.owner", aliases=("房主姓名",), example="张卫东"),
    ),
    RefKind.ORG: (
        _C("单位名称", "fields.name", required=True, aliases=("名称",), example="姑苏区示例便利店"),
        _C("统一社会信用代码", "fields.credit_code", "code", True, ("信用代码",), "91350100M000100Y43"),
        _C("单位地址编码", "fields.address_code", "code", True, ("地址编码", "标准地址编码"), "{address}"),
        _C("重点单位", "fields.key_unit", "flag", example="否"),
        _C("联系人", "fields.contact", example="周敏"),
    ),
    RefKind.GRID: (
        _C("网格编码", "grid", "code", True, ("所属网格编码",), "{grid}"),
        _C("网格类型", "grid_kind", "choice:grid_kind", True, ("类型",), "专属"),
        _C("场所类型", "site_type", "choice:site_type", example="学校"),
        _C("场所名称", "site_name", aliases=("重点场所",), example="平江实验学校"),
        _C("场所地址编码", "site_address", "code", aliases=("场所标准地址编码",), example="{site}"),
    ),
    RefKind.GRID_ROLE: (
        _C("网格编码", "grid", "code", True, ("所属网格编码",), "{grid}"),
        _C("职务", "role", "choice:grid_role", True, ("网格职务",), "楼栋长"),
        _C("小区", "compound", aliases=("小区名称",), example="{compound}"),
        _C("楼栋", "building", "code", aliases=("楼号", "幢"), example="{building}"),
        _C("姓名", "name", required=True, example="陈建华"),
        _C("手机号", "phone", "code", aliases=("联系电话", "电话"), example="13912340955"),
        _C("人员编号", "worker", "code", aliases=("网格员编号",), example=""),
    ),
}

# what ``jingwang import KIND`` accepts: the kind's value, its plural, its Chinese name
KIND_NAMES: dict[str, RefKind] = {
    **{k.value: k for k in RefKind}, **{k.label: k for k in RefKind},
    "workers": RefKind.WORKER, "units": RefKind.UNIT, "addresses": RefKind.ADDRESS, "people": RefKind.PERSON,
    "persons": RefKind.PERSON, "houses": RefKind.HOUSE, "orgs": RefKind.ORG, "警力单元": RefKind.UNIT,
    "grids": RefKind.GRID, "网格": RefKind.GRID, "grid_roles": RefKind.GRID_ROLE, "roles": RefKind.GRID_ROLE,
}

# unit types as people write them -> (kind, travel mode or None for the kind's usual one)
UNIT_KINDS = {"社区民警": (WorkerKind.OFFICER, None), "巡逻警组": (WorkerKind.PATROL, None),
              "巡逻车": (WorkerKind.PATROL, TravelMode.CAR), "步巡组": (WorkerKind.PATROL, TravelMode.WALK),
              "辅警": (WorkerKind.AUXILIARY, None)}
_CHOICES: dict[str, dict[str, str]] = {  # table -> {what a cell may say: the value}
    "sex": {**{c: c for c in SEX_CODES}, "男": "1", "女": "2", **{name: c for c, name in SEX_CODES.items()}},
    "ethnicity": {**{c: c for c in ETHNICITY_NAMES}, **{n: c for c, n in ETHNICITY_NAMES.items()},
                  **{n.removesuffix("族"): c for c, n in ETHNICITY_NAMES.items() if n.endswith("族")}},
    "use": {**{c: c for c in HOUSE_USES}, **{n: c for c, n in HOUSE_USES.items()}},
    "relation": {r: r for r in RELATIONS},
    "mode": {**{m.value: m.value for m in TravelMode}, **{m.label: m.value for m in TravelMode}, "车": "car"},
    "unit_kind": {name: name for name in UNIT_KINDS},
    "grid_kind": {**{k: k for k in KIND_LABELS}, **{v: k for k, v in KIND_LABELS.items()},
                  **{v.removesuffix("网格"): k for k, v in KIND_LABELS.items()}},
    "site_type": {t: t for t in SITE_TYPES},
    "grid_role": {r: r for r in ROLES},
}
_CAPS = {**{c.label: c.value for c in Capability}, **{c.value: c.value for c in Capability}}
_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "有"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "无"})


def convert(column: Column, cell: object) -> object:
    """The wire value of ``cell`` for ``column`` (None: the cell is empty), or raise :class:`CellError`."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    kind = column.type
    if kind == "text":
        return _plain(cell)
    if kind == "code":
        return _code(cell)
    if kind == "number":
        return _number(cell)
    if kind == "count":
        value = _number(cell)
        if not value.is_integer():
            raise CellError("应为整数")
        return int(value)
    if kind == "flag":
        return _flag(cell)
    if kind == "date":
        return _date(cell)
    if kind == "caps":
        parts = [p.strip() for p in _plain(cell).replace("，", ",").replace("、", ",").split(",") if p.strip()]
        unknown = [p for p in parts if p not in _CAPS]
        if unknown:
            raise CellError(f"未知能力 {unknown[0]}，可选：" + "、".join(c.label for c in Capability))
        return sorted({_CAPS[p] for p in parts})
    table = _CHOICES[kind.removeprefix("choice:")]
    text = _code(cell)
    if text not in table:
        names = [k for k in table if not k.isascii()] or list(table)
        raise CellError(f"取值无效：{text}（可填：{'、'.join(names[:12])}{'…' if len(names) > 12 else ''}）")
    return table[text]


def _plain(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, dt.datetime | dt.date):
        raise CellError("应为文本，不是日期")
    return str(cell).strip()


def _code(cell: object) -> str:
    """A code or number written as digits: a number cell must still hold every digit."""
    if isinstance(cell, bool):
        raise CellError("应为文本")
    if isinstance(cell, float):
        if not cell.is_integer():
            return _plain(cell)
        if abs(cell) >= MAX_EXACT:
            raise CellError("数字已丢失位数：请把该列设为文本格式后重新填写")
        return str(int(cell))
    if isinstance(cell, int) and abs(cell) >= MAX_EXACT * 1000:  # an int from a CSV is exact
        return str(cell)
    return _plain(cell)


def _number(cell: object) -> float:
    if isinstance(cell, bool):
        raise CellError("应为数字")
    if isinstance(cell, int | float):
        return float(cell)
    try:
        return float(str(cell).strip())
    except ValueError:
        raise CellError("应为数字") from None


def _flag(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    text = _plain(cell).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("应为 是 或 否")


def _date(cell: object) -> str:
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    text = _plain(cell).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-"))).isoformat()
    except ValueError:
        raise CellError("应为日期，如 2024-03-01") from None


def unit_kind_parts(value: str) -> tuple[str, str]:
    """A unit type as written (巡逻车) -> (kind, travel mode or "")."""
    kind, mode = UNIT_KINDS[value]
    return kind.value, mode.value if mode else ""
