"""Code format rules for imported places; a deployment with other local rules passes its own ``CodeRules``."""

from __future__ import annotations

import re
from dataclasses import dataclass

# GB/T 2260 province-level prefixes (incl. 71 台湾, 81 香港, 82 澳门).
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
    "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
})


@dataclass(frozen=True, slots=True)
class CodeRules:
    """Regular expressions per code kind; police grid codes must by default extend their station's code."""

    community: str = r"\d{12}"
    grid: str = r"\d{15}"
    station: str = r"\d{12}"
    police_grid: str = r"\d{13,16}"
    police_grid_extends_station: bool = True
    provinces: frozenset[str] = PROVINCES

    def community_problem(self, code: str) -> str:
        """Why ``code`` is not a community code ("" when it is)."""
        if not re.fullmatch(self.community, code):
            return f"社区代码 {code!r} 格式错误，应为12位统计用区划代码"
        return self._province_problem(code, "社区代码")

    def grid_problem(self, code: str) -> str:
        """Why ``code`` is not a grid code: 12-digit community code + 3-digit sequence."""
        if not re.fullmatch(self.grid, code):
            return f"网格编码 {code!r} 格式错误，应为15位数字（12位社区代码 + 3位网格序号）"
        if code.endswith("000"):
            return f"网格编码 {code} 的网格序号不能为 000"
        return self._province_problem(code, "网格编码")

    def station_problem(self, code: str) -> str:
        """Why ``code`` is not a 12-digit police station unit code."""
        if not re.fullmatch(self.station, code):
            return f"派出所代码 {code!r} 格式错误，应为12位机构代码"
        return self._province_problem(code, "派出所代码")

    def police_grid_problem(self, code: str, station_code: str) -> str:
        """Why ``code`` is not a police grid code owned by ``station_code``."""
        if not re.fullmatch(self.police_grid, code):
            return f"警格编码 {code!r} 格式错误，不符合规则 {self.police_grid}"
        if self.police_grid_extends_station and station_code and not code.startswith(station_code):
            return f"警格编码 {code} 应以所属派出所代码 {station_code} 开头"
        return ""

    def _province_problem(self, code: str, what: str) -> str:
        if code[:2] not in self.provinces:
            return f"{what} {code} 的省级前缀 {code[:2]} 不是有效的行政区划代码"
        return ""
