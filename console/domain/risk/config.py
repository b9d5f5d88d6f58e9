"""The risk rules as configuration: thresholds, windows and categories from ``risk_rules.json``.

``console/resources/data/risk_rules.json`` ships the defaults; ``JINGWANG_RISK_RULES`` names another file
(read by the caller through :mod:`console.config`). Rule names, their Chinese labels and the warning levels
are fixed here; everything numeric is data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from console.resources import resource_path

RULES_FILE = resource_path("data", "risk_rules.json")
MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS

REPEAT_CALL = "repeat_call"
DISPUTE_ESCALATION = "dispute_escalation"
DISPUTE_TO_CRIME = "dispute_to_crime"
DISPUTE_GRADE = "dispute_grade"
KEY_PERSON = "key_person"
HOT_ADDRESS = "hot_address"
HOT_GRID = "hot_grid"

RULE_LABELS = {
    REPEAT_CALL: "重复警情", DISPUTE_ESCALATION: "矛盾升级", DISPUTE_TO_CRIME: "民转刑风险",
    DISPUTE_GRADE: "调处分级", KEY_PERSON: "触圈预警", HOT_ADDRESS: "高发地址", HOT_GRID: "高发网格",
}
LEVEL_LABELS = {"red": "红色", "orange": "橙色", "yellow": "黄色"}
GRADES = ("red", "orange", "yellow", "green")  # 调处分级, worst first
GRADE_LABELS = {"red": "红", "orange": "橙", "yellow": "黄", "green": "绿"}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule's numbers: a window, a count reaching which fires, its warning level and time limit."""

    window_ms: int = 0
    count: int = 0
    level: str = "yellow"
    limit_ms: int = 24 * HOUR_MS
    families: tuple[str, ...] = ()  # hot spots: the category families counted


@dataclass(frozen=True, slots=True)
class RiskConfig:
    """Every rule's numbers, and the category sets they read."""

    dispute_categories: frozenset[str] = frozenset({"200200", "200600"})
    families: dict[str, tuple[str, ...]] = field(default_factory=dict)  # family name -> category prefixes
    crime_prefixes: tuple[str, ...] = ("10", "200100", "200300")  # what follows a dispute in 民转刑
    repeat_call: Rule = Rule(60 * MINUTE_MS)
    dispute_repeat_window_ms: int = 72 * HOUR_MS
    dispute_escalation: Rule = Rule(30 * DAY_MS, 3, "orange")
    dispute_to_crime: Rule = Rule(30 * DAY_MS, 1, "red")
    grade_window_ms: int = 90 * DAY_MS
    grade_counts: tuple[int, int, int] = (4, 3, 2)  # disputes at the address for 红, 橙, 黄
    grade_limit_ms: int = 72 * HOUR_MS
    grade_decay_ms: tuple[int, int, int] = (30 * DAY_MS,) * 3  # quiet time before 红, 橙, 黄 step down one
    key_person: Rule = Rule(level="red")
    hot_address: Rule = Rule(7 * DAY_MS, 3)
    hot_grid: Rule = Rule(7 * DAY_MS, 10)

    @property
    def horizon_ms(self) -> int:
        """The longest look back of any rule: how much closed work the relay's state must keep for them."""
        rules = (self.repeat_call, self.dispute_escalation, self.dispute_to_crime, self.hot_address, self.hot_grid)
        return max(self.dispute_repeat_window_ms, self.grade_window_ms, *(r.window_ms for r in rules))

    def is_dispute(self, category: str) -> bool:
        return category in self.dispute_categories

    def is_crime(self, category: str) -> bool:
        return not self.is_dispute(category) and category.startswith(self.crime_prefixes)

    def family_of(self, category: str) -> str:
        """The family whose longest prefix matches ``category``, or ""."""
        best = ("", 0)
        for name, prefixes in self.families.items():
            for p in prefixes:
                if category.startswith(p) and len(p) > best[1]:
                    best = (name, len(p))
        return best[0]

    def decay_ms(self, grade: str) -> int:
        """How long ``grade`` must stay quiet to step down one (0: it never does, as green)."""
        return self.grade_decay_ms[GRADES.index(grade)] if grade in GRADES[:3] else 0

    def decayed(self, grade: str, quiet_since: int, now_ms: int) -> str:
        """The grade one step milder when ``grade`` has been quiet since ``quiet_since`` for its decay days at
        ``now_ms`` (exactly at counts), else ``grade`` itself; green and unknown grades stay."""
        days = self.decay_ms(grade)
        return GRADES[GRADES.index(grade) + 1] if days > 0 and now_ms - quiet_since >= days else grade

    def limit_of(self, rule: str) -> int:
        return self.grade_limit_ms if rule == DISPUTE_GRADE else getattr(self, rule).limit_ms

    def level_of(self, rule: str) -> str:
        return "orange" if rule == DISPUTE_GRADE else getattr(self, rule).level

    @classmethod
    def from_dict(cls, raw: dict) -> RiskConfig:
        def rule(key: str, window_ms: int, default: Rule) -> Rule:
            d = raw.get(key, {})
            return Rule(window_ms or default.window_ms, int(d.get("count", default.count)),
                        str(d.get("level", default.level)), int(float(d.get("limit_h", 24)) * HOUR_MS),
                        tuple(d.get("families", default.families)))

        def days(key: str, default: float) -> int:
            return int(float(raw.get(key, {}).get("days", default)) * DAY_MS)

        base = cls()
        repeat = raw.get(REPEAT_CALL, {})
        grade = raw.get(DISPUTE_GRADE, {})
        return cls(
            dispute_categories=frozenset(raw.get("dispute_categories", base.dispute_categories)),
            families={str(k): tuple(v) for k, v in raw.get("families", {}).items()},
            crime_prefixes=tuple(raw.get(DISPUTE_TO_CRIME, {}).get("categories", base.crime_prefixes)),
            repeat_call=rule(REPEAT_CALL, int(float(repeat.get("window_min", 60)) * MINUTE_MS), base.repeat_call),
            dispute_repeat_window_ms=int(float(repeat.get("dispute_window_h", 72)) * HOUR_MS),
            dispute_escalation=rule(DISPUTE_ESCALATION, days(DISPUTE_ESCALATION, 30), base.dispute_escalation),
            dispute_to_crime=rule(DISPUTE_TO_CRIME, days(DISPUTE_TO_CRIME, 30), base.dispute_to_crime),
            grade_window_ms=days(DISPUTE_GRADE, 90),
            grade_counts=(int(grade.get("red", 4)), int(grade.get("orange", 3)), int(grade.get("yellow", 2))),
            grade_limit_ms=int(float(grade.get("limit_h", 72)) * HOUR_MS),
            grade_decay_ms=tuple(int(float(grade.get("decay_days", {}).get(g, 30)) * DAY_MS) for g in GRADES[:3]),
            key_person=rule(KEY_PERSON, 0, base.key_person),
            hot_address=rule(HOT_ADDRESS, days(HOT_ADDRESS, 7), base.hot_address),
            hot_grid=rule(HOT_GRID, days(HOT_GRID, 7), base.hot_grid),
        )


@cache
def load_risk_config(path: str = "") -> RiskConfig:
    """The rules at ``path`` (empty: the shipped ones)."""
    return RiskConfig.from_dict(json.loads(Path(path or RULES_FILE).read_text(encoding="utf-8")))
