"""What an import found: structured errors and warnings, and the places it would import."""

from __future__ import annotations

from dataclasses import dataclass, field

from console.domain.places import Community, District, Grid, Point, PoliceGrid, Station

LAYER_LABELS = {"grids": "网格", "police": "警格", "communities": "社区", "": "文件"}


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding. ``codes`` names every place involved (both grids of an overlap)."""

    code: str
    message: str
    layer: str = ""
    index: int | None = None
    feature_code: str = ""
    codes: tuple[str, ...] = ()
    location: Point | None = None

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "code": self.code, "message": self.message, "layer": self.layer, "index": self.index,
            "feature_code": self.feature_code, "codes": list(self.codes),
            "location": list(self.location) if self.location else None,
        }

    def line(self) -> str:
        """One readable line: code, where, message, location."""
        where = LAYER_LABELS.get(self.layer, self.layer)
        if self.index is not None:
            where += f" 第{self.index + 1}个要素"
        if self.feature_code:
            where += f" {self.feature_code}"
        at = f" @ {self.location[0]:.6f},{self.location[1]:.6f}" if self.location else ""
        return f"[{self.code}] {where}：{self.message}{at}"


@dataclass(slots=True)
class Findings:
    """Collects errors and warnings while an import runs."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def error(self, code: str, message: str, **where: object) -> None:
        self.errors.append(Issue(code, message, **where))

    def warn(self, code: str, message: str, **where: object) -> None:
        self.warnings.append(Issue(code, message, **where))


@dataclass(slots=True)
class ImportReport:
    """Errors block the import (then every place list is empty and ``district`` is None); warnings don't."""

    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    stations: list[Station] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    police_grids: list[PoliceGrid] = field(default_factory=list)
    district: District | None = None
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_codes(self) -> set[str]:
        return {e.code for e in self.errors}

    def to_dict(self) -> dict:
        """JSON-ready summary (the places themselves are in ``district``)."""
        return {
            "ok": self.ok, "written": self.written,
            "errors": [e.to_dict() for e in self.errors], "warnings": [w.to_dict() for w in self.warnings],
            "counts": {"communities": len(self.communities), "grids": len(self.grids),
                       "police_grids": len(self.police_grids), "stations": len(self.stations)},
        }

    def format(self) -> str:
        """A readable multi-line report in Chinese."""
        if self.ok:
            head = (f"检查通过：社区 {len(self.communities)} 个，网格 {len(self.grids)} 个，"
                    f"警格 {len(self.police_grids)} 个，派出所 {len(self.stations)} 个；警告 {len(self.warnings)} 条")
        else:
            head = f"检查未通过：错误 {len(self.errors)} 条，警告 {len(self.warnings)} 条；未导入任何数据"
        lines = [head]
        if self.errors:
            lines += ["错误："] + [f"  {e.line()}" for e in self.errors]
        if self.warnings:
            lines += ["警告："] + [f"  {w.line()}" for w in self.warnings]
        return "\n".join(lines)
