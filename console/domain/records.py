"""Grid-worker submissions (审核入库) and the records they become (一标三实: 待提交 → 生效 → 失效).

A submission carries the fields of one record kind. Its fields are checked here, with the
national codes real systems use: ID numbers (GB 11643), sex (GB/T 2261.1), ethnicity
(GB/T 3304) and unified social credit codes (GB 32100).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from console.domain.errors import DomainError
from console.domain.text import is_blank, printable, text_problem


class RecordKind(StrEnum):
    """What a submission reports."""

    PERSON = "person"
    HOUSE = "house"
    UNIT = "unit"
    DISPUTE = "dispute"
    HAZARD = "hazard"

    @property
    def label(self) -> str:
        return {"person": "人口", "house": "房屋", "unit": "单位", "dispute": "矛盾纠纷", "hazard": "隐患"}[self.value]


class SubmissionStatus(StrEnum):
    """Review status of a submission."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return {"pending": "待审核", "accepted": "已入库", "returned": "已退回"}[self.value]


class VersionStatus(StrEnum):
    """Lifecycle of one version of a record."""

    PENDING = "pending"
    EFFECTIVE = "effective"
    INVALID = "invalid"

    @property
    def label(self) -> str:
        return {"pending": "待提交", "effective": "生效", "invalid": "失效"}[self.value]


SEX_CODES = {"0": "未知的性别", "1": "男性", "2": "女性", "9": "未说明的性别"}
ETHNICITY_CODES = frozenset({f"{i:02d}" for i in range(1, 57)} | {"97", "98"})
HOUSE_USES = {"owner": "自住", "rental": "出租", "group_rental": "群租", "vacant": "空置", "business": "经营"}
DISPUTE_TYPES = ("婚姻家庭邻里", "劳资", "征地拆迁安置", "物业管理", "土地山林水利权属", "医患", "经济活动",
                 "环境污染", "村(社区)务管理", "其他")
