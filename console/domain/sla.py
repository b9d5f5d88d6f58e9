"""Time limits (时限): per-category yellow and red limits for 受理, 办理 and 核查, deadlines and levels.

Limits come from ``console/resources/data/sla_limits.json`` (or a file given to :func:`load_limits`). Its keys are
``"default"``, 2-digit category prefixes and full 6-digit category codes; each key gives some or all of the
stages ``accept``, ``handle`` and ``verify`` as ``{"unit": "hours" | "workdays", "yellow": x, "red": y}``
plus an optional ``name``. A stage is looked up per stage: the full code first, then its 2-digit prefix,
then ``"default"`` (which must give all three stages).

An early warning fires at 70% of the yellow limit. For ``hours`` that is 70% of the wall-clock hours; for
``workdays`` it is 70% of the working time (1 working day = 24 h of working-day time, see
:mod:`console.domain.workdays`), so 70% of 1 working day started on a Friday at 10:00 is 16 h 48 min of
working time: 14 h on Friday, then 2 h 48 min on the next working day.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import NoReturn

from console.domain.workdays import DAY_MS, add_working_ms
from console.resources import resource_path

SLA_FILE = resource_path("data", "sla_limits.json")
WARNING_PERCENT = 70
HOUR_MS = 3_600_000

_LIMIT_KEY = re.compile(r"\d{2}|\d{6}")


class Stage(StrEnum):
    """A timed stage of an incident; the value is the key in the limits file."""

    ACCEPT = "accept"  # 受理: reported → accepted
    HANDLE = "handle"  # 办理: accepted → feedback
    VERIFY = "verify"  # 核查: feedback → closed

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {Stage.ACCEPT: "受理", Stage.HANDLE: "办理", Stage.VERIFY: "核查"}

class SlaLevel(StrEnum):
    """How close a stage is to its limits, ordered NORMAL < WARNING < YELLOW < RED."""

    NORMAL = "normal"  # 正常
    WARNING = "warning"  # 预警: at least 70% of the yellow limit used
    YELLOW = "yellow"  # 黄牌: yellow limit passed
    RED = "red"  # 红牌: red limit passed

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]

    @property
    def rank(self) -> int:
        return _LEVEL_RANKS[self]

    def __lt__(self, other: object) -> bool:
        return self.rank < other.rank if isinstance(other, SlaLevel) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.rank <= other.rank if isinstance(other, SlaLevel) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.rank > other.rank if isinstance(other, SlaLevel) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.rank >= other.rank if isinstance(other, SlaLevel) else NotImplemented


_LEVEL_LABELS = {SlaLevel.NORMAL: "正常", SlaLevel.WARNING: "预警", SlaLevel.YELLOW: "黄牌", SlaLevel.RED: "红牌"}
_LEVEL_RANKS = {level: rank for rank, level in enumerate(SlaLevel)}


class Unit(StrEnum):
    """The unit of a limit: wall-clock hours, or working days by the official calendar."""

    HOURS = "hours"
    WORKDAYS = "workdays"


@dataclass(frozen=True, slots=True)
class Limit:
    """The yellow and red limits of one stage, both in ``unit``."""

    unit: Unit
    yellow: float
    red: float


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a stage reaches its early warning, its yellow limit and its red limit (ms since epoch)."""

    warn_at: int
    yellow_at: int
    red_at: int


class SlaConfigError(ValueError):
    """A limits file that cannot be used; the message names the file and the bad key."""


class LimitTable:
    """Validated limits keyed by ``"default"``, 2-digit prefix or 6-digit code (see the module docstring)."""

    def __init__(self, entries: dict[str, dict[Stage, Limit]]) -> None:
        self._entries = entries
        self._resolved: dict[tuple[str, Stage], Limit] = {}

    def limit(self, category: str, stage: Stage) -> Limit:
        """The limit of ``stage`` for ``category``: full code, then 2-digit prefix, then default."""
        key = (category, stage)
        found = self._resolved.get(key)
        if found is None:
            for source in (category, category[:2], "default"):
                found = self._entries.get(source, {}).get(stage)
                if found is not None:
                    break
            self._resolved[key] = found
        return found


