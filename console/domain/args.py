"""Argument types of operations: what a command's ``args`` may hold, checked at the relay's edge.

Each operation in :mod:`console.domain.catalogue` names its arguments with these fields; the relay
checks a client's ``args`` against them (:func:`check_args`) before anything reaches a decider."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Mapping
from dataclasses import dataclass

from console.domain.errors import DomainError
from console.domain.text import is_blank, printable, text_problem

SAFE_INT = 2**53  # any integer a JSON client can hold exactly; also fits the database's BIGINT
MAX_DEPTH = 4  # nesting inside one argument (a polygon is a list of pairs: depth 2)
MAX_KEY_LEN = 64


@dataclass(frozen=True, slots=True)
class Field:
    """One argument: its JSON type, whether it is required and its bounds.

    Every number is bounded (by ``low``/``high``, else ±2**53); every string anywhere in the value,
    dict keys included, must be storable text (:func:`text_problem`); ``visible`` strings must also
    say something (not only spaces or zero-width characters)."""

    kind: type | tuple[type, ...]
    required: bool = True
    low: float | None = None
    high: float | None = None
    max_len: int = 256
    choices: frozenset | None = None
    visible: bool = False

    def check(self, name: str, value: object) -> None:
        if isinstance(value, bool) and self.kind is not bool:
            raise DomainError("E_FIELD", f"{name} 类型应为 {self._kind_name()}")
        if not isinstance(value, self.kind):
            raise DomainError("E_FIELD", f"{name} 类型应为 {self._kind_name()}")
        kind = type(value)
        if kind is str:  # the common scalars first, with the same checks in the same order as below
            if len(value) > self.max_len:
                raise DomainError("E_FIELD", f"{name} 过长 (>{self.max_len})")
            why = text_problem(value)
            if why:
                raise DomainError("E_FIELD", f"{name} {why}")
        elif kind is float or kind is int:
            self._check_number(name, value)
            if kind is int and abs(value) > SAFE_INT:
                raise DomainError("E_FIELD", f"{name} 超出范围")
        else:
            if isinstance(value, int | float) and not isinstance(value, bool):
                self._check_number(name, value)
            if isinstance(value, str | dict | list) and len(value) > self.max_len:
                raise DomainError("E_FIELD", f"{name} 过长 (>{self.max_len})")
            _check_nested(name, value, 0)
        if self.visible and isinstance(value, str) and is_blank(value):
            raise DomainError("E_FIELD", f"{name} 不能为空白 / must not be blank")
        if self.choices is not None and value not in self.choices:
            raise DomainError("E_FIELD", f"{name} 取值无效: {printable(repr(value))}")

    def _check_number(self, name: str, value: float) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            raise DomainError("E_FIELD", f"{name} 不是有限数值")
        low = -SAFE_INT if self.low is None else self.low
        high = SAFE_INT if self.high is None else self.high
        if not low <= value <= high:
            raise DomainError("E_FIELD", f"{name} 超出范围 [{low}, {high}]")

    def _kind_name(self) -> str:
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        return "/".join(k.__name__ for k in kinds)


def _check_nested(name: str, value: object, depth: int) -> None:
    """Strings storable, numbers finite and bounded, keys short text, nesting shallow — at any depth."""
    if isinstance(value, str):
        why = text_problem(value)
        if why:
            raise DomainError("E_FIELD", f"{name} {why}")
    elif isinstance(value, float) and not math.isfinite(value):
        raise DomainError("E_FIELD", f"{name} 不是有限数值")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > SAFE_INT:
        raise DomainError("E_FIELD", f"{name} 超出范围")
    elif isinstance(value, dict | list):
        if depth >= MAX_DEPTH:
            raise DomainError("E_FIELD", f"{name} 嵌套过深 / nested too deep")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str) and (len(key) > MAX_KEY_LEN or text_problem(key)):
                raise DomainError("E_FIELD", f"{name} 含有无效的键 / invalid key")
            _check_nested(f"{name}.{key}" if isinstance(key, str) else f"{name}[{key}]", item, depth + 1)
    elif value is not None and not isinstance(value, bool | int | float):
        raise DomainError("E_FIELD", f"{name} 类型无效")


@dataclass(frozen=True, slots=True)
class PhotoField(Field):
    """A JPEG photo as plain base64, downscaled by the client so the whole frame stays under 64 KiB."""

    def check(self, name: str, value: object) -> None:
        Field.check(self, name, value)
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise DomainError("E_FIELD", f"{name} 不是有效的 base64 / not valid base64") from None
        if not (raw.startswith(b"\xff\xd8\xff") and raw.rstrip(b"\0").endswith(b"\xff\xd9")):
            raise DomainError("E_FIELD", f"{name} 不是完整的 JPEG 图片 / not a complete JPEG")


NUMBER = (int, float)
PHOTO = PhotoField(str, required=False, max_len=56 * 1024)
ID = Field(str, max_len=64)
OPTIONAL_ID = Field(str, required=False, max_len=64)
NOTE = Field(str, required=False, max_len=2000)
VERSION = Field(int, required=False, low=0)
LNG = Field(NUMBER, low=-180, high=180)
LAT = Field(NUMBER, low=-90, high=90)

REASON = Field(str, max_len=2000, visible=True)  # required and must say something
CALL_REASON = Field(str, required=False, max_len=200)


def check_args(schema: Mapping[str, Field], args: object) -> dict:
    """Return ``args`` if it fits ``schema``; raise E_FIELD otherwise (unknown, missing or bad fields)."""
    if not isinstance(args, dict):
        raise DomainError("E_FIELD", "args 应为对象 / args must be an object")
    unknown = set(args) - set(schema)
    if unknown:
        raise DomainError("E_FIELD", f"未知字段 / unknown fields: {sorted(unknown)}")
    for name, spec in schema.items():
        if name in args:
            spec.check(name, args[name])
        elif spec.required:
            raise DomainError("E_FIELD", f"缺少 / missing {name}")
    return args