RELATIONS = ("自有", "租住", "借住", "单位宿舍", "其他")  # a resident's relation to the house (居住登记)
HAZARD_TYPES = ("消防", "安全生产", "食品卫生", "公共安全", "赌博", "毒品", "盗窃", "其他")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number_problem(value: str) -> str | None:
    """Why ``value`` is not a valid 18-character ID number (GB 11643), or None."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return "应为17位数字加校验位"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "出生日期无效"
    check = _ID_CHECK[sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11]
    return None if value[17] == check else f"校验位应为 {check}"


def credit_code_problem(value: str) -> str | None:
    """Why ``value`` is not a valid unified social credit code (GB 32100), or None."""
    if len(value) != 18 or any(c not in _CREDIT_CHARS for c in value):
        return "应为18位代码(不含I、O、S、V、Z)"
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(value[:17], _CREDIT_WEIGHTS, strict=True))
    check = _CREDIT_CHARS[(31 - total % 31) % 31]
    return None if value[17] == check else f"校验位应为 {check}"


def _one_of(options) -> Callable[[object], str | None]:
    return lambda v: None if isinstance(v, str) and v in options else f"取值无效: {printable(repr(v))}"


def _text(v: object) -> str | None:
    ok = isinstance(v, str) and len(v) <= 500 and not is_blank(v) and not text_problem(v)
    return None if ok else "应为1-500字的文本"


def _flag(v: object) -> str | None:
    return None if isinstance(v, bool) else "应为 true/false"


def _day(v: object) -> str | None:
    try:
        ok = isinstance(v, str) and len(v) == 10 and date.fromisoformat(v) is not None
    except ValueError:
        ok = False
    return None if ok else "应为日期 YYYY-MM-DD"


def _count(v: object) -> str | None:
    return None if type(v) is int and 0 <= v <= 500 else "应为0-500的整数"


class FieldSpec(NamedTuple):
    """One field of a record kind: whether it is required, its check, and its type as the phone's form
    mirrors it (``console.domain.record_form``): text, flag, count, address, id_number, credit_code or
    ``choice:TABLE``."""

    required: bool
    check: Callable[[object], str | None]
    type: str


def _id(v: object) -> str | None:
    return id_number_problem(v) if isinstance(v, str) else "应为文本"


def _credit(v: object) -> str | None:
    return credit_code_problem(v) if isinstance(v, str) else "应为文本"


# kind -> {field: spec}; every value is a string unless its check says otherwise
_FIELDS: dict[RecordKind, dict[str, FieldSpec]] = {
    RecordKind.PERSON: {
        "id_number": FieldSpec(True, _id, "id_number"), "name": FieldSpec(True, _text, "text"),
        "sex": FieldSpec(True, _one_of(SEX_CODES), "choice:sex"),
        "ethnicity": FieldSpec(False, _one_of(ETHNICITY_CODES), "choice:ethnicity"),
        "address_code": FieldSpec(True, _text, "address"), "floating": FieldSpec(False, _flag, "flag"),
        "phone": FieldSpec(False, _text, "text"),
        # 居住登记 by the resident (扫码): when they moved in, how they live there, where they work
        "move_in": FieldSpec(False, _day, "day"), "relation": FieldSpec(False, _one_of(RELATIONS), "choice:relation"),
        "workplace": FieldSpec(False, _text, "text"), "self_declared": FieldSpec(False, _flag, "flag"),
    },
    RecordKind.HOUSE: {
        "address_code": FieldSpec(True, _text, "address"), "use": FieldSpec(True, _one_of(HOUSE_USES), "choice:use"),
        "occupants": FieldSpec(False, _count, "count"),
        "owner": FieldSpec(False, _text, "text"),
    },
    RecordKind.UNIT: {
        "name": FieldSpec(True, _text, "text"), "credit_code": FieldSpec(True, _credit, "credit_code"),
        "address_code": FieldSpec(True, _text, "address"), "key_unit": FieldSpec(False, _flag, "flag"),
        "contact": FieldSpec(False, _text, "text"),
    },
    RecordKind.DISPUTE: {
        "type": FieldSpec(True, _one_of(DISPUTE_TYPES), "choice:dispute_type"),
        "parties": FieldSpec(True, _text, "text"), "description": FieldSpec(True, _text, "text"),
        "address_code": FieldSpec(False, _text, "address"), "resolved": FieldSpec(False, _flag, "flag"),
    },
    RecordKind.HAZARD: {
        "type": FieldSpec(True, _one_of(HAZARD_TYPES), "choice:hazard_type"),
        "description": FieldSpec(True, _text, "text"), "address_code": FieldSpec(False, _text, "address"),
        "rectified": FieldSpec(False, _flag, "flag"),
    },
}


def field_specs(kind: RecordKind) -> dict[str, FieldSpec]:
    """The fields of ``kind`` (read-only use: forms, code tables)."""
    return dict(_FIELDS[kind])


def check_fields(kind: RecordKind, fields: dict) -> None:
    """Raise E_FIELD naming every missing, unknown or invalid field of a ``kind`` submission."""
    spec = _FIELDS[kind]
    problems = [f"未知字段 {name}" for name in fields if name not in spec]
    for name, (required, check, _type) in spec.items():
        if name not in fields:
            if required:
                problems.append(f"缺少 {name}")
            continue
        why = check(fields[name])
        if why:
            problems.append(f"{name}: {why}")
    if problems:
        raise DomainError("E_FIELD", f"{kind.label}信息有误 / invalid {kind.value}: " + "; ".join(problems),
                          problems=problems)


def record_key(kind: RecordKind, fields: dict, submission_id: str) -> str:
    """The identity a record is found by: the person, house or unit; every dispute/hazard is its own."""
    if kind is RecordKind.PERSON:
        return f"person:{fields['id_number']}"
    if kind is RecordKind.HOUSE:
        return f"house:{fields['address_code']}"
    if kind is RecordKind.UNIT:
        return f"unit:{fields['credit_code']}"
    return f"{kind.value}:{submission_id}"


@dataclass(slots=True)
class Submission:
    """One record pushed by a grid worker for review by the community officer."""

    id: str
    kind: RecordKind
    worker_id: str
    grid_code: str
    fields: dict
    submitted_at: int
    by: str
    record_id: str
    version: int
    note: str = ""
    status: SubmissionStatus = SubmissionStatus.PENDING
    reviewer: str = ""
    reviewed_at: int = 0
    reason: str = ""
    updated_at: int = 0
    photo: str = ""  # JPEG as base64, from the field
    receipt: str = ""  # 居住登记 by the resident: the receipt their phone asks about

    def to_dict(self) -> dict:
        return {**asdict(self), "kind": self.kind.value, "status": self.status.value}

    @classmethod
    def from_dict(cls, d: dict) -> Submission:
        return cls(**{**d, "kind": RecordKind(d["kind"]), "status": SubmissionStatus(d["status"])})


@dataclass(slots=True)
class RecordVersion:
    """One version of a record, from one submission."""

    submission_id: str
    fields: dict
    status: VersionStatus
    at: int
    by: str


@dataclass(slots=True)
class Record:
    """A person, house, unit, dispute or hazard in the records, with every version it has had."""

    id: str
    kind: RecordKind
    key: str
    grid_code: str
    versions: list[RecordVersion] = field(default_factory=list)
    version: int = 0
    updated_at: int = 0
    grade: str = ""  # 调处分级 of a dispute (red/orange/yellow/green), set by the relay's risk rules
    grade_since: int = 0  # when that grade took effect (a step down: the moment its quiet days ran out)

    def current(self) -> RecordVersion | None:
        """The effective version, if any."""
        return next((v for v in reversed(self.versions) if v.status is VersionStatus.EFFECTIVE), None)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "kind": self.kind.value, "key": self.key, "grid_code": self.grid_code,
            "version": self.version, "updated_at": self.updated_at, "grade": self.grade,
            "grade_since": self.grade_since,
            "versions": [{**asdict(v), "status": v.status.value} for v in self.versions],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Record:
        return cls(
            id=d["id"], kind=RecordKind(d["kind"]), key=d["key"], grid_code=d["grid_code"],
            version=int(d.get("version", 0)), updated_at=int(d.get("updated_at", 0)), grade=d.get("grade", ""),
            grade_since=int(d.get("grade_since", 0)),
            versions=[RecordVersion(**{**v, "status": VersionStatus(v["status"])}) for v in d["versions"]],
        )
