"""Roll-up 网格 → 社区 → 街道 → 区 (四级管理): each level's numerators and denominators are the sums of its parts.

The engine computes every grid once (one grouped query per fact table); the levels above add their
children's numerators and denominators, so a community's figure is exactly the sum of its grids'.
A grid's parent is its community; a community's is its 街道 (first 9 digits of the statistical code),
a 街道's its 区 (first 6).
"""

from __future__ import annotations

import itertools

from console.kpi.engine import Totals
from console.kpi.places import PREFIX_KINDS, Places

LEVELS = ("grid", "community", "street", "county")


def parent_of(places: Places, level: str, code: str) -> str:
    """The code of the unit one level up ("" above 区)."""
    if level == "grid":
        return places.grids.get(code, ("", ""))[1]
    if level == "community":
        return code[:PREFIX_KINDS["street"]]
    if level == "street":
        return code[:PREFIX_KINDS["county"]]
    return ""


def add_totals(into: dict[str, tuple[float, float]], part: dict[str, tuple[float, float]]) -> None:
    """Add one unit's (numerator, denominator) per KPI into a running total."""
    for code, (num, den) in part.items():
        n, d = into.get(code, (0.0, 0.0))
        into[code] = (n + num, d + den)


def roll_up(places: Places, grid_totals: Totals) -> dict[str, Totals]:
    """``{level: {code: {kpi: (num, den)}}}`` for every level of :data:`LEVELS`, from the grids' totals."""
    levels: dict[str, Totals] = {"grid": grid_totals}
    for child, level in itertools.pairwise(LEVELS):
        sums: Totals = {}
        for code, totals in levels[child].items():
            add_totals(sums.setdefault(parent_of(places, child, code), {}), totals)
        levels[level] = sums
    return levels
