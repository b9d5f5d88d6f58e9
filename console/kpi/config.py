"""Assessment configuration: quotas, the coverage share, duty hours, composite weights and grade thresholds.

Local deployments differ, so these are read from the JSON or TOML file named by ``JINGWANG_KPI_CONFIG``
(a ``.toml`` suffix means TOML, anything else JSON). Every key is optional; the defaults are:

=========================  ==========================================================  =================
key                        meaning                                                     default
=========================  ==========================================================  =================
``weights``                KPI code -> weight of its rate in the composite score       按时签收率 0.25,
                           (rates only; "higher is better" rates count as themselves,   上报准确率 0.40,
                           the others as 1 − rate)                                     按时办结率 0.35
``grades``                 ``[[name, minimum score], ...]``, best first; the last      好 90, 较好 80,
                           minimum must be 0                                           一般 60, 差 0
``sign_limit_minutes``     a dispatch or referral is signed for on time within this    30
``records_per_worker_day`` records each grid worker is due to collect per day          2
``coverage_share``         share of duty time a grid must have a worker present        0.6
``duty_hours``             ``[start, end)`` duty hours in China time                   JINGWANG_DUTY_HOURS
                                                                                       (8-18)
=========================  ==========================================================  =================
"""

from __future__ import annotations

import itertools
import json
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from console import config as settings

CONFIG_ENV = "JINGWANG_KPI_CONFIG"

DEFAULT_WEIGHTS = {"on_time_sign_rate": 0.25, "filing_accuracy_rate": 0.40, "on_time_close_rate": 0.35}
DEFAULT_GRADES = (("好", 90.0), ("较好", 80.0), ("一般", 60.0), ("差", 0.0))


class KpiConfigError(ValueError):
    """A KPI configuration that cannot be used; the message names the file and the bad key."""


@dataclass(frozen=True, slots=True)
class KpiConfig:
    """Validated assessment settings (see the module docstring for each key)."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    grades: tuple[tuple[str, float], ...] = DEFAULT_GRADES
    sign_limit_minutes: float = 30.0
    records_per_worker_day: float = 2.0
    coverage_share: float = 0.6
    duty_hours: tuple[int, int] = field(default_factory=settings.duty_hours)

    @property
    def sign_limit_ms(self) -> int:
        return round(self.sign_limit_minutes * 60_000)


def parse_config(raw: object, source: str = "<config>") -> KpiConfig:
    """Validate a decoded config mapping; raises :class:`KpiConfigError` naming the bad key."""
    from console.kpi.definitions import KPIS  # the weights must name rates that exist

    if not isinstance(raw, dict):
        _fail(source, "the top level must be a table/object")
    unknown = set(raw) - set(KpiConfig.__dataclass_fields__)
    if unknown:
        _fail(source, f"unknown keys {sorted(unknown)}")
    kw: dict = {}
    if "weights" in raw:
        weights = raw["weights"]
        if not isinstance(weights, dict) or not weights:
            _fail(source, "weights: must be a non-empty table of KPI code -> weight")
        for code, w in weights.items():
            if code not in KPIS or KPIS[code].unit != "%":
                rates = sorted(c for c in KPIS if KPIS[c].unit == "%")
                _fail(source, f"weights.{code}: not a rate KPI; choose from {rates}")
            _number(w, f"weights.{code}", source, low=0.0)
        if sum(weights.values()) <= 0:
            _fail(source, "weights: must not all be zero")
        kw["weights"] = {k: float(v) for k, v in weights.items()}
    if "grades" in raw:
        kw["grades"] = _grades(raw["grades"], source)
    for key, low, high in (("sign_limit_minutes", 0.0, None), ("records_per_worker_day", 0.0, None),
                           ("coverage_share", 0.0, 1.0)):
        if key in raw:
            kw[key] = _number(raw[key], key, source, low=low, high=high)
    if "duty_hours" in raw:
        hours = raw["duty_hours"]
        if (not isinstance(hours, list | tuple) or len(hours) != 2
                or not all(isinstance(h, int) and not isinstance(h, bool) for h in hours)
                or not 0 <= hours[0] < hours[1] <= 24):
            _fail(source, f"duty_hours: must be [start, end) whole hours with 0 <= start < end <= 24, got {hours!r}")
        kw["duty_hours"] = (hours[0], hours[1])
    return KpiConfig(**kw)


def load_config(path: Path | str) -> KpiConfig:
    """Read and validate a JSON or TOML (by ``.toml`` suffix) config file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except (OSError, ValueError) as exc:
        raise KpiConfigError(f"考核配置错误 / bad KPI config: {path}: {exc}") from exc
    return parse_config(raw, str(path))


def default_config() -> KpiConfig:
    """The file named by ``JINGWANG_KPI_CONFIG`` if set, else the defaults."""
    path = os.environ.get(CONFIG_ENV)
    return load_config(path) if path else KpiConfig()


def _grades(value: object, source: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, list) or not value:
        _fail(source, "grades: must be a non-empty list of [name, minimum score]")
    grades = []
    for i, item in enumerate(value):
        if not isinstance(item, list | tuple) or len(item) != 2 or not isinstance(item[0], str) or not item[0]:
            _fail(source, f"grades[{i}]: must be [name, minimum score], got {item!r}")
        grades.append((item[0], _number(item[1], f"grades[{i}]", source, low=0.0, high=100.0)))
    minimums = [m for _, m in grades]
    if any(a <= b for a, b in itertools.pairwise(minimums)):
        _fail(source, "grades: minimum scores must strictly decrease, best grade first")
    if minimums[-1] != 0:
        _fail(source, "grades: the last grade's minimum must be 0 so that every score gets a grade")
    return tuple(grades)


def _number(value: object, key: str, source: str, *, low: float, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or value < low or (high is not None and value > high):
        bounds = f">= {low}" + (f" and <= {high}" if high is not None else "")
        _fail(source, f"{key}: must be a number {bounds}, got {value!r}")
    return float(value)


def _fail(source: str, problem: str) -> None:
    raise KpiConfigError(f"考核配置错误 / bad KPI config: {source}: {problem}")