def load_limits(path: Path | str) -> LimitTable:
    """Read and validate a limits file; raises :class:`SlaConfigError` naming the bad key."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SlaConfigError(f"时限配置错误 / bad SLA limits: {path}: not JSON: {exc}") from exc
    return LimitTable(_parse_table(raw, str(path)))


@cache
def shipped_limits() -> LimitTable:
    """The limits shipped in ``console/resources/data/sla_limits.json``, loaded once."""
    return load_limits(SLA_FILE)


_configured: list[LimitTable] = []  # set once at start-up from the configured file, if any


def use_limits(table: LimitTable) -> None:
    """Make ``table`` the default for this process (a console or relay configured with its own file)."""
    _configured[:] = [table]


def default_limits() -> LimitTable:
    """The configured table (see :func:`use_limits`), else the shipped one."""
    return _configured[0] if _configured else shipped_limits()


def limits_for(category: str, table: LimitTable | None = None) -> dict[Stage, Limit]:
    """The limits of every stage for ``category`` (the default table unless ``table`` is given)."""
    table = table or default_limits()
    return {stage: table.limit(category, stage) for stage in Stage}


def deadline(
    category: str, stage: Stage, started_ms: int, extension_ms: int = 0, table: LimitTable | None = None
) -> Deadline:
    """The deadline of ``stage`` for an incident of ``category`` whose stage began at ``started_ms``.

    An approved extension (延期) moves all three instants later by ``extension_ms`` of wall-clock time.
    """
    if extension_ms < 0:
        raise ValueError(f"extension must not be negative: {extension_ms}")
    limit = (table or default_limits()).limit(category, stage)
    unit_ms = HOUR_MS if limit.unit is Unit.HOURS else DAY_MS
    yellow_ms = round(limit.yellow * unit_ms)
    warn_ms = -(-yellow_ms * WARNING_PERCENT // 100)  # rounded up: the warning fires at ≥ 70%, never before
    red_ms = round(limit.red * unit_ms)
    if limit.unit is Unit.HOURS:
        ends = (started_ms + warn_ms, started_ms + yellow_ms, started_ms + red_ms)
    else:
        ends = tuple(add_working_ms(started_ms, span) for span in (warn_ms, yellow_ms, red_ms))
    return Deadline(*(end + extension_ms for end in ends))


def level(deadline: Deadline, now_ms: int) -> SlaLevel:
    """The level of a stage at ``now_ms``; each threshold counts from its own instant on."""
    if now_ms >= deadline.red_at:
        return SlaLevel.RED
    if now_ms >= deadline.yellow_at:
        return SlaLevel.YELLOW
    if now_ms >= deadline.warn_at:
        return SlaLevel.WARNING
    return SlaLevel.NORMAL


def remaining_ms(deadline: Deadline, now_ms: int) -> int:
    """Time to the yellow limit while it has not passed, then to the red limit; negative = overdue by."""
    return (deadline.yellow_at if now_ms < deadline.yellow_at else deadline.red_at) - now_ms


def format_countdown(ms: int) -> str:
    """A compact Chinese countdown for the queue: "剩 45秒", "剩 5分07秒", "剩 1时05分", "超 2天3时".

    Time left (``ms`` > 0) is rounded up to the second, so "剩" never shows zero; time overdue (``ms`` ≤ 0)
    is rounded down. Only the two largest units are shown, the smaller one truncated.
    """
    prefix, seconds = ("剩", -(-ms // 1000)) if ms > 0 else ("超", -ms // 1000)
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{prefix} {days}天{hours}时"
    if hours:
        return f"{prefix} {hours}时{minutes:02d}分"
    if minutes:
        return f"{prefix} {minutes}分{secs:02d}秒"
    return f"{prefix} {secs}秒"


def _parse_table(raw: object, source: str) -> dict[str, dict[Stage, Limit]]:
    if not isinstance(raw, dict):
        _fail(source, "the top level must be an object keyed by category")
    entries: dict[str, dict[Stage, Limit]] = {}
    for key, entry in raw.items():
        where = json.dumps(key, ensure_ascii=False)
        if key != "default" and not _LIMIT_KEY.fullmatch(key):
            _fail(source, f"{where}: a key must be \"default\", a 2-digit prefix or a 6-digit category code")
        if not isinstance(entry, dict):
            _fail(source, f"{where}: must be an object of stages")
        entries[key] = _parse_entry(entry, where, source)
    if "default" not in entries:
        _fail(source, '"default": missing; it must give accept, handle and verify')
    for stage in Stage:
        if stage not in entries["default"]:
            _fail(source, f'"default".{stage}: missing; the default must give every stage')
    return entries


def _parse_entry(entry: dict, where: str, source: str) -> dict[Stage, Limit]:
    stages: dict[Stage, Limit] = {}
    for field, value in entry.items():
        if field == "name":
            if not isinstance(value, str):
                _fail(source, f"{where}.name: must be a string")
            continue
        try:
            stage = Stage(field)
        except ValueError:
            _fail(source, f"{where}.{field}: unknown stage; expected accept, handle, verify or name")
        stages[stage] = _parse_limit(value, f"{where}.{field}", source)
    return stages


def _parse_limit(value: object, where: str, source: str) -> Limit:
    if not isinstance(value, dict) or set(value) != {"unit", "yellow", "red"}:
        _fail(source, f'{where}: must be {{"unit": "hours" | "workdays", "yellow": x, "red": y}}, got {value!r}')
    if value["unit"] not in {unit.value for unit in Unit}:
        _fail(source, f'{where}.unit: must be "hours" or "workdays", got {value["unit"]!r}')
    for threshold in ("yellow", "red"):
        number = value[threshold]
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number) or number <= 0:
            _fail(source, f"{where}.{threshold}: must be a positive number, got {number!r}")
    if value["yellow"] > value["red"]:
        _fail(source, f"{where}: yellow ({value['yellow']}) must not exceed red ({value['red']})")
    return Limit(Unit(value["unit"]), float(value["yellow"]), float(value["red"]))


def _fail(source: str, problem: str) -> NoReturn:
    raise SlaConfigError(f"时限配置错误 / bad SLA limits: {source}: {problem}")
