"""Assessment over a period (周/月/季/年/任意时段) as plain data: the scope's KPIs against the previous period,
and each level's units (社区, 网格, 民警, 网格员, 派出所 …) scored and ranked against their previous ranks.

:mod:`console.services.assessment` builds it; the summary view, the exports and ``jingwang summary --period``
only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from console.domain.summary import KpiSet, Scope, kpi_set_from_wire

LEVEL_LABELS = {"county": "区", "street": "街道", "community": "社区", "grid": "网格", "station": "派出所",
                "officer": "社区民警", "worker": "网格员"}


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One unit of a level: its KPIs now and in the previous period, its rank now and then (1 = best score)."""

    level: str
    scope: Scope
    parent: str  # the code of the unit one level up ("" when none)
    kpis: KpiSet
    previous: KpiSet
    rank: int | None
    previous_rank: int | None

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (positive: moved up)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


@dataclass(frozen=True, slots=True)
class PeriodAssessment:
    """A scope (派出所 or 辖区) over one period against the previous one, with its levels' units."""

    kind: str  # week | month | quarter | year | range
    label: str  # 2026-11
    previous_label: str
    scope: Scope
    current: KpiSet
    previous: KpiSet
    levels: dict[str, list[UnitRow]]  # level -> rows, best rank first
    generated_at_ms: int
    notes: list[str] = field(default_factory=list)


def assessment_from_wire(d: dict) -> PeriodAssessment:
    """Inverse of :func:`console.domain.summary.to_wire` for a :class:`PeriodAssessment` (relay queries)."""
    levels = {level: [UnitRow(r["level"], Scope(**r["scope"]), r["parent"], kpi_set_from_wire(r["kpis"]),
                              kpi_set_from_wire(r["previous"]), r["rank"], r["previous_rank"]) for r in rows]
              for level, rows in d["levels"].items()}
    return PeriodAssessment(d["kind"], d["label"], d["previous_label"], Scope(**d["scope"]),
                            kpi_set_from_wire(d["current"]), kpi_set_from_wire(d["previous"]), levels,
                            d["generated_at_ms"], list(d["notes"]))
